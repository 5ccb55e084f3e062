import { Type, type Static } from '@sinclair/typebox';

/** A calendar day as `YYYY-MM-DD` (China's calendar date, no time zone). */
export const dateStringSchema = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'YYYY-MM-DD' });

export const addWorkingDaysQuerySchema = Type.Object({
  from: dateStringSchema,
  days: Type.Integer({ minimum: 0, maximum: 365 }),
});
export type AddWorkingDaysQuery = Static<typeof addWorkingDaysQuerySchema>;

export const addWorkingDaysReplySchema = Type.Object({ date: dateStringSchema });
export type AddWorkingDaysReply = Static<typeof addWorkingDaysReplySchema>;

export const calendarDaySchema = Type.Object({
  date: dateStringSchema,
  nameZh: Type.String({ minLength: 1, maxLength: 32 }),
  nameEn: Type.Optional(Type.String({ maxLength: 64 })),
});
export type CalendarDay = Static<typeof calendarDaySchema>;

/** One year's official schedule as the State Council publishes it (国务院办公厅关于…部分节假日安排的通知). */
/**
 * The fewest days off a year's official schedule can list: the statutory public holidays alone are 11
 * days (13 from 2025), so a shorter list is an incomplete schedule — loading it would count the
 * missing holidays as working days.
 */
export const MIN_HOLIDAYS_PER_YEAR = 11;

export const calendarYearBodySchema = Type.Object(
  {
    /** Public holidays (days off that would otherwise be working days, and the weekend days inside a holiday). */
    holidays: Type.Array(calendarDaySchema, { maxItems: 60 }),
    /** 调休: weekend days that are working days. */
    makeUpWorkdays: Type.Array(calendarDaySchema, { maxItems: 20 }),
    /** Where the schedule comes from, e.g. the notice's number. */
    source: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type CalendarYearBody = Static<typeof calendarYearBodySchema>;

export const calendarYearSchema = Type.Object({
  year: Type.Integer(),
  source: Type.String(),
  loadedAt: Type.String({ format: 'date-time' }),
  holidays: Type.Array(calendarDaySchema),
  makeUpWorkdays: Type.Array(calendarDaySchema),
});
export type CalendarYear = Static<typeof calendarYearSchema>;

export const calendarYearParamsSchema = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) });
