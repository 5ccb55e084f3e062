/**
 * Times of the inspection room. Slots are booked in China time (the room's office hours,
 * `DEFAULT_OFFICE_HOURS` on the server: 09:00–12:00 and 14:00–17:30, 30-minute slots), whatever
 * the time zone of the browser that books them, so every time here is shown and read in
 * Asia/Shanghai.
 */
export const CHINA_TIME_ZONE = 'Asia/Shanghai';

const OFFICE_WINDOWS = [
  { start: '09:00', end: '12:00' },
  { start: '14:00', end: '17:30' },
] as const;
export const SLOT_MINUTES = 30;

function toMinutes(time: string): number {
  const [hours = '0', minutes = '0'] = time.split(':');
  return Number(hours) * 60 + Number(minutes);
}

function toTime(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** The start times of the slots of one working day (`09:00`, `09:30`, … `17:00`). */
export function listSlotTimes(): string[] {
  const times: string[] = [];
  for (const window of OFFICE_WINDOWS) {
    for (let start = toMinutes(window.start); start + SLOT_MINUTES <= toMinutes(window.end); start += SLOT_MINUTES)
      times.push(toTime(start));
  }
  return times;
}

/** The instant of a slot given as a China date (`YYYY-MM-DD`) and time (`HH:mm`). */
export function chinaSlotStart(date: string, time: string): string {
  return new Date(`${date}T${time}:00+08:00`).toISOString();
}

/** The China date and time of an instant, e.g. `{ date: '2026-03-03', time: '10:00' }`. */
export function toChinaDateAndTime(instant: string | Date): { date: string; time: string } {
  const shifted = new Date(new Date(instant).getTime() + 8 * 3_600_000).toISOString();
  return { date: shifted.slice(0, 10), time: shifted.slice(11, 16) };
}

/** "2026年3月3日 周二 10:00–10:30" / "Tue, Mar 3, 2026 10:00–10:30". */
export function formatSlot(start: string, end: string, language: string): string {
  return `${formatDay(start, language)} ${formatClock(start)}–${formatClock(end)}`;
}

/** "2026年3月3日 周二" / "Tue, March 3, 2026" in China time. */
export function formatDay(instant: string, language: string): string {
  return new Intl.DateTimeFormat(language, {
    timeZone: CHINA_TIME_ZONE,
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    weekday: 'short',
  }).format(new Date(instant));
}

/** The China time of an instant, `HH:mm`. */
export function formatClock(instant: string | Date): string {
  return toChinaDateAndTime(instant).time;
}

/** "3月3日 10:00" for dense lists. */
export function formatShortSlot(start: string, language: string): string {
  const day = new Intl.DateTimeFormat(language, { timeZone: CHINA_TIME_ZONE, month: 'short', day: 'numeric', weekday: 'short' }).format(
    new Date(start),
  );
  return `${day} ${formatClock(start)}`;
}

export type SlotPhase = 'upcoming' | 'soon' | 'now' | 'overrun' | 'over';

/** Minutes before the slot from which the call may be joined and the page says "starting soon". */
export const EARLY_JOIN_MINUTES = 15;

/**
 * Where the current moment stands against a slot: before it, in the quarter hour before it, in
 * it, after it while the link still works (an overrun or a rejoin), or after the link expired.
 */
export function slotPhase(now: Date, start: string, end: string, expiresAt?: string): SlotPhase {
  const time = now.getTime();
  const startTime = new Date(start).getTime();
  const endTime = new Date(end).getTime();
  if (time < startTime - EARLY_JOIN_MINUTES * 60_000) return 'upcoming';
  if (time < startTime) return 'soon';
  if (time < endTime) return 'now';
  if (expiresAt && time < new Date(expiresAt).getTime()) return 'overrun';
  return 'over';
}

/** Whole minutes from now to an instant (0 when past). */
export function minutesUntil(now: Date, instant: string): number {
  return Math.max(0, Math.ceil((new Date(instant).getTime() - now.getTime()) / 60_000));
}

/** `mm:ss`, or `h:mm:ss` past an hour: the recording's elapsed time. */
export function formatElapsed(milliseconds: number): string {
  const total = Math.max(0, Math.floor(milliseconds / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const mmss = `${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
  return hours > 0 ? `${hours}:${mmss}` : mmss;
}
