import type { FormField } from '@yuanqu/shared';

/**
 * A form answer as people read it: the option's label for a choice, the unit beside a number, and
 * an empty string for no answer.
 */
export function formatAnswer(field: FormField, value: string | number | null | undefined, language: string): string {
  if (value === null || value === undefined || value === '') return '';
  const text = String(value);
  if (field.type === 'select') {
    const option = field.options?.find((candidate) => candidate.value === text);
    return option ? (language === 'zh-CN' ? option.labelZh : option.labelEn) : text;
  }
  if ((field.type === 'number' || field.type === 'area') && field.unit) return `${text} ${field.unit}`;
  return text;
}
