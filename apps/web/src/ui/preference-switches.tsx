import { FontSizeOutlined, GlobalOutlined } from '@ant-design/icons';
import { Button, Segmented, Space, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Language } from '../app/i18n';
import { usePreferences } from '../app/preferences';

/** Language and large-text switches for pages outside the shell (sign-in). */
export function PreferenceSwitches() {
  const { t } = useTranslation();
  const { language, setLanguage, isLargeText, setLargeText } = usePreferences();
  return (
    <Space size="middle" wrap>
      <Space size={6}>
        <GlobalOutlined aria-hidden />
        <Segmented<Language>
          aria-label={t('language.label')}
          value={language}
          onChange={setLanguage}
          options={[
            { value: 'zh-CN', label: <span lang="zh-CN">{t('language.zh')}</span> },
            { value: 'en-US', label: <span lang="en">{t('language.en')}</span> },
          ]}
        />
      </Space>
      <Tooltip title={isLargeText ? t('largeText.enabled') : t('largeText.disabled')}>
        <Button
          icon={<FontSizeOutlined />}
          type={isLargeText ? 'primary' : 'default'}
          aria-pressed={isLargeText}
          onClick={() => setLargeText(!isLargeText)}
        >
          {t('largeText.label')}
        </Button>
      </Tooltip>
    </Space>
  );
}
