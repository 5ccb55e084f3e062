import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../http';
import { describeError } from './errors';

const t = ((key: string) => key) as unknown as TFunction;
const validation = (field: string) =>
  new ApiError({ status: 400, code: 'VALIDATION_FAILED', message: 'invalid', fields: [{ field, reason: 'format' }] });

describe('describeError', () => {
  it('calls a malformed id in the address "not found", and bad input in the body still "invalid"', () => {
    expect(describeError(validation('params.id'), t, 'zh-CN')).toBe('errors.NOT_FOUND');
    expect(describeError(validation('body.formData.contact_phone'), t, 'zh-CN')).toBe('errors.VALIDATION_FAILED');
    expect(describeError(new ApiError({ status: 404, code: 'NOT_FOUND', message: 'Case not found' }), t, 'zh-CN')).toBe('errors.NOT_FOUND');
  });
});
