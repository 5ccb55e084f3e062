import { ModalForm, ProFormText, type ProFormInstance } from '@ant-design/pro-components';
import { createDepartmentBodySchema, type CreateDepartmentBody, type Department } from '@yuanqu/shared';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../app/i18n/use-error-text';
import { ErrorAlert } from '../../../ui/error-alert';

const CODE_PATTERN = new RegExp(createDepartmentBodySchema.properties.code.pattern ?? '^.+$');

/** Create a department, or rename one (its code never changes). */
export function DepartmentFormModal({
  open,
  department,
  onOpenChange,
  onSubmit,
}: {
  open: boolean;
  department: Department | null;
  onOpenChange: (open: boolean) => void;
  onSubmit: (values: CreateDepartmentBody) => Promise<void>;
}) {
  const { t } = useTranslation();
  const { fieldErrors } = useErrorText();
  const formRef = useRef<ProFormInstance<CreateDepartmentBody>>(undefined);
  const [submitError, setSubmitError] = useState<unknown>(null);
  const isEdit = department !== null;

  return (
    <ModalForm<CreateDepartmentBody>
      key={department?.id ?? 'new'}
      title={t(isEdit ? 'departments.editTitle' : 'departments.createTitle')}
      open={open}
      formRef={formRef}
      width={480}
      layout="vertical"
      initialValues={department ?? {}}
      modalProps={{ destroyOnHidden: true, maskClosable: false }}
      submitter={{ searchConfig: { submitText: t('common.save'), resetText: t('common.cancel') } }}
      onOpenChange={(next) => {
        if (!next) setSubmitError(null);
        onOpenChange(next);
      }}
      onFinish={async (values) => {
        setSubmitError(null);
        try {
          await onSubmit({ code: values.code.trim(), nameZh: values.nameZh.trim(), nameEn: values.nameEn.trim() });
          return true;
        } catch (error) {
          setSubmitError(error);
          formRef.current?.setFields(fieldErrors(error));
          return false;
        }
      }}
    >
      <ErrorAlert error={submitError} />
      <ProFormText
        name="code"
        label={t('departments.columns.code')}
        disabled={isEdit}
        extra={isEdit ? undefined : t('departments.codeHelp')}
        fieldProps={{ maxLength: 32, spellCheck: false, autoComplete: 'off' }}
        rules={[
          { required: true, message: t('departments.validation.codeRequired') },
          { pattern: CODE_PATTERN, message: t('departments.validation.codeFormat') },
        ]}
      />
      <ProFormText
        name="nameZh"
        label={t('departments.columns.nameZh')}
        fieldProps={{ maxLength: 64 }}
        rules={[{ required: true, whitespace: true, message: t('departments.validation.nameZhRequired') }]}
      />
      <ProFormText
        name="nameEn"
        label={t('departments.columns.nameEn')}
        fieldProps={{ maxLength: 64 }}
        rules={[{ required: true, whitespace: true, message: t('departments.validation.nameEnRequired') }]}
      />
    </ModalForm>
  );
}
