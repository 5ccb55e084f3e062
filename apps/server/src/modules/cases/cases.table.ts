import { sql } from 'drizzle-orm';
import { bigint, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { Deficiency, FormData } from '@yuanqu/shared';
import { serviceItems } from '../catalogue/catalogue.table.js';
import { files } from '../files/files.table.js';
import { enterprises, users } from '../users/users.table.js';
import { departments, zones } from '../zones/zones.table.js';

/** 办件 a case: one application for one service item, from draft to delivery. */
export const cases = pgTable(
  'cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    zoneId: uuid('zone_id')
      .notNull()
      .references(() => zones.id),
    /** 办件编号, given at first submission; unique in the zone. */
    number: text('number'),
    serviceItemId: uuid('service_item_id')
      .notNull()
      .references(() => serviceItems.id),
    departmentId: uuid('department_id')
      .notNull()
      .references(() => departments.id),
    applicantId: uuid('applicant_id')
      .notNull()
      .references(() => users.id),
    enterpriseId: uuid('enterprise_id').references(() => enterprises.id),
    status: text('status').notNull(),
    formData: jsonb('form_data').$type<FormData>().notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    /** The clock: committed limit, the acceptance day (not counted), and the days it has been stopped. */
    limitDays: integer('limit_days').notNull(),
    acceptedOn: date('accepted_on', { mode: 'string' }),
    pausedSince: date('paused_since', { mode: 'string' }),
    pausedWorkingDays: integer('paused_working_days').notNull().default(0),
    /** Derived from the clock at each change, so that queues filter in SQL. */
    warnOn: date('warn_on', { mode: 'string' }),
    dueOn: date('due_on', { mode: 'string' }),
    concludedAt: timestamp('concluded_at', { withTimezone: true }),
    concludedOn: date('concluded_on', { mode: 'string' }),
    decision: text('decision'),
    decisionReason: text('decision_reason'),
    deliveryMethod: text('delivery_method'),
    deliveryTrackingNumber: text('delivery_tracking_number'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    /** Optimistic lock: every change increments it, every action names the version it saw. */
    version: integer('version').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex('cases_zone_number_key').on(table.zoneId, table.number),
    index('cases_zone_status_due_idx').on(table.zoneId, table.status, table.dueOn),
    index('cases_zone_department_status_idx').on(table.zoneId, table.departmentId, table.status, table.dueOn),
    index('cases_zone_item_status_idx').on(table.zoneId, table.serviceItemId, table.status, table.dueOn),
    index('cases_applicant_idx').on(table.applicantId, table.updatedAt),
    // The queue's default view, all open cases most urgent first: its columns are the ORDER BY
    // (due_on asc nulls last, submitted_at, id), so the first page is read in order, not sorted out of
    // every open case. The statuses are OPEN_STATUSES (cases.service.ts); keep the two the same.
    index('cases_zone_open_queue_idx')
      .on(table.zoneId, table.dueOn, table.submittedAt, table.id)
      .where(sql`${table.status} in ('submitted', 'correction_requested', 'accepted', 'inspection', 'under_review', 'suspended', 'concluded')`),
  ],
);

/** A material of a case: which uploaded file answers which material of the item. */
export const caseMaterials = pgTable(
  'case_materials',
  {
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    materialKey: text('material_key').notNull(),
    fileId: uuid('file_id')
      .notNull()
      .references(() => files.id),
    attachedAt: timestamp('attached_at', { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.caseId, table.materialKey] })],
);

/** 一次性告知 a correction notice listing every deficiency at once. */
export const correctionNotices = pgTable(
  'correction_notices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    issuedBy: uuid('issued_by')
      .notNull()
      .references(() => users.id),
    deficiencies: jsonb('deficiencies').$type<Deficiency[]>().notNull(),
    note: text('note'),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
  },
  (table) => [index('correction_notices_case_idx').on(table.caseId)],
);

/** The case's timeline: who did what, when, and why. */
export const caseEvents = pgTable(
  'case_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name'),
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    reason: text('reason'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull(),
  },
  (table) => [index('case_events_case_idx').on(table.caseId, table.id)],
);

/** Per zone and year, the last case number given. */
export const caseCounters = pgTable(
  'case_counters',
  {
    zoneId: uuid('zone_id')
      .notNull()
      .references(() => zones.id),
    year: integer('year').notNull(),
    lastNumber: integer('last_number').notNull(),
  },
  (table) => [primaryKey({ columns: [table.zoneId, table.year] })],
);

