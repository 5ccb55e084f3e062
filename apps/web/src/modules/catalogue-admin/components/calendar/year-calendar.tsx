import type { CalendarYear } from '@yuanqu/shared';
import { Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { usePreferences } from '../../../../app/preferences';
import '../catalogue-admin.css';

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** Today as YYYY-MM-DD in China (the calendar's own time). */
export function chinaToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/**
 * A whole year, month by month: weekends grey, public holidays red (休), make-up working days blue
 * (班), each with its holiday's name on hover.
 */
export function YearCalendar({ year }: { year: CalendarYear }) {
  const { t } = useTranslation();
  const { language } = usePreferences();
  const holidays = new Map(year.holidays.map((day) => [day.date, day]));
  const workdays = new Map(year.makeUpWorkdays.map((day) => [day.date, day]));
  const today = chinaToday();
  const weekdays = t('catalogueAdmin.calendar.weekdays').split(',');
  const monthName = (month: number) =>
    new Intl.DateTimeFormat(language, { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(year.year, month, 1)));

  return (
    <div className="calendar-year-grid">
      {Array.from({ length: 12 }, (_, month) => {
        const first = new Date(Date.UTC(year.year, month, 1));
        // Weeks start on Monday, as Chinese calendars print them.
        const leading = (first.getUTCDay() + 6) % 7;
        const length = new Date(Date.UTC(year.year, month + 1, 0)).getUTCDate();
        return (
          <section key={month} className="calendar-month" aria-label={monthName(month)}>
            <div className="calendar-month-title">{monthName(month)}</div>
            <div className="calendar-month-grid">
              {weekdays.map((weekday) => (
                <div key={weekday} className="calendar-weekday" aria-hidden>
                  {weekday}
                </div>
              ))}
              {Array.from({ length: leading }, (_, index) => (
                <div key={`blank-${index}`} />
              ))}
              {Array.from({ length }, (_, index) => {
                const day = index + 1;
                const date = `${year.year}-${pad(month + 1)}-${pad(day)}`;
                const weekday = (leading + index) % 7;
                const holiday = holidays.get(date);
                const workday = workdays.get(date);
                const named = holiday ?? workday;
                const classes = ['calendar-day'];
                if (weekday >= 5) classes.push('calendar-day-weekend');
                if (holiday) classes.push('calendar-day-holiday');
                if (workday) classes.push('calendar-day-workday');
                if (date === today) classes.push('calendar-day-today');
                const name = named ? (language === 'zh-CN' ? named.nameZh : (named.nameEn ?? named.nameZh)) : '';
                const label = holiday
                  ? t('catalogueAdmin.calendar.holidayOn', { date, name })
                  : workday
                    ? t('catalogueAdmin.calendar.workdayOn', { date, name })
                    : date;
                const cell = (
                  <div className={classes.join(' ')} data-date={date} aria-label={label} role="img">
                    {day}
                    {holiday && <span className="calendar-day-mark">{t('catalogueAdmin.calendar.holidayMark')}</span>}
                    {workday && <span className="calendar-day-mark">{t('catalogueAdmin.calendar.workdayMark')}</span>}
                  </div>
                );
                return named ? (
                  <Tooltip key={date} title={label}>
                    {cell}
                  </Tooltip>
                ) : (
                  <div key={date} className={classes.join(' ')} data-date={date}>
                    {day}
                  </div>
                );
              })}
            </div>
          </section>
        );
      })}
    </div>
  );
}
