import { chinaDateOf, type WorkingDayCalendar } from '../../lib/working-day-calendar.js';

/** The inspection room's hours in China time, e.g. `[{ start: '09:00', end: '12:00' }, { start: '14:00', end: '17:30' }]`. */
export interface OfficeHours {
  windows: ReadonlyArray<{ start: string; end: string }>;
  slotMinutes: number;
}

export const DEFAULT_OFFICE_HOURS: OfficeHours = {
  windows: [
    { start: '09:00', end: '12:00' },
    { start: '14:00', end: '17:30' },
  ],
  slotMinutes: 30,
};

export interface Interval {
  start: Date;
  end: Date;
}

export interface SlotProposal extends Interval {
  inspectorIds: [string, string];
}

export interface SlotSearch {
  calendar: WorkingDayCalendar;
  now: Date;
  hours: OfficeHours;
  /** Every inspector who may take it, in the order to prefer them (e.g. least booked first). */
  inspectorIds: readonly string[];
  /** What each inspector already has booked. */
  busy: ReadonlyMap<string, readonly Interval[]>;
  /** The last day that keeps the case inside its limit (its due date); null when not known. */
  lastDay: string | null;
  /** The applicant needs time to receive the link and test the phone. */
  leadMinutes?: number;
  /** How many working days ahead to look when no due date bounds the search. */
  horizonWorkingDays?: number;
}

const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The instant of `hh:mm` China time on `day`. */
export function chinaTime(day: string, hhmm: string): Date {
  return new Date(Date.parse(`${day}T${hhmm}:00.000Z`) - CHINA_OFFSET_MS);
}

function overlaps(a: Interval, b: Interval): boolean {
  return a.start < b.end && b.start < a.end;
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + 86_400_000).toISOString().slice(0, 10);
}

/**
 * The earliest slots with two free inspectors each (at most `limit`), on working days, inside office
 * hours, at least `leadMinutes` from now and no later than `lastDay`. Empty when there is none (the
 * caller says why: no inspectors, no time left before the deadline, or a calendar year not loaded —
 * that error propagates when the search reaches it before finding `limit` slots).
 */
export function findFreeSlots(search: SlotSearch, limit: number): SlotProposal[] {
  const { calendar, hours, inspectorIds, busy } = search;
  const found: SlotProposal[] = [];
  if (inspectorIds.length < 2 || limit < 1) return found;
  const earliest = new Date(search.now.getTime() + (search.leadMinutes ?? 60) * 60_000);
  let day = chinaDateOf(earliest);
  let workingDaysSeen = 0;
  const horizon = search.horizonWorkingDays ?? 20;
  while (search.lastDay ? day <= search.lastDay : workingDaysSeen < horizon) {
    // A day in a year not loaded throws CalendarYearNotLoadedError: never a guessed slot.
    if (calendar.isWorkingDay(day)) {
      workingDaysSeen += 1;
      for (const window of hours.windows) {
        const windowEnd = chinaTime(day, window.end);
        for (let start = chinaTime(day, window.start); start.getTime() + hours.slotMinutes * 60_000 <= windowEnd.getTime(); start = new Date(start.getTime() + hours.slotMinutes * 60_000)) {
          if (start < earliest) continue;
          const slot = { start, end: new Date(start.getTime() + hours.slotMinutes * 60_000) };
          const free = inspectorIds.filter((id) => !(busy.get(id) ?? []).some((taken) => overlaps(taken, slot)));
          if (free.length >= 2) {
            found.push({ ...slot, inspectorIds: [free[0]!, free[1]!] });
            if (found.length >= limit) return found;
          }
        }
      }
    }
    day = nextDay(day);
  }
  return found;
}

/** The earliest free slot (see `findFreeSlots`), or null. */
export function proposeSlot(search: SlotSearch): SlotProposal | null {
  return findFreeSlots(search, 1)[0] ?? null;
}
