import { ProCard, ProForm, ProFormDigit, ProFormSwitch, type ProFormInstance } from '@ant-design/pro-components';
import { securityPolicySchema, type SecurityPolicy } from '@yuanqu/shared';
import { App, Skeleton } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../app/i18n/use-error-text';
import { ErrorAlert } from '../../../ui/error-alert';
import { useSaveSecurityPolicy, useSecurityPolicy } from '../hooks/use-security-policy';

const LIMITS = securityPolicySchema.properties;

/** The zone's password, lockout and second-factor rules; bounds come from the shared schema. */
export function SecurityPolicyForm() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { fieldErrors } = useErrorText();
  const policy = useSecurityPolicy();
  const save = useSaveSecurityPolicy();
  const formRef = useRef<ProFormInstance<SecurityPolicy>>(undefined);
  const [submitError, setSubmitError] = useState<unknown>(null);

  if (policy.isPending)
    return (
      <ProCard>
        <Skeleton active />
      </ProCard>
    );
  if (policy.isError) return <ErrorAlert error={policy.error} />;

  return (
    <ProForm<SecurityPolicy>
      formRef={formRef}
      layout="vertical"
      initialValues={policy.data}
      submitter={{
        searchConfig: { submitText: t('common.save'), resetText: t('common.cancel') },
        resetButtonProps: false,
        render: (_props, dom) => <div className="form-submit-bar">{dom}</div>,
      }}
      onFinish={async (values) => {
        setSubmitError(null);
        try {
          await save.mutateAsync(values);
          void message.success(t('security.saved'));
          return true;
        } catch (error) {
          setSubmitError(error);
          formRef.current?.setFields(fieldErrors(error));
          return false;
        }
      }}
    >
      <ErrorAlert error={submitError} />
      <ProCard direction="column" gutter={[0, 16]} ghost>
        <ProCard title={t('security.sections.password')} headerBordered>
          <ProFormDigit
            name="passwordMinLength"
            label={t('security.fields.passwordMinLength')}
            min={LIMITS.passwordMinLength.minimum}
            max={LIMITS.passwordMinLength.maximum}
            fieldProps={{ precision: 0 }}
            width="sm"
            rules={[{ required: true }]}
          />
          <ProFormSwitch
            name="passwordRequireCharacterClasses"
            label={t('security.fields.passwordRequireCharacterClasses')}
            extra={t('security.fields.passwordRequireCharacterClassesHelp')}
          />
          <ProFormDigit
            name="passwordMaxAgeDays"
            label={t('security.fields.passwordMaxAgeDays')}
            extra={t('security.fields.passwordMaxAgeDaysHelp')}
            min={LIMITS.passwordMaxAgeDays.minimum}
            max={LIMITS.passwordMaxAgeDays.maximum}
            fieldProps={{ precision: 0 }}
            width="sm"
            rules={[{ required: true }]}
          />
        </ProCard>
        <ProCard title={t('security.sections.lockout')} headerBordered>
          <ProFormDigit
            name="lockoutThreshold"
            label={t('security.fields.lockoutThreshold')}
            extra={t('security.fields.lockoutThresholdHelp')}
            min={LIMITS.lockoutThreshold.minimum}
            max={LIMITS.lockoutThreshold.maximum}
            fieldProps={{ precision: 0 }}
            width="sm"
            rules={[{ required: true }]}
          />
          <ProFormDigit
            name="lockoutMinutes"
            label={t('security.fields.lockoutMinutes')}
            min={LIMITS.lockoutMinutes.minimum}
            max={LIMITS.lockoutMinutes.maximum}
            fieldProps={{ precision: 0 }}
            width="sm"
            rules={[{ required: true }]}
          />
        </ProCard>
        <ProCard title={t('security.sections.secondFactor')} headerBordered>
          <ProFormSwitch
            name="requireSecondFactorForAllStaff"
            label={t('security.fields.requireSecondFactorForAllStaff')}
            extra={t('security.fields.requireSecondFactorForAllStaffHelp')}
          />
        </ProCard>
      </ProCard>
    </ProForm>
  );
}
