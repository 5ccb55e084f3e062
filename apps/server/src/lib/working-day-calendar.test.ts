import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CalendarYearNotLoadedError, WorkingDayCalendar, chinaDateOf, isValidDateString } from './working-day-calendar.js';

// 2026 National Day: 1–7 October off, Sunday 20 September and Saturday 10 October worked (国办发明电〔2025〕7号).
const calendar = new WorkingDayCalendar(
  [2026],
  [
    ['2026-09-20', 'make_up_workday'],
    ...['01', '02', '03', '04', '05', '06', '07'].map((day): [string, 'holiday'] => [`2026-10-${day}`, 'holiday']),
    ['2026-10-10', 'make_up_workday'],
  ],
);

describe('WorkingDayCalendar', () => {
  it('does not count the start day', () => {
    expect(calendar.addWorkingDays('2026-03-02', 1)).toBe('2026-03-03');
    expect(calendar.addWorkingDays('2026-03-06', 1)).toBe('2026-03-09');
  });

  it('skips the National Day holiday and counts the make-up Saturday', () => {
    expect(calendar.addWorkingDays('2026-09-30', 1)).toBe('2026-10-08');
    expect(calendar.addWorkingDays('2026-09-30', 3)).toBe('2026-10-10');
    expect(calendar.addWorkingDays('2026-09-18', 1)).toBe('2026-09-20');
  });

  it('counts working days between two dates', () => {
    expect(calendar.countWorkingDaysBetween('2026-09-30', '2026-10-10')).toBe(3);
    expect(calendar.countWorkingDaysBetween('2026-10-10', '2026-10-01')).toBe(0);
  });

  it('refuses a year that is not loaded instead of guessing', () => {
    expect(() => calendar.addWorkingDays('2026-12-30', 5)).toThrow(CalendarYearNotLoadedError);
    expect(() => calendar.isWorkingDay('2027-01-04')).toThrow('The official calendar for 2027 is not loaded');
  });

  it('validates dates and knows the day in China', () => {
    expect(isValidDateString('2026-02-29')).toBe(false);
    expect(isValidDateString('2028-02-29')).toBe(true);
    expect(chinaDateOf(new Date('2026-03-01T16:30:00Z'))).toBe('2026-03-02');
  });
});

describe('WorkingDayCalendar look-ups', () => {
  // 2026 loaded, 2027 not, 2028 loaded: a gap the answers must not jump.
  const gapped = new WorkingDayCalendar(
    [2025, 2026, 2028],
    [
      ['2025-10-01', 'holiday'],
      ['2025-09-28', 'make_up_workday'],
      ['2026-01-01', 'holiday'],
      ['2026-10-01', 'holiday'],
      ['2026-10-10', 'make_up_workday'],
      ['2028-01-03', 'holiday'],
    ],
  );

  /** The definition, one day at a time: what the look-ups must always agree with. */
  function walkAdd(from: string, days: number): string {
    let current = from;
    for (let remaining = days; remaining > 0; ) {
      const next = new Date(`${current}T00:00:00Z`);
      next.setUTCDate(next.getUTCDate() + 1);
      current = next.toISOString().slice(0, 10);
      if (gapped.isWorkingDay(current)) remaining -= 1;
    }
    return current;
  }
  function walkCount(from: string, to: string): number {
    for (const date of [from, to]) if (!gapped.hasYear(Number(date.slice(0, 4)))) throw new CalendarYearNotLoadedError(Number(date.slice(0, 4)));
    let count = 0;
    const current = new Date(`${from}T00:00:00Z`);
    for (;;) {
      current.setUTCDate(current.getUTCDate() + 1);
      const text = current.toISOString().slice(0, 10);
      if (text > to) return count;
      if (gapped.isWorkingDay(text)) count += 1;
    }
  }
  const outcome = (run: () => unknown): unknown => {
    try {
      return run();
    } catch (error) {
      return error instanceof CalendarYearNotLoadedError ? `not loaded ${error.year}` : String(error);
    }
  };
  const dayOf = (offset: number) => new Date(Date.UTC(2025, 0, 1) + offset * 86_400_000).toISOString().slice(0, 10);

  it('agree with walking day by day, across holidays, year ends and a year that is not loaded', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 729 }), fc.integer({ min: 0, max: 300 }), fc.integer({ min: -30, max: 400 }), (fromOffset, days, toDistance) => {
        const from = dayOf(fromOffset);
        const to = dayOf(fromOffset + toDistance);
        expect(outcome(() => gapped.addWorkingDays(from, days))).toEqual(outcome(() => walkAdd(from, days)));
        expect(outcome(() => gapped.countWorkingDaysBetween(from, to))).toEqual(outcome(() => walkCount(from, to)));
      }),
      { numRuns: 2000 },
    );
  });

  it('names the first year that is not loaded, and still refuses what is not a date', () => {
    expect(() => gapped.addWorkingDays('2026-12-30', 5)).toThrow('The official calendar for 2027 is not loaded');
    expect(() => gapped.countWorkingDaysBetween('2026-12-30', '2028-01-10')).toThrow('The official calendar for 2027 is not loaded');
    expect(gapped.countWorkingDaysBetween('2028-01-01', '2028-01-10')).toBe(5);
    expect(() => gapped.addWorkingDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => gapped.countWorkingDaysBetween('2026-02-30', '2026-01-01')).toThrow(RangeError);
    expect(gapped.addWorkingDays('2026-02-30', 0)).toBe('2026-02-30');
  });
});
