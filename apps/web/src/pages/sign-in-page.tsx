import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { SignInScreen } from '../modules/auth/components/sign-in-screen';

export function SignInPage() {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${t('auth.signIn.title')} - ${t('common.appName')}`;
  }, [t]);
  return <SignInScreen />;
}
