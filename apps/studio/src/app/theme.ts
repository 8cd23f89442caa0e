/** The studio's Ant Design theme: antd's defaults with Pipewright's blue and a calmer radius. */
import type { ThemeConfig } from 'antd';

export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#1668dc',
    // Secondary text dark enough for WCAG AA contrast (4.5:1) on white and on the page grey.
    colorTextDescription: 'rgba(0, 0, 0, 0.62)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    // Danger buttons' red text on white at WCAG AA (antd's #ff4d4f gives 3.3:1; red-7 gives 5.9:1).
    colorError: '#cf1322',
    borderRadius: 6,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: {
      headerBg: '#ffffff',
      siderBg: '#ffffff',
      bodyBg: '#f5f6f8',
      headerPadding: '0 16px',
      headerHeight: 56,
    },
  },
};
