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
const DAY_MS = 86_400_000;

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

function digitsAt(text: string, start: number, length: number): number {
  let value = 0;
  for (let index = start; index < start + length; index += 1) {
    const digit = text.charCodeAt(index) - 48;
    if (digit < 0 || digit > 9) return NaN;
    value = value * 10 + digit;
  }
  return value;
}

/** Days since 1970-01-01 of a valid `YYYY-MM-DD` string (year 1000 or later), or NaN for anything else. */
function dayNumberOf(text: string): number {
  if (text.length !== 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return NaN;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  if (!(year >= 1000 && month >= 1 && month <= 12 && day >= 1)) return NaN;
  const time = Date.UTC(year, month - 1, day);
  // 31 February rolls over into March: not a date.
  return new Date(time).getUTCDate() === day ? time / DAY_MS : NaN;
}

/** Today's date in China (UTC+8, no daylight saving). */
export function chinaDateOf(instant: Date): string {
  return toDateString(new Date(instant.getTime() + 8 * 3_600_000));
}

/**
 * The loaded years that follow each other without a gap, numbered once: for every day of the span,
 * how many working days there are from its first day up to and including it. A count between two
 * days is then a subtraction and "n working days after" a look-up, instead of a walk day by day.
 */
interface NumberedSpan {
  firstYear: number;
  lastYear: number;
  /** Day number (days since 1970-01-01) of 1 January of `firstYear`. */
  firstDay: number;
  /** `workingDaysUpTo[i]`: working days from the span's first day to day `firstDay + i`, inclusive. */
  workingDaysUpTo: Int32Array;
  /** The span's working days, in order, as `YYYY-MM-DD`. */
  workingDays: string[];
}

export class WorkingDayCalendar {
  private readonly loadedYears: ReadonlySet<number>;
  private readonly days: ReadonlyMap<string, CalendarDayKind>;
  /** Year → the numbered span of loaded years that contains it. */
  private readonly spans = new Map<number, NumberedSpan>();

  constructor(loadedYears: Iterable<number>, days: Iterable<[date: string, kind: CalendarDayKind]>) {
    this.loadedYears = new Set(loadedYears);
    this.days = new Map(days);
    const years = [...this.loadedYears].filter((year) => Number.isInteger(year) && year >= 1000 && year <= 9999).sort((a, b) => a - b);
    for (let start = 0; start < years.length; ) {
      let end = start;
      while (end + 1 < years.length && years[end + 1] === years[end]! + 1) end += 1;
      const span = this.numberSpan(years[start]!, years[end]!);
      for (let index = start; index <= end; index += 1) this.spans.set(years[index]!, span);
      start = end + 1;
    }
  }

  private numberSpan(firstYear: number, lastYear: number): NumberedSpan {
    const firstDay = Date.UTC(firstYear, 0, 1) / DAY_MS;
    const length = Date.UTC(lastYear + 1, 0, 1) / DAY_MS - firstDay;
    const workingDaysUpTo = new Int32Array(length);
    const workingDays: string[] = [];
    let count = 0;
    for (let index = 0; index < length; index += 1) {
      const day = firstDay + index;
      const date = toDateString(new Date(day * DAY_MS));
      const kind = this.days.get(date);
      // 1970-01-01 was a Thursday: day 0 has weekday 4.
      const weekday = (((day + 4) % 7) + 7) % 7;
      const isWorking = kind === 'holiday' ? false : kind === 'make_up_workday' ? true : weekday !== 0 && weekday !== 6;
      if (isWorking) {
        count += 1;
        workingDays.push(date);
      }
      workingDaysUpTo[index] = count;
    }
    return { firstYear, lastYear, firstDay, workingDaysUpTo, workingDays };
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
    if (days === 0) return from;
    const span = this.spans.get(Number(from.slice(0, 4)));
    const fromDay = dayNumberOf(from);
    if (!span || Number.isNaN(fromDay)) return this.walkWorkingDays(from, days);
    const index = span.workingDaysUpTo[fromDay - span.firstDay]! + days - 1;
    // Walking past the span's last day would reach the first day of a year that is not loaded.
    if (index >= span.workingDays.length) throw new CalendarYearNotLoadedError(span.lastYear + 1);
    return span.workingDays[index]!;
  }

  /** Working days after `from` up to and including `to` (0 when `to` is not after `from`). */
  countWorkingDaysBetween(from: string, to: string): number {
    this.assertLoaded(from);
    this.assertLoaded(to);
    const span = this.spans.get(Number(from.slice(0, 4)));
    const fromDay = dayNumberOf(from);
    const toDay = dayNumberOf(to);
    if (!span || Number.isNaN(fromDay) || Number.isNaN(toDay) || toDay - span.firstDay >= span.workingDaysUpTo.length) return this.walkWorkingDaysBetween(from, to);
    if (toDay <= fromDay) return 0;
    return span.workingDaysUpTo[toDay - span.firstDay]! - span.workingDaysUpTo[fromDay - span.firstDay]!;
  }

  /** Day by day: what the look-ups above answer, for the cases they leave out (a date that is not valid, a year beyond the span). */
  private walkWorkingDays(from: string, days: number): string {
    let current = from;
    let remaining = days;
    while (remaining > 0) {
      current = nextDay(current);
      if (this.isWorkingDay(current)) remaining -= 1;
    }
    return current;
  }

  private walkWorkingDaysBetween(from: string, to: string): number {
    let count = 0;
    for (let current = nextDay(from); current <= to; current = nextDay(current)) {
      if (this.isWorkingDay(current)) count += 1;
    }
    return count;
  }
}
