import { useTranslation } from 'react-i18next';
import { RoleGuide } from '../modules/users/components/role-guide';
import { PageShell } from '../ui/page-shell';

export function AdminRolesPage() {
  const { t } = useTranslation();
  return (
    <PageShell title={t('roleGuide.title')} description={t('roleGuide.description')}>
      <RoleGuide />
    </PageShell>
  );
}
