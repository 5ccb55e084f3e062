import type { ThemeConfig } from 'antd';

const FONT_FAMILY = [
  '-apple-system',
  'BlinkMacSystemFont',
  '"PingFang SC"',
  '"Hiragino Sans GB"',
  '"Microsoft YaHei"',
  '"Noto Sans CJK SC"',
  '"Source Han Sans SC"',
  '"Segoe UI"',
  'Roboto',
  '"Helvetica Neue"',
  'Arial',
  'sans-serif',
].join(', ');

/** 政务蓝: a sober blue that reads as an administration's colour. */
export const BRAND_COLOR = '#1b5fcc';

/**
 * The antd theme; large-text mode (适老化) raises type and control sizes together, and a system
 * preference for reduced motion turns antd's animations off.
 */
export function buildTheme(isLargeText: boolean, isReducedMotion: boolean): ThemeConfig {
  return {
    token: {
      motion: !isReducedMotion,
      colorPrimary: BRAND_COLOR,
      colorInfo: BRAND_COLOR,
      borderRadius: 6,
      fontFamily: FONT_FAMILY,
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
