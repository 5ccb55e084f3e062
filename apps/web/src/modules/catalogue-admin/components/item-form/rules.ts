import { formFieldSchema, serviceItemBodySchema } from '@yuanqu/shared';
import type { FormRule as Rule } from 'antd';
import type { TFunction } from 'i18next';

const KEY_PATTERN = new RegExp(formFieldSchema.properties.key.pattern ?? '^[a-z][a-z0-9_]*$');
const CODE_PATTERN = new RegExp(serviceItemBodySchema.properties.code.pattern ?? '^.+$');

/** The form's own checks, the same limits as the shared schema (the server checks again). */
export function itemRules(t: TFunction) {
  const required: Rule = { required: true, whitespace: true, message: t('catalogueAdmin.validation.required') };
  return {
    required,
    requiredChoice: { required: true, message: t('catalogueAdmin.validation.required') } satisfies Rule,
    code: [required, { pattern: CODE_PATTERN, min: 3, max: 40, message: t('catalogueAdmin.validation.code') }] satisfies Rule[],
    key: [required, { pattern: KEY_PATTERN, max: 40, message: t('catalogueAdmin.validation.key') }] satisfies Rule[],
    days: [
      { required: true, message: t('catalogueAdmin.validation.required') },
      { type: 'integer', min: 1, max: 365, message: t('catalogueAdmin.validation.days') },
    ] satisfies Rule[],
  };
}
