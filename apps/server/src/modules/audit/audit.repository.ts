import { and, count, desc, eq, gte, ilike, lte, or, asc, gt, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { auditChainHead, auditEvents } from './audit.table.js';

export type AuditRow = typeof auditEvents.$inferSelect;

/** Serialises appends: every writer takes this transaction-scoped advisory lock before reading the tail. */
const AUDIT_APPEND_LOCK = 7_240_001;

export async function lockAuditChain(executor: Executor): Promise<void> {
  await executor.execute(sql`select pg_advisory_xact_lock(${AUDIT_APPEND_LOCK})`);
}

export async function findAuditTail(executor: Executor): Promise<{ seq: number; hash: string } | undefined> {
  const [tail] = await executor
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  return tail;
}

export async function insertAuditRow(executor: Executor, row: AuditRow): Promise<void> {
  await executor.insert(auditEvents).values(row);
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

export async function moveChainHead(executor: Executor, seq: number, hash: string): Promise<void> {
  await executor
    .insert(auditChainHead)
    .values({ id: 1, seq, hash })
    .onConflictDoUpdate({ target: auditChainHead.id, set: { seq, hash } });
}

export async function findChainHead(executor: Executor): Promise<{ seq: number; hash: string } | undefined> {
  const [head] = await executor.select({ seq: auditChainHead.seq, hash: auditChainHead.hash }).from(auditChainHead).limit(1);
  return head;
}

export async function findRowByHash(executor: Executor, hash: string): Promise<{ seq: number } | undefined> {
  const [row] = await executor.select({ seq: auditEvents.seq }).from(auditEvents).where(eq(auditEvents.hash, hash)).limit(1);
  return row;
}
