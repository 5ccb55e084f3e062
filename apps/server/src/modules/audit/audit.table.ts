import { bigint, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Append-only, hash-chained audit trail. `seq` has no gaps; each row's `hash` covers its own fields
 * and the previous row's hash, so a changed, removed or reordered row breaks the chain. A trigger
 * (see the migration `audit_events_append_only`) refuses UPDATE, DELETE and TRUNCATE.
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey(),
    occurredAt: timestamp('occurred_at', { withTimezone: true, precision: 3 }).notNull(),
    zoneId: uuid('zone_id'),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    /** `success`, `failure` or `denied`. */
    outcome: text('outcome').notNull(),
    requestId: text('request_id'),
    ip: text('ip'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (table) => [
    index('audit_events_zone_seq_idx').on(table.zoneId, table.seq),
    index('audit_events_action_idx').on(table.action),
  ],
);

/**
 * The chain's head, moved forward in the same transaction as each append. Removing records from the
 * end of the chain leaves the head pointing past the last record, which verification reports. A
 * trigger refuses moving it backwards and deleting it.
 */
export const auditChainHead = pgTable('audit_chain_head', {
  id: integer('id').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
});
