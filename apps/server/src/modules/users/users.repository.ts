import { and, count, eq, gt, ilike, inArray, isNotNull, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { departments } from '../zones/zones.table.js';
import { sessions } from '../auth/sessions.table.js';
import { enterprises, userRoles, users } from './users.table.js';

export type UserRow = typeof users.$inferSelect;

export interface UserFilter {
  zoneId: string;
  q?: string | undefined;
  role?: string | undefined;
  departmentId?: string | undefined;
  status?: 'active' | 'disabled' | 'locked' | undefined;
  now: Date;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

function whereOf(filter: UserFilter): SQL | undefined {
  const pattern = filter.q ? `%${escapeLike(filter.q)}%` : undefined;
  return and(
    eq(users.zoneId, filter.zoneId),
    pattern ? or(ilike(users.username, pattern), ilike(users.displayName, pattern)) : undefined,
    filter.role ? inArray(users.id, sql`(select user_id from user_roles where role = ${filter.role})`) : undefined,
    filter.departmentId ? eq(users.departmentId, filter.departmentId) : undefined,
    filter.status === 'disabled' ? eq(users.isDisabled, true) : undefined,
    filter.status === 'active' ? and(eq(users.isDisabled, false), or(isNull(users.lockedUntil), sql`${users.lockedUntil} <= ${filter.now}`)) : undefined,
    filter.status === 'locked' ? and(eq(users.isDisabled, false), gt(users.lockedUntil, filter.now)) : undefined,
  );
}

export async function findUsersPage(executor: Executor, filter: UserFilter, page: number, pageSize: number): Promise<{ rows: UserRow[]; total: number }> {
  const where = whereOf(filter);
  const rows = await executor.select().from(users).where(where).orderBy(users.username).limit(pageSize).offset((page - 1) * pageSize);
  const [totalRow] = await executor.select({ total: count() }).from(users).where(where);
  return { rows, total: totalRow?.total ?? 0 };
}

export async function findRolesOfUsers(executor: Executor, userIds: string[]): Promise<Map<string, string[]>> {
  const byUser = new Map<string, string[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return byUser;
  const rows = await executor.select().from(userRoles).where(inArray(userRoles.userId, userIds));
  for (const row of rows) byUser.get(row.userId)?.push(row.role);
  for (const roles of byUser.values()) roles.sort();
  return byUser;
}

export async function findUserInZone(executor: Executor, zoneId: string, userId: string): Promise<UserRow | undefined> {
  const [row] = await executor.select().from(users).where(and(eq(users.id, userId), eq(users.zoneId, zoneId)));
  return row;
}

export async function isUsernameTaken(executor: Executor, username: string): Promise<boolean> {
  const [row] = await executor.select({ id: users.id }).from(users).where(eq(users.username, username.toLowerCase()));
  return row !== undefined;
}

export async function isDepartmentInZone(executor: Executor, zoneId: string, departmentId: string): Promise<boolean> {
  const [row] = await executor.select({ id: departments.id }).from(departments).where(and(eq(departments.id, departmentId), eq(departments.zoneId, zoneId)));
  return row !== undefined;
}

export async function isEnterpriseInZone(executor: Executor, zoneId: string, enterpriseId: string): Promise<boolean> {
  const [row] = await executor.select({ id: enterprises.id }).from(enterprises).where(and(eq(enterprises.id, enterpriseId), eq(enterprises.zoneId, zoneId)));
  return row !== undefined;
}

export async function insertUser(executor: Executor, user: typeof users.$inferInsert): Promise<UserRow> {
  const [row] = await executor.insert(users).values(user).returning();
  return row!;
}

export async function updateUser(executor: Executor, userId: string, changes: Partial<typeof users.$inferInsert>): Promise<UserRow> {
  const [row] = await executor.update(users).set(changes).where(eq(users.id, userId)).returning();
  return row!;
}

export async function replaceRoles(executor: Executor, userId: string, roles: string[]): Promise<void> {
  await executor.delete(userRoles).where(eq(userRoles.userId, userId));
  if (roles.length > 0) await executor.insert(userRoles).values(roles.map((role) => ({ userId, role })));
}

export async function countUsers(executor: Executor, zoneId: string, extra?: SQL): Promise<number> {
  const [row] = await executor.select({ total: count() }).from(users).where(and(eq(users.zoneId, zoneId), extra));
  return row?.total ?? 0;
}

export async function countLockedUsers(executor: Executor, zoneId: string, now: Date): Promise<number> {
  return countUsers(executor, zoneId, and(isNotNull(users.lockedUntil), gt(users.lockedUntil, now)));
}

export async function countActiveSessions(executor: Executor, zoneId: string, now: Date): Promise<number> {
  const [row] = await executor
    .select({ total: count() })
    .from(sessions)
    .where(and(eq(sessions.zoneId, zoneId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now), eq(sessions.stage, 'active')));
  return row?.total ?? 0;
}

export async function countEnterprises(executor: Executor, zoneId: string): Promise<number> {
  const [row] = await executor.select({ total: count() }).from(enterprises).where(eq(enterprises.zoneId, zoneId));
  return row?.total ?? 0;
}

