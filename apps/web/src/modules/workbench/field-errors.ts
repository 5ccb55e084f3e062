import type { TFunction } from 'i18next';
import { isApiError } from '../../app/http';

/** A form field's path as antd names it. */
export type FieldPath = Array<string | number>;

const REASON_KEYS: Record<string, string> = {
  required: 'errors.field.required',
  minItems: 'errors.field.required',
  minLength: 'errors.field.tooShort',
  maxLength: 'errors.field.tooLong',
  pattern: 'errors.field.format',
  format: 'errors.field.format',
  unknown_target: 'workbench.case.correctionForm.unknownTarget',
};

/** `body.deficiencies.1.target` or `/body/deficiencies/1/target` → `['deficiencies', '1', 'target']`. */
export function splitFieldName(field: string): string[] {
  return field
    .replace(/^\//, '')
    .split(/[./[\]]+/)
    .filter(Boolean)
    .filter((part, index) => !(index === 0 && ['body', 'query', 'params'].includes(part)));
}

/**
 * The server's field problems placed on the form's fields. `locate` turns the request's path into
 * the form's (or null for a field the form does not show, which then stays in the general message).
 */
export function toActionFieldErrors(
  error: unknown,
  t: TFunction,
  locate: (path: string[]) => FieldPath | null = (path) => (path[0] ? [path[0]] : null),
): Array<{ name: FieldPath; errors: string[] }> {
  if (!isApiError(error)) return [];
  const byField = new Map<string, { name: FieldPath; errors: string[] }>();
  for (const problem of error.fields) {
    const name = locate(splitFieldName(problem.field));
    if (!name) continue;
    const key = JSON.stringify(name);
    const text = t(REASON_KEYS[problem.reason] ?? 'errors.field.invalid');
    const entry = byField.get(key) ?? { name, errors: [] };
    if (!entry.errors.includes(text)) entry.errors.push(text);
    byField.set(key, entry);
  }
  return [...byField.values()];
}
