import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createZoneWithUsers, type TestApp } from '../../test/test-app.js';
import { testScheduleFor2027 } from '../../test/factories.js';

describe('working-day calendar routes', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  const addWorkingDays = (query: string) => testApp.app.inject({ method: 'GET', url: `/api/calendar/add-working-days?${query}` });

  it('counts across National Day and the Spring Festival with their make-up days, for anyone', async () => {
    // 2026 National Day: 1–7 October off; Saturday 10 October worked.
    expect((await addWorkingDays('from=2026-09-30&days=1')).json()).toEqual({ date: '2026-10-08' });
    expect((await addWorkingDays('from=2026-09-30&days=3')).json()).toEqual({ date: '2026-10-10' });
    // 2026 Spring Festival: 15–23 February off; Saturday 14 and Saturday 28 February worked.
    expect((await addWorkingDays('from=2026-02-13&days=1')).json()).toEqual({ date: '2026-02-14' });
    expect((await addWorkingDays('from=2026-02-14&days=1')).json()).toEqual({ date: '2026-02-24' });
    expect((await addWorkingDays('from=2026-02-24&days=5')).json()).toEqual({ date: '2026-03-02' });
  });

  it('refuses a year that is not loaded with its own code', async () => {
    const response = await addWorkingDays('from=2026-12-28&days=5');
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({ code: 'CALENDAR_YEAR_NOT_LOADED', fields: [{ field: 'query.from', reason: '2027' }] });
  });

  it('names the invalid field', async () => {
    const badDate = await addWorkingDays('from=2026-02-30&days=1');
    expect(badDate.statusCode).toBe(400);
    expect(badDate.json().error.fields).toEqual([{ field: 'query.from', reason: 'invalid_date' }]);
    const badDays = await addWorkingDays('from=2026-02-02&days=-1');
    expect(badDays.statusCode).toBe(400);
    expect(badDays.json().error.fields).toEqual([{ field: 'query.days', reason: 'minimum' }]);
  });

  it('lets the system admin load 2027, after which 2027 dates count', async () => {
    const { clients } = await createZoneWithUsers(testApp, ['system_admin', 'clerk']);
    const schedule = testScheduleFor2027('国办发明电〔2026〕（test schedule）');
    const refused = await clients.clerk.request({ method: 'PUT', url: '/api/calendar/years/2027', payload: schedule });
    expect(refused.statusCode).toBe(403);
    const signedOut = await testApp.app.inject({ method: 'PUT', url: '/api/calendar/years/2027', payload: schedule });
    expect(signedOut.statusCode).toBe(401);
    const invalid = await clients.system_admin.request({ method: 'PUT', url: '/api/calendar/years/2027', payload: { ...schedule, makeUpWorkdays: [{ date: '2027-01-04', nameZh: '元旦' }] } });
    expect(invalid.json().error.fields).toEqual([{ field: 'body.makeUpWorkdays.0.date', reason: 'not_weekend' }]);
    // A schedule without the statutory holidays would count them as working days.
    const incomplete = await clients.system_admin.request({ method: 'PUT', url: '/api/calendar/years/2027', payload: { ...schedule, holidays: schedule.holidays.slice(0, 10) } });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().error).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'body.holidays', reason: 'too_few_holidays' }] });
    expect((await addWorkingDays('from=2026-12-31&days=1')).json().error.code).toBe('CALENDAR_YEAR_NOT_LOADED');
    const loaded = await clients.system_admin.request({ method: 'PUT', url: '/api/calendar/years/2027', payload: schedule });
    expect(loaded.statusCode).toBe(200);
    expect(loaded.json()).toMatchObject({ year: 2027, makeUpWorkdays: [] });
    expect(loaded.json().holidays).toHaveLength(13);
    expect(loaded.json().holidays[0]).toEqual({ date: '2027-01-01', nameZh: '元旦', nameEn: "New Year's Day" });
    // Thursday 31 December 2026 + 1 working day: Friday 1 January 2027 is a holiday, so Monday 4 January.
    expect((await addWorkingDays('from=2026-12-31&days=1')).json()).toEqual({ date: '2027-01-04' });
    const years = await clients.clerk.request({ method: 'GET', url: '/api/calendar/years' });
    expect(years.json().map((entry: { year: number }) => entry.year)).toEqual([2023, 2024, 2025, 2026, 2027]);
  });
});
