import { date, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The official calendar is data the platform owns: a year counts only once its schedule is loaded
 * (seeded for 2023–2026, loaded by an admin when the State Council publishes the next).
 */
export const calendarYears = pgTable('calendar_years', {
  year: integer('year').primaryKey(),
  source: text('source').notNull(),
  loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull(),
  loadedBy: uuid('loaded_by'),
});

/** Exceptions to the weekday rule in a loaded year: holidays off, make-up working days (调休) on. */
export const calendarDays = pgTable(
  'calendar_days',
  {
    date: date('date', { mode: 'string' }).primaryKey(),
    year: integer('year')
      .notNull()
      .references(() => calendarYears.year, { onDelete: 'cascade' }),
    /** `holiday` or `make_up_workday`. */
    kind: text('kind').notNull(),
    nameZh: text('name_zh').notNull(),
    nameEn: text('name_en'),
  },
  (table) => [index('calendar_days_year_idx').on(table.year)],
);
