import { pgTable, text, timestamp, uuid, uniqueIndex, index } from 'drizzle-orm/pg-core';

/** 园区 zone: one administration committee (管委会), the tenant every record belongs to. */
export const zones = pgTable('zones', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Short stable code used in URLs and case numbers, e.g. `xyhtz`. */
  code: text('code').notNull().unique(),
  nameZh: text('name_zh').notNull(),
  nameEn: text('name_en').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** 部门 department of a zone's administration. */
export const departments = pgTable(
  'departments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    zoneId: uuid('zone_id')
      .notNull()
      .references(() => zones.id),
    code: text('code').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('departments_zone_code_key').on(table.zoneId, table.code),
    index('departments_zone_idx').on(table.zoneId),
  ],
);

/** Settings of a zone held as JSON documents by key (password policy, …). */
export const zoneSettings = pgTable(
  'zone_settings',
  {
    zoneId: uuid('zone_id')
      .notNull()
      .references(() => zones.id),
    key: text('key').notNull(),
    value: text('value').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('zone_settings_zone_key').on(table.zoneId, table.key)],
);
