import { boolean, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { cases } from '../cases/cases.table.js';
import { users } from '../users/users.table.js';
import { departments, zones } from '../zones/zones.table.js';

/** 好差评 a rating of a concluded case; round 2 is the one after the return visit. */
export const caseRatings = pgTable(
  'case_ratings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    zoneId: uuid('zone_id')
      .notNull()
      .references(() => zones.id),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    raterId: uuid('rater_id')
      .notNull()
      .references(() => users.id),
    round: integer('round').notNull(),
    overall: integer('overall').notNull(),
    speed: integer('speed').notNull(),
    service: integer('service').notNull(),
    attitude: integer('attitude').notNull(),
    comment: text('comment'),
    isBad: boolean('is_bad').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** Appeal of a malicious review by staff, decided by an admin. */
    appealStatus: text('appeal_status'),
    appealReason: text('appeal_reason'),
    appealedBy: uuid('appealed_by'),
    appealDecisionNote: text('appeal_decision_note'),
    appealDecidedBy: uuid('appeal_decided_by'),
    appealDecidedAt: timestamp('appeal_decided_at', { withTimezone: true }),
  },
  (table) => [uniqueIndex('case_ratings_case_round_key').on(table.caseId, table.round), index('case_ratings_zone_idx').on(table.zoneId, table.createdAt)],
);

/** 整改 the rectification a bad review opens: a deadline, a return visit, then one follow-up rating. */
export const rectificationTasks = pgTable(
  'rectification_tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    zoneId: uuid('zone_id')
      .notNull()
      .references(() => zones.id),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    ratingId: uuid('rating_id')
      .notNull()
      .references(() => caseRatings.id),
    departmentId: uuid('department_id')
      .notNull()
      .references(() => departments.id),
    dueOn: date('due_on', { mode: 'string' }),
    status: text('status').notNull(),
    returnVisitNote: text('return_visit_note'),
    returnVisitAt: timestamp('return_visit_at', { withTimezone: true }),
    visitedBy: uuid('visited_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
  },
  (table) => [uniqueIndex('rectification_tasks_rating_key').on(table.ratingId), index('rectification_tasks_zone_status_idx').on(table.zoneId, table.status)],
);
