import { useTranslation } from 'react-i18next';
import { CalendarAdmin } from '../../modules/catalogue-admin/components/calendar/calendar-admin';
import { PageShell } from '../../ui/page-shell';

/** 工作日历管理: the official holidays and make-up working days that every deadline counts on. */
export function CalendarAdminPage() {
  const { t } = useTranslation();
  return (
    <PageShell title={t('catalogueAdmin.calendar.title')} description={t('catalogueAdmin.calendar.description')}>
      <CalendarAdmin />
    </PageShell>
  );
}
