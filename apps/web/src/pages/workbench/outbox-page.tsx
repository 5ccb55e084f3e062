import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { OutboxTable } from '../../modules/workbench/components/outbox-table';
import { PageShell } from '../../ui/page-shell';

/**
 * 短信与邮件 `/outbox`. The server's development sender delivers nothing: this page is where a demo
 * reads the SMS the applicant "received", and it says so first.
 */
export function OutboxPage() {
  const { t } = useTranslation();
  return (
    <PageShell title={t('workbench.outbox.title')} description={t('workbench.outbox.description')}>
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        message={t('workbench.outbox.devNotice.title')}
        description={t('workbench.outbox.devNotice.body')}
      />
      <OutboxTable />
    </PageShell>
  );
}
