import { describe, expect, it } from 'vitest';
import { ApiError } from '../../app/http';
import { groupFormProblems, toFormPath, toImportProblem } from './field-problems';
import { keyFromName, NEW_ITEM_VALUES, toServiceItemBody } from './item-form-values';

describe('placing the server’s field problems', () => {
  it('finds the nested input a request path names', () => {
    expect(toFormPath('body.materials.0.formats')).toEqual(['materials', 0, 'formats']);
    expect(toFormPath('body.materials.0.formats.1')).toEqual(['materials', 0, 'formats']);
    expect(toFormPath('body.form.2.options.0.value')).toEqual(['form', 2, 'options', 0, 'value']);
    expect(toFormPath('body.partnerZoneIds.1')).toEqual(['partnerZoneIds']);
    expect(toFormPath('body.committedLimitDays')).toEqual(['committedLimitDays']);
    expect(toFormPath('query.page')).toBeNull();
  });

  it('groups several reasons of one input', () => {
    const error = new ApiError({
      status: 400,
      code: 'VALIDATION_FAILED',
      message: 'invalid',
      fields: [
        { field: 'body.materials.0.formats', reason: 'minItems' },
        { field: 'body.materials.0.formats.0', reason: 'anyOf' },
        { field: 'body.code', reason: 'pattern' },
      ],
    });
    expect(groupFormProblems(error)).toEqual([
      { name: ['materials', 0, 'formats'], reasons: ['minItems', 'anyOf'] },
      { name: ['code'], reasons: ['pattern'] },
    ]);
  });

  it('reads an import problem back into its sheet, row and column', () => {
    expect(toImportProblem('sheet.items.row.3.department', 'not_found')).toEqual({
      sheet: 'items',
      row: 3,
      column: 'department',
      reason: 'not_found',
    });
    expect(toImportProblem('sheet.materials', 'missing_sheet')).toEqual({
      sheet: 'materials',
      row: null,
      column: null,
      reason: 'missing_sheet',
    });
    expect(toImportProblem('body.contentBase64', 'not_xlsx')).toEqual({ sheet: null, row: null, column: null, reason: 'not_xlsx' });
  });
});

describe('the item form’s values', () => {
  it('become a body with blank optional parts left out and the type’s own settings only', () => {
    const body = toServiceItemBody({
      ...NEW_ITEM_VALUES,
      code: ' XY-1 ',
      departmentId: '00000000-0000-4000-8000-000000000000',
      statutoryLimitDays: 20,
      committedLimitDays: 5,
      feeNote: '  ',
      materials: [
        {
          key: 'licence',
          nameZh: '营业执照',
          nameEn: 'Licence',
          isRequired: true,
          form: 'copy',
          formats: ['pdf'],
          maxSizeMb: 10,
          noteZh: '',
          templateUrl: ' /t.pdf ',
        },
      ],
      form: [{ key: 'area', labelZh: '面积', labelEn: 'Area', type: 'area', isRequired: true, min: 1, maxLength: 30, unit: '' }],
    });
    expect(body.code).toBe('XY-1');
    expect(body).not.toHaveProperty('feeNote');
    expect(body.materials[0]).toEqual({
      key: 'licence',
      nameZh: '营业执照',
      nameEn: 'Licence',
      isRequired: true,
      form: 'copy',
      formats: ['pdf'],
      maxSizeMb: 10,
      templateUrl: '/t.pdf',
    });
    expect(body.form[0]).toEqual({ key: 'area', labelZh: '面积', labelEn: 'Area', type: 'area', isRequired: true, min: 1 });
  });

  it('suggests a key from an English name', () => {
    expect(keyFromName('Business licence (copy)')).toBe('business_licence_copy');
    expect(keyFromName('2nd floor plan')).toBe('nd_floor_plan');
  });
});
