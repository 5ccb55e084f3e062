import { describe, expect, it } from 'vitest';
import { formatDocumentDate, formatFactValue } from './verify-dates';

describe('dates on the verification page', () => {
  it('writes an instant as its date in Beijing, one format per language', () => {
    expect(formatDocumentDate('2026-12-02T02:00:00.000Z', 'zh-CN')).toBe('2026年12月2日');
    expect(formatDocumentDate('2026-12-02T02:00:00.000Z', 'en-US')).toBe('December 2, 2026');
    // 23:30 in UTC is already the next morning in Beijing: the paper carries that date.
    expect(formatDocumentDate('2026-12-01T23:30:00.000Z', 'zh-CN')).toBe('2026年12月2日');
    expect(formatDocumentDate(null, 'zh-CN')).toBe('');
    expect(formatDocumentDate('not a date', 'en-US')).toBe('');
  });

  it('writes a fact’s date the same way, keeping the rest of the fact as printed', () => {
    expect(formatFactValue('2026-12-02', 'zh-CN')).toBe('2026年12月2日');
    expect(formatFactValue('2026-12-02', 'en-US')).toBe('December 2, 2026');
    expect(formatFactValue('2026-11-25 10:00（北京时间）', 'zh-CN')).toBe('2026年11月25日 10:00（北京时间）');
    expect(formatFactValue('2026-11-25 10:00（北京时间）', 'en-US')).toBe('November 25, 2026 10:00（北京时间）');
  });

  it('agrees with the issue date of the same day', () => {
    for (const language of ['zh-CN', 'en-US']) {
      expect(formatFactValue('2026-12-02', language)).toBe(formatDocumentDate('2026-12-02T02:00:00.000Z', language));
    }
  });

  it('leaves facts that are not dates as they are', () => {
    expect(formatFactValue('XH-2026-000005', 'zh-CN')).toBe('XH-2026-000005');
    expect(formatFactValue('咸阳高新区决字〔2026〕2号', 'en-US')).toBe('咸阳高新区决字〔2026〕2号');
    expect(formatFactValue('2026-12-0212', 'zh-CN')).toBe('2026-12-0212');
    expect(formatFactValue('2026-02-30', 'zh-CN')).toBe('2026-02-30');
    expect(formatFactValue('准予许可', 'zh-CN')).toBe('准予许可');
  });
});
