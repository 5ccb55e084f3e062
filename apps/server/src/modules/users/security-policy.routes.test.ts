import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SECURITY_POLICY, type SecurityPolicy } from '@yuanqu/shared';
import { clientFromReply, createTestApp, createZoneWithUsers, signIn, type Client, type TestApp } from '../../test/test-app.js';
import { createUser, TEST_PASSWORD } from '../../test/factories.js';
import { attemptSignIn, auditEventsOf, expectError, requestSignedOut } from '../../test/route-helpers.js';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('security policy routes', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  async function setUpZone() {
    return createZoneWithUsers(testApp, ['system_admin', 'security_admin', 'audit_admin']);
  }

  async function putPolicy(securityAdmin: Client, changes: Partial<SecurityPolicy>) {
    const response = await securityAdmin.request({
      method: 'PUT',
      url: '/api/security/policy',
      payload: { ...DEFAULT_SECURITY_POLICY, ...changes },
    });
    expect(response.statusCode, response.body).toBe(200);
    return response;
  }

  describe('GET /api/security/policy', () => {
    it('refuses a signed-out caller', async () => {
      expectError(await requestSignedOut(testApp, { method: 'GET', url: '/api/security/policy' }), 'AUTH_REQUIRED');
    });

    it('refuses the system and audit admins (separated duties)', async () => {
      const { clients } = await setUpZone();
      expectError(await clients.system_admin.request({ method: 'GET', url: '/api/security/policy' }), 'FORBIDDEN');
      expectError(await clients.audit_admin.request({ method: 'GET', url: '/api/security/policy' }), 'FORBIDDEN');
    });

    it('shows the defaults to the security admin of a zone that has set nothing', async () => {
      const { clients } = await setUpZone();
      const response = await clients.security_admin.request({ method: 'GET', url: '/api/security/policy' });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual(DEFAULT_SECURITY_POLICY);
    });
  });

  describe('PUT /api/security/policy', () => {
    it('refuses a signed-out caller and the system admin, leaving the policy as it was', async () => {
      const { clients } = await setUpZone();
      const payload = { ...DEFAULT_SECURITY_POLICY, passwordMinLength: 20 };
      expectError(await requestSignedOut(testApp, { method: 'PUT', url: '/api/security/policy', payload }), 'AUTH_REQUIRED');
      expectError(await clients.system_admin.request({ method: 'PUT', url: '/api/security/policy', payload }), 'FORBIDDEN');
      expect((await clients.security_admin.request({ method: 'GET', url: '/api/security/policy' })).json()).toEqual(
        DEFAULT_SECURITY_POLICY,
      );
    });

    it('names each invalid value', async () => {
      const { clients } = await setUpZone();
      const put = (payload: unknown) =>
        clients.security_admin.request({ method: 'PUT', url: '/api/security/policy', payload: payload as object });
      expectError(
        await put({ ...DEFAULT_SECURITY_POLICY, passwordMinLength: 4 }),
        'VALIDATION_FAILED',
        'body.passwordMinLength',
        'minimum',
      );
      expectError(
        await put({ ...DEFAULT_SECURITY_POLICY, passwordMaxAgeDays: 400 }),
        'VALIDATION_FAILED',
        'body.passwordMaxAgeDays',
        'maximum',
      );
      expectError(await put({ ...DEFAULT_SECURITY_POLICY, lockoutThreshold: 2.5 }), 'VALIDATION_FAILED', 'body.lockoutThreshold', 'type');
      expectError(await put({ ...DEFAULT_SECURITY_POLICY, lockoutMinutes: 0 }), 'VALIDATION_FAILED', 'body.lockoutMinutes', 'minimum');
      expectError(
        await put({ ...DEFAULT_SECURITY_POLICY, requireSecondFactorForAllStaff: 'sometimes' }),
        'VALIDATION_FAILED',
        'body.requireSecondFactorForAllStaff',
        'type',
      );
      expectError(
        await put({ ...DEFAULT_SECURITY_POLICY, sessionIdleMinutes: 5 }),
        'VALIDATION_FAILED',
        'body.sessionIdleMinutes',
        'additionalProperties',
      );
      const { passwordRequireCharacterClasses: _omitted, ...incomplete } = DEFAULT_SECURITY_POLICY;
      expectError(await put(incomplete), 'VALIDATION_FAILED', 'body.passwordRequireCharacterClasses', 'required');
      expect((await clients.security_admin.request({ method: 'GET', url: '/api/security/policy' })).json()).toEqual(
        DEFAULT_SECURITY_POLICY,
      );
    });

    it('stores the zone’s policy, for that zone only, and audits the change', async () => {
      const { clients } = await setUpZone();
      const other = await createZoneWithUsers(testApp, ['security_admin']);
      const policy: SecurityPolicy = {
        passwordMinLength: 12,
        passwordRequireCharacterClasses: true,
        passwordMaxAgeDays: 90,
        lockoutThreshold: 3,
        lockoutMinutes: 30,
        requireSecondFactorForAllStaff: true,
      };
      const response = await putPolicy(clients.security_admin, policy);
      expect(response.json()).toEqual(policy);
      expect((await clients.security_admin.request({ method: 'GET', url: '/api/security/policy' })).json()).toEqual(policy);
      expect((await other.clients.security_admin.request({ method: 'GET', url: '/api/security/policy' })).json()).toEqual(
        DEFAULT_SECURITY_POLICY,
      );

      const [event] = await auditEventsOf(clients.audit_admin, { action: 'security.policy_update' });
      expect(event).toMatchObject({
        actorId: clients.security_admin.userId,
        outcome: 'success',
        details: { before: DEFAULT_SECURITY_POLICY, after: policy },
      });
    });
  });

  describe('what the policy does', () => {
    it('with character classes on, refuses a password of only letters and digits', async () => {
      const { clients } = await setUpZone();
      const create = (username: string, password: string) =>
        clients.system_admin.request({
          method: 'POST',
          url: '/api/users',
          payload: { username, displayName: '测试', roles: ['clerk'], password },
        });
      expect((await create('before.policy', 'meadowlark7')).statusCode).toBe(200);
      await putPolicy(clients.security_admin, { passwordRequireCharacterClasses: true });
      expectError(await create('after.policy', 'abcdefgh1'), 'PASSWORD_TOO_WEAK', 'body.password', 'character_classes');
      expectError(await create('after.policy', 'meadowlark7'), 'PASSWORD_TOO_WEAK', 'body.password', 'character_classes');
      expect((await create('after.policy', 'Meadowlark-7')).statusCode).toBe(200);
    });

    it('with a longer minimum length, refuses a shorter password', async () => {
      const { clients } = await setUpZone();
      await putPolicy(clients.security_admin, { passwordMinLength: 14 });
      const create = (password: string) =>
        clients.system_admin.request({
          method: 'POST',
          url: '/api/users',
          payload: { username: `len-${password.length}`, displayName: '测试', roles: ['clerk'], password },
        });
      expectError(await create('Lantern-River'), 'PASSWORD_TOO_WEAK', 'body.password', 'min_length');
      expect((await create('Lantern-River-7')).statusCode).toBe(200);
    });

    it('with a maximum password age, lets an old password do nothing but change itself', async () => {
      const { clients, zone, department } = await setUpZone();
      const hundredDaysAgo = new Date(testApp.clock.now().getTime() - 100 * DAY_MS);
      const stale = await createUser(testApp.database.db, {
        zoneId: zone.id,
        roles: ['approver'],
        departmentId: department.id,
        passwordChangedAt: hundredDaysAgo,
      });
      const fresh = await createUser(testApp.database.db, {
        zoneId: zone.id,
        roles: ['approver'],
        departmentId: department.id,
        passwordChangedAt: new Date(testApp.clock.now().getTime() - 10 * DAY_MS),
      });
      expect((await attemptSignIn(testApp, stale.username)).json()).toMatchObject({ stage: 'active' });

      await putPolicy(clients.security_admin, { passwordMaxAgeDays: 90 });
      expect((await attemptSignIn(testApp, fresh.username)).json()).toMatchObject({ stage: 'active' });
      const session = await signIn(testApp, stale.username);
      expect((await session.request({ method: 'GET', url: '/api/auth/session' })).json()).toMatchObject({ stage: 'password_change' });
      expectError(await session.request({ method: 'GET', url: '/api/home/summary' }), 'AUTH_PASSWORD_CHANGE_REQUIRED');
      expectError(await session.request({ method: 'GET', url: '/api/zone' }), 'AUTH_PASSWORD_CHANGE_REQUIRED');

      const changed = await session.request({
        method: 'POST',
        url: '/api/auth/password',
        payload: { currentPassword: TEST_PASSWORD, newPassword: 'Quiet-Harbour-58' },
      });
      expect(changed.statusCode, changed.body).toBe(200);
      expect(changed.json()).toMatchObject({ stage: 'active' });
      const renewed = clientFromReply(testApp, changed, session.remoteAddress);
      expect((await renewed.request({ method: 'GET', url: '/api/home/summary' })).statusCode).toBe(200);
      expectError(await session.request({ method: 'GET', url: '/api/auth/session' }), 'AUTH_REQUIRED');
      expect((await attemptSignIn(testApp, stale.username, 'Quiet-Harbour-58')).json()).toMatchObject({ stage: 'active' });
    });

    it('with a maximum password age, makes a password an admin reset be changed at next sign-in', async () => {
      const { clients, zone, department } = await setUpZone();
      const member = await createUser(testApp.database.db, { zoneId: zone.id, roles: ['clerk'], departmentId: department.id });
      await putPolicy(clients.security_admin, { passwordMaxAgeDays: 90 });
      expect(
        (
          await clients.system_admin.request({
            method: 'POST',
            url: `/api/users/${member.id}/reset-password`,
            payload: { password: 'Given-By-Admin-1' },
          })
        ).statusCode,
      ).toBe(200);
      expect((await attemptSignIn(testApp, member.username, 'Given-By-Admin-1')).json()).toMatchObject({ stage: 'password_change' });
    });

    it('with a second factor for all staff, sends staff without one to enrol, but not applicants', async () => {
      const { clients, zone, department } = await setUpZone();
      const clerk = await createUser(testApp.database.db, { zoneId: zone.id, roles: ['clerk'], departmentId: department.id });
      const applicant = await createUser(testApp.database.db, { zoneId: zone.id, roles: ['applicant'] });
      expect((await attemptSignIn(testApp, clerk.username)).json()).toMatchObject({ stage: 'active' });

      await putPolicy(clients.security_admin, { requireSecondFactorForAllStaff: true });
      const session = await signIn(testApp, clerk.username);
      expect((await session.request({ method: 'GET', url: '/api/auth/session' })).json()).toMatchObject({ stage: 'second_factor_setup' });
      expectError(await session.request({ method: 'GET', url: '/api/zone' }), 'AUTH_SECOND_FACTOR_SETUP_REQUIRED');
      expect((await session.request({ method: 'GET', url: '/api/auth/second-factor/setup' })).statusCode).toBe(200);
      expect((await attemptSignIn(testApp, applicant.username)).json()).toMatchObject({ stage: 'active' });
    });

    it('with a lower lockout threshold and longer lock, locks sooner and for longer', async () => {
      const { clients, zone, department } = await setUpZone();
      const member = await createUser(testApp.database.db, { zoneId: zone.id, roles: ['clerk'], departmentId: department.id });
      await putPolicy(clients.security_admin, { lockoutThreshold: 3, lockoutMinutes: 60 });
      const codes: string[] = [];
      for (let attempt = 0; attempt < 3; attempt += 1)
        codes.push((await attemptSignIn(testApp, member.username, 'wrong')).json().error.code);
      expect(codes).toEqual(['AUTH_INVALID_CREDENTIALS', 'AUTH_INVALID_CREDENTIALS', 'AUTH_ACCOUNT_LOCKED']);
      testApp.clock.advance(59 * 60_000);
      expectError(await attemptSignIn(testApp, member.username), 'AUTH_ACCOUNT_LOCKED');
      testApp.clock.advance(2 * 60_000);
      expect((await attemptSignIn(testApp, member.username)).statusCode).toBe(200);
    });
  });

  it('the stored policy never reaches a zone that did not set it', async () => {
    const { clients, zone } = await setUpZone();
    const other = await createZoneWithUsers(testApp, []);
    await putPolicy(clients.security_admin, { requireSecondFactorForAllStaff: true, passwordMaxAgeDays: 1 });
    const outsider = await createUser(testApp.database.db, {
      zoneId: other.zone.id,
      roles: ['clerk'],
      departmentId: other.department.id,
      passwordChangedAt: new Date(testApp.clock.now().getTime() - 30 * DAY_MS),
    });
    const insider = await createUser(testApp.database.db, { zoneId: zone.id, roles: ['leader'] });
    expect((await attemptSignIn(testApp, outsider.username)).json()).toMatchObject({ stage: 'active' });
    expect((await attemptSignIn(testApp, insider.username)).json()).toMatchObject({ stage: 'second_factor_setup' });
  });
});
