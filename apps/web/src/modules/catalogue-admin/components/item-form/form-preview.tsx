import type { FormField } from '@yuanqu/shared';
import { Card, DatePicker, Empty, Form, Input, InputNumber, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { usePreferences } from '../../../../app/preferences';

/** One field as the applicant's form renders it: the widget its type asks for, with unit and limits. */
function PreviewField({ field, isChinese }: { field: Partial<FormField>; isChinese: boolean }) {
  const { t } = useTranslation();
  const label = (isChinese ? field.labelZh : field.labelEn) || t('catalogueAdmin.preview.untitled');
  const unit = field.unit || (field.type === 'area' ? '㎡' : undefined);
  let control;
  switch (field.type) {
    case 'textarea':
      control = (
        <Input.TextArea rows={3} maxLength={field.maxLength} showCount={field.maxLength !== undefined && field.maxLength !== null} />
      );
      break;
    case 'number':
    case 'area':
      control = <InputNumber style={{ width: '100%' }} min={field.min ?? undefined} max={field.max ?? undefined} suffix={unit} />;
      break;
    case 'date':
      control = <DatePicker style={{ width: '100%' }} />;
      break;
    case 'select':
      control = (
        <Select
          options={(field.options ?? []).filter(Boolean).map((option, index) => ({
            value: option.value || `option-${index}`,
            label: (isChinese ? option.labelZh : option.labelEn) || '…',
          }))}
        />
      );
      break;
    case 'phone':
      control = <Input inputMode="tel" maxLength={11} placeholder="13800000000" />;
      break;
    case 'credit_code':
      control = <Input maxLength={18} placeholder={t('catalogueAdmin.preview.creditCode')} style={{ textTransform: 'uppercase' }} />;
      break;
    case 'text':
    case undefined:
      control = <Input maxLength={field.maxLength ?? undefined} />;
  }
  return (
    <Form.Item label={label} required={field.isRequired === true}>
      {control}
    </Form.Item>
  );
}

/** 预览: the application form as the applicant will see it, following the editor as it changes. */
export function FormPreview({ fields }: { fields: Array<Partial<FormField>> }) {
  const { t } = useTranslation();
  const { language } = usePreferences();
  const isChinese = language === 'zh-CN';
  return (
    <Card
      size="small"
      title={t('catalogueAdmin.preview.title')}
      className="catalogue-preview"
      aria-label={t('catalogueAdmin.preview.title')}
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: '0.85em' }}>
        {t('catalogueAdmin.preview.hint')}
      </Typography.Paragraph>
      {fields.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('catalogueAdmin.edit.noFields')} />
      ) : (
        // No <form> element: the preview sits inside the item form and submits nothing.
        <Form component={false} layout="vertical">
          {fields.filter(Boolean).map((field, index) => (
            <PreviewField key={`${field.key ?? ''}-${index}`} field={field} isChinese={isChinese} />
          ))}
        </Form>
      )}
    </Card>
  );
}
