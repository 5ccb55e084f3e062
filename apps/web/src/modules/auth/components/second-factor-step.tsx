import type { SecondFactorBody, SessionReply } from '@yuanqu/shared';
import { useMutation } from '@tanstack/react-query';
import { Button, Form, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../ui/error-alert';
import { verifySecondFactor } from '../api';
import { SecondFactorCodeField } from './second-factor-code-field';

/** Asks a user with a second factor for the current TOTP code. */
export function SecondFactorStep({ onVerified }: { onVerified: (reply: SessionReply | null) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<SecondFactorBody>();
  const mutation = useMutation({
    mutationFn: verifySecondFactor,
    onSuccess: onVerified,
    onError: () => form.setFieldValue('code', ''),
  });

  return (
    <Form<SecondFactorBody>
      form={form}
      layout="vertical"
      requiredMark={false}
      size="large"
      onFinish={(values) => mutation.mutate({ code: values.code })}
    >
      <Typography.Paragraph type="secondary">{t('auth.secondFactor.description')}</Typography.Paragraph>
      <ErrorAlert error={mutation.error} />
      <SecondFactorCodeField autoFocus />
      <Form.Item style={{ marginBottom: 0 }}>
        <Button type="primary" htmlType="submit" block loading={mutation.isPending}>
          {t('auth.secondFactor.submit')}
        </Button>
      </Form.Item>
    </Form>
  );
}
