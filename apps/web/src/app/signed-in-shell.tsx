import { Button, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router-dom';
import { ActiveSessionContext, readSessionEndReason, useSession } from '../modules/auth/hooks/use-session';
import { buildSignInPath, SIGN_IN_PATH } from '../modules/auth/return-path';
import { ErrorAlert } from '../ui/error-alert';
import { AppLayout } from './layout/app-layout';
import { ApplicantLayout } from './layout/applicant-layout';

/** Everything behind sign-in: only an `active` session gets in; others go to the sign-in page. */
export function SignedInShell() {
  const { t } = useTranslation();
  const location = useLocation();
  const session = useSession();

  if (session.isPending) {
    return (
      <div className="full-page-center">
        <Spin size="large" />
      </div>
    );
  }
  if (session.isError) {
    return (
      <div className="full-page-center">
        <Result
          status="error"
          title={<ErrorAlert error={session.error} />}
          extra={<Button onClick={() => void session.refetch()}>{t('common.retry')}</Button>}
        />
      </div>
    );
  }
  if (!session.data || session.data.stage !== 'active') {
    const reason = readSessionEndReason();
    const target = reason === 'signedOut' ? SIGN_IN_PATH : buildSignInPath(location.pathname + location.search);
    return <Navigate to={target} replace state={reason ? { notice: reason } : null} />;
  }
  return (
    <ActiveSessionContext.Provider value={session.data}>
      {session.data.user.kind === 'enterprise' ? <ApplicantLayout /> : <AppLayout />}
    </ActiveSessionContext.Provider>
  );
}
