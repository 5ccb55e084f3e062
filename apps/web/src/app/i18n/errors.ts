import type { ErrorCode } from '@yuanqu/shared';
import type { FormInstance } from 'antd';
import type { TFunction } from 'i18next';
import { isApiError, type ApiError } from '../http';
import { formatDateTime } from './format';
import { zhCN } from './zh-cn';

/**
 * Whether a code has its own message. `messages.test.ts` checks that every code in
 * `ERROR_STATUS` has one in both languages; a code the server adds before the web catches up
 * still shows the generic "操作失败（CODE）".
 */
export function hasMessage(code: string): code is ErrorCode | 'NETWORK' | 'UNEXPECTED_REPLY' {
  return typeof (zhCN.errors as Record<string, unknown>)[code] === 'string';
}

const ISO_TIME_PATTERN = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/;

/** The time a locked account opens again, from the error's fields or its message. */
export function findUnlockTime(error: ApiError): Date | null {
  const candidates = [...error.fields.filter((field) => /until|unlock/i.test(field.field)).map((field) => field.reason), error.message];
  for (const candidate of candidates) {
    const match = ISO_TIME_PATTERN.exec(candidate);
    if (!match) continue;
    const time = new Date(match[0]);
    if (!Number.isNaN(time.getTime())) return time;
  }
  return null;
}

/** Turns any failure into one sentence in the user's language. */
export function describeError(error: unknown, t: TFunction, language: string): string {
  if (!isApiError(error)) return t('errors.INTERNAL');
  if (error.code === 'AUTH_ACCOUNT_LOCKED') {
    const unlockTime = findUnlockTime(error);
    return unlockTime
      ? t('errors.AUTH_ACCOUNT_LOCKED_UNTIL', { time: formatDateTime(unlockTime, language) })
      : t('errors.AUTH_ACCOUNT_LOCKED');
  }
  // A malformed id in the address (a mistyped or cut link) names nothing that exists: say so, not "invalid input".
  if (error.code === 'VALIDATION_FAILED' && error.fields.length > 0 && error.fields.every((field) => field.field.startsWith('params.')))
    return t('errors.NOT_FOUND');
  if (hasMessage(error.code)) return t(`errors.${error.code}`);
  return t('errors.unknown', { code: error.code });
}

const FIELD_REASON_KEYS: Record<string, string> = {
  required: 'errors.field.required',
  minItems: 'errors.field.required',
  format: 'errors.field.format',
  pattern: 'errors.field.format',
  minLength: 'errors.field.tooShort',
  min_length: 'errors.field.tooShort',
  maxLength: 'errors.field.tooLong',
  character_classes: 'errors.field.characterClasses',
  common: 'errors.field.common',
  reused: 'errors.field.reused',
  taken: 'errors.field.taken',
  admin_roles_separated: 'errors.field.adminRolesSeparated',
};

/**
 * The server's field problems as antd form errors. The server names a field by where it was in
 * the request (`body.roles.1`, `body.newPassword`); the first key after `body.` is the form field.
 */
export function toFormFieldErrors<Values>(error: unknown, t: TFunction): Parameters<FormInstance<Values>['setFields']>[0] {
  if (!isApiError(error) || error.fields.length === 0) return [];
  const byField = new Map<string, string[]>();
  for (const problem of error.fields) {
    const name =
      problem.field
        .replace(/^\//, '')
        .replace(/^(body|query|params)[./]?/, '')
        .split(/[/.[]/)[0] ?? '';
    if (!name) continue;
    const reasonKey = FIELD_REASON_KEYS[problem.reason];
    const text = reasonKey
      ? t(reasonKey)
      : error.code !== 'VALIDATION_FAILED' && hasMessage(error.code)
        ? t(`errors.${error.code}`)
        : t('errors.field.invalid');
    const texts = byField.get(name) ?? [];
    if (!texts.includes(text)) texts.push(text);
    byField.set(name, texts);
  }
  // The server names fields by the request body's keys, which are the form's field names.
  return [...byField.entries()].map(([name, errors]) => ({
    name: name as Parameters<FormInstance<Values>['setFields']>[0][number]['name'],
    errors,
  }));
}
