import { LockOutlined, UserOutlined } from '@ant-design/icons';
import type { SessionReply, SignInBody } from '@yuanqu/shared';
import { useMutation } from '@tanstack/react-query';
import { Button, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../ui/error-alert';
import { signIn } from '../api';

/** Username and password; hands the server's session reply (with its stage) to `onSignedIn`. */
export function SignInForm({ onSignedIn }: { onSignedIn: (reply: SessionReply | null) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<SignInBody>();
  const mutation = useMutation({ mutationFn: signIn, onSuccess: onSignedIn });

  return (
    <Form<SignInBody>
      form={form}
      layout="vertical"
      requiredMark={false}
      size="large"
      onFinish={(values) => mutation.mutate({ username: values.username.trim(), password: values.password })}
      onValuesChange={() => {
        if (mutation.isError) mutation.reset();
      }}
    >
      <ErrorAlert error={mutation.error} />
      <Form.Item
        name="username"
        label={t('auth.signIn.username')}
        rules={[{ required: true, whitespace: true, message: t('auth.signIn.usernameRequired') }]}
      >
        <Input
          prefix={<UserOutlined />}
          placeholder={t('auth.signIn.usernamePlaceholder')}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          autoFocus
        />
      </Form.Item>
      <Form.Item name="password" label={t('auth.signIn.password')} rules={[{ required: true, message: t('auth.signIn.passwordRequired') }]}>
        <Input.Password prefix={<LockOutlined />} placeholder={t('auth.signIn.passwordPlaceholder')} autoComplete="current-password" />
      </Form.Item>
      <Form.Item style={{ marginBottom: 0 }}>
        <Button type="primary" htmlType="submit" block loading={mutation.isPending}>
          {t('auth.signIn.submit')}
        </Button>
      </Form.Item>
    </Form>
  );
}
