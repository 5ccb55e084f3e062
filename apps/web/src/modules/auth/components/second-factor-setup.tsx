import type { SecondFactorBody, SessionReply } from '@yuanqu/shared';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Button, Flex, Form, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../ui/error-alert';
import { confirmSecondFactorSetup, fetchSecondFactorSetup } from '../api';
import { SecondFactorCodeField } from './second-factor-code-field';

/** Shows the QR code and key of a new TOTP secret, then confirms it with a first code. */
export function SecondFactorSetup({ onEnrolled }: { onEnrolled: (reply: SessionReply | null) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<SecondFactorBody>();
  const setup = useQuery({
    queryKey: ['auth', 'second-factor-setup'],
    queryFn: fetchSecondFactorSetup,
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
  });
  const mutation = useMutation({
    mutationFn: confirmSecondFactorSetup,
    onSuccess: onEnrolled,
    onError: () => form.setFieldValue('code', ''),
  });

  return (
    <div>
      <Typography.Paragraph type="secondary">{t('auth.setup.description')}</Typography.Paragraph>
      {setup.isPending && <Skeleton.Image active style={{ width: 200, height: 200 }} />}
      <ErrorAlert error={setup.error} />
      {setup.data && (
        <Flex vertical align="center" gap={8} style={{ marginBottom: 16 }}>
          <img
            src={setup.data.qrCodeDataUrl}
            alt={t('auth.setup.qrAlt')}
            width={200}
            height={200}
            style={{ border: '1px solid rgba(5,5,5,0.06)', borderRadius: 8, padding: 8, background: '#fff' }}
          />
          <Typography.Text type="secondary">{t('auth.setup.secret')}</Typography.Text>
          <Typography.Text
            code
            copyable={{ text: setup.data.secret }}
            data-testid="second-factor-secret"
            style={{ wordBreak: 'break-all', textAlign: 'center' }}
          >
            {setup.data.secret.replace(/(.{4})/g, '$1 ').trim()}
          </Typography.Text>
        </Flex>
      )}
      <Form<SecondFactorBody>
        form={form}
        layout="vertical"
        requiredMark={false}
        size="large"
        onFinish={(values) => mutation.mutate({ code: values.code })}
        disabled={!setup.data}
      >
        <ErrorAlert error={mutation.error} />
        <SecondFactorCodeField />
        <Form.Item style={{ marginBottom: 0 }}>
          <Button type="primary" htmlType="submit" block loading={mutation.isPending}>
            {t('auth.setup.submit')}
          </Button>
        </Form.Item>
      </Form>
    </div>
  );
}
