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
 * The hashed text of a record up to its link: the canonical JSON array of its fields in a fixed order,
 * open after the last of them. `computeAuditHash` closes it with the previous hash; an append closes
 * it in SQL with the head it has just locked (see `appendAuditRecord`). Splitting it this way keeps
 * the hash exactly `canonicalJson([...fields, prevHash])`, the formula every stored record was written
 * with.
 */
export function auditHashMaterialHead(fields: Omit<AuditChainFields, 'seq' | 'prevHash'>): string {
  const closed = canonicalJson([
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
  ]);
  return `${closed.slice(0, -1)},`;
}

/** How the material is closed with the previous hash (a 64-digit hex string needs no escaping in JSON). */
export function closeAuditHashMaterial(head: string, prevHash: string): string {
  return `${head}${JSON.stringify(prevHash)}]`;
}

/**
 * SHA-256 over the record's fields in a fixed order, linking it to the record before it. `seq` is
 * left out on purpose: position is proven by the link to the previous hash, so a moved record shows
 * as reordered (its own hash still verifies) rather than as altered.
 */
export function computeAuditHash(fields: Omit<AuditChainFields, 'seq'>): string {
  return createHash('sha256').update(closeAuditHashMaterial(auditHashMaterialHead(fields), fields.prevHash)).digest('hex');
}
