import { describe, expect, it } from 'vitest';
import { renderTemplate, smsReason } from './notification.templates.js';

describe('message templates', () => {
  it('gives the due date of an accepted case, and only the limit when the date is not known yet', () => {
    const params = { zone: '咸阳高新区', number: 'XH-2026-000012', limit: '20' };
    expect(renderTemplate('case.accepted', { ...params, dueOn: '2026-12-24' })).toBe(
      '【咸阳高新区】办件XH-2026-000012已受理，承诺20个工作日内办结（2026-12-24前）。',
    );
    expect(renderTemplate('case.accepted', { ...params, dueOn: '' })).toBe(
      '【咸阳高新区】办件XH-2026-000012已受理，承诺20个工作日内办结。',
    );
  });

  it('keeps a short refusal reason whole and marks a long one as cut, never doubling the full stop', () => {
    const params = { zone: '咸阳高新区', number: 'XH-2026-000013' };
    expect(renderTemplate('case.refused', { ...params, reason: '不属于本机关职权范围。' })).toBe(
      '【咸阳高新区】办件XH-2026-000013不予受理，原因：不属于本机关职权范围。详情请登录园区通查看。',
    );
    const long = '该事项不属于本机关职权范围，户外广告设置许可请向咸阳市城市管理局申请。';
    const cut = smsReason(long);
    expect([...cut]).toHaveLength(30);
    expect(cut.endsWith('…')).toBe(true);
    expect(long.startsWith(cut.slice(0, -1))).toBe(true);
    expect(renderTemplate('case.refused', { ...params, reason: long })).toContain(`原因：${cut}。`);
  });
});
