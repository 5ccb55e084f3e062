import type { FormField } from '@yuanqu/shared';
import { describe, expect, it } from 'vitest';
import { checkFormData, normalizeFormData } from './case-form.js';

const PHONE_FIELD: FormField = { key: 'contact_phone', type: 'phone', labelZh: '联系电话', labelEn: 'Phone', isRequired: true };

describe('checkFormData', () => {
  it('takes a phone number as people type it, spaces and China’s country code included', () => {
    for (const phone of ['13800001234', '138 0000 1234', '+86 138 0000 1234', '029-33221100']) {
      expect(checkFormData([PHONE_FIELD], { contact_phone: phone }, true)).toEqual([]);
    }
    for (const phone of ['12345', '+1 650 555 0100', '138-0000-1234x']) {
      expect(checkFormData([PHONE_FIELD], { contact_phone: phone }, true)).toEqual([
        { field: 'body.formData.contact_phone', reason: 'invalid_phone' },
      ]);
    }
  });

  it('stores a phone number in the form the pattern takes, and every other answer as given', () => {
    const form: FormField[] = [
      PHONE_FIELD,
      { key: 'project_name', type: 'text', labelZh: '项目名称', labelEn: 'Project', isRequired: true },
    ];
    expect(normalizeFormData(form, { contact_phone: '+86 138 0000 1234', project_name: ' 二期 厂房 ' })).toEqual({
      contact_phone: '13800001234',
      project_name: ' 二期 厂房 ',
    });
  });
});
