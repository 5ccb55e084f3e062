import { describe, expect, it } from 'vitest';
import { buildTheme, fontFamilyFor } from './theme';

describe('the font stack follows the language', () => {
  const order = (family: string, names: string[]) => names.map((name) => family.indexOf(name));

  it('puts the CJK fonts before the Latin ones in Chinese, and after them in English', () => {
    const [cjkInChinese, latinInChinese] = order(fontFamilyFor('zh-CN'), ['"Noto Sans CJK SC"', '"Liberation Sans"']);
    expect(cjkInChinese).toBeGreaterThan(-1);
    expect(cjkInChinese).toBeLessThan(latinInChinese ?? -1);
    const [cjkInEnglish, latinInEnglish] = order(fontFamilyFor('en-US'), ['"Noto Sans CJK SC"', '"Liberation Sans"']);
    expect(latinInEnglish).toBeGreaterThan(-1);
    expect(latinInEnglish).toBeLessThan(cjkInEnglish ?? -1);
    expect(fontFamilyFor('en-US')).toMatch(/, sans-serif$/);
  });

  it('gives the theme the stack of the language in use', () => {
    expect(buildTheme(false, false, 'en-US').token?.fontFamily).toBe(fontFamilyFor('en-US'));
    expect(buildTheme(true, false, 'zh-CN').token?.fontFamily).toBe(fontFamilyFor('zh-CN'));
  });
});
