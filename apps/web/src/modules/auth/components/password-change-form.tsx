import type { SessionReply } from '@yuanqu/shared';
import { useMutation } from '@tanstack/react-query';
import { Button, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../app/i18n/use-error-text';
import { ErrorAlert } from '../../../ui/error-alert';
import { changePassword } from '../api';

interface PasswordChangeValues {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/** Current password, new password twice; the zone's policy is checked by the server. */
export function PasswordChangeForm({
  onChanged,
  submitBlock = true,
}: {
  onChanged: (reply: SessionReply | null) => void;
  submitBlock?: boolean;
}) {
  const { t } = useTranslation();
  const { fieldErrors } = useErrorText();
  const [form] = Form.useForm<PasswordChangeValues>();
  const mutation = useMutation({
    mutationFn: changePassword,
    onSuccess: (reply) => {
      form.resetFields();
      onChanged(reply);
    },
    onError: (error) => form.setFields(fieldErrors(error)),
  });

  return (
    <Form<PasswordChangeValues>
      form={form}
      layout="vertical"
      requiredMark={false}
      onFinish={(values) => mutation.mutate({ currentPassword: values.currentPassword, newPassword: values.newPassword })}
    >
      <ErrorAlert error={mutation.error} />
      <Form.Item
        name="currentPassword"
        label={t('auth.passwordChange.currentPassword')}
        rules={[{ required: true, message: t('auth.passwordChange.currentRequired') }]}
      >
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item
        name="newPassword"
        label={t('auth.passwordChange.newPassword')}
        extra={t('auth.passwordChange.hint')}
        rules={[{ required: true, message: t('auth.passwordChange.newRequired') }]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        name="confirmPassword"
        label={t('auth.passwordChange.confirmPassword')}
        dependencies={['newPassword']}
        rules={[
          { required: true, message: t('auth.passwordChange.confirmRequired') },
          ({ getFieldValue }) => ({
            validator: (_rule, value: string | undefined) =>
              !value || getFieldValue('newPassword') === value
                ? Promise.resolve()
                : Promise.reject(new Error(t('auth.passwordChange.mismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item style={{ marginBottom: 0 }}>
        <Button type="primary" htmlType="submit" block={submitBlock} loading={mutation.isPending}>
          {t('auth.passwordChange.submit')}
        </Button>
      </Form.Item>
    </Form>
  );
}
