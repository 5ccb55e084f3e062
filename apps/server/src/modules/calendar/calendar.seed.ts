import chineseDays from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import type { Database } from '../../db/client.js';
import type { CalendarDayRow } from './calendar.repository.js';
import * as repository from './calendar.repository.js';

/**
 * Years whose `chinese-days` 1.5.7 data matched the State Council's published schedules on every
 * day. Later years are loaded by an admin from the official notice; the package's data for them is
 * not trusted (it had none for 2027 and answered as if every weekday were a working day).
 */
export const SEEDED_YEARS = [2023, 2024, 2025, 2026] as const;

type ChineseDaysTable = Record<'holidays' | 'workdays', Record<string, string>>;

/** `"National Day,国庆节,3"` → names. */
function namesOf(label: string): { nameZh: string; nameEn: string } {
  const [nameEn = '', nameZh = ''] = label.split(',');
  return { nameZh: nameZh || nameEn, nameEn };
}

export function daysFromChineseDays(year: number): CalendarDayRow[] {
  const table = chineseDays as unknown as ChineseDaysTable;
  const rows: CalendarDayRow[] = [];
  for (const [kind, source] of [['holiday', table.holidays], ['make_up_workday', table.workdays]] as const) {
    for (const [date, label] of Object.entries(source)) {
      if (date.startsWith(`${year}-`)) rows.push({ date, year, kind, ...namesOf(label) });
    }
  }
  return rows.sort((left, right) => left.date.localeCompare(right.date));
}

/** Loads the verified years into an empty calendar (at every start; does nothing once loaded). */
export async function seedCalendar(db: Database, now: Date): Promise<number[]> {
  const loaded = new Set((await repository.findYears(db)).map((row) => row.year));
  const seeded: number[] = [];
  await db.transaction(async (tx) => {
    for (const year of SEEDED_YEARS) {
      if (loaded.has(year)) continue;
      await repository.replaceYear(tx, { year, source: 'chinese-days 1.5.7（已与国务院办公厅通知逐日核对）', loadedAt: now, loadedBy: null }, daysFromChineseDays(year));
      seeded.push(year);
    }
  });
  return seeded;
}
