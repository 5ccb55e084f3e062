import { MIN_HOLIDAYS_PER_YEAR, type CalendarDay, type CalendarYear, type CalendarYearBody } from '@yuanqu/shared';
import { readTogether, type Database } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import { AppError, ValidationError, type FieldProblem } from '../../lib/errors.js';
import type { Actor, RequestMeta } from '../../lib/request-context.js';
import { CalendarYearNotLoadedError, WorkingDayCalendar, isValidDateString, type CalendarDayKind } from '../../lib/working-day-calendar.js';
import { appendAuditEvent } from '../audit/index.js';
import * as repository from './calendar.repository.js';

/** How long a node trusts its copy of the calendar before reading it again (other nodes may load a year). */
const CACHE_MS = 60_000;

export class CalendarError extends AppError {}

/** Turns the calendar's own error into the coded one a client sees ("calendar for 2027 not loaded"). */
export function toCalendarError(error: unknown, field: string): unknown {
  if (error instanceof CalendarYearNotLoadedError) {
    return new CalendarError('CALENDAR_YEAR_NOT_LOADED', `The official calendar for ${error.year} is not loaded; an admin loads it when the State Council publishes it`, [
      { field, reason: String(error.year) },
    ]);
  }
  return error;
}

function toDay(row: repository.CalendarDayRow): CalendarDay {
  return row.nameEn ? { date: row.date, nameZh: row.nameZh, nameEn: row.nameEn } : { date: row.date, nameZh: row.nameZh };
}

export function createCalendarService(db: Database, clock: Clock) {
  let cached: { calendar: WorkingDayCalendar; readAt: number } | undefined;
  /** Called after a year is loaded (the cases module computes the deadlines that waited for it). */
  const yearLoadedListeners: Array<(year: number) => Promise<unknown>> = [];

  async function getCalendar(): Promise<WorkingDayCalendar> {
    const now = clock.now().getTime();
    if (cached && now - cached.readAt < CACHE_MS && now >= cached.readAt) return cached.calendar;
    const [years, days] = await readTogether(db, [() => repository.findYears(db), () => repository.findDays(db)]);
    const calendar = new WorkingDayCalendar(
      years.map((row) => row.year),
      days.map((row): [string, CalendarDayKind] => [row.date, row.kind as CalendarDayKind]),
    );
    cached = { calendar, readAt: now };
    return calendar;
  }

  function checkYearBody(year: number, body: CalendarYearBody): void {
    const problems: FieldProblem[] = [];
    const seen = new Set<string>();
    for (const [list, days] of [['holidays', body.holidays], ['makeUpWorkdays', body.makeUpWorkdays]] as const) {
      days.forEach((day, index) => {
        const field = `body.${list}.${index}.date`;
        if (!isValidDateString(day.date)) problems.push({ field, reason: 'invalid_date' });
        else if (Number(day.date.slice(0, 4)) !== year) problems.push({ field, reason: 'other_year' });
        else if (seen.has(day.date)) problems.push({ field, reason: 'duplicate' });
        else if (list === 'makeUpWorkdays' && ![0, 6].includes(new Date(`${day.date}T00:00:00Z`).getUTCDay())) problems.push({ field, reason: 'not_weekend' });
        seen.add(day.date);
      });
    }
    if (body.holidays.length < MIN_HOLIDAYS_PER_YEAR) problems.push({ field: 'body.holidays', reason: 'too_few_holidays' });
    if (problems.length > 0) throw new ValidationError(problems, 'The schedule has invalid days');
  }

  return {
    getCalendar,

    onYearLoaded(listener: (year: number) => Promise<unknown>): void {
      yearLoadedListeners.push(listener);
    },

    /** The date `days` working days after `from` (the start day not counted). */
    async addWorkingDays(from: string, days: number): Promise<string> {
      if (!isValidDateString(from)) throw new ValidationError([{ field: 'query.from', reason: 'invalid_date' }]);
      // The validator turns the text "Infinity" into a number that passes the schema's bounds.
      if (!Number.isSafeInteger(days)) throw new ValidationError([{ field: 'query.days', reason: 'maximum' }]);
      try {
        return (await getCalendar()).addWorkingDays(from, days);
      } catch (error) {
        throw toCalendarError(error, 'query.from');
      }
    },

    async listYears(): Promise<CalendarYear[]> {
      const [years, days] = await readTogether(db, [() => repository.findYears(db), () => repository.findDays(db)]);
      return years.map((year) => ({
        year: year.year,
        source: year.source,
        loadedAt: year.loadedAt.toISOString(),
        holidays: days.filter((day) => day.year === year.year && day.kind === 'holiday').map(toDay),
        makeUpWorkdays: days.filter((day) => day.year === year.year && day.kind === 'make_up_workday').map(toDay),
      }));
    },

    /** Loads (or replaces) a year's official schedule. */
    async loadYear(actor: Actor, meta: RequestMeta, year: number, body: CalendarYearBody): Promise<CalendarYear> {
      if (!Number.isSafeInteger(year)) throw new ValidationError([{ field: 'params.year', reason: 'maximum' }]);
      checkYearBody(year, body);
      const now = clock.now();
      const rows: repository.CalendarDayRow[] = [
        ...body.holidays.map((day) => ({ date: day.date, year, kind: 'holiday', nameZh: day.nameZh, nameEn: day.nameEn ?? null })),
        ...body.makeUpWorkdays.map((day) => ({ date: day.date, year, kind: 'make_up_workday', nameZh: day.nameZh, nameEn: day.nameEn ?? null })),
      ];
      await db.transaction(async (tx) => {
        const before = await repository.findDaysOfYear(tx, year);
        await repository.replaceYear(tx, { year, source: body.source, loadedAt: now, loadedBy: actor.userId }, rows);
        await appendAuditEvent(
          tx,
          {
            zoneId: actor.zoneId,
            actorId: actor.userId,
            actorName: actor.displayName,
            action: 'calendar.load_year',
            targetType: 'calendar_year',
            targetId: String(year),
            outcome: 'success',
            requestId: meta.requestId,
            ip: meta.ip,
            details: { source: body.source, holidays: body.holidays.length, makeUpWorkdays: body.makeUpWorkdays.length, replacedDays: before.length },
          },
          clock,
        );
      });
      cached = undefined;
      for (const listener of yearLoadedListeners) await listener(year);
      const years = await this.listYears();
      return years.find((entry) => entry.year === year)!;
    },
  };
}

export type CalendarService = ReturnType<typeof createCalendarService>;
