import { PHONE_PATTERN, isCreditCode, normalizePhone, type FormData, type FormField, type Material } from '@yuanqu/shared';
import type { FieldProblem } from '../../lib/errors.js';
import { isValidDateString } from '../../lib/working-day-calendar.js';

function checkValue(field: FormField, value: string | number): string | null {
  switch (field.type) {
    case 'number':
    case 'area': {
      const number = typeof value === 'number' ? value : Number(value);
      if (!Number.isFinite(number)) return 'not_a_number';
      if (field.min !== undefined && number < field.min) return 'minimum';
      if (field.max !== undefined && number > field.max) return 'maximum';
      return null;
    }
    case 'date':
      return typeof value === 'string' && isValidDateString(value) ? null : 'invalid_date';
    case 'phone':
      return typeof value === 'string' && PHONE_PATTERN.test(normalizePhone(value)) ? null : 'invalid_phone';
    case 'credit_code':
      return typeof value === 'string' && isCreditCode(value) ? null : 'invalid_credit_code';
    case 'select':
      return field.options?.some((option) => option.value === value) ? null : 'not_an_option';
    case 'text':
    case 'textarea':
      if (typeof value !== 'string') return 'not_text';
      return field.maxLength !== undefined && [...value].length > field.maxLength ? 'too_long' : null;
  }
}

/** The answers as they are stored: phone numbers in the form the pattern takes (`+86 138 0000 1234` → `13800001234`). */
export function normalizeFormData(form: readonly FormField[], data: FormData): FormData {
  const phoneKeys = new Set(form.filter((field) => field.type === 'phone').map((field) => field.key));
  return Object.fromEntries(Object.entries(data).map(([key, value]) => [key, phoneKeys.has(key) && typeof value === 'string' ? normalizePhone(value) : value]));
}

/**
 * Checks answers against an item's form. A draft may leave required fields empty; a submission may
 * not. Unknown keys are refused so that nothing the form did not ask for is stored.
 */
export function checkFormData(form: readonly FormField[], data: FormData, isSubmission: boolean): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const known = new Map(form.map((field) => [field.key, field]));
  for (const key of Object.keys(data)) {
    if (!known.has(key)) problems.push({ field: `body.formData.${key}`, reason: 'unknown_field' });
  }
  for (const field of form) {
    const value = data[field.key];
    const isEmpty = value === undefined || value === null || value === '';
    if (isEmpty) {
      if (isSubmission && field.isRequired) problems.push({ field: `body.formData.${field.key}`, reason: 'required' });
      continue;
    }
    const reason = checkValue(field, value);
    if (reason) problems.push({ field: `body.formData.${field.key}`, reason });
  }
  return problems;
}

/** Required materials missing from a submission, and keys the item does not ask for. */
export function checkMaterialKeys(materials: readonly Material[], attached: Record<string, string>, isSubmission: boolean): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const known = new Set(materials.map((material) => material.key));
  for (const key of Object.keys(attached)) {
    if (!known.has(key)) problems.push({ field: `body.materials.${key}`, reason: 'unknown_material' });
  }
  if (isSubmission) {
    for (const material of materials) {
      if (material.isRequired && !attached[material.key]) problems.push({ field: `body.materials.${material.key}`, reason: 'required' });
    }
  }
  return problems;
}
