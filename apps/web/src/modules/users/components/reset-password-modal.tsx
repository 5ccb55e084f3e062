import { ModalForm, ProFormText, type ProFormInstance } from '@ant-design/pro-components';
import type { User } from '@yuanqu/shared';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../app/i18n/use-error-text';
import { ErrorAlert } from '../../../ui/error-alert';

/** A system admin sets a new password for a user (who should change it after signing in). */
export function ResetPasswordModal({
  user,
  onClose,
  onSubmit,
}: {
  user: User | null;
  onClose: () => void;
  onSubmit: (password: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const { fieldErrors } = useErrorText();
  const formRef = useRef<ProFormInstance<{ password: string }>>(undefined);
  const [submitError, setSubmitError] = useState<unknown>(null);

  return (
    <ModalForm<{ password: string }>
      title={user ? t('users.resetPasswordTitle', { name: user.displayName }) : ''}
      open={user !== null}
      formRef={formRef}
      width={440}
      layout="vertical"
      modalProps={{ destroyOnHidden: true, maskClosable: false }}
      submitter={{ searchConfig: { submitText: t('common.save'), resetText: t('common.cancel') } }}
      onOpenChange={(open) => {
        if (!open) {
          setSubmitError(null);
          onClose();
        }
      }}
      onFinish={async (values) => {
        setSubmitError(null);
        try {
          await onSubmit(values.password);
          return true;
        } catch (error) {
          setSubmitError(error);
          formRef.current?.setFields(fieldErrors(error));
          return false;
        }
      }}
    >
      <ErrorAlert error={submitError} />
      <ProFormText.Password
        name="password"
        label={t('users.fields.newPassword')}
        extra={t('users.fields.passwordHelp')}
        fieldProps={{ autoComplete: 'new-password' }}
        rules={[{ required: true, message: t('users.validation.passwordRequired') }]}
      />
    </ModalForm>
  );
}
