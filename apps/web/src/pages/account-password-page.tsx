import { ProCard } from '@ant-design/pro-components';
import { useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useTranslation } from 'react-i18next';
import { PasswordChangeForm } from '../modules/auth/components/password-change-form';
import { applySessionReply } from '../modules/auth/hooks/use-session';
import { PageShell } from '../ui/page-shell';

export function AccountPasswordPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  return (
    <PageShell title={t('account.password.title')} description={t('account.password.description')}>
      <ProCard style={{ maxWidth: 560 }}>
        <PasswordChangeForm
          submitBlock={false}
          onChanged={(reply) => {
            void message.success(t('auth.passwordChange.success'));
            void applySessionReply(queryClient, reply);
          }}
        />
      </ProCard>
    </PageShell>
  );
}
