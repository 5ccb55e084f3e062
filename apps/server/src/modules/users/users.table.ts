import {
  boolean,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { departments, zones } from '../zones/zones.table.js';

/** 企业 enterprise known to a zone; applicant accounts belong to one. Later issues extend it. */
export const enterprises = pgTable(
  'enterprises',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    zoneId: uuid('zone_id')
      .notNull()
      .references(() => zones.id),
    name: text('name').notNull(),
    /** 统一社会信用代码, 18 characters, GB 32100-2015. */
    creditCode: text('credit_code'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index('enterprises_zone_idx').on(table.zoneId),
    uniqueIndex('enterprises_zone_credit_code_key').on(table.zoneId, table.creditCode),
  ],
);

/** A person who signs in: staff of a zone, or an enterprise's applicant (企业办事人). */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    zoneId: uuid('zone_id')
      .notNull()
      .references(() => zones.id),
    /** `staff` or `enterprise`. */
    kind: text('kind').notNull(),
    /** Sign-in name, unique in the deployment, stored lower-case. */
    username: text('username').notNull(),
    displayName: text('display_name').notNull(),
    departmentId: uuid('department_id').references(() => departments.id),
    enterpriseId: uuid('enterprise_id').references(() => enterprises.id),
    phone: text('phone'),
    email: text('email'),
    passwordHash: text('password_hash').notNull(),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }).notNull().defaultNow(),
    /** Base32 TOTP secret; set while enrolling, confirmed when `totpEnabledAt` is set. */
    totpSecret: text('totp_secret'),
    totpEnabledAt: timestamp('totp_enabled_at', { withTimezone: true }),
    /** Last accepted TOTP time step, so that a code cannot be replayed. */
    totpLastStep: integer('totp_last_step'),
    isDisabled: boolean('is_disabled').notNull().default(false),
    failedSignIns: integer('failed_sign_ins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('users_username_key').on(table.username),
    index('users_zone_idx').on(table.zoneId),
  ],
);

/** Roles a user holds. One person never holds two of the three separated admin roles (等保 三权分立). */
export const userRoles = pgTable(
  'user_roles',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.userId, table.role] }),
    uniqueIndex('user_roles_one_admin_role')
      .on(table.userId)
      .where(sql`role in ('system_admin', 'security_admin', 'audit_admin')`),
  ],
);
