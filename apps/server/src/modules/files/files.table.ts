import { bigint, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from '../users/users.table.js';
import { zones } from '../zones/zones.table.js';

/**
 * An uploaded file. The bytes live in the storage (local disk by default) under `storageKey`, a
 * name the server generated; the original name is kept only to show and to name downloads.
 */
export const files = pgTable(
  'files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    zoneId: uuid('zone_id')
      .notNull()
      .references(() => zones.id),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id),
    originalName: text('original_name').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    /** Format detected from the content (`pdf`, `jpg`, `png`, …), never from the name. */
    detectedFormat: text('detected_format').notNull(),
    mimeType: text('mime_type').notNull(),
    storageKey: text('storage_key').notNull().unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('files_owner_idx').on(table.ownerId)],
);
