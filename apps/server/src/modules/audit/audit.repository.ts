import { and, count, eq, gte, ilike, lte, or, asc, desc, gt, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { auditChainHead, auditEvents } from './audit.table.js';

export type AuditRow = typeof auditEvents.$inferSelect;

/** A record to append: everything but its place in the chain (seq, previous hash, hash). */
export type AuditRecordFields = Omit<AuditRow, 'seq' | 'prevHash' | 'hash'>;

/**
 * Appends one record in one statement: locks the chain's head row (so appends queue up, each until
 * its transaction ends), takes the next seq, closes the hash material with the head's hash
 * (`sha256(materialHead || '"' || head.hash || '"]')`, the same text `computeAuditHash` hashes), inserts
 * the record and moves the head to it. Returns the new seq, or undefined when the database has no
 * head row yet (see `createChainHead`).
 *
 * `FOR UPDATE` in READ COMMITTED waits for an append in progress and then returns the head as that
 * append left it, so two appends never read the same head.
 */
export async function appendAuditRecord(executor: Executor, record: AuditRecordFields, materialHead: string): Promise<number | undefined> {
  // The material goes as hex so that its bytes are hashed as UTF-8 whatever the database's encoding.
  const materialHex = Buffer.from(materialHead, 'utf8').toString('hex');
  const result = (await executor.execute(sql`
    with head as (
      select seq, hash from audit_chain_head where id = 1 for update
    ), moved as (
      update audit_chain_head
      set seq = head.seq + 1,
          hash = encode(sha256(decode(${materialHex}, 'hex') || convert_to('"' || head.hash || '"]', 'UTF8')), 'hex')
      from head
      where audit_chain_head.id = 1
      returning audit_chain_head.seq, audit_chain_head.hash, head.hash as prev_hash
    )
    insert into audit_events (seq, occurred_at, zone_id, actor_id, actor_name, action, target_type, target_id, outcome, request_id, ip, details, prev_hash, hash)
    select moved.seq, ${record.occurredAt.toISOString()}::timestamptz, ${record.zoneId}::uuid, ${record.actorId}::uuid, ${record.actorName}::text,
      ${record.action}::text, ${record.targetType}::text, ${record.targetId}::text, ${record.outcome}::text, ${record.requestId}::text,
      ${record.ip}::text, ${JSON.stringify(record.details)}::jsonb, moved.prev_hash, moved.hash
    from moved
    returning seq`)) as { rows: Array<{ seq: number | string }> };
  const [row] = result.rows;
  return row ? Number(row.seq) : undefined;
}

/**
 * Creates the head row of a chain that has none (a new database: the head used to be created by the
 * first append), at the last record if there are records, else before the first. Another append that
 * creates it at the same time wins; this one then does nothing.
 */
export async function createChainHead(executor: Executor, genesisHash: string): Promise<void> {
  await executor.execute(sql`
    insert into audit_chain_head (id, seq, hash)
    select 1, coalesce(max(seq), 0), coalesce((select hash from audit_events order by seq desc limit 1), ${genesisHash}::text) from audit_events
    on conflict (id) do nothing`);
}

export interface AuditFilter {
  zoneId: string;
  from?: Date | undefined;
  to?: Date | undefined;
  actor?: string | undefined;
  action?: string | undefined;
  outcome?: string | undefined;
}

function whereOf(filter: AuditFilter): SQL | undefined {
  return and(
    eq(auditEvents.zoneId, filter.zoneId),
    filter.from ? gte(auditEvents.occurredAt, filter.from) : undefined,
    filter.to ? lte(auditEvents.occurredAt, filter.to) : undefined,
    filter.actor ? ilike(auditEvents.actorName, `%${escapeLike(filter.actor)}%`) : undefined,
    filter.action ? or(eq(auditEvents.action, filter.action), ilike(auditEvents.action, `${escapeLike(filter.action)}.%`)) : undefined,
    filter.outcome ? eq(auditEvents.outcome, filter.outcome) : undefined,
  );
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

export async function findAuditPage(
  executor: Executor,
  filter: AuditFilter,
  page: number,
  pageSize: number,
): Promise<{ rows: AuditRow[]; total: number }> {
  const where = whereOf(filter);
  const rows = await executor
    .select()
    .from(auditEvents)
    .where(where)
    .orderBy(desc(auditEvents.seq))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const [totalRow] = await executor.select({ total: count() }).from(auditEvents).where(where);
  return { rows, total: totalRow?.total ?? 0 };
}

/** Rows of a filter in seq order, a batch at a time (for exports). */
export async function findAuditBatch(executor: Executor, filter: AuditFilter, afterSeq: number, limit: number): Promise<AuditRow[]> {
  return executor
    .select()
    .from(auditEvents)
    .where(and(whereOf(filter), gt(auditEvents.seq, afterSeq)))
    .orderBy(asc(auditEvents.seq))
    .limit(limit);
}

/** The whole chain in physical seq order, a batch at a time (for verification). */
export async function findChainBatch(executor: Executor, afterSeq: number, limit: number): Promise<AuditRow[]> {
  return executor.select().from(auditEvents).where(gt(auditEvents.seq, afterSeq)).orderBy(asc(auditEvents.seq)).limit(limit);
}

export async function countAuditSince(executor: Executor, zoneId: string, since: Date, outcome?: string, actionPrefix?: string): Promise<number> {
  const [row] = await executor
    .select({ total: count() })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.zoneId, zoneId),
        gte(auditEvents.occurredAt, since),
        outcome ? eq(auditEvents.outcome, outcome) : undefined,
        actionPrefix ? ilike(auditEvents.action, `${actionPrefix}%`) : undefined,
      ),
    );
  return row?.total ?? 0;
}

export async function findChainHead(executor: Executor): Promise<{ seq: number; hash: string } | undefined> {
  const [head] = await executor.select({ seq: auditChainHead.seq, hash: auditChainHead.hash }).from(auditChainHead).limit(1);
  return head;
}

export async function findRowByHash(executor: Executor, hash: string): Promise<{ seq: number } | undefined> {
  const [row] = await executor.select({ seq: auditEvents.seq }).from(auditEvents).where(eq(auditEvents.hash, hash)).limit(1);
  return row;
}
