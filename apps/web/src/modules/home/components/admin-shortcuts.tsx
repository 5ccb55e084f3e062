import { ApartmentOutlined, AuditOutlined, IdcardOutlined, SafetyCertificateOutlined, TeamOutlined } from '@ant-design/icons';
import { ProCard } from '@ant-design/pro-components';
import type { Role } from '@yuanqu/shared';
import { Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { canSeePage, type AdminPage } from '../../../app/access';

const SHORTCUTS: Array<{ page: AdminPage; path: string; labelKey: string; descriptionKey: string; icon: ReactNode }> = [
  { page: 'users', path: '/admin/users', labelKey: 'menu.users', descriptionKey: 'users.description', icon: <TeamOutlined /> },
  {
    page: 'departments',
    path: '/admin/departments',
    labelKey: 'menu.departments',
    descriptionKey: 'departments.description',
    icon: <ApartmentOutlined />,
  },
  { page: 'roles', path: '/admin/roles', labelKey: 'menu.roles', descriptionKey: 'roleGuide.description', icon: <IdcardOutlined /> },
  {
    page: 'security',
    path: '/admin/security',
    labelKey: 'menu.security',
    descriptionKey: 'security.description',
    icon: <SafetyCertificateOutlined />,
  },
  { page: 'audit', path: '/admin/audit', labelKey: 'menu.audit', descriptionKey: 'audit.description', icon: <AuditOutlined /> },
];

/** Links to the admin pages this user may use. */
export function AdminShortcuts({ roles }: { roles: readonly Role[] }) {
  const { t } = useTranslation();
  const shortcuts = SHORTCUTS.filter((shortcut) => canSeePage(roles, shortcut.page));
  if (shortcuts.length === 0) return null;
  return (
    <ProCard title={t('home.quickLinks')} headerBordered>
      <div className="shortcut-grid">
        {shortcuts.map((shortcut) => (
          <Link key={shortcut.path} to={shortcut.path} className="shortcut">
            <span className="shortcut-icon">{shortcut.icon}</span>
            <span className="shortcut-text">
              <Typography.Text strong>{t(shortcut.labelKey)}</Typography.Text>
              <Typography.Text type="secondary" className="shortcut-description">
                {t(shortcut.descriptionKey)}
              </Typography.Text>
            </span>
          </Link>
        ))}
      </div>
    </ProCard>
  );
}
