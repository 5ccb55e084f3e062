import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { calendarDays, calendarYears } from './calendar.table.js';

export type CalendarYearRow = typeof calendarYears.$inferSelect;
export type CalendarDayRow = typeof calendarDays.$inferSelect;

export async function findYears(executor: Executor): Promise<CalendarYearRow[]> {
  return executor.select().from(calendarYears).orderBy(asc(calendarYears.year));
}

export async function findDays(executor: Executor): Promise<CalendarDayRow[]> {
  return executor.select().from(calendarDays).orderBy(asc(calendarDays.date));
}

export async function findDaysOfYear(executor: Executor, year: number): Promise<CalendarDayRow[]> {
  return executor.select().from(calendarDays).where(eq(calendarDays.year, year)).orderBy(asc(calendarDays.date));
}

/** Replaces a year's schedule whole. */
export async function replaceYear(executor: Executor, year: CalendarYearRow, days: CalendarDayRow[]): Promise<void> {
  await executor.delete(calendarYears).where(eq(calendarYears.year, year.year));
  await executor.insert(calendarYears).values(year);
  if (days.length > 0) await executor.insert(calendarDays).values(days);
}
