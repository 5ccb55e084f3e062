import type { AuditOutcome, AuditProblem, AuditVerification } from '@yuanqu/shared';
import type { Executor } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import { auditHashMaterialHead, computeAuditHash, GENESIS_HASH } from './audit.chain.js';
import * as repository from './audit.repository.js';

/** What happened, by whom, to what: one record of the audit trail. */
export interface AuditEntry {
  zoneId: string | null;
  actorId?: string | null;
  actorName?: string | null;
  /** Dotted name, domain first: `auth.sign_in`, `user.create`, `access.denied`, `audit.export`. */
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  outcome: AuditOutcome;
  requestId?: string | null;
  ip?: string | null;
  details?: Record<string, unknown>;
}

/**
 * Appends one record to the chain, in one statement. Pass the transaction of the write being audited
 * so that both commit or neither does. Appends are serialised by the lock on the chain's head row,
 * held until that transaction ends: make the append the transaction's last statement, so that other
 * appends wait for one COMMIT only.
 */
export async function appendAuditEvent(executor: Executor, entry: AuditEntry, clock: Clock): Promise<number> {
  const record = {
    occurredAt: clock.now(),
    zoneId: entry.zoneId,
    actorId: entry.actorId ?? null,
    actorName: entry.actorName ?? null,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    outcome: entry.outcome,
    requestId: entry.requestId ?? null,
    ip: entry.ip ?? null,
    // jsonb normalises what it stores; hash what a later read will return.
    details: JSON.parse(JSON.stringify(entry.details ?? {})) as Record<string, unknown>,
  };
  const materialHead = auditHashMaterialHead(record);
  const seq = await repository.appendAuditRecord(executor, record, materialHead);
  if (seq !== undefined) return seq;
  await repository.createChainHead(executor, GENESIS_HASH);
  const retried = await repository.appendAuditRecord(executor, record, materialHead);
  if (retried === undefined) throw new Error('The audit chain has no head row');
  return retried;
}

/**
 * Walks the whole chain and reports every record that was changed (its hash no longer matches its
 * fields), removed (a gap in seq, or records missing after the last one the head saw), or moved
 * (its link points at a record other than the one before it).
 */
export async function verifyAuditChain(executor: Executor, batchSize = 5000): Promise<AuditVerification> {
  const problems: AuditProblem[] = [];
  let expectedSeq = 1;
  let previousHash = GENESIS_HASH;
  let checked = 0;
  for (;;) {
    const rows = await repository.findChainBatch(executor, expectedSeq - 1, batchSize);
    if (rows.length === 0) break;
    for (const row of rows) {
      checked += 1;
      let hasGap = false;
      if (row.seq !== expectedSeq) {
        hasGap = true;
        problems.push({
          seq: expectedSeq,
          kind: 'missing',
          message:
            row.seq - expectedSeq === 1
              ? `record ${expectedSeq} is missing`
              : `records ${expectedSeq}–${row.seq - 1} are missing`,
        });
      }
      const { seq: _seq, hash, ...fields } = row;
      if (computeAuditHash(fields) !== hash) {
        problems.push({ seq: row.seq, kind: 'altered', message: `record ${row.seq} was changed after it was written` });
      } else if (row.prevHash !== previousHash && !hasGap) {
        const linked = await repository.findRowByHash(executor, row.prevHash);
        problems.push(
          linked
            ? { seq: row.seq, kind: 'reordered', message: `record ${row.seq} follows record ${linked.seq} in the chain, not ${row.seq - 1}` }
            : { seq: row.seq, kind: 'chain_broken', message: `record ${row.seq} does not link to the record before it` },
        );
      }
      previousHash = hash;
      expectedSeq = row.seq + 1;
    }
  }
  const head = await repository.findChainHead(executor);
  if (head && head.seq >= expectedSeq) {
    problems.push({
      seq: expectedSeq,
      kind: 'missing',
      message: `records ${expectedSeq}–${head.seq} are missing from the end of the chain`,
    });
  }
  return { checked, isIntact: problems.length === 0, problems };
}
