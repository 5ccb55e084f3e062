import { Value } from '@sinclair/typebox/value';
import { describe, expect, it } from 'vitest';
import { serviceItemBodySchema } from '@yuanqu/shared';
import { DEMO_CATALOGUE } from './catalogue.demo.js';
import { checkServiceItemBody } from './catalogue.service.js';

describe('demo catalogue', () => {
  it('holds at least 15 items, six or more with a site inspection', () => {
    expect(DEMO_CATALOGUE.length).toBeGreaterThanOrEqual(15);
    expect(DEMO_CATALOGUE.filter((item) => item.needsInspection).length).toBeGreaterThanOrEqual(6);
    expect(new Set(DEMO_CATALOGUE.map((item) => item.code)).size).toBe(DEMO_CATALOGUE.length);
  });

  it.each(DEMO_CATALOGUE.map((item) => [item.code, item] as const))('%s is a valid item', (_code, demoItem) => {
    const { departmentCode: _department, acceptedByPartner: _partner, ...item } = demoItem;
    const body = { ...item, departmentId: '00000000-0000-4000-8000-000000000000', partnerZoneIds: [] };
    expect([...Value.Errors(serviceItemBodySchema, body)].map((error) => `${error.path}: ${error.message}`)).toEqual([]);
    expect(() => checkServiceItemBody(body)).not.toThrow();
    if (item.needsInspection) expect(item.shotList.length).toBeGreaterThan(0);
  });
});
