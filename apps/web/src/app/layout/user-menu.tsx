import { CheckOutlined, FontSizeOutlined, KeyOutlined, LogoutOutlined, SafetyOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Dropdown, Space, Switch, type MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useActiveSession, useSignOut } from '../../modules/auth/hooks/use-session';
import type { Language } from '../i18n';
import { usePreferences } from '../preferences';

/** The header's user menu: language, large text, account pages, sign out. */
export function UserMenu() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const session = useActiveSession();
  const { language, setLanguage, isLargeText, setLargeText } = usePreferences();
  const signOut = useSignOut();

  const languageItem = (value: Language, label: string) => {
    const item = {
      key: `language:${value}`,
      role: 'menuitemradio',
      'aria-checked': language === value,
      label: <span lang={value === 'zh-CN' ? 'zh-CN' : 'en'}>{label}</span>,
      icon: language === value ? <CheckOutlined aria-hidden /> : <span className="menu-icon-placeholder" />,
    };
    return item;
  };

  // rc-menu passes `role` and `aria-checked` through to the item; antd's types do not list them,
  // so the checkable items are built apart from the array literal.
  const largeTextItem = {
    key: 'large-text',
    role: 'menuitemcheckbox',
    'aria-checked': isLargeText,
    icon: <FontSizeOutlined aria-hidden />,
    label: (
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        {t('largeText.label')}
        <Switch size="small" checked={isLargeText} tabIndex={-1} aria-hidden />
      </Space>
    ),
  };

  const items: MenuProps['items'] = [
    {
      type: 'group',
      key: 'language',
      label: t('language.label'),
      children: [languageItem('zh-CN', t('language.zh')), languageItem('en-US', t('language.en'))],
    },
    { type: 'divider' },
    largeTextItem,
    { type: 'divider' },
    { key: 'password', icon: <KeyOutlined aria-hidden />, label: t('menu.changePassword') },
    { key: 'second-factor', icon: <SafetyOutlined aria-hidden />, label: t('menu.secondFactor') },
    { type: 'divider' },
    { key: 'sign-out', icon: <LogoutOutlined aria-hidden />, label: t('menu.signOut'), danger: true },
  ];

  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'language:zh-CN') setLanguage('zh-CN');
    else if (key === 'language:en-US') setLanguage('en-US');
    else if (key === 'large-text') setLargeText(!isLargeText);
    else if (key === 'password') void navigate('/account/password');
    else if (key === 'second-factor') void navigate('/account/second-factor');
    else if (key === 'sign-out') signOut.mutate();
  };

  return (
    <Dropdown menu={{ items, onClick }} trigger={['click']} placement="bottomRight">
      <button type="button" className="user-menu-trigger" aria-label={t('menu.userMenu')}>
        <Avatar size="small" icon={<UserOutlined aria-hidden />} style={{ backgroundColor: '#1b5fcc' }} />
        <span className="user-menu-name">{session.user.displayName}</span>
      </button>
    </Dropdown>
  );
}
