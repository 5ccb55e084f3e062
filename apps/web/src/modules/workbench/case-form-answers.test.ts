import type { FormField } from '@yuanqu/shared';
import { describe, expect, it } from 'vitest';
import { formatAnswer } from './case-form-answers';

const industry: FormField = {
  key: 'industry',
  labelZh: '所属产业',
  labelEn: 'Industry',
  type: 'select',
  isRequired: true,
  options: [{ value: 'electronics', labelZh: '电子信息', labelEn: 'Electronic information' }],
};
const area: FormField = {
  key: 'floor_area',
  labelZh: '总建筑面积',
  labelEn: 'Total floor area',
  type: 'area',
  isRequired: true,
  unit: '㎡',
};

describe('form answers', () => {
  it('shows a choice by its label in the user’s language', () => {
    expect(formatAnswer(industry, 'electronics', 'zh-CN')).toBe('电子信息');
    expect(formatAnswer(industry, 'electronics', 'en-US')).toBe('Electronic information');
    expect(formatAnswer(industry, 'other', 'zh-CN')).toBe('other');
  });

  it('puts the unit beside a number and leaves no answer empty', () => {
    expect(formatAnswer(area, '1200', 'zh-CN')).toBe('1200 ㎡');
    expect(formatAnswer(area, null, 'zh-CN')).toBe('');
  });
});
