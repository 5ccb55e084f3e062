import { describe, expect, it } from 'vitest';
import { chinaToday, formatDay, formatMoment, formatShortDay, yearOf } from './dates';

describe('chinaToday', () => {
  it('is already the next day in China late in the UTC evening', () => {
    expect(chinaToday(new Date('2026-12-31T16:30:00Z'))).toBe('2027-01-01');
  });

  it('is the same day in the UTC morning', () => {
    expect(chinaToday(new Date('2026-11-26T01:00:00Z'))).toBe('2026-11-26');
  });
});

describe('formatDay', () => {
  it('writes the day with its weekday in Chinese and English', () => {
    expect(formatDay('2026-12-04', 'zh-CN')).toBe('2026年12月4日星期五');
    expect(formatDay('2026-12-04', 'en-US')).toBe('Fri, 4 Dec 2026');
  });

  it('gives nothing for a missing or malformed day', () => {
    expect(formatDay(null, 'zh-CN')).toBe('');
    expect(formatDay('04/12/2026', 'zh-CN')).toBe('');
  });
});

describe('formatMoment', () => {
  it('shows the time in China', () => {
    expect(formatMoment('2026-11-26T21:03:00Z', 'zh-CN')).toBe('2026/11/27 05:03');
    expect(formatMoment('2026-12-07T06:30:00Z', 'en-US')).toBe('07 Dec 2026, 14:30');
  });
});

describe('yearOf', () => {
  it('reads the year', () => {
    expect(yearOf('2027-01-04')).toBe(2027);
  });
});

describe('formatShortDay', () => {
  it('leaves out this year and keeps another', () => {
    expect(formatShortDay('2026-12-04', 'zh-CN', '2026-11-26')).toBe('12月4日 周五');
    expect(formatShortDay('2026-12-04', 'en-US', '2026-11-26')).toBe('Fri 4 Dec');
    expect(formatShortDay('2027-01-04', 'zh-CN', '2026-12-30')).toBe('2027年1月4日 周一');
  });
});
