import { CalendarYearNotLoadedError, type WorkingDayCalendar } from './working-day-calendar.js';

/**
 * The working-day clock of a case (SPEC §2): it starts at acceptance (the day itself not counted),
 * stops while the applicant corrects and during steps the law does not count, and turns yellow at a
 * share of the limit and red past it.
 */
export interface ClockState {
  limitDays: number;
  acceptedOn: string | null;
  pausedSince: string | null;
  pausedWorkingDays: number;
  concludedOn: string | null;
}

export interface ClockReading {
  limitDays: number;
  acceptedOn: string | null;
  dueOn: string | null;
  usedDays: number;
  remainingDays: number;
  isPaused: boolean;
  light: 'green' | 'yellow' | 'red' | 'unknown';
  missingCalendarYear: number | null;
}

/** Working days into the limit at which the clock turns yellow (at least 1). */
export function warningDays(limitDays: number, warnShare: number): number {
  return Math.max(1, Math.ceil(limitDays * warnShare));
}

/** The stored deadline dates of a running clock, or nulls (not accepted, paused, or a year not loaded). */
export function deadlineDates(calendar: WorkingDayCalendar, state: ClockState, warnShare: number): { warnOn: string | null; dueOn: string | null } {
  if (!state.acceptedOn || state.pausedSince) return { warnOn: null, dueOn: null };
  try {
    return {
      warnOn: calendar.addWorkingDays(state.acceptedOn, warningDays(state.limitDays, warnShare) + state.pausedWorkingDays),
      dueOn: calendar.addWorkingDays(state.acceptedOn, state.limitDays + state.pausedWorkingDays),
    };
  } catch (error) {
    if (error instanceof CalendarYearNotLoadedError) return { warnOn: null, dueOn: null };
    throw error;
  }
}

/** Working days a pause from `since` to `until` takes out of the clock. */
export function pausedDaysBetween(calendar: WorkingDayCalendar, since: string, until: string): number {
  return calendar.countWorkingDaysBetween(since, until);
}

/** Reads the clock on `today` (or on the conclusion day once concluded). */
export function readClock(calendar: WorkingDayCalendar, state: ClockState, today: string, warnShare: number): ClockReading {
  const base = { limitDays: state.limitDays, acceptedOn: state.acceptedOn, isPaused: state.pausedSince !== null };
  if (!state.acceptedOn) {
    return { ...base, dueOn: null, usedDays: 0, remainingDays: state.limitDays, light: 'green', missingCalendarYear: null };
  }
  const endDay = state.concludedOn ?? today;
  try {
    const openPause = state.pausedSince ? calendar.countWorkingDaysBetween(state.pausedSince, endDay) : 0;
    const usedDays = calendar.countWorkingDaysBetween(state.acceptedOn, endDay) - state.pausedWorkingDays - openPause;
    const remainingDays = state.limitDays - usedDays;
    const dueOn = calendar.addWorkingDays(state.acceptedOn, state.limitDays + state.pausedWorkingDays + openPause);
    const light = remainingDays < 0 ? 'red' : usedDays >= warningDays(state.limitDays, warnShare) ? 'yellow' : 'green';
    return { ...base, dueOn, usedDays, remainingDays, light, missingCalendarYear: null };
  } catch (error) {
    if (!(error instanceof CalendarYearNotLoadedError)) throw error;
    return { ...base, dueOn: null, usedDays: 0, remainingDays: state.limitDays, light: 'unknown', missingCalendarYear: error.year };
  }
}
