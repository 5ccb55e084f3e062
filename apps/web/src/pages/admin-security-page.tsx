import { useTranslation } from 'react-i18next';
import { SecurityPolicyForm } from '../modules/security/components/security-policy-form';
import { PageShell } from '../ui/page-shell';

export function AdminSecurityPage() {
  const { t } = useTranslation();
  return (
    <PageShell title={t('security.title')} description={t('security.description')}>
      <SecurityPolicyForm />
    </PageShell>
  );
}
