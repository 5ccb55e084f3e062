import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PartnerZone, ServiceItem, ServiceItemBody } from '@yuanqu/shared';
import { createServiceItem, createZone } from '../../test/factories.js';
import { auditEventsOf, expectError, requestSignedOut } from '../../test/route-helpers.js';
import { createTestApp, createZoneWithUsers, type Client, type TestApp } from '../../test/test-app.js';

describe('catalogue admin routes', () => {
  let testApp: TestApp;
  let admin: Client;
  let clerk: Client;
  let auditor: Client;
  let zoneId: string;
  let departmentId: string;

  beforeAll(async () => {
    testApp = await createTestApp();
    const zone = await createZoneWithUsers(testApp, ['system_admin', 'clerk', 'audit_admin']);
    ({ system_admin: admin, clerk, audit_admin: auditor } = zone.clients);
    zoneId = zone.zone.id;
    departmentId = zone.department.id;
  });
  afterAll(async () => {
    await testApp.close();
  });

  function bodyOf(item: ServiceItem): ServiceItemBody {
    const { id: _id, department: _department, updatedAt: _updatedAt, feeNote, ...rest } = item;
    return { ...rest, ...(feeNote === null ? {} : { feeNote }) };
  }

  describe('PATCH /api/service-items/:id/publication', () => {
    it('needs a session and the system admin role', async () => {
      const item = await createServiceItem(testApp.database.db, zoneId, departmentId);
      const request = { method: 'PATCH' as const, url: `/api/service-items/${item.id}/publication`, payload: { isPublished: false } };
      expectError(await requestSignedOut(testApp, request), 'AUTH_REQUIRED');
      expectError(await clerk.request(request), 'FORBIDDEN');
    });

    it('refuses a body without the flag, and another zone’s item is not found', async () => {
      const item = await createServiceItem(testApp.database.db, zoneId, departmentId);
      expectError(
        await admin.request({ method: 'PATCH', url: `/api/service-items/${item.id}/publication`, payload: { isPublished: 'perhaps' } }),
        'VALIDATION_FAILED',
        'body.isPublished',
      );
      const other = await createZoneWithUsers(testApp, ['system_admin']);
      expectError(
        await other.clients.system_admin.request({
          method: 'PATCH',
          url: `/api/service-items/${item.id}/publication`,
          payload: { isPublished: false },
        }),
        'NOT_FOUND',
      );
    });

    it('withdraws and republishes an item, audited, and applicants then miss it', async () => {
      const item = await createServiceItem(testApp.database.db, zoneId, departmentId);
      const withdrawn = await admin.request({
        method: 'PATCH',
        url: `/api/service-items/${item.id}/publication`,
        payload: { isPublished: false },
      });
      expect(withdrawn.statusCode, withdrawn.body).toBe(200);
      expect(withdrawn.json<ServiceItem>().isPublished).toBe(false);
      const visible = await clerk.request({ method: 'GET', url: '/api/service-items', query: { pageSize: '100' } });
      expect(visible.json<{ items: Array<{ id: string }> }>().items.map((entry) => entry.id)).not.toContain(item.id);
      const republished = await admin.request({
        method: 'PATCH',
        url: `/api/service-items/${item.id}/publication`,
        payload: { isPublished: true },
      });
      expect(republished.json<ServiceItem>().isPublished).toBe(true);
      const actions = (await auditEventsOf(auditor)).filter((event) => event.targetId === item.id).map((event) => event.action);
      expect(actions).toEqual(['service_item.publish', 'service_item.unpublish']);
    });
  });

  describe('GET /api/service-items?q=', () => {
    it('finds the items that have every word of a search, in any order, in either language or the code', async () => {
      const food = await createServiceItem(testApp.database.db, zoneId, departmentId, { code: 'SEARCH-FOOD', nameZh: '食品经营许可', nameEn: 'Food business licence' });
      const drugs = await createServiceItem(testApp.database.db, zoneId, departmentId, { code: 'SEARCH-DRUG', nameZh: '药品经营许可', nameEn: 'Drug business licence' });
      const codesFound = async (q: string) => {
        const response = await clerk.request({ method: 'GET', url: `/api/service-items?q=${encodeURIComponent(q)}&pageSize=100` });
        expect(response.statusCode).toBe(200);
        return response.json<{ items: ServiceItem[] }>().items.map((item) => item.code).filter((code) => code.startsWith('SEARCH-'));
      };
      expect(await codesFound('食品 经营')).toEqual([food.code]);
      expect(await codesFound('经营\u3000食品')).toEqual([food.code]);
      expect(await codesFound('  business   LICENCE ')).toEqual(expect.arrayContaining([food.code, drugs.code]));
      expect(await codesFound('licence search-drug')).toEqual([drugs.code]);
      expect(await codesFound('食品 药品')).toEqual([]);
    });
  });

  describe('GET /api/service-items/partner-zones', () => {
    it('needs a session and the system admin role', async () => {
      expectError(await requestSignedOut(testApp, { method: 'GET', url: '/api/service-items/partner-zones' }), 'AUTH_REQUIRED');
      expectError(await clerk.request({ method: 'GET', url: '/api/service-items/partner-zones' }), 'FORBIDDEN');
    });

    it('lists the other zones, not the caller’s own', async () => {
      const partner = await createZone(testApp.database.db);
      const response = await admin.request({ method: 'GET', url: '/api/service-items/partner-zones' });
      expect(response.statusCode).toBe(200);
      const zones = response.json<PartnerZone[]>();
      expect(zones).toContainEqual({ id: partner.id, code: partner.code, nameZh: partner.nameZh, nameEn: partner.nameEn });
      expect(zones.map((zone) => zone.id)).not.toContain(zoneId);
    });
  });

  describe('PUT /api/service-items/:id', () => {
    it('names nested fields the way the edit page finds its inputs', async () => {
      const item = await createServiceItem(testApp.database.db, zoneId, departmentId);
      const current = (await admin.request({ method: 'GET', url: `/api/service-items/${item.id}` })).json<ServiceItem>();
      const body = bodyOf(current);
      const invalid = await admin.request({
        method: 'PUT',
        url: `/api/service-items/${item.id}`,
        payload: { ...body, materials: [{ ...body.materials[0]!, formats: [] }, body.materials[1]!] },
      });
      expectError(invalid, 'VALIDATION_FAILED', 'body.materials.0.formats', 'minItems');
      const inconsistent = await admin.request({
        method: 'PUT',
        url: `/api/service-items/${item.id}`,
        payload: { ...body, committedLimitDays: body.statutoryLimitDays + 1 },
      });
      expectError(inconsistent, 'VALIDATION_FAILED', 'body.committedLimitDays', 'exceeds_statutory_limit');
      const impossibleRange = await admin.request({
        method: 'PUT',
        url: `/api/service-items/${item.id}`,
        payload: { ...body, form: [...body.form, { key: 'floors', type: 'number', labelZh: '层数', labelEn: 'Floors', isRequired: true, min: 10, max: 5 }] },
      });
      expectError(impossibleRange, 'VALIDATION_FAILED', `body.form.${body.form.length}.max`, 'less_than_min');
      const saved = await admin.request({
        method: 'PUT',
        url: `/api/service-items/${item.id}`,
        payload: { ...body, committedLimitDays: 2 },
      });
      expect(saved.statusCode, saved.body).toBe(200);
      expect(saved.json<ServiceItem>().committedLimitDays).toBe(2);
    });
  });
});
