import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '@yuanqu/shared';
import { eq } from 'drizzle-orm';
import { createTestApp, createZoneWithUsers, signIn, type TestApp } from '../../test/test-app.js';
import { createUser } from '../../test/factories.js';
import { attemptSignIn, auditEventsOf, expectError, requestSignedOut } from '../../test/route-helpers.js';
import { users } from '../users/users.table.js';

/** Less than the idle timeout, so the clients stay signed in across it. */
const STEP_MS = 10 * 60_000;

describe('audit routes', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  async function setUpZones() {
    const home = await createZoneWithUsers(testApp, ['audit_admin', 'system_admin', 'security_admin', 'clerk']);
    const other = await createZoneWithUsers(testApp, ['audit_admin', 'system_admin']);
    return { ...home, other };
  }

  function createUserPayload(username: string) {
    return { username, displayName: '审计测试', roles: ['clerk'], password: 'Granite-Fox-4417' };
  }

  describe('GET /api/audit-events', () => {
    it('refuses a signed-out caller', async () => {
      expectError(await requestSignedOut(testApp, { method: 'GET', url: '/api/audit-events' }), 'AUTH_REQUIRED');
    });

    it('refuses everyone but the audit admin, the other admins included', async () => {
      const { clients } = await setUpZones();
      for (const role of ['system_admin', 'security_admin', 'clerk'] as const) {
        expectError(await clients[role].request({ method: 'GET', url: '/api/audit-events' }), 'FORBIDDEN');
      }
    });

    it('names invalid filters', async () => {
      const { clients } = await setUpZones();
      const auditor = clients.audit_admin;
      expectError(
        await auditor.request({ method: 'GET', url: '/api/audit-events?pageSize=0' }),
        'VALIDATION_FAILED',
        'query.pageSize',
        'minimum',
      );
      expectError(await auditor.request({ method: 'GET', url: '/api/audit-events?page=-1' }), 'VALIDATION_FAILED', 'query.page', 'minimum');
      expectError(await auditor.request({ method: 'GET', url: '/api/audit-events?outcome=maybe' }), 'VALIDATION_FAILED', 'query.outcome');
      expectError(
        await auditor.request({ method: 'GET', url: '/api/audit-events?from=yesterday' }),
        'VALIDATION_FAILED',
        'query.from',
        'format',
      );
      expectError(
        await auditor.request({ method: 'GET', url: `/api/audit-events?actor=${'x'.repeat(65)}` }),
        'VALIDATION_FAILED',
        'query.actor',
        'maxLength',
      );
    });

    it('shows only the zone’s own records, newest first, and pages them', async () => {
      const { clients, zone, other } = await setUpZones();
      await clients.system_admin.request({ method: 'POST', url: '/api/users', payload: createUserPayload('audit.zone.a') });
      await other.clients.system_admin.request({ method: 'POST', url: '/api/users', payload: createUserPayload('audit.zone.b') });

      const mine = await auditEventsOf(clients.audit_admin);
      const theirs = await auditEventsOf(other.clients.audit_admin);
      expect(mine.length).toBeGreaterThan(0);
      const zoneOf = async (events: AuditEvent[]) =>
        new Set(
          (
            await testApp.database.db.query.auditEvents.findMany({
              where: (rows, { inArray }) =>
                inArray(
                  rows.seq,
                  events.map((event) => event.seq),
                ),
            })
          ).map((row) => row.zoneId),
        );
      expect(await zoneOf(mine)).toEqual(new Set([zone.id]));
      expect(await zoneOf(theirs)).toEqual(new Set([other.zone.id]));
      expect(mine.filter((event) => event.action === 'user.create').map((event) => event.details.username)).toEqual(['audit.zone.a']);
      expect(mine.map((event) => event.seq)).toEqual([...mine.map((event) => event.seq)].sort((a, b) => b - a));

      const page = await clients.audit_admin.request({ method: 'GET', url: '/api/audit-events?pageSize=2&page=2' });
      expect(page.json()).toMatchObject({ total: mine.length, page: 2, pageSize: 2, items: mine.slice(2, 4) });
    });

    it('filters by action (exact or domain), outcome, actor and time', async () => {
      const { clients } = await setUpZones();
      const startedAt = testApp.clock.now();
      await clients.system_admin.request({ method: 'POST', url: '/api/users', payload: createUserPayload('audit.filter.one') });
      testApp.clock.advance(STEP_MS);
      const middle = testApp.clock.now();
      testApp.clock.advance(STEP_MS);
      const created = await clients.system_admin.request({
        method: 'POST',
        url: '/api/users',
        payload: createUserPayload('audit.filter.two'),
      });
      await clients.system_admin.request({ method: 'POST', url: `/api/users/${created.json().id}/disable` });
      await attemptSignIn(testApp, 'audit.filter.two', createUserPayload('audit.filter.two').password);
      const auditor = clients.audit_admin;

      const creations = await auditEventsOf(auditor, { action: 'user.create' });
      expect(creations.map((event) => event.details.username)).toEqual(['audit.filter.two', 'audit.filter.one']);
      expect(creations[0]).toMatchObject({ actorId: clients.system_admin.userId, actorName: '测试用户 system_admin', outcome: 'success' });

      expect((await auditEventsOf(auditor, { action: 'user' })).map((event) => event.action)).toEqual([
        'user.disable',
        'user.create',
        'user.create',
      ]);
      expect(await auditEventsOf(auditor, { action: 'use' })).toEqual([]);

      const failures = await auditEventsOf(auditor, { outcome: 'failure' });
      expect(failures.map((event) => [event.action, event.details.reason])).toEqual([['auth.sign_in', 'disabled']]);

      const bySystemAdmin = await auditEventsOf(auditor, { actor: 'SYSTEM_admin' });
      expect(new Set(bySystemAdmin.map((event) => event.actorId))).toEqual(new Set([clients.system_admin.userId]));
      expect(bySystemAdmin.map((event) => event.action)).toEqual([
        'user.disable',
        'user.create',
        'user.create',
        'auth.second_factor',
        'auth.sign_in',
      ]);
      // `_` in the filter is a literal character, not a wildcard
      expect(await auditEventsOf(auditor, { actor: 'system_bdmin' })).toEqual([]);

      const before = await auditEventsOf(auditor, { action: 'user', to: middle.toISOString() });
      expect(before.map((event) => event.details.username)).toEqual(['audit.filter.one']);
      const after = await auditEventsOf(auditor, { action: 'user', from: middle.toISOString() });
      expect(after.map((event) => event.action)).toEqual(['user.disable', 'user.create']);
      const window = await auditEventsOf(auditor, { from: startedAt.toISOString(), to: startedAt.toISOString() });
      expect(window.map((event) => event.action)).toEqual(['user.create']);
    });
  });

  describe('access denials', () => {
    it('records a 403 with who was refused what, in their zone', async () => {
      const { clients, other } = await setUpZones();
      expectError(await clients.clerk.request({ method: 'GET', url: '/api/users?pageSize=5' }), 'FORBIDDEN');
      expectError(await clients.system_admin.request({ method: 'GET', url: '/api/audit-events' }), 'FORBIDDEN');
      const denials = await auditEventsOf(clients.audit_admin, { action: 'access.denied' });
      expect(denials).toEqual([
        expect.objectContaining({
          actorId: clients.system_admin.userId,
          outcome: 'denied',
          targetType: 'route',
          targetId: 'GET /api/audit-events',
          details: expect.objectContaining({ code: 'FORBIDDEN' }),
        }),
        expect.objectContaining({
          actorId: clients.clerk.userId,
          outcome: 'denied',
          targetType: 'route',
          targetId: 'GET /api/users',
          details: expect.objectContaining({ code: 'FORBIDDEN' }),
        }),
      ]);
      expect(await auditEventsOf(other.clients.audit_admin, { outcome: 'denied' })).toEqual([]);
    });

    it('records a write refused for a missing CSRF token', async () => {
      const { clients } = await setUpZones();
      const response = await testApp.app.inject({
        method: 'POST',
        url: '/api/users',
        headers: { cookie: clients.system_admin.cookie },
        payload: createUserPayload('csrf.victim'),
      });
      expectError(response, 'AUTH_CSRF_INVALID');
      const [denial] = await auditEventsOf(clients.audit_admin, { outcome: 'denied' });
      expect(denial).toMatchObject({
        actorId: clients.system_admin.userId,
        targetId: 'POST /api/users',
        details: { code: 'AUTH_CSRF_INVALID' },
      });
      expect(
        await testApp.database.db.query.users.findFirst({ where: (rows, { eq: equals }) => equals(rows.username, 'csrf.victim') }),
      ).toBeUndefined();
    });
  });

  describe('GET /api/audit-events/verification', () => {
    it('refuses a signed-out caller and the other admins', async () => {
      const { clients } = await setUpZones();
      expectError(await requestSignedOut(testApp, { method: 'GET', url: '/api/audit-events/verification' }), 'AUTH_REQUIRED');
      expectError(await clients.system_admin.request({ method: 'GET', url: '/api/audit-events/verification' }), 'FORBIDDEN');
      expectError(await clients.security_admin.request({ method: 'GET', url: '/api/audit-events/verification' }), 'FORBIDDEN');
    });

    it('reports the whole chain intact, having checked every record', async () => {
      const { clients } = await setUpZones();
      const response = await clients.audit_admin.request({ method: 'GET', url: '/api/audit-events/verification' });
      expect(response.statusCode).toBe(200);
      const total = (await testApp.database.db.query.auditEvents.findMany({ columns: { seq: true } })).length;
      expect(response.json()).toEqual({ checked: total, isIntact: true, problems: [] });
    });
  });

  describe('GET /api/audit-events/export.csv', () => {
    it('refuses a signed-out caller and the other admins, and exports nothing', async () => {
      const { clients } = await setUpZones();
      expectError(await requestSignedOut(testApp, { method: 'GET', url: '/api/audit-events/export.csv' }), 'AUTH_REQUIRED');
      expectError(await clients.system_admin.request({ method: 'GET', url: '/api/audit-events/export.csv' }), 'FORBIDDEN');
      expect(await auditEventsOf(clients.audit_admin, { action: 'audit.export' })).toEqual([]);
    });

    it('names an invalid filter', async () => {
      const { clients } = await setUpZones();
      expectError(
        await clients.audit_admin.request({ method: 'GET', url: '/api/audit-events/export.csv?outcome=all' }),
        'VALIDATION_FAILED',
        'query.outcome',
      );
      expectError(
        await clients.audit_admin.request({ method: 'GET', url: '/api/audit-events/export.csv?to=2026-13-40' }),
        'VALIDATION_FAILED',
        'query.to',
        'format',
      );
    });

    it('exports the filtered records of the zone as CSV, and records the export', async () => {
      const { clients, other } = await setUpZones();
      const first = await clients.system_admin.request({ method: 'POST', url: '/api/users', payload: createUserPayload('export.one') });
      const second = await clients.system_admin.request({ method: 'POST', url: '/api/users', payload: createUserPayload('export.two') });
      await other.clients.system_admin.request({ method: 'POST', url: '/api/users', payload: createUserPayload('export.other') });

      const response = await clients.audit_admin.request({ method: 'GET', url: '/api/audit-events/export.csv?action=user.create' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(response.headers['content-disposition']).toBe(
        `attachment; filename="audit-${testApp.clock.now().toISOString().slice(0, 10)}.csv"`,
      );
      expect(response.body.startsWith('\uFEFF')).toBe(true);
      const lines = response.body.slice(1).split('\r\n');
      expect(lines.pop()).toBe('');
      expect(lines[0]).toBe('seq,occurred_at,actor,action,target_type,target_id,outcome,request_id,ip,details,hash');
      expect(lines).toHaveLength(3);
      const events = await auditEventsOf(clients.audit_admin, { action: 'user.create' });
      for (const [index, event] of [...events].reverse().entries()) {
        const cells = lines[index + 1]!;
        expect(cells.startsWith(`${event.seq},${event.occurredAt},测试用户 system_admin,user.create,user,${event.targetId},success,`)).toBe(
          true,
        );
        expect(cells.endsWith(`,${event.hash}`)).toBe(true);
      }
      expect(lines[1]).toContain(first.json().id);
      expect(lines[2]).toContain(second.json().id);
      expect(lines[2]).toContain('"{""roles"":[""clerk""],""username"":""export.two""}"');
      expect(response.body).not.toContain('export.other');

      const [exportEvent] = await auditEventsOf(clients.audit_admin, { action: 'audit.export' });
      expect(exportEvent).toMatchObject({
        actorId: clients.audit_admin.userId,
        outcome: 'success',
        targetType: 'audit_events',
        details: { filter: { action: 'user.create' }, rows: 2 },
      });
      expect(await auditEventsOf(other.clients.audit_admin, { action: 'audit.export' })).toEqual([]);
    });

    it('defuses cells a spreadsheet would run as formulas', async () => {
      const { clients, zone, department } = await setUpZones();
      const member = await createUser(testApp.database.db, { zoneId: zone.id, roles: ['clerk'], departmentId: department.id });
      await testApp.database.db.update(users).set({ displayName: '=HYPERLINK("http://evil.example","x")' }).where(eq(users.id, member.id));
      await signIn(testApp, member.username);
      const response = await clients.audit_admin.request({ method: 'GET', url: '/api/audit-events/export.csv?action=auth.sign_in' });
      const row = response.body.split('\r\n').find((line) => line.includes('HYPERLINK'));
      expect(row).toContain(`,"'=HYPERLINK(""http://evil.example"",""x"")",auth.sign_in,`);
    });
  });
});
