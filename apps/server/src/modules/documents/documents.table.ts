import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { files } from '../files/files.table.js';
import { zones } from '../zones/zones.table.js';

/**
 * 电子证照 an issued document (decision, certificate, inspection record) as a PDF, with a public
 * verification code printed as a QR code on it. Anyone with the code sees the key facts and whether
 * the document is valid or revoked.
 */
export const documents = pgTable(
  'documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    zoneId: uuid('zone_id')
      .notNull()
      .references(() => zones.id),
    /** The case (or other record) it was issued for. */
    subjectType: text('subject_type').notNull(),
    subjectId: uuid('subject_id').notNull(),
    /** `decision`, `certificate`, `inspection_record`, `correction_notice`. */
    kind: text('kind').notNull(),
    /** Unguessable code in the QR URL. */
    verificationCode: text('verification_code').notNull().unique(),
    title: text('title').notNull(),
    /** The facts the public verification page shows (holder, number, dates, …). */
    facts: jsonb('facts').$type<Record<string, string>>().notNull(),
    fileId: uuid('file_id')
      .notNull()
      .references(() => files.id),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedReason: text('revoked_reason'),
  },
  (table) => [index('documents_subject_idx').on(table.subjectType, table.subjectId)],
);
