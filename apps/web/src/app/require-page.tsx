import { Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useActiveSession } from '../modules/auth/hooks/use-session';
import { canSeePage, type AdminPage } from './access';

/** Shows the page only to the roles that may use it; the server enforces the same rule. */
export function RequirePage({ page, children }: { page: AdminPage; children: ReactNode }) {
  const { t } = useTranslation();
  const session = useActiveSession();
  if (!canSeePage(session.user.roles, page)) {
    return (
      <Result
        status="403"
        title={t('errors.FORBIDDEN')}
        extra={
          <Link to="/">
            <Button type="primary">{t('common.backHome')}</Button>
          </Link>
        }
      />
    );
  }
  return <>{children}</>;
}
