import { SafetyOutlined } from '@ant-design/icons';
import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';

/** The 6-digit TOTP code, named `code` in its form. */
export function SecondFactorCodeField({ autoFocus = false }: { autoFocus?: boolean }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      name="code"
      label={t('auth.secondFactor.code')}
      normalize={(value: string) => value.replace(/\D/g, '').slice(0, 6)}
      rules={[
        { required: true, message: t('auth.secondFactor.codeInvalidFormat') },
        { pattern: /^\d{6}$/, message: t('auth.secondFactor.codeInvalidFormat') },
      ]}
    >
      <Input
        prefix={<SafetyOutlined />}
        placeholder={t('auth.secondFactor.codePlaceholder')}
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={6}
        autoFocus={autoFocus}
        style={{ letterSpacing: '0.3em' }}
      />
    </Form.Item>
  );
}
