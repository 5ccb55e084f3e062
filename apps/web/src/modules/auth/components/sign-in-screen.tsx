import type { SessionReply, SessionStage } from '@yuanqu/shared';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Spin, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { BrandMark } from '../../../ui/brand-mark';
import { ErrorAlert } from '../../../ui/error-alert';
import { PreferenceSwitches } from '../../../ui/preference-switches';
import { applySessionReply, useSession, useSignOut } from '../hooks/use-session';
import { readReturnPath, type SignInNotice } from '../return-path';
import { PasswordChangeForm } from './password-change-form';
import { SecondFactorSetup } from './second-factor-setup';
import { SecondFactorStep } from './second-factor-step';
import { SignInForm } from './sign-in-form';

type Step = 'credentials' | Exclude<SessionStage, 'active'>;

const STEP_TITLE_KEYS: Record<Step, string> = {
  credentials: 'auth.signIn.title',
  second_factor: 'auth.secondFactor.title',
  second_factor_setup: 'auth.setup.title',
  password_change: 'auth.passwordChange.title',
};

/** The sign-in page: credentials, then whatever step the server's session stage asks for. */
export function SignInScreen() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const [searchParams] = useSearchParams();
  const session = useSession();
  const signOut = useSignOut();
  const returnPath = readReturnPath(searchParams);
  const notice = (location.state as { notice?: SignInNotice } | null)?.notice;
  const reply = session.data ?? null;

  useEffect(() => {
    if (reply?.stage === 'active') void navigate(returnPath, { replace: true });
  }, [reply?.stage, returnPath, navigate]);

  const step: Step = !reply || reply.stage === 'active' ? 'credentials' : reply.stage;
  const onReply = (next: SessionReply | null) => {
    void applySessionReply(queryClient, next);
  };

  let content;
  if (session.isPending) {
    content = (
      <div className="sign-in-loading">
        <Spin />
      </div>
    );
  } else if (step === 'credentials') {
    content = (
      <>
        {notice && !session.isFetching && (
          <Alert
            type={notice === 'sessionExpired' ? 'warning' : 'success'}
            showIcon
            message={t(notice === 'sessionExpired' ? 'auth.sessionExpired' : 'auth.signedOut')}
            style={{ marginBottom: 16 }}
          />
        )}
        <ErrorAlert error={session.error} />
        <SignInForm onSignedIn={onReply} />
      </>
    );
  } else {
    content = (
      <>
        {reply && <Typography.Paragraph strong>{t('auth.signedInAs', { name: reply.user.displayName })}</Typography.Paragraph>}
        {step === 'second_factor' && <SecondFactorStep onVerified={onReply} />}
        {step === 'second_factor_setup' && <SecondFactorSetup onEnrolled={onReply} />}
        {step === 'password_change' && (
          <>
            <Alert type="warning" showIcon message={t('auth.passwordChange.expired')} style={{ marginBottom: 16 }} />
            <PasswordChangeForm onChanged={onReply} />
          </>
        )}
        <Button type="link" block style={{ marginTop: 8 }} loading={signOut.isPending} onClick={() => signOut.mutate()}>
          {t('auth.secondFactor.backToSignIn')}
        </Button>
      </>
    );
  }

  return (
    <div className="sign-in-page">
      <aside className="sign-in-brand">
        <div className="sign-in-brand-inner">
          <div className="sign-in-brand-title">
            <BrandMark size={48} />
            <span>{t('common.appName')}</span>
          </div>
          <p className="sign-in-brand-headline">{t('auth.brand.headline')}</p>
          <ol className="sign-in-brand-pillars">
            <li>{t('auth.brand.attract')}</li>
            <li>{t('auth.brand.approve')}</li>
            <li>{t('auth.brand.build')}</li>
            <li>{t('auth.brand.run')}</li>
          </ol>
        </div>
      </aside>
      <main className="sign-in-main">
        <div className="sign-in-toolbar">
          <PreferenceSwitches />
        </div>
        <div className="sign-in-center">
          <div className="sign-in-mobile-brand">
            <BrandMark size={40} />
            <span>{t('common.appName')}</span>
          </div>
          <Card className="sign-in-card" variant="borderless">
            <Typography.Title level={2} className="sign-in-card-title">
              {t(STEP_TITLE_KEYS[step])}
            </Typography.Title>
            {step === 'credentials' && <Typography.Paragraph type="secondary">{t('common.appTagline')}</Typography.Paragraph>}
            {content}
          </Card>
          {step === 'credentials' && (
            <Typography.Paragraph type="secondary" className="sign-in-footnote">
              {t('auth.signIn.footer')}
            </Typography.Paragraph>
          )}
        </div>
      </main>
    </div>
  );
}
