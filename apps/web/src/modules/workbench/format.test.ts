import { describe, expect, it } from 'vitest';
import { formatDay, formatFileSize } from './format';

describe('workbench formats', () => {
  it('shows a calendar day without shifting it by the time zone', () => {
    expect(formatDay('2026-12-04', 'zh-CN')).toBe('2026/12/04');
    expect(formatDay('2026-12-04', 'en-US')).toBe('12/04/2026');
    expect(formatDay(null, 'zh-CN')).toBe('');
  });

  it('shows file sizes in readable units', () => {
    expect(formatFileSize(84)).toBe('84 B');
    expect(formatFileSize(2048)).toBe('2 KB');
    expect(formatFileSize(5 * 1024 * 1024 + 300_000)).toBe('5.3 MB');
    expect(formatFileSize(200 * 1024 * 1024)).toBe('200 MB');
  });
});
