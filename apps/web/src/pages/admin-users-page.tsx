import { useTranslation } from 'react-i18next';
import { useActiveSession } from '../modules/auth/hooks/use-session';
import { UsersTable } from '../modules/users/components/users-table';
import { PageShell } from '../ui/page-shell';

export function AdminUsersPage() {
  const { t } = useTranslation();
  const { user } = useActiveSession();
  const description = user.roles.includes('system_admin') ? t('users.description') : t('users.securityDescription');
  return (
    <PageShell title={t('users.title')} description={description}>
      <UsersTable />
    </PageShell>
  );
}
