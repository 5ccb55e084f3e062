import { CheckCircleFilled, SafetyOutlined } from '@ant-design/icons';
import { ProCard } from '@ant-design/pro-components';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Result } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SecondFactorSetup } from '../modules/auth/components/second-factor-setup';
import { applySessionReply, useActiveSession } from '../modules/auth/hooks/use-session';
import { PageShell } from '../ui/page-shell';

export function AccountSecondFactorPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { user } = useActiveSession();
  const [isEnrolling, setEnrolling] = useState(false);

  return (
    <PageShell title={t('account.secondFactor.title')} description={t('account.secondFactor.description')}>
      <ProCard style={{ maxWidth: 560 }}>
        {isEnrolling ? (
          <SecondFactorSetup
            onEnrolled={(reply) => {
              setEnrolling(false);
              void message.success(t('account.secondFactor.success'));
              void applySessionReply(queryClient, reply);
            }}
          />
        ) : (
          <Result
            icon={
              user.hasSecondFactor ? <CheckCircleFilled style={{ color: '#389e0d' }} /> : <SafetyOutlined style={{ color: '#1b5fcc' }} />
            }
            title={t(user.hasSecondFactor ? 'account.secondFactor.statusEnabled' : 'account.secondFactor.statusDisabled')}
            subTitle={user.hasSecondFactor ? t('account.secondFactor.enabledDescription') : undefined}
            extra={
              user.hasSecondFactor ? undefined : (
                <Button type="primary" onClick={() => setEnrolling(true)}>
                  {t('account.secondFactor.start')}
                </Button>
              )
            }
          />
        )}
      </ProCard>
    </PageShell>
  );
}
