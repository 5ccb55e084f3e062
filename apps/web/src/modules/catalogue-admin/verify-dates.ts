/**
 * Dates on the public verification page, in one format per language: 2026年12月2日 in Chinese (as
 * the paper's signature line prints it), December 2, 2026 in English (a number-only date such as
 * 12/02/2026 reads day-first to many). The issue and revocation instants and the dates inside the
 * document's facts (`决定日期: 2026-12-02`, `踏勘时间: 2026-11-25 10:00（北京时间）`) all go
 * through it.
 */

/** A document is dated in the zone's time (Beijing), wherever the page is opened. */
const DOCUMENT_TIME_ZONE = 'Asia/Shanghai';
/** A fact that starts with an ISO date, and what follows it (a time, a note). */
const LEADING_ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?=$|[\sT（(])/;

function longDate(date: Date, language: string, timeZone: string): string {
  return new Intl.DateTimeFormat(language, { year: 'numeric', month: 'long', day: 'numeric', timeZone }).format(date);
}

/** An instant (`2026-12-02T02:00:00.000Z`) as its calendar date in Beijing, in the language's format. */
export function formatDocumentDate(value: string | null | undefined, language: string): string {
  if (!value) return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  return longDate(date, language, DOCUMENT_TIME_ZONE);
}

/**
 * A fact as shown: a leading ISO date is written in the language's date format, the rest of the
 * text as printed (`2026-11-25 10:00（北京时间）` → `2026年11月25日 10:00（北京时间）`).
 */
export function formatFactValue(value: string, language: string): string {
  const match = LEADING_ISO_DATE.exec(value);
  if (!match) return value;
  const [whole, year, month, day] = match;
  // A calendar date has no time zone: read and written in UTC, it is never shifted a day.
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (date.getUTCMonth() !== Number(month) - 1) return value;
  const rest = value.slice(whole.length).replace(/^T/, ' ');
  return `${longDate(date, language, 'UTC')}${rest}`;
}
