import type { CalendarYear } from '@yuanqu/shared';

/**
 * Working days on China's official calendar, for deadlines the API gives only as a date (a
 * rectification task's `dueOn`). Weekends and public holidays are off, make-up days (调休) are on;
 * a year that is not loaded gives `null`, never a guess (SPEC §2).
 */
export interface WorkingDayCalendar {
  /** Working days after `from` up to and including `to` (negative when `to` is earlier); null if a year is missing. */
  workingDaysBetween(from: string, to: string): number | null;
  /** The first year the span needs that is not loaded, if any. */
  missingYear(from: string, to: string): number | null;
}

function toUtcDate(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

function toDayString(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function createWorkingDayCalendar(years: readonly CalendarYear[]): WorkingDayCalendar {
  const loaded = new Set(years.map((year) => year.year));
  const holidays = new Set(years.flatMap((year) => year.holidays.map((day) => day.date)));
  const makeUpDays = new Set(years.flatMap((year) => year.makeUpWorkdays.map((day) => day.date)));

  const isWorkingDay = (day: string, date: Date): boolean => {
    if (makeUpDays.has(day)) return true;
    if (holidays.has(day)) return false;
    const weekday = date.getUTCDay();
    return weekday !== 0 && weekday !== 6;
  };

  const missingYear = (from: string, to: string): number | null => {
    const [first, last] = from <= to ? [from, to] : [to, from];
    for (let year = Number(first.slice(0, 4)); year <= Number(last.slice(0, 4)); year += 1) {
      if (!loaded.has(year)) return year;
    }
    return null;
  };

  return {
    missingYear,
    workingDaysBetween(from, to) {
      if (missingYear(from, to) !== null) return null;
      const sign = from <= to ? 1 : -1;
      const [start, end] = sign === 1 ? [from, to] : [to, from];
      let count = 0;
      const cursor = toUtcDate(start);
      const last = toUtcDate(end);
      cursor.setUTCDate(cursor.getUTCDate() + 1);
      while (cursor <= last) {
        if (isWorkingDay(toDayString(cursor), cursor)) count += 1;
        cursor.setUTCDate(cursor.getUTCDate() + 1);
      }
      return sign * count;
    },
  };
}

/** Today's date in China (the calendar the deadlines are counted on), as `YYYY-MM-DD`. */
export function chinaToday(now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    now,
  );
  return parts;
}
