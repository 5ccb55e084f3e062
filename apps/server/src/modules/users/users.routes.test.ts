import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role, User } from '@yuanqu/shared';
import { createTestApp, createZoneWithUsers, signIn, type TestApp } from '../../test/test-app.js';
import { createDepartment, createEnterprise, createUser, TEST_PASSWORD } from '../../test/factories.js';
import { attemptSignIn, auditEventsOf, expectError, requestSignedOut } from '../../test/route-helpers.js';

const NEW_PASSWORD = 'Lantern-River-73';
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe('user administration routes', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  /** Zone A with its admins and a clerk; zone B with a user of its own that zone A must never reach. */
  async function setUpZones() {
    const home = await createZoneWithUsers(testApp, ['system_admin', 'security_admin', 'audit_admin', 'clerk']);
    const other = await createZoneWithUsers(testApp, ['system_admin']);
    const outsider = await createUser(testApp.database.db, {
      zoneId: other.zone.id,
      roles: ['approver'],
      departmentId: other.department.id,
    });
    return { ...home, other, outsider };
  }

  async function createMember(zoneId: string, departmentId: string, roles: Role[] = ['approver']) {
    return createUser(testApp.database.db, { zoneId, roles, departmentId });
  }

  describe('GET /api/users', () => {
    it('refuses a signed-out caller', async () => {
      expectError(await requestSignedOut(testApp, { method: 'GET', url: '/api/users' }), 'AUTH_REQUIRED');
    });

    it('refuses staff and the audit admin, who do not administer accounts', async () => {
      const { clients } = await setUpZones();
      expectError(await clients.clerk.request({ method: 'GET', url: '/api/users' }), 'FORBIDDEN');
      expectError(await clients.audit_admin.request({ method: 'GET', url: '/api/users' }), 'FORBIDDEN');
    });

    it('names the query parameter that is out of range', async () => {
      const { clients } = await setUpZones();
      expectError(
        await clients.system_admin.request({ method: 'GET', url: '/api/users?pageSize=500' }),
        'VALIDATION_FAILED',
        'query.pageSize',
        'maximum',
      );
      expectError(await clients.system_admin.request({ method: 'GET', url: '/api/users?role=wizard' }), 'VALIDATION_FAILED', 'query.role');
      expectError(
        await clients.system_admin.request({ method: 'GET', url: '/api/users?departmentId=sales' }),
        'VALIDATION_FAILED',
        'query.departmentId',
        'format',
      );
    });

    it('lists exactly the zone’s users to both account admins, never another zone’s', async () => {
      const { clients, zone, other } = await setUpZones();
      const zoneUsernames = (await testApp.database.db.query.users.findMany({ where: (users, { eq }) => eq(users.zoneId, zone.id) }))
        .map((row) => row.username)
        .sort();
      for (const admin of [clients.system_admin, clients.security_admin]) {
        const response = await admin.request({ method: 'GET', url: '/api/users' });
        expect(response.statusCode).toBe(200);
        const page = response.json<{ items: User[]; total: number; page: number; pageSize: number }>();
        expect(page).toMatchObject({ total: 4, page: 1, pageSize: 20 });
        expect(page.items.map((user) => user.username)).toEqual(zoneUsernames);
        expect(page.items.map((user) => user.id)).not.toContain(other.clients.system_admin.userId);
        expect(page.items[0]).not.toHaveProperty('passwordHash');
        expect(page.items[0]).not.toHaveProperty('totpSecret');
      }
    });

    it('filters by role, text, department and status, and pages', async () => {
      const { clients, zone, department } = await setUpZones();
      const otherDepartment = await createDepartment(testApp.database.db, zone.id);
      const moved = await createMember(zone.id, otherDepartment.id, ['inspector']);
      const admin = clients.system_admin;

      const clerks = (await admin.request({ method: 'GET', url: '/api/users?role=clerk' })).json<{ items: User[] }>().items;
      expect(clerks.map((user) => user.id)).toEqual([clients.clerk.userId]);

      const byText = (await admin.request({ method: 'GET', url: `/api/users?q=${moved.username.slice(5).toUpperCase()}` })).json<{
        items: User[];
      }>().items;
      expect(byText.map((user) => user.id)).toEqual([moved.id]);

      const byDepartment = (await admin.request({ method: 'GET', url: `/api/users?departmentId=${otherDepartment.id}` })).json<{
        items: User[];
      }>().items;
      expect(byDepartment.map((user) => user.id)).toEqual([moved.id]);
      const inFirst = (await admin.request({ method: 'GET', url: `/api/users?departmentId=${department.id}` })).json<{ total: number }>();
      expect(inFirst.total).toBe(4);

      await admin.request({ method: 'POST', url: `/api/users/${moved.id}/disable` });
      const disabled = (await admin.request({ method: 'GET', url: '/api/users?status=disabled' })).json<{ items: User[] }>().items;
      expect(disabled.map((user) => user.id)).toEqual([moved.id]);
      const active = (await admin.request({ method: 'GET', url: '/api/users?status=active' })).json<{ total: number }>();
      expect(active.total).toBe(4);

      const secondPage = (await admin.request({ method: 'GET', url: '/api/users?pageSize=2&page=2' })).json<{
        items: User[];
        total: number;
        page: number;
      }>();
      expect(secondPage).toMatchObject({ total: 5, page: 2 });
      expect(secondPage.items).toHaveLength(2);
    });
  });

  describe('GET /api/users/:id', () => {
    it('refuses a signed-out caller and a clerk', async () => {
      const { clients } = await setUpZones();
      expectError(await requestSignedOut(testApp, { method: 'GET', url: `/api/users/${clients.clerk.userId}` }), 'AUTH_REQUIRED');
      expectError(await clients.clerk.request({ method: 'GET', url: `/api/users/${clients.clerk.userId}` }), 'FORBIDDEN');
    });

    it('names a malformed id', async () => {
      const { clients } = await setUpZones();
      expectError(
        await clients.system_admin.request({ method: 'GET', url: '/api/users/not-a-uuid' }),
        'VALIDATION_FAILED',
        'params.id',
        'format',
      );
    });

    it('answers 404 for a user of another zone, as for one that does not exist', async () => {
      const { clients, outsider } = await setUpZones();
      expectError(await clients.system_admin.request({ method: 'GET', url: `/api/users/${outsider.id}` }), 'NOT_FOUND');
      expectError(await clients.security_admin.request({ method: 'GET', url: `/api/users/${outsider.id}` }), 'NOT_FOUND');
      expectError(await clients.system_admin.request({ method: 'GET', url: `/api/users/${UNKNOWN_ID}` }), 'NOT_FOUND');
    });

    it('describes a user of the zone', async () => {
      const { clients, department } = await setUpZones();
      const response = await clients.security_admin.request({ method: 'GET', url: `/api/users/${clients.system_admin.userId}` });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        id: clients.system_admin.userId,
        kind: 'staff',
        roles: ['system_admin'],
        departmentId: department.id,
        status: 'active',
        hasSecondFactor: true,
        lockedUntil: null,
      });
      expect(response.json()).not.toHaveProperty('passwordHash');
    });
  });

  describe('POST /api/users', () => {
    const body = (overrides: Record<string, unknown> = {}) => ({
      username: `new-${Math.random().toString(36).slice(2, 10)}`,
      displayName: '王晓明',
      roles: ['clerk'],
      password: NEW_PASSWORD,
      ...overrides,
    });

    it('refuses a signed-out caller', async () => {
      expectError(await requestSignedOut(testApp, { method: 'POST', url: '/api/users', payload: body() }), 'AUTH_REQUIRED');
    });

    it('refuses the security admin, whose duties exclude creating accounts', async () => {
      const { clients } = await setUpZones();
      const payload = body();
      expectError(await clients.security_admin.request({ method: 'POST', url: '/api/users', payload }), 'FORBIDDEN');
      expect(
        await testApp.database.db.query.users.findFirst({ where: (users, { eq }) => eq(users.username, payload.username) }),
      ).toBeUndefined();
    });

    it('names invalid fields', async () => {
      const { clients } = await setUpZones();
      const admin = clients.system_admin;
      expectError(
        await admin.request({ method: 'POST', url: '/api/users', payload: body({ username: 'has space' }) }),
        'VALIDATION_FAILED',
        'body.username',
        'pattern',
      );
      expectError(
        await admin.request({ method: 'POST', url: '/api/users', payload: body({ roles: [] }) }),
        'VALIDATION_FAILED',
        'body.roles',
        'minItems',
      );
      expectError(
        await admin.request({ method: 'POST', url: '/api/users', payload: body({ phone: '12345' }) }),
        'VALIDATION_FAILED',
        'body.phone',
      );
      expectError(
        await admin.request({ method: 'POST', url: '/api/users', payload: body({ isDisabled: true }) }),
        'VALIDATION_FAILED',
        'body.isDisabled',
        'additionalProperties',
      );
      const { password: _password, ...withoutPassword } = body();
      expectError(
        await admin.request({ method: 'POST', url: '/api/users', payload: withoutPassword }),
        'VALIDATION_FAILED',
        'body.password',
        'required',
      );
    });

    it('creates a staff account that can sign in, and records who created it', async () => {
      const { clients, zone, department } = await setUpZones();
      const payload = body({
        username: 'Wang.XiaoMing',
        departmentId: department.id,
        roles: ['clerk', 'inspector'],
        phone: '13800138000',
        email: 'wxm@example.cn',
      });
      const response = await clients.system_admin.request({ method: 'POST', url: '/api/users', payload });
      expect(response.statusCode).toBe(200);
      const created = response.json<User>();
      expect(created).toMatchObject({
        username: 'wang.xiaoming',
        displayName: '王晓明',
        kind: 'staff',
        roles: ['clerk', 'inspector'],
        departmentId: department.id,
        enterpriseId: null,
        phone: '13800138000',
        email: 'wxm@example.cn',
        status: 'active',
        hasSecondFactor: false,
      });

      const row = await testApp.database.db.query.users.findFirst({ where: (users, { eq }) => eq(users.id, created.id) });
      expect(row).toMatchObject({ zoneId: zone.id, username: 'wang.xiaoming' });
      expect(row!.passwordHash).toMatch(/^scrypt\$/);
      expect(row!.passwordHash).not.toContain(NEW_PASSWORD);
      expect((await clients.security_admin.request({ method: 'GET', url: `/api/users/${created.id}` })).json()).toEqual(created);

      const session = await signIn(testApp, 'WANG.XIAOMING', NEW_PASSWORD);
      expect((await session.request({ method: 'GET', url: '/api/auth/session' })).json()).toMatchObject({
        stage: 'active',
        user: { id: created.id, zone: { id: zone.id } },
      });

      const [event] = await auditEventsOf(clients.audit_admin, { action: 'user.create' });
      expect(event).toMatchObject({
        action: 'user.create',
        outcome: 'success',
        actorId: clients.system_admin.userId,
        actorName: '测试用户 system_admin',
        targetType: 'user',
        targetId: created.id,
        details: { username: 'wang.xiaoming', roles: ['clerk', 'inspector'] },
      });
      expect(JSON.stringify(event)).not.toContain(NEW_PASSWORD);
    });

    it('creates an enterprise applicant only for an enterprise of the zone', async () => {
      const { clients, zone, other } = await setUpZones();
      const enterprise = await createEnterprise(testApp.database.db, zone.id);
      const foreign = await createEnterprise(testApp.database.db, other.zone.id);
      const admin = clients.system_admin;
      expectError(
        await admin.request({ method: 'POST', url: '/api/users', payload: body({ kind: 'enterprise', roles: ['applicant'] }) }),
        'VALIDATION_FAILED',
        'body.enterpriseId',
        'required',
      );
      expectError(
        await admin.request({
          method: 'POST',
          url: '/api/users',
          payload: body({ kind: 'enterprise', roles: ['applicant'], enterpriseId: foreign.id }),
        }),
        'VALIDATION_FAILED',
        'body.enterpriseId',
        'not_found',
      );
      expectError(
        await admin.request({
          method: 'POST',
          url: '/api/users',
          payload: body({ kind: 'enterprise', roles: ['clerk'], enterpriseId: enterprise.id }),
        }),
        'USER_ROLE_NOT_ALLOWED',
        'body.roles',
      );
      const response = await admin.request({
        method: 'POST',
        url: '/api/users',
        payload: body({ kind: 'enterprise', roles: ['applicant'], enterpriseId: enterprise.id }),
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ kind: 'enterprise', roles: ['applicant'], enterpriseId: enterprise.id, departmentId: null });
    });

    it('refuses a department of another zone', async () => {
      const { clients, other } = await setUpZones();
      const payload = body({ departmentId: other.department.id });
      expectError(
        await clients.system_admin.request({ method: 'POST', url: '/api/users', payload }),
        'VALIDATION_FAILED',
        'body.departmentId',
        'not_found',
      );
      expect(
        await testApp.database.db.query.users.findFirst({ where: (users, { eq }) => eq(users.username, payload.username) }),
      ).toBeUndefined();
    });

    it('keeps the three admin roles apart and applicants out of staff accounts', async () => {
      const { clients } = await setUpZones();
      const admin = clients.system_admin;
      expectError(
        await admin.request({ method: 'POST', url: '/api/users', payload: body({ roles: ['system_admin', 'audit_admin'] }) }),
        'USER_ADMIN_ROLES_SEPARATED',
        'body.roles',
        'admin_roles_separated',
      );
      expectError(
        await admin.request({ method: 'POST', url: '/api/users', payload: body({ roles: ['security_admin', 'audit_admin'] }) }),
        'USER_ADMIN_ROLES_SEPARATED',
        'body.roles',
      );
      expectError(
        await admin.request({ method: 'POST', url: '/api/users', payload: body({ roles: ['clerk', 'applicant'] }) }),
        'USER_ROLE_NOT_ALLOWED',
        'body.roles',
        'kind',
      );
      const list = (await admin.request({ method: 'GET', url: '/api/users' })).json<{ total: number }>();
      expect(list.total).toBe(4);
    });

    it('refuses a user name that is taken, in any zone and any letter case', async () => {
      const { clients, outsider } = await setUpZones();
      const first = await clients.system_admin.request({ method: 'POST', url: '/api/users', payload: body({ username: 'li.na' }) });
      expect(first.statusCode).toBe(200);
      expectError(
        await clients.system_admin.request({ method: 'POST', url: '/api/users', payload: body({ username: 'LI.NA' }) }),
        'USER_USERNAME_TAKEN',
        'body.username',
        'taken',
      );
      expectError(
        await clients.system_admin.request({ method: 'POST', url: '/api/users', payload: body({ username: outsider.username }) }),
        'USER_USERNAME_TAKEN',
        'body.username',
      );
    });

    it('refuses short and common passwords, naming the password field', async () => {
      const { clients } = await setUpZones();
      const admin = clients.system_admin;
      expectError(
        await admin.request({ method: 'POST', url: '/api/users', payload: body({ password: 'Ab1!x' }) }),
        'PASSWORD_TOO_WEAK',
        'body.password',
        'min_length',
      );
      for (const password of ['password123', 'Password123!', 'woaini1314', 'zzzzzzzzzz']) {
        expectError(
          await admin.request({ method: 'POST', url: '/api/users', payload: body({ password }) }),
          'PASSWORD_TOO_COMMON',
          'body.password',
          'common',
        );
      }
      expectError(
        await admin.request({ method: 'POST', url: '/api/users', payload: body({ username: 'zhao.lei', password: 'zhao.lei-2026' }) }),
        'PASSWORD_TOO_COMMON',
        'body.password',
      );
      expect((await admin.request({ method: 'GET', url: '/api/users' })).json<{ total: number }>().total).toBe(4);
    });
  });

  describe('PATCH /api/users/:id', () => {
    it('refuses a signed-out caller and the security admin', async () => {
      const { clients } = await setUpZones();
      expectError(
        await requestSignedOut(testApp, { method: 'PATCH', url: `/api/users/${clients.clerk.userId}`, payload: { displayName: 'x' } }),
        'AUTH_REQUIRED',
      );
      expectError(
        await clients.security_admin.request({
          method: 'PATCH',
          url: `/api/users/${clients.clerk.userId}`,
          payload: { displayName: '改名' },
        }),
        'FORBIDDEN',
      );
      expect((await clients.system_admin.request({ method: 'GET', url: `/api/users/${clients.clerk.userId}` })).json()).toMatchObject({
        displayName: '测试用户 clerk',
      });
    });

    it('names invalid fields and ids', async () => {
      const { clients } = await setUpZones();
      const admin = clients.system_admin;
      const url = `/api/users/${clients.clerk.userId}`;
      expectError(
        await admin.request({ method: 'PATCH', url, payload: { displayName: '' } }),
        'VALIDATION_FAILED',
        'body.displayName',
        'minLength',
      );
      expectError(
        await admin.request({ method: 'PATCH', url, payload: { username: 'renamed' } }),
        'VALIDATION_FAILED',
        'body.username',
        'additionalProperties',
      );
      expectError(await admin.request({ method: 'PATCH', url, payload: {} }), 'VALIDATION_FAILED', 'body', 'minProperties');
      expectError(
        await admin.request({ method: 'PATCH', url: '/api/users/123', payload: { displayName: '改名' } }),
        'VALIDATION_FAILED',
        'params.id',
      );
    });

    it('answers 404 for a user of another zone and leaves them unchanged', async () => {
      const { clients, outsider } = await setUpZones();
      expectError(
        await clients.system_admin.request({ method: 'PATCH', url: `/api/users/${outsider.id}`, payload: { displayName: '越权' } }),
        'NOT_FOUND',
      );
      const row = await testApp.database.db.query.users.findFirst({ where: (users, { eq }) => eq(users.id, outsider.id) });
      expect(row!.displayName).not.toBe('越权');
    });

    it('changes profile, department and roles, and the change shows and is audited', async () => {
      const { clients, zone } = await setUpZones();
      const newDepartment = await createDepartment(testApp.database.db, zone.id);
      const response = await clients.system_admin.request({
        method: 'PATCH',
        url: `/api/users/${clients.clerk.userId}`,
        payload: { displayName: '刘洋', departmentId: newDepartment.id, roles: ['clerk', 'approver'], phone: '13900000000' },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        displayName: '刘洋',
        departmentId: newDepartment.id,
        roles: ['approver', 'clerk'],
        phone: '13900000000',
      });
      expect((await clients.security_admin.request({ method: 'GET', url: `/api/users/${clients.clerk.userId}` })).json()).toMatchObject({
        displayName: '刘洋',
        roles: ['approver', 'clerk'],
      });
      // the roles apply to the open session at once
      expect((await clients.clerk.request({ method: 'GET', url: '/api/auth/session' })).json()).toMatchObject({
        user: { roles: ['approver', 'clerk'], displayName: '刘洋' },
      });
      const [event] = await auditEventsOf(clients.audit_admin, { action: 'user.update' });
      expect(event).toMatchObject({
        actorId: clients.system_admin.userId,
        targetId: clients.clerk.userId,
        details: { rolesBefore: ['clerk'], rolesAfter: ['clerk', 'approver'] },
      });
    });

    it('keeps admin roles apart, applicants out of staff, and admins off their own roles', async () => {
      const { clients } = await setUpZones();
      const admin = clients.system_admin;
      expectError(
        await admin.request({
          method: 'PATCH',
          url: `/api/users/${clients.clerk.userId}`,
          payload: { roles: ['system_admin', 'audit_admin'] },
        }),
        'USER_ADMIN_ROLES_SEPARATED',
        'body.roles',
      );
      expectError(
        await admin.request({
          method: 'PATCH',
          url: `/api/users/${clients.security_admin.userId}`,
          payload: { roles: ['security_admin', 'system_admin'] },
        }),
        'USER_ADMIN_ROLES_SEPARATED',
        'body.roles',
      );
      expectError(
        await admin.request({ method: 'PATCH', url: `/api/users/${clients.clerk.userId}`, payload: { roles: ['applicant'] } }),
        'USER_ROLE_NOT_ALLOWED',
        'body.roles',
      );
      expectError(
        await admin.request({ method: 'PATCH', url: `/api/users/${admin.userId}`, payload: { roles: ['system_admin', 'leader'] } }),
        'USER_CANNOT_CHANGE_SELF',
      );
      const roles = async (userId: string) => (await admin.request({ method: 'GET', url: `/api/users/${userId}` })).json<User>().roles;
      expect(await roles(clients.clerk.userId)).toEqual(['clerk']);
      expect(await roles(clients.security_admin.userId)).toEqual(['security_admin']);
      expect(await roles(admin.userId)).toEqual(['system_admin']);
    });

    it('signs out someone given an admin role, so that their next sign-in asks for the second factor', async () => {
      const { clients } = await setUpZones();
      const response = await clients.system_admin.request({
        method: 'PATCH',
        url: `/api/users/${clients.clerk.userId}`,
        payload: { roles: ['security_admin'] },
      });
      expect(response.json()).toMatchObject({ roles: ['security_admin'], hasSecondFactor: false });
      // the session opened with a password alone must not carry the admin role
      expectError(await clients.clerk.request({ method: 'GET', url: '/api/users' }), 'AUTH_REQUIRED');
      const username = (await testApp.database.db.query.users.findFirst({ where: (users, { eq }) => eq(users.id, clients.clerk.userId) }))!
        .username;
      expect((await attemptSignIn(testApp, username)).json()).toMatchObject({ stage: 'second_factor_setup' });
      const [event] = await auditEventsOf(clients.audit_admin, { action: 'user.update' });
      expect(event).toMatchObject({ targetId: clients.clerk.userId, details: { rolesAfter: ['security_admin'], sessionsRevoked: 1 } });
    });

    it('keeps the session of someone given another staff role', async () => {
      const { clients } = await setUpZones();
      await clients.system_admin.request({
        method: 'PATCH',
        url: `/api/users/${clients.clerk.userId}`,
        payload: { roles: ['clerk', 'inspector'] },
      });
      expect((await clients.clerk.request({ method: 'GET', url: '/api/auth/session' })).json()).toMatchObject({
        stage: 'active',
        user: { roles: ['clerk', 'inspector'] },
      });
    });

    it('refuses a department of another zone', async () => {
      const { clients, other } = await setUpZones();
      expectError(
        await clients.system_admin.request({
          method: 'PATCH',
          url: `/api/users/${clients.clerk.userId}`,
          payload: { departmentId: other.department.id },
        }),
        'VALIDATION_FAILED',
        'body.departmentId',
        'not_found',
      );
    });
  });

  describe('POST /api/users/:id/disable and /enable', () => {
    it('refuses a signed-out caller and the security admin', async () => {
      const { clients } = await setUpZones();
      for (const action of ['disable', 'enable']) {
        expectError(
          await requestSignedOut(testApp, { method: 'POST', url: `/api/users/${clients.clerk.userId}/${action}` }),
          'AUTH_REQUIRED',
        );
        expectError(
          await clients.security_admin.request({ method: 'POST', url: `/api/users/${clients.clerk.userId}/${action}` }),
          'FORBIDDEN',
        );
      }
      expect((await clients.clerk.request({ method: 'GET', url: '/api/zone' })).statusCode).toBe(200);
    });

    it('names a malformed id and answers 404 for another zone’s user', async () => {
      const { clients, outsider, other } = await setUpZones();
      for (const action of ['disable', 'enable']) {
        expectError(
          await clients.system_admin.request({ method: 'POST', url: `/api/users/nope/${action}` }),
          'VALIDATION_FAILED',
          'params.id',
        );
        expectError(await clients.system_admin.request({ method: 'POST', url: `/api/users/${outsider.id}/${action}` }), 'NOT_FOUND');
      }
      const outsiderClient = await signIn(testApp, outsider.username);
      expect((await outsiderClient.request({ method: 'GET', url: '/api/zone' })).json()).toMatchObject({ id: other.zone.id });
    });

    it('disables an account: its sessions end, it cannot sign in, until enabled again', async () => {
      const { clients, zone, department } = await setUpZones();
      const member = await createMember(zone.id, department.id);
      const phone = await signIn(testApp, member.username);
      const laptop = await signIn(testApp, member.username);

      const disabled = await clients.system_admin.request({ method: 'POST', url: `/api/users/${member.id}/disable` });
      expect(disabled.statusCode).toBe(200);
      expect(disabled.json()).toMatchObject({ id: member.id, status: 'disabled' });
      expectError(await phone.request({ method: 'GET', url: '/api/home/summary' }), 'AUTH_REQUIRED');
      expectError(await laptop.request({ method: 'GET', url: '/api/zone' }), 'AUTH_REQUIRED');
      expectError(await attemptSignIn(testApp, member.username), 'AUTH_ACCOUNT_DISABLED');
      expect((await clients.security_admin.request({ method: 'GET', url: `/api/users/${member.id}` })).json()).toMatchObject({
        status: 'disabled',
      });
      const openSessions = await testApp.database.db.query.sessions.findMany({
        where: (sessions, { and, eq, isNull }) => and(eq(sessions.userId, member.id), isNull(sessions.revokedAt)),
      });
      expect(openSessions).toEqual([]);

      const enabled = await clients.system_admin.request({ method: 'POST', url: `/api/users/${member.id}/enable` });
      expect(enabled.json()).toMatchObject({ status: 'active' });
      expect((await attemptSignIn(testApp, member.username)).statusCode).toBe(200);
      // the old sessions stay ended
      expectError(await phone.request({ method: 'GET', url: '/api/home/summary' }), 'AUTH_REQUIRED');

      const events = await auditEventsOf(clients.audit_admin, { action: 'user' });
      expect(events.map((event) => event.action).slice(0, 2)).toEqual(['user.enable', 'user.disable']);
      expect(events[1]).toMatchObject({ actorId: clients.system_admin.userId, targetId: member.id, details: { sessionsRevoked: 2 } });
    });

    it('does not let an admin disable their own account', async () => {
      const { clients } = await setUpZones();
      expectError(
        await clients.system_admin.request({ method: 'POST', url: `/api/users/${clients.system_admin.userId}/disable` }),
        'USER_CANNOT_CHANGE_SELF',
      );
      expect((await clients.system_admin.request({ method: 'GET', url: '/api/users' })).statusCode).toBe(200);
    });
  });

  describe('POST /api/users/:id/unlock', () => {
    async function lockOut(username: string) {
      for (let attempt = 0; attempt < 5; attempt += 1) await attemptSignIn(testApp, username, 'not-the-password');
    }

    it('refuses a signed-out caller and the system admin', async () => {
      const { clients } = await setUpZones();
      expectError(await requestSignedOut(testApp, { method: 'POST', url: `/api/users/${clients.clerk.userId}/unlock` }), 'AUTH_REQUIRED');
      expectError(await clients.system_admin.request({ method: 'POST', url: `/api/users/${clients.clerk.userId}/unlock` }), 'FORBIDDEN');
    });

    it('names a malformed id and answers 404 for another zone’s user, leaving them locked', async () => {
      const { clients, outsider } = await setUpZones();
      expectError(await clients.security_admin.request({ method: 'POST', url: '/api/users/%20/unlock' }), 'VALIDATION_FAILED', 'params.id');
      await lockOut(outsider.username);
      expectError(await clients.security_admin.request({ method: 'POST', url: `/api/users/${outsider.id}/unlock` }), 'NOT_FOUND');
      expectError(await attemptSignIn(testApp, outsider.username), 'AUTH_ACCOUNT_LOCKED');
    });

    it('clears a lock so the person can sign in at once', async () => {
      const { clients, zone, department } = await setUpZones();
      const member = await createMember(zone.id, department.id);
      await lockOut(member.username);
      const locked = (await clients.security_admin.request({ method: 'GET', url: `/api/users/${member.id}` })).json<User>();
      expect(locked.status).toBe('locked');
      expect(new Date(locked.lockedUntil!).getTime()).toBe(testApp.clock.now().getTime() + 15 * 60_000);
      expect(
        (await clients.security_admin.request({ method: 'GET', url: '/api/users?status=locked' }))
          .json<{ items: User[] }>()
          .items.map((user) => user.id),
      ).toEqual([member.id]);

      const response = await clients.security_admin.request({ method: 'POST', url: `/api/users/${member.id}/unlock` });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ status: 'active', lockedUntil: null });
      expect((await attemptSignIn(testApp, member.username)).statusCode).toBe(200);
      const [event] = await auditEventsOf(clients.audit_admin, { action: 'user.unlock' });
      expect(event).toMatchObject({ actorId: clients.security_admin.userId, targetId: member.id });
    });
  });

  describe('POST /api/users/:id/reset-second-factor', () => {
    it('refuses a signed-out caller and the system admin', async () => {
      const { clients } = await setUpZones();
      expectError(
        await requestSignedOut(testApp, { method: 'POST', url: `/api/users/${clients.system_admin.userId}/reset-second-factor` }),
        'AUTH_REQUIRED',
      );
      expectError(
        await clients.system_admin.request({ method: 'POST', url: `/api/users/${clients.audit_admin.userId}/reset-second-factor` }),
        'FORBIDDEN',
      );
      expect(
        (await clients.security_admin.request({ method: 'GET', url: `/api/users/${clients.audit_admin.userId}` })).json(),
      ).toMatchObject({ hasSecondFactor: true });
    });

    it('names a malformed id, answers 404 for another zone’s user, and refuses one’s own', async () => {
      const { clients, other } = await setUpZones();
      expectError(
        await clients.security_admin.request({ method: 'POST', url: '/api/users/x/reset-second-factor' }),
        'VALIDATION_FAILED',
        'params.id',
      );
      expectError(
        await clients.security_admin.request({
          method: 'POST',
          url: `/api/users/${other.clients.system_admin.userId}/reset-second-factor`,
        }),
        'NOT_FOUND',
      );
      expectError(
        await clients.security_admin.request({ method: 'POST', url: `/api/users/${clients.security_admin.userId}/reset-second-factor` }),
        'USER_CANNOT_CHANGE_SELF',
      );
      expect((await other.clients.system_admin.request({ method: 'GET', url: '/api/auth/session' })).json()).toMatchObject({
        stage: 'active',
        user: { hasSecondFactor: true },
      });
    });

    it('signs the admin out and sends their next sign-in to enrol a new authenticator', async () => {
      const { clients, zone } = await setUpZones();
      const response = await clients.security_admin.request({
        method: 'POST',
        url: `/api/users/${clients.system_admin.userId}/reset-second-factor`,
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: clients.system_admin.userId, hasSecondFactor: false });
      expectError(await clients.system_admin.request({ method: 'GET', url: '/api/users' }), 'AUTH_REQUIRED');

      const row = await testApp.database.db.query.users.findFirst({ where: (users, { eq }) => eq(users.id, clients.system_admin.userId) });
      expect(row).toMatchObject({ totpSecret: null, totpEnabledAt: null, zoneId: zone.id });
      const signInAgain = await attemptSignIn(testApp, row!.username);
      expect(signInAgain.json()).toMatchObject({ stage: 'second_factor_setup', user: { hasSecondFactor: false } });

      const [event] = await auditEventsOf(clients.audit_admin, { action: 'user.reset_second_factor' });
      expect(event).toMatchObject({
        actorId: clients.security_admin.userId,
        targetId: clients.system_admin.userId,
        details: { sessionsRevoked: 1 },
      });
    });
  });

  describe('POST /api/users/:id/revoke-sessions', () => {
    it('refuses a signed-out caller and the system admin', async () => {
      const { clients } = await setUpZones();
      expectError(
        await requestSignedOut(testApp, { method: 'POST', url: `/api/users/${clients.clerk.userId}/revoke-sessions` }),
        'AUTH_REQUIRED',
      );
      expectError(
        await clients.system_admin.request({ method: 'POST', url: `/api/users/${clients.clerk.userId}/revoke-sessions` }),
        'FORBIDDEN',
      );
      expect((await clients.clerk.request({ method: 'GET', url: '/api/zone' })).statusCode).toBe(200);
    });

    it('names a malformed id and answers 404 for another zone’s user, whose sessions go on', async () => {
      const { clients, outsider } = await setUpZones();
      const outsiderClient = await signIn(testApp, outsider.username);
      expectError(
        await clients.security_admin.request({ method: 'POST', url: '/api/users/1/revoke-sessions' }),
        'VALIDATION_FAILED',
        'params.id',
      );
      expectError(await clients.security_admin.request({ method: 'POST', url: `/api/users/${outsider.id}/revoke-sessions` }), 'NOT_FOUND');
      expect((await outsiderClient.request({ method: 'GET', url: '/api/zone' })).statusCode).toBe(200);
    });

    it('signs a user out everywhere, leaving them able to sign in again', async () => {
      const { clients, zone, department } = await setUpZones();
      const member = await createMember(zone.id, department.id);
      const phone = await signIn(testApp, member.username);
      const laptop = await signIn(testApp, member.username);
      const response = await clients.security_admin.request({ method: 'POST', url: `/api/users/${member.id}/revoke-sessions` });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: member.id, status: 'active' });
      expectError(await phone.request({ method: 'GET', url: '/api/zone' }), 'AUTH_REQUIRED');
      expectError(await laptop.request({ method: 'GET', url: '/api/zone' }), 'AUTH_REQUIRED');
      expect((await clients.clerk.request({ method: 'GET', url: '/api/zone' })).statusCode).toBe(200);
      expect((await attemptSignIn(testApp, member.username)).statusCode).toBe(200);
      const [event] = await auditEventsOf(clients.audit_admin, { action: 'user.revoke_sessions' });
      expect(event).toMatchObject({ actorId: clients.security_admin.userId, targetId: member.id, details: { sessionsRevoked: 2 } });
    });
  });

  describe('POST /api/users/:id/reset-password', () => {
    it('refuses a signed-out caller and the security admin', async () => {
      const { clients } = await setUpZones();
      expectError(
        await requestSignedOut(testApp, {
          method: 'POST',
          url: `/api/users/${clients.clerk.userId}/reset-password`,
          payload: { password: NEW_PASSWORD },
        }),
        'AUTH_REQUIRED',
      );
      expectError(
        await clients.security_admin.request({
          method: 'POST',
          url: `/api/users/${clients.clerk.userId}/reset-password`,
          payload: { password: NEW_PASSWORD },
        }),
        'FORBIDDEN',
      );
      expectError(
        await attemptSignIn(
          testApp,
          (await testApp.database.db.query.users.findFirst({ where: (users, { eq }) => eq(users.id, clients.clerk.userId) }))!.username,
          NEW_PASSWORD,
        ),
        'AUTH_INVALID_CREDENTIALS',
      );
    });

    it('names invalid input, answers 404 for another zone’s user, and refuses one’s own', async () => {
      const { clients, outsider } = await setUpZones();
      const admin = clients.system_admin;
      expectError(
        await admin.request({ method: 'POST', url: `/api/users/${clients.clerk.userId}/reset-password`, payload: {} }),
        'VALIDATION_FAILED',
        'body.password',
        'required',
      );
      expectError(
        await admin.request({ method: 'POST', url: '/api/users/abc/reset-password', payload: { password: NEW_PASSWORD } }),
        'VALIDATION_FAILED',
        'params.id',
      );
      expectError(
        await admin.request({ method: 'POST', url: `/api/users/${clients.clerk.userId}/reset-password`, payload: { password: 'short1' } }),
        'PASSWORD_TOO_WEAK',
        'body.password',
        'min_length',
      );
      expectError(
        await admin.request({
          method: 'POST',
          url: `/api/users/${clients.clerk.userId}/reset-password`,
          payload: { password: 'qwerty123' },
        }),
        'PASSWORD_TOO_COMMON',
        'body.password',
      );
      expectError(
        await admin.request({ method: 'POST', url: `/api/users/${outsider.id}/reset-password`, payload: { password: NEW_PASSWORD } }),
        'NOT_FOUND',
      );
      expectError(
        await admin.request({ method: 'POST', url: `/api/users/${admin.userId}/reset-password`, payload: { password: NEW_PASSWORD } }),
        'USER_CANNOT_CHANGE_SELF',
      );
      expect((await attemptSignIn(testApp, outsider.username)).statusCode).toBe(200);
    });

    it('sets the new password, ends the old sessions and clears a lock', async () => {
      const { clients, zone, department } = await setUpZones();
      const member = await createMember(zone.id, department.id);
      const session = await signIn(testApp, member.username);
      for (let attempt = 0; attempt < 5; attempt += 1) await attemptSignIn(testApp, member.username, 'wrong-guess');

      const response = await clients.system_admin.request({
        method: 'POST',
        url: `/api/users/${member.id}/reset-password`,
        payload: { password: NEW_PASSWORD },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: member.id, status: 'active', lockedUntil: null });
      expectError(await session.request({ method: 'GET', url: '/api/zone' }), 'AUTH_REQUIRED');
      expectError(await attemptSignIn(testApp, member.username, TEST_PASSWORD), 'AUTH_INVALID_CREDENTIALS');
      expect((await attemptSignIn(testApp, member.username, NEW_PASSWORD)).json()).toMatchObject({ stage: 'active' });
      const [event] = await auditEventsOf(clients.audit_admin, { action: 'user.reset_password' });
      expect(event).toMatchObject({ actorId: clients.system_admin.userId, targetId: member.id });
      expect(JSON.stringify(event)).not.toContain(NEW_PASSWORD);
    });
  });

  it('writes no audit record for a refused change', async () => {
    const { clients } = await setUpZones();
    expectError(
      await clients.system_admin.request({
        method: 'POST',
        url: '/api/users',
        payload: { username: 'dup-check', displayName: 'x', roles: ['system_admin', 'audit_admin'], password: NEW_PASSWORD },
      }),
      'USER_ADMIN_ROLES_SEPARATED',
    );
    expect(await auditEventsOf(clients.audit_admin, { action: 'user' })).toEqual([]);
  });
});
