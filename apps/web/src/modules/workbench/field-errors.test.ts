import type { TFunction } from 'i18next';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../app/http';
import { splitFieldName, toActionFieldErrors } from './field-errors';

const t = ((key: string) => key) as unknown as TFunction;

describe('field errors of case actions', () => {
  it('splits the server’s field names', () => {
    expect(splitFieldName('body.deficiencies.1.target')).toEqual(['deficiencies', '1', 'target']);
    expect(splitFieldName('/body/trackingNumber')).toEqual(['trackingNumber']);
  });

  it('puts each problem on its form field, once', () => {
    const error = new ApiError({
      status: 400,
      code: 'VALIDATION_FAILED',
      message: 'invalid',
      fields: [
        { field: 'body.reason', reason: 'minLength' },
        { field: 'body.reason', reason: 'minLength' },
        { field: 'body.deficiencies.1.target', reason: 'unknown_target' },
      ],
    });
    const targets = ['site_plan', 'form.project_name'];
    const located = toActionFieldErrors(error, t, (path) =>
      path[0] === 'deficiencies' ? ['reasons', targets[Number(path[1])] ?? ''] : path[0] ? [path[0]] : null,
    );
    expect(located).toEqual([
      { name: ['reason'], errors: ['errors.field.tooShort'] },
      { name: ['reasons', 'form.project_name'], errors: ['workbench.case.correctionForm.unknownTarget'] },
    ]);
  });

  it('gives nothing for other failures', () => {
    expect(toActionFieldErrors(new Error('boom'), t)).toEqual([]);
  });
});
