import { createHash, randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import { isAdminRole, type Role, type SecondFactorSetupReply, type SessionReply, type SessionStage, type UserKind } from '@yuanqu/shared';
import type { Database, Executor } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import type { AuthenticatedSession, RequestMeta } from '../../lib/request-context.js';
import { hashPassword, verifyPassword } from '../../lib/password-hash.js';
import { AppError } from '../../lib/errors.js';
import { appendAuditEvent, type AuditEntry } from '../audit/index.js';
import { getSecurityPolicy } from '../security/index.js';
import { AuthError } from './auth.errors.js';
import { assertPasswordAllowed, isPasswordExpired } from './password-policy.js';
import { createTotpSecret, totpUri, verifyTotp } from './totp.js';
import * as repository from './auth.repository.js';

export interface AuthSettings {
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
}

/** A session still between password and second factor lives this long. */
const PENDING_STAGE_MINUTES = 10;
/** Refresh `last_seen_at` at most this often, so that reads do not each write. */
const LAST_SEEN_RESOLUTION_MS = 60_000;

/** A hash to verify against when the user does not exist, so that timing does not reveal it. */
let decoyHash: Promise<string> | undefined;

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface IssuedSession {
  /** The cookie value; only its hash is stored. */
  token: string;
  reply: SessionReply;
}

export function createAuthService(db: Database, clock: Clock, settings: AuthSettings) {
  const findSessionWithUser = repository.prepareFindSessionWithUser(db);

  async function audit(executor: Executor, entry: AuditEntry): Promise<void> {
    await appendAuditEvent(executor, entry, clock);
  }

  async function buildReply(executor: Executor, session: { stage: SessionStage; csrfToken: string; expiresAt: Date; userId: string }): Promise<SessionReply> {
    const user = await repository.findUserById(executor, session.userId);
    if (!user) throw new AuthError('AUTH_REQUIRED', 'The account no longer exists');
    const zone = await repository.findZone(executor, user.zoneId);
    const department = user.departmentId ? await repository.findDepartment(executor, user.departmentId) : undefined;
    return {
      stage: session.stage,
      csrfToken: session.csrfToken,
      expiresAt: session.expiresAt.toISOString(),
      idleMinutes: settings.sessionIdleMinutes,
      user: {
        id: user.id,
        username: user.username,
        displayName: user.displayName,
        kind: user.kind as UserKind,
        roles: (await repository.findRoles(executor, user.id)) as Role[],
        zone: { id: zone!.id, code: zone!.code, nameZh: zone!.nameZh, nameEn: zone!.nameEn },
        department: department ? { id: department.id, nameZh: department.nameZh, nameEn: department.nameEn } : null,
        hasSecondFactor: user.totpEnabledAt !== null,
      },
    };
  }

  async function openSession(executor: Executor, user: repository.UserRow, stage: SessionStage, meta: RequestMeta): Promise<IssuedSession> {
    const token = randomBytes(32).toString('base64url');
    const now = clock.now();
    const lifetimeMs = stage === 'active' ? settings.sessionAbsoluteHours * 3_600_000 : PENDING_STAGE_MINUTES * 60_000;
    const session = {
      tokenHash: hashSessionToken(token),
      userId: user.id,
      zoneId: user.zoneId,
      stage,
      csrfToken: randomBytes(24).toString('base64url'),
      ip: meta.ip,
      userAgent: meta.userAgent?.slice(0, 300) ?? null,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + lifetimeMs),
    };
    await repository.insertSession(executor, session);
    return { token, reply: await buildReply(executor, session) };
  }

  /** Moves a session to its next stage under a new token (so a token seen before the step is worthless). */
  async function advanceSession(executor: Executor, current: AuthenticatedSession, user: repository.UserRow, stage: SessionStage, meta: RequestMeta): Promise<IssuedSession> {
    await repository.updateSession(executor, current.sessionId, { revokedAt: clock.now() });
    return openSession(executor, user, stage, meta);
  }

  async function stageAfterSecondFactor(executor: Executor, user: repository.UserRow): Promise<SessionStage> {
    const policy = await getSecurityPolicy(executor, user.zoneId);
    return isPasswordExpired(user.passwordChangedAt, policy, clock.now()) ? 'password_change' : 'active';
  }

  function auditEntry(user: repository.UserRow | undefined, action: string, outcome: AuditEntry['outcome'], meta: RequestMeta, details: Record<string, unknown>): AuditEntry {
    return {
      zoneId: user?.zoneId ?? null,
      actorId: user?.id ?? null,
      actorName: user?.displayName ?? null,
      action,
      targetType: 'user',
      targetId: user?.id ?? null,
      outcome,
      requestId: meta.requestId,
      ip: meta.ip,
      details,
    };
  }

  /** Counts a failed password or code toward the lockout; returns the lock's end when this failure locked the account. */
  async function recordFailure(executor: Executor, user: repository.UserRow): Promise<Date | null> {
    const policy = await getSecurityPolicy(executor, user.zoneId);
    const failures = user.failedSignIns + 1;
    if (failures >= policy.lockoutThreshold) {
      const lockedUntil = new Date(clock.now().getTime() + policy.lockoutMinutes * 60_000);
      await repository.updateUserCredentials(executor, user.id, { failedSignIns: 0, lockedUntil });
      return lockedUntil;
    }
    await repository.updateUserCredentials(executor, user.id, { failedSignIns: failures });
    return null;
  }

  function lockedError(lockedUntil: Date): AuthError {
    return new AuthError('AUTH_ACCOUNT_LOCKED', `The account is locked until ${lockedUntil.toISOString()} after repeated failed sign-ins`, [
      { field: 'lockedUntil', reason: lockedUntil.toISOString() },
    ]);
  }

  return {
    /** Checks the password and opens a session at the stage the account needs next. */
    async signIn(username: string, password: string, meta: RequestMeta): Promise<IssuedSession> {
      const user = await repository.findUserByUsername(db, username);
      if (!user) {
        decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
        await verifyPassword(password, await decoyHash);
        await audit(db, { ...auditEntry(undefined, 'auth.sign_in', 'failure', meta, { username, reason: 'unknown_user' }), targetType: null });
        throw new AuthError('AUTH_INVALID_CREDENTIALS', 'Wrong user name or password');
      }
      const now = clock.now();
      if (user.lockedUntil && user.lockedUntil > now) {
        await audit(db, auditEntry(user, 'auth.sign_in', 'failure', meta, { username, reason: 'locked' }));
        throw lockedError(user.lockedUntil);
      }
      const isPasswordRight = await verifyPassword(password, user.passwordHash);
      return db.transaction(async (tx) => {
        if (!isPasswordRight) {
          const lockedUntil = await recordFailure(tx, user);
          await audit(tx, auditEntry(user, 'auth.sign_in', 'failure', meta, { username, reason: lockedUntil ? 'locked_now' : 'wrong_password' }));
          return { error: lockedUntil ? lockedError(lockedUntil) : new AuthError('AUTH_INVALID_CREDENTIALS', 'Wrong user name or password') };
        }
        if (user.isDisabled) {
          await audit(tx, auditEntry(user, 'auth.sign_in', 'failure', meta, { username, reason: 'disabled' }));
          return { error: new AuthError('AUTH_ACCOUNT_DISABLED', 'The account is disabled') };
        }
        await repository.updateUserCredentials(tx, user.id, { failedSignIns: 0, lockedUntil: null });
        const roles = (await repository.findRoles(tx, user.id)) as Role[];
        const policy = await getSecurityPolicy(tx, user.zoneId);
        const mustUseSecondFactor = roles.some(isAdminRole) || (user.kind === 'staff' && policy.requireSecondFactorForAllStaff);
        let stage: SessionStage;
        if (user.totpEnabledAt) stage = 'second_factor';
        else if (mustUseSecondFactor) stage = 'second_factor_setup';
        else stage = isPasswordExpired(user.passwordChangedAt, policy, now) ? 'password_change' : 'active';
        const issued = await openSession(tx, user, stage, meta);
        await audit(tx, auditEntry(user, 'auth.sign_in', 'success', meta, { username, stage }));
        return { issued };
      }).then((result) => {
        if ('error' in result) throw result.error;
        return result.issued;
      });
    },

    /** The second step: a TOTP code for a session at stage `second_factor`. */
    async verifySecondFactor(session: AuthenticatedSession, code: string, meta: RequestMeta): Promise<IssuedSession> {
      const user = await repository.findUserById(db, session.actor.userId);
      if (!user || !user.totpSecret || !user.totpEnabledAt) throw new AuthError('AUTH_REQUIRED', 'Sign in again');
      if (user.lockedUntil && user.lockedUntil > clock.now()) throw lockedError(user.lockedUntil);
      const step = verifyTotp(user.totpSecret, code, clock.now(), user.totpLastStep);
      return db.transaction(async (tx) => {
        if (step === null) {
          const lockedUntil = await recordFailure(tx, user);
          await audit(tx, auditEntry(user, 'auth.second_factor', 'failure', meta, { reason: lockedUntil ? 'locked_now' : 'wrong_code' }));
          if (lockedUntil) await repository.updateSession(tx, session.sessionId, { revokedAt: clock.now() });
          return { error: lockedUntil ? lockedError(lockedUntil) : new AuthError('AUTH_SECOND_FACTOR_INVALID', 'The code is wrong or was already used', [{ field: 'body.code', reason: 'invalid' }]) };
        }
        await repository.updateUserCredentials(tx, user.id, { totpLastStep: step, failedSignIns: 0 });
        const issued = await advanceSession(tx, session, user, await stageAfterSecondFactor(tx, user), meta);
        await audit(tx, auditEntry(user, 'auth.second_factor', 'success', meta, {}));
        return { issued };
      }).then((result) => {
        if ('error' in result) throw result.error;
        return result.issued;
      });
    },

    /** Starts TOTP enrolment: a new secret, kept pending until a code from it is confirmed. */
    async beginSecondFactorSetup(session: AuthenticatedSession): Promise<SecondFactorSetupReply> {
      const user = await repository.findUserById(db, session.actor.userId);
      if (!user) throw new AuthError('AUTH_REQUIRED', 'Sign in again');
      if (user.totpEnabledAt) throw new AppError('CONFLICT', 'Two-step verification is already on; ask the security admin to reset it');
      const secret = user.totpSecret ?? createTotpSecret();
      if (!user.totpSecret) await repository.updateUserCredentials(db, user.id, { totpSecret: secret });
      const zone = await repository.findZone(db, user.zoneId);
      const otpauthUrl = totpUri(secret, `${user.username}@${zone?.code ?? 'yuanqu'}`);
      return { secret, otpauthUrl, qrCodeDataUrl: await QRCode.toDataURL(otpauthUrl, { margin: 1, width: 220 }) };
    },

    async confirmSecondFactorSetup(session: AuthenticatedSession, code: string, meta: RequestMeta): Promise<IssuedSession> {
      const user = await repository.findUserById(db, session.actor.userId);
      if (!user) throw new AuthError('AUTH_REQUIRED', 'Sign in again');
      if (user.totpEnabledAt) throw new AppError('CONFLICT', 'Two-step verification is already on');
      if (!user.totpSecret) throw new AppError('CONFLICT', 'Start the set-up first');
      const step = verifyTotp(user.totpSecret, code, clock.now(), null);
      if (step === null) {
        await audit(db, auditEntry(user, 'auth.second_factor_enrol', 'failure', meta, { reason: 'wrong_code' }));
        throw new AuthError('AUTH_SECOND_FACTOR_INVALID', 'The code does not match; check the phone’s time and try again', [{ field: 'body.code', reason: 'invalid' }]);
      }
      return db.transaction(async (tx) => {
        await repository.updateUserCredentials(tx, user.id, { totpEnabledAt: clock.now(), totpLastStep: step, updatedAt: clock.now() });
        const stage = session.stage === 'active' ? 'active' : await stageAfterSecondFactor(tx, user);
        const issued = await advanceSession(tx, session, user, stage, meta);
        await audit(tx, auditEntry(user, 'auth.second_factor_enrol', 'success', meta, {}));
        return issued;
      });
    },

    /** Changes one's own password; other sessions of the account are signed out. */
    async changePassword(session: AuthenticatedSession, currentPassword: string, newPassword: string, meta: RequestMeta): Promise<IssuedSession> {
      const user = await repository.findUserById(db, session.actor.userId);
      if (!user) throw new AuthError('AUTH_REQUIRED', 'Sign in again');
      if (!(await verifyPassword(currentPassword, user.passwordHash))) {
        await audit(db, auditEntry(user, 'auth.password_change', 'failure', meta, { reason: 'wrong_current_password' }));
        throw new AuthError('AUTH_INVALID_CREDENTIALS', 'The current password is wrong', [{ field: 'body.currentPassword', reason: 'invalid' }]);
      }
      const policy = await getSecurityPolicy(db, user.zoneId);
      assertPasswordAllowed(newPassword, policy, user.username, 'body.newPassword');
      if (await verifyPassword(newPassword, user.passwordHash)) {
        throw new AppError('PASSWORD_REUSED', 'The new password must differ from the current one', [{ field: 'body.newPassword', reason: 'reused' }]);
      }
      const passwordHash = await hashPassword(newPassword);
      return db.transaction(async (tx) => {
        const now = clock.now();
        await repository.updateUserCredentials(tx, user.id, { passwordHash, passwordChangedAt: now, updatedAt: now });
        await repository.revokeSessionsOfUser(tx, user.id, now, session.sessionId);
        const issued = await advanceSession(tx, session, { ...user, passwordChangedAt: now }, 'active', meta);
        await audit(tx, auditEntry(user, 'auth.password_change', 'success', meta, {}));
        return issued;
      });
    },

    async signOut(session: AuthenticatedSession, meta: RequestMeta): Promise<void> {
      await db.transaction(async (tx) => {
        await repository.updateSession(tx, session.sessionId, { revokedAt: clock.now() });
        await audit(tx, {
          zoneId: session.actor.zoneId,
          actorId: session.actor.userId,
          actorName: session.actor.displayName,
          action: 'auth.sign_out',
          targetType: 'session',
          targetId: session.sessionId,
          outcome: 'success',
          requestId: meta.requestId,
          ip: meta.ip,
        });
      });
    },

    async describeSession(session: AuthenticatedSession): Promise<SessionReply> {
      return buildReply(db, { stage: session.stage, csrfToken: session.csrfToken, expiresAt: session.expiresAt, userId: session.actor.userId });
    },

    /**
     * The session behind a cookie, or why there is none. Enforces revocation, the absolute and idle
     * timeouts, and disabled accounts on every request.
     */
    async resolveSession(token: string): Promise<{ session: AuthenticatedSession } | { expired: true } | { missing: true }> {
      const found = await findSessionWithUser(hashSessionToken(token));
      if (!found || found.session.revokedAt) return { missing: true };
      const { session: row, user, roles } = found;
      const now = clock.now();
      const idleLimit = row.stage === 'active' ? settings.sessionIdleMinutes * 60_000 : PENDING_STAGE_MINUTES * 60_000;
      if (row.expiresAt <= now || now.getTime() - row.lastSeenAt.getTime() > idleLimit) return { expired: true };
      if (user.isDisabled) return { missing: true };
      if (now.getTime() - row.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS) {
        await repository.updateSession(db, row.id, { lastSeenAt: now });
      }
      return {
        session: {
          sessionId: row.id,
          stage: row.stage as SessionStage,
          csrfToken: row.csrfToken,
          expiresAt: row.expiresAt,
          actor: {
            userId: user.id,
            zoneId: user.zoneId,
            username: user.username,
            displayName: user.displayName,
            kind: user.kind as UserKind,
            roles: [...roles].sort() as Role[],
            departmentId: user.departmentId,
            enterpriseId: user.enterpriseId,
          },
        },
      };
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
