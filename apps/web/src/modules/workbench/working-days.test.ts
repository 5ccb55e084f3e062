import type { CalendarYear } from '@yuanqu/shared';
import { describe, expect, it } from 'vitest';
import { chinaToday, createWorkingDayCalendar } from './working-days';

const year2026: CalendarYear = {
  year: 2026,
  source: 'test',
  loadedAt: '2026-01-01T00:00:00.000Z',
  // 国庆: 1–7 October off, Sunday 27 September and Saturday 10 October worked (a made-up schedule).
  holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'].map((date) => ({ date, nameZh: '国庆节' })),
  makeUpWorkdays: [{ date: '2026-10-10', nameZh: '国庆节调休' }],
};

describe('working-day calendar', () => {
  const calendar = createWorkingDayCalendar([year2026]);

  it('counts weekdays after the start day, up to and including the end day', () => {
    // Monday 2 March → Monday 9 March 2026: Tue–Fri and Mon.
    expect(calendar.workingDaysBetween('2026-03-02', '2026-03-09')).toBe(5);
    expect(calendar.workingDaysBetween('2026-03-02', '2026-03-02')).toBe(0);
  });

  it('skips holidays and counts make-up days', () => {
    // Wed 30 Sep → Mon 12 Oct: 1 Oct–7 Oct off, Sat 10 Oct worked, Fri 9 and Mon 12 worked; Thu 8 worked.
    expect(calendar.workingDaysBetween('2026-09-30', '2026-10-12')).toBe(4);
  });

  it('is negative when the end is before the start (overdue)', () => {
    expect(calendar.workingDaysBetween('2026-03-09', '2026-03-02')).toBe(-5);
  });

  it('refuses to guess across a year that is not loaded', () => {
    expect(calendar.workingDaysBetween('2026-12-28', '2027-01-05')).toBeNull();
    expect(calendar.missingYear('2026-12-28', '2027-01-05')).toBe(2027);
    expect(calendar.missingYear('2026-03-01', '2026-04-01')).toBeNull();
  });

  it('reads today on the China calendar', () => {
    expect(chinaToday(new Date('2026-11-26T20:58:00Z'))).toBe('2026-11-27');
    expect(chinaToday(new Date('2026-11-26T10:00:00Z'))).toBe('2026-11-26');
  });
});
