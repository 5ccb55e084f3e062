import { CREDIT_CODE_SHAPE, isCreditCode, normalizePhone, PHONE_PATTERN, type FormField } from '@yuanqu/shared';
import { DatePicker, Form, Input, InputNumber, Select } from 'antd';
import type { Rule } from 'antd/es/form';
import type { TFunction } from 'i18next';
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { DeficiencyNote } from './correction-notice';

/** The label of a form field in the user's language. */
export function fieldLabelOf(field: FormField, language: string): string {
  return language === 'zh-CN' ? field.labelZh : field.labelEn;
}

/** The unit a number field is shown with: its own, or ㎡ for an area. */
function unitOf(field: FormField): string | undefined {
  return field.unit ?? (field.type === 'area' ? '㎡' : undefined);
}

/** "不能小于 1 ㎡" / "At least 1 ㎡": the error of a number out of the field's range, with its unit. */
export function numberLimitText(field: FormField, bound: 'min' | 'max', t: TFunction): string {
  const limit = bound === 'min' ? field.min : field.max;
  const unit = unitOf(field);
  const value = unit ? `${limit} ${unit}` : String(limit);
  return bound === 'min' ? t('applicant.application.numberMin', { min: value }) : t('applicant.application.numberMax', { max: value });
}

/** The browser-side rules: the same the server applies (required only when submitting). */
function useRules(field: FormField): Rule[] {
  const { t } = useTranslation();
  const rules: Rule[] = [];
  if (field.isRequired) {
    // The validator reads a rule without a type as a string rule; dates (dayjs) and numbers are not.
    const type = field.type === 'date' ? 'object' : field.type === 'number' || field.type === 'area' ? 'number' : 'string';
    rules.push({
      type,
      required: true,
      message:
        field.type === 'select' || field.type === 'date' ? t('applicant.application.requiredChoice') : t('applicant.application.required'),
      whitespace: field.type === 'text' || field.type === 'textarea' || field.type === 'phone' || field.type === 'credit_code',
    });
  }
  switch (field.type) {
    case 'phone':
      rules.push({
        validator: async (_rule, value: unknown) => {
          if (typeof value !== 'string' || value.trim() === '' || PHONE_PATTERN.test(normalizePhone(value))) return;
          throw new Error(t('applicant.application.phoneInvalid'));
        },
      });
      break;
    case 'credit_code':
      rules.push({
        validator: async (_rule, value: unknown) => {
          if (typeof value !== 'string' || value.trim() === '') return;
          const code = value.trim().toUpperCase();
          if (isCreditCode(code)) return;
          // 18 characters of the right alphabet: then only the check character disagrees (a mistyped character).
          throw new Error(
            t(CREDIT_CODE_SHAPE.test(code) ? 'applicant.application.creditCodeCheck' : 'applicant.application.creditCodeInvalid'),
          );
        },
      });
      break;
    case 'number':
    case 'area':
      // The input keeps what was typed; a value out of range is this field's error, never silently moved to the bound.
      if (field.min !== undefined) rules.push({ type: 'number', min: field.min, message: numberLimitText(field, 'min', t) });
      if (field.max !== undefined) rules.push({ type: 'number', max: field.max, message: numberLimitText(field, 'max', t) });
      break;
    case 'text':
    case 'textarea':
    case 'date':
    case 'select':
      break;
  }
  return rules;
}

/** The input for a field's type; Form.Item hands it value, onChange and id. */
function renderInput(field: FormField, t: TFunction, language: string): ReactElement {
  switch (field.type) {
    case 'textarea':
      return <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={field.maxLength} showCount={!!field.maxLength} />;
    case 'number':
    case 'area':
      // No min/max on the input: antd would ignore an out-of-range entry while typing and move it to
      // the bound on blur, without a word. The range is checked by the rules above instead.
      return <InputNumber style={{ width: '100%' }} inputMode="decimal" suffix={unitOf(field)} />;
    case 'date':
      return (
        <DatePicker
          style={{ width: '100%' }}
          inputReadOnly={isTouchScreen()}
          placeholder={t('applicant.application.datePlaceholder')}
          format="YYYY-MM-DD"
        />
      );
    case 'select':
      return (
        <Select
          placeholder={t('applicant.application.selectPlaceholder')}
          options={(field.options ?? []).map((option) => ({
            value: option.value,
            label: language === 'zh-CN' ? option.labelZh : option.labelEn,
          }))}
        />
      );
    case 'phone':
      return <Input type="tel" inputMode="tel" autoComplete="tel" maxLength={20} />;
    case 'credit_code':
      return (
        <Input maxLength={18} autoCapitalize="characters" spellCheck={false} placeholder={t('applicant.application.creditCodeHint')} />
      );
    case 'text':
      return <Input maxLength={field.maxLength} />;
  }
}

/** On a touch screen the date is picked from the calendar, without the keyboard covering it. */
function isTouchScreen(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia('(pointer: coarse)').matches;
}

/** One field of the item's form (the form is data in the catalogue), with what a correction notice says of it. */
export function FormFieldControl({ field, deficiencies }: { field: FormField; deficiencies?: readonly string[] }) {
  const { t, i18n } = useTranslation();
  const rules = useRules(field);
  return (
    <Form.Item
      name={field.key}
      label={fieldLabelOf(field, i18n.language)}
      required={field.isRequired}
      rules={rules}
      extra={deficiencies && deficiencies.length > 0 ? <DeficiencyNote reasons={deficiencies} /> : undefined}
      normalize={field.type === 'credit_code' ? (value: unknown) => (typeof value === 'string' ? value.toUpperCase() : value) : undefined}
    >
      {renderInput(field, t, i18n.language)}
    </Form.Item>
  );
}
