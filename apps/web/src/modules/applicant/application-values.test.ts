import { isCreditCode, normalizePhone, PHONE_PATTERN, type FormField } from '@yuanqu/shared';
import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { sortDeficiencies, sortProblems, toAnswers, toFormData, unchangedDeficiencies } from './application-values';

const FIELDS: FormField[] = [
  { key: 'enterprise_name', labelZh: '申请单位名称', labelEn: 'Applicant organisation', type: 'text', isRequired: true },
  { key: 'credit_code', labelZh: '统一社会信用代码', labelEn: 'Credit code', type: 'credit_code', isRequired: true },
  { key: 'floor_area', labelZh: '总建筑面积', labelEn: 'Floor area', type: 'area', isRequired: true, unit: '㎡' },
  { key: 'completion_date', labelZh: '竣工日期', labelEn: 'Completion date', type: 'date', isRequired: false },
];

describe('toFormData', () => {
  it('trims text, writes dates as days, keeps numbers and leaves empty answers out', () => {
    const data = toFormData(FIELDS, {
      enterprise_name: '  峻凌电子(咸阳)有限公司 ',
      credit_code: ' 91610400ma6x0l1q3w',
      floor_area: 12500.5,
      completion_date: dayjs('2026-11-20'),
      unknown: 'ignored',
    });
    expect(data).toEqual({
      enterprise_name: '峻凌电子(咸阳)有限公司',
      credit_code: '91610400MA6X0L1Q3W',
      floor_area: 12500.5,
      completion_date: '2026-11-20',
    });
    expect(toFormData(FIELDS, { enterprise_name: '   ', floor_area: null })).toEqual({});
  });

  it('round-trips through toAnswers', () => {
    const data = { enterprise_name: '峻凌电子', floor_area: 300, completion_date: '2026-02-23' };
    expect(toFormData(FIELDS, toAnswers(FIELDS, data))).toEqual(data);
  });
});

describe('sortProblems', () => {
  it('puts each server problem beside its field or material', () => {
    const sorted = sortProblems([
      { field: 'body.formData.project_name', reason: 'required' },
      { field: '/body/formData/floor_area', reason: 'minimum' },
      { field: 'body.materials.plan', reason: 'format' },
      { field: 'body.materials.plan', reason: 'format' },
      { field: 'body.version', reason: '3' },
    ]);
    expect([...sorted.form.entries()]).toEqual([
      ['project_name', ['required']],
      ['floor_area', ['minimum']],
    ]);
    expect([...sorted.materials.entries()]).toEqual([['plan', ['format']]]);
    expect(sorted.other).toEqual([{ field: 'body.version', reason: '3' }]);
  });
});

describe('sortDeficiencies', () => {
  it('tells form fields from materials', () => {
    const sorted = sortDeficiencies([
      { target: 'form.floor_area', reason: '面积与图纸不符' },
      { target: 'site_plan', reason: '缺少图签' },
      { target: 'site_plan', reason: '比例尺不清' },
    ]);
    expect(sorted.form.get('floor_area')).toEqual(['面积与图纸不符']);
    expect(sorted.materials.get('site_plan')).toEqual(['缺少图签', '比例尺不清']);
  });
});

describe('unchangedDeficiencies', () => {
  const file = (fileId: string) => ({ fileId, fileName: `${fileId}.pdf`, sizeBytes: 1 });
  const notice = sortDeficiencies([
    { target: 'form.contact_phone', reason: '号码无法接通' },
    { target: 'form.floor_area', reason: '面积与图纸不符' },
    { target: 'site_plan', reason: '缺少图签' },
    { target: 'licence', reason: '已过期' },
  ]);
  const noticed = { formData: { contact_phone: '13800000000', floor_area: 1200 }, materials: { site_plan: file('a'), licence: file('b') } };

  it('names each noticed field and material the answer leaves as it was', () => {
    const answer = {
      formData: { contact_phone: '13900000000', floor_area: 1200 },
      materials: { site_plan: file('a'), licence: file('c') },
    };
    expect(unchangedDeficiencies(notice, noticed, answer)).toEqual(['form.floor_area', 'site_plan']);
  });

  it('names nothing when every item was changed, including a file removed or an answer emptied', () => {
    const answer = { formData: { contact_phone: '13900000000' }, materials: { site_plan: file('d') } };
    expect(unchangedDeficiencies(notice, noticed, answer)).toEqual([]);
  });
});

describe('isCreditCode', () => {
  it('checks the check character', () => {
    expect(isCreditCode('91350100M000100Y43')).toBe(true);
    expect(isCreditCode('91350100M000100Y44')).toBe(false);
    expect(isCreditCode('91350100M000100Y4')).toBe(false);
  });
});

describe('PHONE_PATTERN', () => {
  it('takes mobiles and landlines', () => {
    expect(PHONE_PATTERN.test('13800138000')).toBe(true);
    expect(PHONE_PATTERN.test('029-33221100')).toBe(true);
    expect(PHONE_PATTERN.test('12345')).toBe(false);
  });

  it('takes a number as people type it once spaces and the country code are off', () => {
    for (const typed of ['138 0000 1234', '+86 138 0000 1234', '+8613800001234', '008613800001234', '13800001234　']) {
      expect(normalizePhone(typed)).toBe('13800001234');
    }
    expect(normalizePhone('029 3322 1100')).toBe('02933221100');
    expect(PHONE_PATTERN.test(normalizePhone('029 3322 1100'))).toBe(true);
    expect(normalizePhone('+1 650 555 0100')).toBe('+16505550100');
    expect(PHONE_PATTERN.test(normalizePhone('+1 650 555 0100'))).toBe(false);
    expect(
      toFormData([{ key: 'contact_phone', type: 'phone', labelZh: '联系电话', labelEn: 'Phone', isRequired: true }], {
        contact_phone: '+86 138 0000 1234',
      }),
    ).toEqual({
      contact_phone: '13800001234',
    });
  });
});
