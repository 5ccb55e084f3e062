import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/client.js';
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

/** A session with what every request needs of its user: one statement instead of three. */
export interface SessionWithUser {
  session: SessionRow;
  user: Pick<UserRow, 'id' | 'zoneId' | 'username' | 'displayName' | 'kind' | 'isDisabled' | 'departmentId' | 'enterpriseId'>;
  /** The user's roles, unsorted. */
  roles: string[];
}

/**
 * Looks a session up by its token's hash, with its user and roles, as a prepared statement: every
 * request runs it, so its SQL is built once and PostgreSQL parses it once per connection.
 */
export function prepareFindSessionWithUser(db: Database): (tokenHash: string) => Promise<SessionWithUser | undefined> {
  const query = db
    .select({
      session: sessions,
      user: {
        id: users.id,
        zoneId: users.zoneId,
        username: users.username,
        displayName: users.displayName,
        kind: users.kind,
        isDisabled: users.isDisabled,
        departmentId: users.departmentId,
        enterpriseId: users.enterpriseId,
      },
      // A JSON array arrives parsed from both drivers.
      roles: sql<string[]>`coalesce((select json_agg(${userRoles.role}) from ${userRoles} where ${userRoles.userId} = ${users.id}), '[]'::json)`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.tokenHash, sql.placeholder('tokenHash')))
    .prepare('auth_find_session_with_user');
  return async (tokenHash) => (await query.execute({ tokenHash }))[0];
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
