import type { ThemeConfig } from 'antd';
import type { Language } from './i18n';

const SYSTEM_FONTS = ['-apple-system', 'BlinkMacSystemFont'];
const CJK_FONTS = ['"PingFang SC"', '"Hiragino Sans GB"', '"Microsoft YaHei"', '"Noto Sans CJK SC"', '"Source Han Sans SC"'];
const LATIN_FONTS = ['"Segoe UI"', 'Roboto', '"Helvetica Neue"', 'Arial', '"Liberation Sans"', '"DejaVu Sans"'];

/**
 * After Apple's system font (which draws Latin itself and passes Chinese on to PingFang): Chinese
 * fonts first in Chinese, so that “quotes” take their full-width Chinese forms; Latin fonts first in
 * English, where a CJK font's full-width apostrophe would split “room’s” apart. Names and other
 * Chinese text in English pages still fall back to the CJK fonts.
 */
export function fontFamilyFor(language: Language): string {
  const preferred = language === 'zh-CN' ? [...CJK_FONTS, ...LATIN_FONTS] : [...LATIN_FONTS, ...CJK_FONTS];
  return [...SYSTEM_FONTS, ...preferred, 'sans-serif'].join(', ');
}

/** 政务蓝: a sober blue that reads as an administration's colour. */
export const BRAND_COLOR = '#1b5fcc';

/**
 * The antd theme; large-text mode (适老化) raises type and control sizes together, and a system
 * preference for reduced motion turns antd's animations off.
 */
export function buildTheme(isLargeText: boolean, isReducedMotion: boolean, language: Language): ThemeConfig {
  return {
    token: {
      motion: !isReducedMotion,
      colorPrimary: BRAND_COLOR,
      colorInfo: BRAND_COLOR,
      borderRadius: 6,
      fontFamily: fontFamilyFor(language),
      ...(isLargeText ? { fontSize: 18, controlHeight: 42, controlHeightLG: 50, controlHeightSM: 32, lineHeight: 1.6 } : { fontSize: 14 }),
    },
    components: isLargeText
      ? {
          Menu: { itemHeight: 52, iconSize: 20, collapsedIconSize: 20 },
          Table: { cellPaddingBlock: 18 },
          Statistic: { contentFontSize: 34, titleFontSize: 18 },
        }
      : {},
  };
}
