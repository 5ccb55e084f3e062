import { and, eq, isNull, ne } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { departments, zones } from '../zones/zones.table.js';
import { userRoles, users } from '../users/users.table.js';
import { sessions } from './sessions.table.js';

/** The auth module owns the credential columns of `users` (password, TOTP, lockout) and `sessions`. */
export type UserRow = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;

export async function findUserByUsername(executor: Executor, username: string): Promise<UserRow | undefined> {
  const [row] = await executor.select().from(users).where(eq(users.username, username.toLowerCase()));
  return row;
}

export async function findUserById(executor: Executor, userId: string): Promise<UserRow | undefined> {
  const [row] = await executor.select().from(users).where(eq(users.id, userId));
  return row;
}

export async function findRoles(executor: Executor, userId: string): Promise<string[]> {
  const rows = await executor.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId));
  return rows.map((row) => row.role).sort();
}

export async function updateUserCredentials(
  executor: Executor,
  userId: string,
  changes: Partial<Pick<UserRow, 'failedSignIns' | 'lockedUntil' | 'passwordHash' | 'passwordChangedAt' | 'totpSecret' | 'totpEnabledAt' | 'totpLastStep' | 'updatedAt'>>,
): Promise<void> {
  await executor.update(users).set(changes).where(eq(users.id, userId));
}

export async function insertSession(executor: Executor, session: typeof sessions.$inferInsert): Promise<void> {
  await executor.insert(sessions).values(session);
}

export async function findSessionByTokenHash(executor: Executor, tokenHash: string): Promise<SessionRow | undefined> {
  const [row] = await executor.select().from(sessions).where(eq(sessions.tokenHash, tokenHash));
  return row;
}

export async function updateSession(executor: Executor, sessionId: string, changes: Partial<SessionRow>): Promise<void> {
  await executor.update(sessions).set(changes).where(eq(sessions.id, sessionId));
}

/** Revokes every open session of a user, optionally keeping one; returns how many were revoked. */
export async function revokeSessionsOfUser(executor: Executor, userId: string, at: Date, keepSessionId?: string): Promise<number> {
  const revoked = await executor
    .update(sessions)
    .set({ revokedAt: at })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), keepSessionId ? ne(sessions.id, keepSessionId) : undefined))
    .returning({ id: sessions.id });
  return revoked.length;
}

export async function findZone(executor: Executor, zoneId: string) {
  const [row] = await executor.select().from(zones).where(eq(zones.id, zoneId));
  return row;
}

export async function findDepartment(executor: Executor, departmentId: string) {
  const [row] = await executor.select().from(departments).where(eq(departments.id, departmentId));
  return row;
}
