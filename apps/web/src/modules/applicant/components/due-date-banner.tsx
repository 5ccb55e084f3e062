import { CalendarOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../app/http';
import { formatDay } from '../dates';
import { useDueDateIfAcceptedToday } from '../hooks/use-catalogue';

/** The year the server names when its calendar does not reach a date (`fields[].reason`), if any. */
function missingYearOf(error: unknown): number | null {
  if (!isApiError(error) || error.code !== 'CALENDAR_YEAR_NOT_LOADED') return null;
  for (const field of error.fields) {
    const year = Number(field.reason);
    if (Number.isInteger(year) && year > 2000) return year;
  }
  const fromMessage = /\b(20\d{2})\b/.exec(error.message);
  return fromMessage ? Number(fromMessage[1]) : null;
}

/** "If accepted today, decided by …", from the official working-day calendar; honest when it does not reach. */
export function DueDateBanner({ committedLimitDays }: { committedLimitDays: number }) {
  const { t, i18n } = useTranslation();
  const due = useDueDateIfAcceptedToday(committedLimitDays);

  if (due.isPending) {
    return (
      <div className="due-banner" aria-busy>
        <Skeleton active paragraph={false} title={{ width: '60%' }} />
      </div>
    );
  }
  if (due.isError) {
    const year = missingYearOf(due.error);
    return (
      <div className="due-banner due-banner-missing" role="status">
        <span className="due-banner-icon">
          <ExclamationCircleOutlined aria-hidden />
        </span>
        <div className="due-banner-main">
          <span className="due-banner-date">{year ? t('applicant.item.calendarMissing', { year }) : t('applicant.item.dueUnknown')}</span>
          {year && (
            <Typography.Text type="secondary">
              {t('applicant.item.calendarMissingNote', { year, days: committedLimitDays })}
            </Typography.Text>
          )}
        </div>
      </div>
    );
  }
  return (
    <div className="due-banner" role="status">
      <span className="due-banner-icon">
        <CalendarOutlined aria-hidden />
      </span>
      <div className="due-banner-main">
        <Typography.Text type="secondary">{t('applicant.item.dueIfToday')}</Typography.Text>
        <span className="due-banner-date" data-date={due.data.date}>
          {formatDay(due.data.date, i18n.language)}
        </span>
        <Typography.Text type="secondary" style={{ fontSize: '0.88em' }}>
          {t('applicant.item.dueNote')}
        </Typography.Text>
      </div>
    </div>
  );
}
