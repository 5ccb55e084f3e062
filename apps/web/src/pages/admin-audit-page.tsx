import { useTranslation } from 'react-i18next';
import { AuditLogTable } from '../modules/audit/components/audit-log-table';
import { PageShell } from '../ui/page-shell';

export function AdminAuditPage() {
  const { t } = useTranslation();
  return (
    <PageShell title={t('audit.title')} description={t('audit.description')}>
      <AuditLogTable />
    </PageShell>
  );
}
