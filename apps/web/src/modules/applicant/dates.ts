/**
 * Calendar days as the API sends them (`YYYY-MM-DD`, China's calendar date). Working-day limits
 * count from the day in China, whatever the device's own time zone.
 */
const CHINA_TIME_ZONE = 'Asia/Shanghai';

/** Today's date in China as `YYYY-MM-DD`. */
export function chinaToday(now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: CHINA_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((candidate) => candidate.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** The year of a `YYYY-MM-DD` date. */
export function yearOf(day: string): number {
  return Number(day.slice(0, 4));
}

/** A calendar day in the user's language with its weekday: 2026年12月4日 星期五 / Fri, 4 Dec 2026. */
export function formatDay(day: string | null | undefined, language: string): string {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return '';
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return '';
  const isChinese = language.startsWith('zh');
  return new Intl.DateTimeFormat(isChinese ? 'zh-CN' : 'en-GB', {
    timeZone: 'UTC',
    year: 'numeric',
    month: isChinese ? 'long' : 'short',
    day: 'numeric',
    weekday: isChinese ? 'long' : 'short',
  }).format(date);
}

/** A day in short, for cards and small boxes: 12月4日 周五 / Fri 4 Dec; the year only when it is not this year. */
export function formatShortDay(day: string | null | undefined, language: string, today: string = chinaToday()): string {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return '';
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return '';
  const isChinese = language.startsWith('zh');
  const withYear = day.slice(0, 4) !== today.slice(0, 4);
  const dayPart = new Intl.DateTimeFormat(isChinese ? 'zh-CN' : 'en-GB', {
    timeZone: 'UTC',
    ...(withYear ? { year: 'numeric' } : {}),
    month: isChinese ? 'long' : 'short',
    day: 'numeric',
  }).format(date);
  const weekday = new Intl.DateTimeFormat(isChinese ? 'zh-CN' : 'en-GB', { timeZone: 'UTC', weekday: 'short' }).format(date);
  return isChinese ? `${dayPart} ${weekday}` : `${weekday} ${dayPart}`;
}

/** A moment (ISO time) as China's date and time, to the minute: 2026/11/26 21:03. */
export function formatMoment(value: string | null | undefined, language: string): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  const isChinese = language.startsWith('zh');
  // English spells the month out: "07/12/2026" reads as 12 July to an American reader, 7 December to a British one.
  return new Intl.DateTimeFormat(isChinese ? 'zh-CN' : 'en-GB', {
    timeZone: CHINA_TIME_ZONE,
    year: 'numeric',
    month: isChinese ? '2-digit' : 'short',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(date);
}
