import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { zones } from '../zones/zones.table.js';

/**
 * The outbox: a message is written in the same transaction as the change it tells of, and a sender
 * (SMS gateway, e-mail, or the development sender that keeps it for the UI) delivers it afterwards.
 */
export const outboxMessages = pgTable(
  'outbox_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    zoneId: uuid('zone_id')
      .notNull()
      .references(() => zones.id),
    /** `sms` or `email`. */
    channel: text('channel').notNull(),
    /** Phone number or e-mail address. */
    recipient: text('recipient').notNull(),
    /** The user it is for, when known (to show a demo user the messages they got). */
    recipientUserId: uuid('recipient_user_id'),
    /** Template key, e.g. `case.correction_requested`. */
    template: text('template').notNull(),
    params: jsonb('params').$type<Record<string, string>>().notNull(),
    /** The rendered text as sent. */
    body: text('body').notNull(),
    /** `pending`, `sent`, `failed`. */
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (table) => [index('outbox_messages_status_idx').on(table.status, table.createdAt), index('outbox_messages_zone_idx').on(table.zoneId, table.createdAt)],
);
