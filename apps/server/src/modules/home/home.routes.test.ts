import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createZoneWithUsers, type Client, type TestApp } from '../../test/test-app.js';
import { createDepartment, createEnterprise, createUser } from '../../test/factories.js';
import { attemptSignIn, expectError, requestSignedOut } from '../../test/route-helpers.js';

describe('GET /api/home/summary', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  async function countsOf(client: Client): Promise<Record<string, number>> {
    const response = await client.request({ method: 'GET', url: '/api/home/summary' });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ counts: Record<string, number> }>().counts;
  }

  it('refuses a signed-out caller', async () => {
    expectError(await requestSignedOut(testApp, { method: 'GET', url: '/api/home/summary' }), 'AUTH_REQUIRED');
  });

  it('refuses a half-signed-in admin', async () => {
    const { zone } = await createZoneWithUsers(testApp, []);
    const admin = await createUser(testApp.database.db, { zoneId: zone.id, roles: ['system_admin'] });
    const pending = await attemptSignIn(testApp, admin.username);
    expect(pending.json()).toMatchObject({ stage: 'second_factor_setup' });
    const cookie = pending.cookies.map((entry) => `${entry.name}=${entry.value}`).join('; ');
    expectError(
      await testApp.app.inject({ method: 'GET', url: '/api/home/summary', headers: { cookie } }),
      'AUTH_SECOND_FACTOR_SETUP_REQUIRED',
    );
  });

  it('counts the zone’s own records for each admin, untouched by another zone’s', async () => {
    const { clients, zone, department } = await createZoneWithUsers(testApp, ['system_admin', 'security_admin', 'audit_admin', 'leader']);
    const other = await createZoneWithUsers(testApp, ['system_admin', 'leader']);
    for (let index = 0; index < 3; index += 1) await createUser(testApp.database.db, { zoneId: other.zone.id, roles: ['clerk'] });
    await createDepartment(testApp.database.db, other.zone.id);
    await createEnterprise(testApp.database.db, other.zone.id);
    await createEnterprise(testApp.database.db, zone.id);
    const locked = await createUser(testApp.database.db, { zoneId: zone.id, roles: ['clerk'], departmentId: department.id });
    for (let attempt = 0; attempt < 5; attempt += 1) await attemptSignIn(testApp, locked.username, 'wrong-password');

    expect(await countsOf(clients.system_admin)).toEqual({ users: 5, departments: 1, activeSessions: 4, colleagues: 5 });
    expect(await countsOf(clients.security_admin)).toEqual({ lockedUsers: 1, failedSignInsToday: 5, activeSessions: 4, colleagues: 5 });
    expect(await countsOf(clients.leader)).toEqual({ enterprises: 1, colleagues: 5 });
    const auditCounts = await countsOf(clients.audit_admin);
    expect(auditCounts).toMatchObject({ deniedToday: 0, failedSignInsToday: 5, colleagues: 5 });
    expect(auditCounts.auditEventsToday).toBeGreaterThanOrEqual(5 + 4);

    expect(await countsOf(other.clients.system_admin)).toEqual({ users: 5, departments: 2, activeSessions: 2, colleagues: 2 });
    expect(await countsOf(other.clients.leader)).toEqual({ enterprises: 1, colleagues: 2 });
  });

  it('gives an applicant no staff figures', async () => {
    const { clients } = await createZoneWithUsers(testApp, ['applicant']);
    expect(await countsOf(clients.applicant)).toEqual({});
  });

  it('counts a denial for the audit admin the day it happens', async () => {
    const { clients } = await createZoneWithUsers(testApp, ['audit_admin', 'clerk']);
    const before = (await countsOf(clients.audit_admin)).deniedToday;
    expectError(await clients.clerk.request({ method: 'GET', url: '/api/users' }), 'FORBIDDEN');
    expect((await countsOf(clients.audit_admin)).deniedToday).toBe(before! + 1);
  });
});
