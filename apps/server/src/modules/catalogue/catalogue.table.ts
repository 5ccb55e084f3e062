import { boolean, index, integer, jsonb, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { ChecklistItem, FormField, Material, Shot } from '@yuanqu/shared';
import { departments, zones } from '../zones/zones.table.js';

/** 事项 an item of a zone's service catalogue (事项目录). Structured parts are JSON documents. */
export const serviceItems = pgTable(
  'service_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    zoneId: uuid('zone_id')
      .notNull()
      .references(() => zones.id),
    code: text('code').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en').notNull(),
    departmentId: uuid('department_id')
      .notNull()
      .references(() => departments.id),
    kind: text('kind').notNull(),
    legalBasis: text('legal_basis').notNull(),
    statutoryLimitDays: integer('statutory_limit_days').notNull(),
    committedLimitDays: integer('committed_limit_days').notNull(),
    feeYuan: numeric('fee_yuan', { precision: 12, scale: 2, mode: 'number' }).notNull(),
    feeNote: text('fee_note'),
    materials: jsonb('materials').$type<Material[]>().notNull(),
    form: jsonb('form').$type<FormField[]>().notNull(),
    needsInspection: boolean('needs_inspection').notNull(),
    inspectionChecklist: jsonb('inspection_checklist').$type<ChecklistItem[]>().notNull(),
    shotList: jsonb('shot_list').$type<Shot[]>().notNull(),
    partnerZoneIds: jsonb('partner_zone_ids').$type<string[]>().notNull(),
    isPublished: boolean('is_published').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('service_items_zone_code_key').on(table.zoneId, table.code), index('service_items_department_idx').on(table.departmentId)],
);
