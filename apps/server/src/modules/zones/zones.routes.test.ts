import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Department } from '@yuanqu/shared';
import { createTestApp, createZoneWithUsers, type Client, type TestApp } from '../../test/test-app.js';
import { createDepartment, createUser } from '../../test/factories.js';
import { auditEventsOf, expectError, requestSignedOut } from '../../test/route-helpers.js';

describe('zone and department routes', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  /** Zone A with its system and audit admins, a clerk and an applicant; zone B with a department of its own. */
  async function setUpZones() {
    const home = await createZoneWithUsers(testApp, ['system_admin', 'audit_admin', 'clerk', 'applicant']);
    const other = await createZoneWithUsers(testApp, ['system_admin']);
    return { ...home, other };
  }

  async function departmentsOf(client: Client) {
    const response = await client.request({ method: 'GET', url: '/api/departments' });
    expect(response.statusCode).toBe(200);
    return response.json<Department[]>();
  }

  describe('GET /api/zone', () => {
    it('refuses a signed-out caller', async () => {
      expectError(await requestSignedOut(testApp, { method: 'GET', url: '/api/zone' }), 'AUTH_REQUIRED');
    });

    it('shows each signed-in user their own zone, applicants included', async () => {
      const { clients, zone, other } = await setUpZones();
      const expected = { id: zone.id, code: zone.code, nameZh: zone.nameZh, nameEn: zone.nameEn };
      expect((await clients.clerk.request({ method: 'GET', url: '/api/zone' })).json()).toEqual(expected);
      expect((await clients.applicant.request({ method: 'GET', url: '/api/zone' })).json()).toEqual(expected);
      expect((await other.clients.system_admin.request({ method: 'GET', url: '/api/zone' })).json()).toMatchObject({ id: other.zone.id });
    });
  });

  describe('GET /api/departments', () => {
    it('refuses a signed-out caller and an applicant', async () => {
      const { clients } = await setUpZones();
      expectError(await requestSignedOut(testApp, { method: 'GET', url: '/api/departments' }), 'AUTH_REQUIRED');
      expectError(await clients.applicant.request({ method: 'GET', url: '/api/departments' }), 'FORBIDDEN');
    });

    it('lists the zone’s departments in code order with their member counts, never another zone’s', async () => {
      const { clients, zone, department, other } = await setUpZones();
      const empty = await createDepartment(testApp.database.db, zone.id, { code: '0-first' });
      await createUser(testApp.database.db, { zoneId: other.zone.id, roles: ['clerk'], departmentId: other.department.id });
      const list = await departmentsOf(clients.clerk);
      expect(list).toEqual([
        { id: empty.id, code: '0-first', nameZh: empty.nameZh, nameEn: empty.nameEn, userCount: 0 },
        // system admin, audit admin and clerk; the applicant belongs to no department
        { id: department.id, code: department.code, nameZh: department.nameZh, nameEn: department.nameEn, userCount: 3 },
      ]);
      expect(await departmentsOf(other.clients.system_admin)).toEqual([expect.objectContaining({ id: other.department.id, userCount: 2 })]);
    });
  });

  describe('POST /api/departments', () => {
    const payload = { code: 'investment', nameZh: '招商局', nameEn: 'Investment Promotion Bureau' };

    it('refuses a signed-out caller and staff other than the system admin', async () => {
      const { clients } = await setUpZones();
      expectError(await requestSignedOut(testApp, { method: 'POST', url: '/api/departments', payload }), 'AUTH_REQUIRED');
      expectError(await clients.clerk.request({ method: 'POST', url: '/api/departments', payload }), 'FORBIDDEN');
      expectError(await clients.audit_admin.request({ method: 'POST', url: '/api/departments', payload }), 'FORBIDDEN');
      expect((await departmentsOf(clients.clerk)).map((row) => row.code)).not.toContain('investment');
    });

    it('names invalid fields', async () => {
      const { clients } = await setUpZones();
      const admin = clients.system_admin;
      expectError(
        await admin.request({ method: 'POST', url: '/api/departments', payload: { ...payload, code: 'Has Spaces' } }),
        'VALIDATION_FAILED',
        'body.code',
        'pattern',
      );
      expectError(
        await admin.request({ method: 'POST', url: '/api/departments', payload: { ...payload, nameZh: '' } }),
        'VALIDATION_FAILED',
        'body.nameZh',
        'minLength',
      );
      expectError(
        await admin.request({ method: 'POST', url: '/api/departments', payload: { code: 'x', nameZh: '某部门' } }),
        'VALIDATION_FAILED',
        'body.nameEn',
        'required',
      );
      expectError(
        await admin.request({ method: 'POST', url: '/api/departments', payload: { ...payload, zoneId: admin.userId } }),
        'VALIDATION_FAILED',
        'body.zoneId',
        'additionalProperties',
      );
    });

    it('creates a department in the admin’s zone, shown in the list and audited', async () => {
      const { clients, zone, other } = await setUpZones();
      const response = await clients.system_admin.request({ method: 'POST', url: '/api/departments', payload });
      expect(response.statusCode).toBe(200);
      const created = response.json<Department>();
      expect(created).toMatchObject({ ...payload, userCount: 0 });
      const row = await testApp.database.db.query.departments.findFirst({ where: (departments, { eq }) => eq(departments.id, created.id) });
      expect(row).toMatchObject({ zoneId: zone.id, code: 'investment' });
      expect(await departmentsOf(clients.clerk)).toContainEqual(created);
      expect((await departmentsOf(other.clients.system_admin)).map((department) => department.id)).not.toContain(created.id);
      const [event] = await auditEventsOf(clients.audit_admin, { action: 'department.create' });
      expect(event).toMatchObject({
        actorId: clients.system_admin.userId,
        targetType: 'department',
        targetId: created.id,
        details: payload,
      });
    });

    it('refuses a code taken in the zone, but not one taken in another zone', async () => {
      const { clients, other } = await setUpZones();
      expect((await clients.system_admin.request({ method: 'POST', url: '/api/departments', payload })).statusCode).toBe(200);
      expectError(
        await clients.system_admin.request({ method: 'POST', url: '/api/departments', payload: { ...payload, nameZh: '另一个' } }),
        'DEPARTMENT_CODE_TAKEN',
        'body.code',
        'taken',
      );
      expect((await other.clients.system_admin.request({ method: 'POST', url: '/api/departments', payload })).statusCode).toBe(200);
      expect((await departmentsOf(clients.clerk)).filter((department) => department.code === 'investment')).toHaveLength(1);
    });
  });

  describe('PATCH /api/departments/:id', () => {
    it('refuses a signed-out caller and a clerk', async () => {
      const { clients, department } = await setUpZones();
      expectError(
        await requestSignedOut(testApp, { method: 'PATCH', url: `/api/departments/${department.id}`, payload: { nameZh: '新名' } }),
        'AUTH_REQUIRED',
      );
      expectError(
        await clients.clerk.request({ method: 'PATCH', url: `/api/departments/${department.id}`, payload: { nameZh: '新名' } }),
        'FORBIDDEN',
      );
      expect((await departmentsOf(clients.clerk)).find((row) => row.id === department.id)?.nameZh).toBe(department.nameZh);
    });

    it('names invalid input', async () => {
      const { clients, department } = await setUpZones();
      const admin = clients.system_admin;
      expectError(
        await admin.request({ method: 'PATCH', url: '/api/departments/abc', payload: { nameZh: '新名' } }),
        'VALIDATION_FAILED',
        'params.id',
        'format',
      );
      expectError(
        await admin.request({ method: 'PATCH', url: `/api/departments/${department.id}`, payload: {} }),
        'VALIDATION_FAILED',
        'body',
        'minProperties',
      );
      expectError(
        await admin.request({ method: 'PATCH', url: `/api/departments/${department.id}`, payload: { nameEn: 'x'.repeat(65) } }),
        'VALIDATION_FAILED',
        'body.nameEn',
        'maxLength',
      );
      expectError(
        await admin.request({ method: 'PATCH', url: `/api/departments/${department.id}`, payload: { code: 'renamed' } }),
        'VALIDATION_FAILED',
        'body.code',
        'additionalProperties',
      );
    });

    it('answers 404 for another zone’s department and leaves it unchanged', async () => {
      const { clients, other } = await setUpZones();
      expectError(
        await clients.system_admin.request({
          method: 'PATCH',
          url: `/api/departments/${other.department.id}`,
          payload: { nameZh: '越权改名' },
        }),
        'NOT_FOUND',
      );
      expect((await departmentsOf(other.clients.system_admin))[0]!.nameZh).toBe(other.department.nameZh);
    });

    it('renames a department, keeping its code, and records before and after', async () => {
      const { clients, department } = await setUpZones();
      const response = await clients.system_admin.request({
        method: 'PATCH',
        url: `/api/departments/${department.id}`,
        payload: { nameZh: '政务服务中心' },
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({
        id: department.id,
        code: department.code,
        nameZh: '政务服务中心',
        nameEn: department.nameEn,
        userCount: 3,
      });
      expect((await departmentsOf(clients.clerk)).find((row) => row.id === department.id)).toMatchObject({
        nameZh: '政务服务中心',
        nameEn: department.nameEn,
      });
      const [event] = await auditEventsOf(clients.audit_admin, { action: 'department.update' });
      expect(event).toMatchObject({
        targetId: department.id,
        details: { before: { nameZh: department.nameZh }, after: { nameZh: '政务服务中心' } },
      });
    });
  });

  describe('DELETE /api/departments/:id', () => {
    it('refuses a signed-out caller and a clerk', async () => {
      const { clients, zone } = await setUpZones();
      const empty = await createDepartment(testApp.database.db, zone.id);
      expectError(await requestSignedOut(testApp, { method: 'DELETE', url: `/api/departments/${empty.id}` }), 'AUTH_REQUIRED');
      expectError(await clients.clerk.request({ method: 'DELETE', url: `/api/departments/${empty.id}` }), 'FORBIDDEN');
      expect((await departmentsOf(clients.clerk)).map((row) => row.id)).toContain(empty.id);
    });

    it('names a malformed id and answers 404 for another zone’s department', async () => {
      const { clients, other } = await setUpZones();
      const foreignEmpty = await createDepartment(testApp.database.db, other.zone.id);
      expectError(await clients.system_admin.request({ method: 'DELETE', url: '/api/departments/0' }), 'VALIDATION_FAILED', 'params.id');
      expectError(await clients.system_admin.request({ method: 'DELETE', url: `/api/departments/${foreignEmpty.id}` }), 'NOT_FOUND');
      expect((await departmentsOf(other.clients.system_admin)).map((row) => row.id)).toContain(foreignEmpty.id);
    });

    it('refuses to remove a department that still has members', async () => {
      const { clients, department } = await setUpZones();
      expectError(await clients.system_admin.request({ method: 'DELETE', url: `/api/departments/${department.id}` }), 'DEPARTMENT_IN_USE');
      expect((await departmentsOf(clients.clerk)).map((row) => row.id)).toContain(department.id);
    });

    it('removes an empty department and records it', async () => {
      const { clients, zone } = await setUpZones();
      const empty = await createDepartment(testApp.database.db, zone.id);
      const response = await clients.system_admin.request({ method: 'DELETE', url: `/api/departments/${empty.id}` });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ ok: true });
      expect((await departmentsOf(clients.clerk)).map((row) => row.id)).not.toContain(empty.id);
      expectError(await clients.system_admin.request({ method: 'DELETE', url: `/api/departments/${empty.id}` }), 'NOT_FOUND');
      const [event] = await auditEventsOf(clients.audit_admin, { action: 'department.delete' });
      expect(event).toMatchObject({ actorId: clients.system_admin.userId, targetId: empty.id, details: { code: empty.code } });
    });
  });
});
