import { createHash } from 'node:crypto';
import { canonicalJson } from '../../lib/canonical-json.js';

/** The previous hash of the first record. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields of an audit record that its hash covers (all of them except the hash itself). */
export interface AuditChainFields {
  seq: number;
  occurredAt: Date;
  zoneId: string | null;
  actorId: string | null;
  actorName: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: string;
  requestId: string | null;
  ip: string | null;
  details: Record<string, unknown>;
  prevHash: string;
}

/**
 * SHA-256 over the record's fields in a fixed order, linking it to the record before it. `seq` is
 * left out on purpose: position is proven by the link to the previous hash, so a moved record shows
 * as reordered (its own hash still verifies) rather than as altered.
 */
export function computeAuditHash(fields: Omit<AuditChainFields, 'seq'>): string {
  const material = canonicalJson([
    fields.occurredAt.toISOString(),
    fields.zoneId,
    fields.actorId,
    fields.actorName,
    fields.action,
    fields.targetType,
    fields.targetId,
    fields.outcome,
    fields.requestId,
    fields.ip,
    fields.details,
    fields.prevHash,
  ]);
  return createHash('sha256').update(material).digest('hex');
}
