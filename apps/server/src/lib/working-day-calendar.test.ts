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
