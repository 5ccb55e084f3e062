/**
 * Reads the dates out of the State Council's yearly notice (国务院办公厅关于××年部分节假日安排的通知),
 * as published, e.g. for 2026:
 *
 *   一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
 *   二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
 *
 * Every day of a 放假 range is a holiday (weekend days inside it too); each date of a sentence that
 * ends in 上班 is a make-up working day (调休). The admin checks the result before saving.
 */

export type CalendarDayKind = 'holiday' | 'make_up_workday';

export interface NoticeDay {
  date: string;
  kind: CalendarDayKind;
  nameZh: string;
  nameEn?: string;
}

export interface ParsedNotice {
  days: NoticeDay[];
  /** Dates the notice names outside the year (a make-up day in the December before): left for that year. */
  otherYearDates: string[];
  /** The notice's number, e.g. 国办发明电〔2025〕7号, when the text holds it. */
  source: string | null;
}

const ENGLISH_NAMES: Record<string, string> = {
  元旦: "New Year's Day",
  春节: 'Spring Festival',
  清明节: 'Qingming Festival',
  清明: 'Qingming Festival',
  劳动节: 'Labour Day',
  端午节: 'Dragon Boat Festival',
  端午: 'Dragon Boat Festival',
  中秋节: 'Mid-Autumn Festival',
  中秋: 'Mid-Autumn Festival',
  国庆节: 'National Day',
};

/** The English name of a holiday (`国庆节、中秋节` → `National Day and Mid-Autumn Festival`), or undefined. */
export function englishHolidayName(nameZh: string): string | undefined {
  const parts = nameZh.split(/[、和与及]/).map((part) => ENGLISH_NAMES[part.trim()]);
  return parts.every((part) => part !== undefined) ? parts.join(' and ') : undefined;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

function isoDate(year: number, month: number, day: number): string | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

function nextDay(date: string): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}

/** Chinese and full-width digits as ASCII, parentheses and their contents (weekday, lunar date) gone. */
function simplify(text: string): string {
  return text
    .replace(/[０-９]/g, (digit) => String.fromCharCode(digit.charCodeAt(0) - 0xfee0))
    .replace(/（[^）]*）|\([^)]*\)/g, '')
    .replace(/[ \t\u3000]/g, '');
}

const DATE = /(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日/;
const RANGE = new RegExp(`${DATE.source}至(?:(?:(\\d{4})年)?(\\d{1,2})月)?(\\d{1,2})日`, 'g');

export function parseStateCouncilNotice(text: string, year: number): ParsedNotice {
  const days = new Map<string, NoticeDay>();
  const otherYearDates: string[] = [];
  const sourceMatch = /国办发明电〔\d{4}〕\d+号/.exec(text);
  const simplified = simplify(text);
  // Each numbered paragraph (一、二、…) is one holiday.
  const sections = simplified.split(/(?:^|\n|。)\s*[一二三四五六七八九十]+、/).slice(1);
  for (const section of sections) {
    const nameZh = (section.split(/[：:]/)[0] ?? '').trim().slice(0, 32);
    if (!nameZh) continue;
    const nameEn = englishHolidayName(nameZh);
    // A make-up day named under 元旦 in December belongs to the year before.
    const yearOf = (explicitYear: string | undefined, month: number) =>
      explicitYear ? Number(explicitYear) : nameZh.includes('元旦') && month === 12 ? year - 1 : year;
    const add = (date: string | null, kind: CalendarDayKind) => {
      if (!date) return;
      if (Number(date.slice(0, 4)) !== year) {
        if (!otherYearDates.includes(date)) otherYearDates.push(date);
        return;
      }
      if (!days.has(date)) days.set(date, { date, kind, nameZh, ...(nameEn ? { nameEn } : {}) });
    };
    for (const clause of section.split(/[。；;\n，,]/)) {
      if (clause.includes('上班')) {
        for (const match of clause.matchAll(new RegExp(DATE.source, 'g'))) {
          add(isoDate(yearOf(match[1], Number(match[2])), Number(match[2]), Number(match[3])), 'make_up_workday');
        }
      } else if (clause.includes('放假')) {
        let rest = clause;
        for (const match of clause.matchAll(RANGE)) {
          const [, startYear, startMonth, startDay, endYear, endMonth, endDay] = match;
          const fromYear = yearOf(startYear, Number(startMonth));
          const from = isoDate(fromYear, Number(startMonth), Number(startDay));
          const toMonth = Number(endMonth ?? startMonth);
          // 12月30日至1月1日 runs into the next year.
          const toYear = endYear ? Number(endYear) : toMonth < Number(startMonth) ? fromYear + 1 : fromYear;
          const to = isoDate(toYear, toMonth, Number(endDay));
          if (from && to && from <= to) {
            for (let date = from; date <= to; date = nextDay(date)) add(date, 'holiday');
          }
          rest = rest.replace(match[0], '');
        }
        for (const match of rest.matchAll(new RegExp(DATE.source, 'g'))) {
          add(isoDate(yearOf(match[1], Number(match[2])), Number(match[2]), Number(match[3])), 'holiday');
        }
      }
    }
  }
  return {
    days: [...days.values()].sort((left, right) => left.date.localeCompare(right.date)),
    otherYearDates,
    source: sourceMatch ? sourceMatch[0] : null,
  };
}

/** One holiday of a year as people name it: its days off (as ranges) and its make-up working days. */
export interface HolidayGroup {
  nameZh: string;
  nameEn: string | undefined;
  ranges: Array<{ from: string; to: string }>;
  dayCount: number;
  makeUpDays: string[];
}

/** Groups a year's days by holiday name, in calendar order (元旦, 春节, …). */
export function groupHolidays(
  holidays: Array<{ date: string; nameZh: string; nameEn?: string | undefined }>,
  makeUpDays: Array<{ date: string; nameZh: string; nameEn?: string | undefined }>,
): HolidayGroup[] {
  const groups = new Map<string, HolidayGroup>();
  const groupOf = (day: { nameZh: string; nameEn?: string | undefined }) => {
    let group = groups.get(day.nameZh);
    if (!group) {
      group = { nameZh: day.nameZh, nameEn: day.nameEn, ranges: [], dayCount: 0, makeUpDays: [] };
      groups.set(day.nameZh, group);
    }
    return group;
  };
  for (const day of [...holidays].sort((left, right) => left.date.localeCompare(right.date))) {
    const group = groupOf(day);
    const last = group.ranges.at(-1);
    if (last && nextDay(last.to) === day.date) last.to = day.date;
    else group.ranges.push({ from: day.date, to: day.date });
    group.dayCount += 1;
  }
  for (const day of [...makeUpDays].sort((left, right) => left.date.localeCompare(right.date))) groupOf(day).makeUpDays.push(day.date);
  const firstDate = (group: HolidayGroup) => group.ranges[0]?.from ?? group.makeUpDays[0] ?? '';
  return [...groups.values()].sort((left, right) => firstDate(left).localeCompare(firstDate(right)));
}
