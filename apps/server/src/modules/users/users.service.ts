import {
  ADMIN_ROLES,
  isAdminRole,
  STAFF_ROLES,
  type CreateUserBody,
  type ListUsersQuery,
  type Role,
  type UpdateUserBody,
  type User,
  type UserKind,
} from '@yuanqu/shared';
import type { Database, Executor } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import { hashPassword } from '../../lib/password-hash.js';
import { NotFoundError } from '../../lib/errors.js';
import type { Actor, RequestMeta } from '../../lib/request-context.js';
import { appendAuditEvent } from '../audit/index.js';
import { assertPasswordAllowed, revokeSessionsOfUser } from '../auth/index.js';
import { getSecurityPolicy } from '../security/index.js';
import { UserError } from './users.errors.js';
import * as repository from './users.repository.js';

function toUser(row: repository.UserRow, roles: string[], now: Date): User {
  const isLocked = row.lockedUntil !== null && row.lockedUntil > now;
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    kind: row.kind as UserKind,
    roles: roles as Role[],
    departmentId: row.departmentId,
    enterpriseId: row.enterpriseId,
    phone: row.phone,
    email: row.email,
    status: row.isDisabled ? 'disabled' : isLocked ? 'locked' : 'active',
    hasSecondFactor: row.totpEnabledAt !== null,
    lockedUntil: isLocked ? row.lockedUntil!.toISOString() : null,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Roles must fit the account kind, and one person never holds two of the separated admin roles. */
function assertRolesAllowed(kind: UserKind, roles: readonly Role[]): void {
  const allowed: readonly Role[] = kind === 'staff' ? STAFF_ROLES : ['applicant'];
  const wrong = roles.filter((role) => !allowed.includes(role));
  if (wrong.length > 0) {
    throw new UserError('USER_ROLE_NOT_ALLOWED', `A ${kind} account cannot hold: ${wrong.join(', ')}`, [{ field: 'body.roles', reason: 'kind' }]);
  }
  const adminRoles = roles.filter((role) => (ADMIN_ROLES as readonly string[]).includes(role));
  if (adminRoles.length > 1) {
    throw new UserError('USER_ADMIN_ROLES_SEPARATED', `System, security and audit administration are separated duties; choose one of ${adminRoles.join(', ')}`, [
      { field: 'body.roles', reason: 'admin_roles_separated' },
    ]);
  }
}

export function createUsersService(db: Database, clock: Clock) {
  async function present(executor: Executor, row: repository.UserRow): Promise<User> {
    const roles = await repository.findRolesOfUsers(executor, [row.id]);
    return toUser(row, roles.get(row.id) ?? [], clock.now());
  }

  async function requireUser(executor: Executor, actor: Actor, userId: string): Promise<repository.UserRow> {
    const row = await repository.findUserInZone(executor, actor.zoneId, userId);
    if (!row) throw new NotFoundError('User');
    return row;
  }

  async function audit(executor: Executor, actor: Actor, meta: RequestMeta, action: string, targetId: string, details: Record<string, unknown> = {}): Promise<void> {
    await appendAuditEvent(
      executor,
      {
        zoneId: actor.zoneId,
        actorId: actor.userId,
        actorName: actor.displayName,
        action,
        targetType: 'user',
        targetId,
        outcome: 'success',
        requestId: meta.requestId,
        ip: meta.ip,
        details,
      },
      clock,
    );
  }

  async function assertReferencesInZone(executor: Executor, actor: Actor, departmentId: string | null | undefined, enterpriseId: string | null | undefined): Promise<void> {
    if (departmentId && !(await repository.isDepartmentInZone(executor, actor.zoneId, departmentId))) {
      throw new UserError('VALIDATION_FAILED', 'No such department in this zone', [{ field: 'body.departmentId', reason: 'not_found' }]);
    }
    if (enterpriseId && !(await repository.isEnterpriseInZone(executor, actor.zoneId, enterpriseId))) {
      throw new UserError('VALIDATION_FAILED', 'No such enterprise in this zone', [{ field: 'body.enterpriseId', reason: 'not_found' }]);
    }
  }

  /** Changes to one's own account go through the account pages, not administration. */
  function assertNotSelf(actor: Actor, userId: string): void {
    if (actor.userId === userId) throw new UserError('USER_CANNOT_CHANGE_SELF', 'Administrators cannot change their own account here');
  }

  async function changeAndAudit(actor: Actor, meta: RequestMeta, userId: string, action: string, change: (executor: Executor, row: repository.UserRow) => Promise<Record<string, unknown> | void>): Promise<User> {
    return db.transaction(async (tx) => {
      const row = await requireUser(tx, actor, userId);
      const details = await change(tx, row);
      await audit(tx, actor, meta, action, userId, details ?? {});
      return present(tx, (await repository.findUserInZone(tx, actor.zoneId, userId))!);
    });
  }

  return {
    async listUsers(actor: Actor, query: ListUsersQuery) {
      const page = query.page ?? 1;
      const pageSize = query.pageSize ?? 20;
      const { rows, total } = await repository.findUsersPage(db, { zoneId: actor.zoneId, q: query.q, role: query.role, departmentId: query.departmentId, status: query.status, now: clock.now() }, page, pageSize);
      const roles = await repository.findRolesOfUsers(db, rows.map((row) => row.id));
      return { items: rows.map((row) => toUser(row, roles.get(row.id) ?? [], clock.now())), total, page, pageSize };
    },

    async getUser(actor: Actor, userId: string): Promise<User> {
      return present(db, await requireUser(db, actor, userId));
    },

    async createUser(actor: Actor, meta: RequestMeta, body: CreateUserBody): Promise<User> {
      const kind = body.kind ?? 'staff';
      assertRolesAllowed(kind, body.roles);
      if (kind === 'enterprise' && !body.enterpriseId) {
        throw new UserError('VALIDATION_FAILED', 'An enterprise account needs its enterprise', [{ field: 'body.enterpriseId', reason: 'required' }]);
      }
      assertPasswordAllowed(body.password, await getSecurityPolicy(db, actor.zoneId), body.username);
      const passwordHash = await hashPassword(body.password);
      return db.transaction(async (tx) => {
        if (await repository.isUsernameTaken(tx, body.username)) {
          throw new UserError('USER_USERNAME_TAKEN', 'This user name is taken', [{ field: 'body.username', reason: 'taken' }]);
        }
        await assertReferencesInZone(tx, actor, body.departmentId, body.enterpriseId);
        const now = clock.now();
        const row = await repository.insertUser(tx, {
          zoneId: actor.zoneId,
          kind,
          username: body.username.toLowerCase(),
          displayName: body.displayName,
          departmentId: kind === 'staff' ? (body.departmentId ?? null) : null,
          enterpriseId: kind === 'enterprise' ? (body.enterpriseId ?? null) : null,
          phone: body.phone ?? null,
          email: body.email ?? null,
          passwordHash,
          passwordChangedAt: now,
          createdAt: now,
          updatedAt: now,
        });
        await repository.replaceRoles(tx, row.id, body.roles);
        await audit(tx, actor, meta, 'user.create', row.id, { username: row.username, roles: body.roles });
        return present(tx, row);
      });
    },

    async updateUser(actor: Actor, meta: RequestMeta, userId: string, body: UpdateUserBody): Promise<User> {
      return changeAndAudit(actor, meta, userId, 'user.update', async (tx, row) => {
        if (body.roles) {
          assertNotSelf(actor, userId);
          assertRolesAllowed(row.kind as UserKind, body.roles);
        }
        await assertReferencesInZone(tx, actor, body.departmentId, undefined);
        const { roles, ...profile } = body;
        await repository.updateUser(tx, userId, { ...profile, updatedAt: clock.now() });
        if (roles) {
          const before = (await repository.findRolesOfUsers(tx, [userId])).get(userId) ?? [];
          await repository.replaceRoles(tx, userId, roles);
          // Admin roles need the second factor, which only sign-in asks for: a session opened
          // without it must not carry a newly granted admin role.
          const isNewAdmin = roles.some(isAdminRole) && !(before as Role[]).some(isAdminRole);
          if (isNewAdmin) return { changed: Object.keys(body), rolesBefore: before, rolesAfter: roles, sessionsRevoked: await revokeSessionsOfUser(tx, userId, clock.now()) };
          return { changed: Object.keys(body), rolesBefore: before, rolesAfter: roles };
        }
        return { changed: Object.keys(body) };
      });
    },

    /** Disabling signs the account out everywhere at once. */
    async setDisabled(actor: Actor, meta: RequestMeta, userId: string, isDisabled: boolean): Promise<User> {
      assertNotSelf(actor, userId);
      return changeAndAudit(actor, meta, userId, isDisabled ? 'user.disable' : 'user.enable', async (tx) => {
        await repository.updateUser(tx, userId, { isDisabled, updatedAt: clock.now() });
        if (isDisabled) return { sessionsRevoked: await revokeSessionsOfUser(tx, userId, clock.now()) };
        return {};
      });
    },

    async resetPassword(actor: Actor, meta: RequestMeta, userId: string, password: string): Promise<User> {
      assertNotSelf(actor, userId);
      const target = await requireUser(db, actor, userId);
      assertPasswordAllowed(password, await getSecurityPolicy(db, actor.zoneId), target.username);
      const passwordHash = await hashPassword(password);
      return changeAndAudit(actor, meta, userId, 'user.reset_password', async (tx) => {
        // An epoch change date makes the 等保 maximum age force a change at next sign-in when it is on.
        await repository.updateUser(tx, userId, { passwordHash, passwordChangedAt: new Date(0), failedSignIns: 0, lockedUntil: null, updatedAt: clock.now() });
        return { sessionsRevoked: await revokeSessionsOfUser(tx, userId, clock.now()) };
      });
    },

    async unlock(actor: Actor, meta: RequestMeta, userId: string): Promise<User> {
      return changeAndAudit(actor, meta, userId, 'user.unlock', async (tx) => {
        await repository.updateUser(tx, userId, { failedSignIns: 0, lockedUntil: null, updatedAt: clock.now() });
      });
    },

    async resetSecondFactor(actor: Actor, meta: RequestMeta, userId: string): Promise<User> {
      assertNotSelf(actor, userId);
      return changeAndAudit(actor, meta, userId, 'user.reset_second_factor', async (tx) => {
        await repository.updateUser(tx, userId, { totpSecret: null, totpEnabledAt: null, totpLastStep: null, updatedAt: clock.now() });
        return { sessionsRevoked: await revokeSessionsOfUser(tx, userId, clock.now()) };
      });
    },

    async revokeSessions(actor: Actor, meta: RequestMeta, userId: string): Promise<User> {
      return changeAndAudit(actor, meta, userId, 'user.revoke_sessions', async (tx) => ({ sessionsRevoked: await revokeSessionsOfUser(tx, userId, clock.now()) }));
    },
  };
}

export type UsersService = ReturnType<typeof createUsersService>;
