/**
 * Working days on China's official calendar: weekends and public holidays are off, make-up working
 * days (调休) are on. Dates are `YYYY-MM-DD` strings in China's calendar, never Date objects, so no
 * time zone can shift a day. A date in a year whose schedule is not loaded is an error, never a guess.
 */
export type CalendarDayKind = 'holiday' | 'make_up_workday';

export class CalendarYearNotLoadedError extends Error {
  constructor(readonly year: number) {
    super(`The official calendar for ${year} is not loaded`);
    this.name = 'CalendarYearNotLoadedError';
  }
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Checks a `YYYY-MM-DD` string names a real day. */
export function isValidDateString(text: string): boolean {
  const match = DATE_PATTERN.exec(text);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === text;
}

function toUtcDate(text: string): Date {
  if (!isValidDateString(text)) throw new RangeError(`Not a date: ${text}`);
  return new Date(`${text}T00:00:00.000Z`);
}

function toDateString(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function nextDay(text: string): string {
  const date = toUtcDate(text);
  date.setUTCDate(date.getUTCDate() + 1);
  return toDateString(date);
}

/** Today's date in China (UTC+8, no daylight saving). */
export function chinaDateOf(instant: Date): string {
  return toDateString(new Date(instant.getTime() + 8 * 3_600_000));
}

export class WorkingDayCalendar {
  private readonly loadedYears: ReadonlySet<number>;
  private readonly days: ReadonlyMap<string, CalendarDayKind>;

  constructor(loadedYears: Iterable<number>, days: Iterable<[date: string, kind: CalendarDayKind]>) {
    this.loadedYears = new Set(loadedYears);
    this.days = new Map(days);
  }

  hasYear(year: number): boolean {
    return this.loadedYears.has(year);
  }

  private assertLoaded(date: string): void {
    const year = Number(date.slice(0, 4));
    if (!this.loadedYears.has(year)) throw new CalendarYearNotLoadedError(year);
  }

  isWorkingDay(date: string): boolean {
    this.assertLoaded(date);
    const kind = this.days.get(date);
    if (kind === 'holiday') return false;
    if (kind === 'make_up_workday') return true;
    const weekday = toUtcDate(date).getUTCDay();
    return weekday !== 0 && weekday !== 6;
  }

  /**
   * The date `days` working days after `from`. The start day itself is not counted
   * (行政许可法 第八十二条: 期限的起算日不计算在内), so a 1-day limit from a Friday ends on Monday.
   */
  addWorkingDays(from: string, days: number): string {
    if (!Number.isInteger(days) || days < 0) throw new RangeError('days must be a whole number ≥ 0');
    this.assertLoaded(from);
    let current = from;
    let remaining = days;
    while (remaining > 0) {
      current = nextDay(current);
      if (this.isWorkingDay(current)) remaining -= 1;
    }
    return current;
  }

  /** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
  countWorkingDaysBetween(from: string, to: string): number {
    this.assertLoaded(from);
    this.assertLoaded(to);
    let count = 0;
    for (let current = nextDay(from); current <= to; current = nextDay(current)) {
      if (this.isWorkingDay(current)) count += 1;
    }
    return count;
  }
}
