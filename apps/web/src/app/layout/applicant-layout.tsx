import { FolderOpenOutlined, MessageOutlined, ShopOutlined } from '@ant-design/icons';
import { Spin } from 'antd';
import { Suspense, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, ScrollRestoration } from 'react-router-dom';
import { useActiveSession } from '../../modules/auth/hooks/use-session';
import { BrandMark } from '../../ui/brand-mark';
import { usePreferences } from '../preferences';
import { AppLayout } from './app-layout';
import { UserMenu } from './user-menu';
import '../../modules/applicant/applicant.css';

/** Screens this narrow get the phone layout: a compact top bar and tabs at the bottom. */
const PHONE_QUERY = '(max-width: 767px)';

const TABS: Array<{ path: string; labelKey: string; icon: ReactNode }> = [
  { path: '/services', labelKey: 'applicant.tabs.services', icon: <ShopOutlined aria-hidden /> },
  { path: '/my/cases', labelKey: 'applicant.tabs.cases', icon: <FolderOpenOutlined aria-hidden /> },
  { path: '/my/messages', labelKey: 'applicant.tabs.messages', icon: <MessageOutlined aria-hidden /> },
];

/**
 * The enterprise applicant's shell. On a phone: the zone's name and the user menu on top, the three
 * things an applicant does (办事, 我的办件, 消息) as tabs under the thumb. On a wider screen: the
 * staff's layout with its side menu.
 *
 * The choice is made once when the shell mounts: turning a phone to landscape must not swap the
 * layout, which would remount the page and lose a half-filled application.
 */
export function ApplicantLayout() {
  const [isPhone] = useState(() => typeof window.matchMedia === 'function' && window.matchMedia(PHONE_QUERY).matches);
  return (
    <>
      {isPhone ? <PhoneLayout /> : <AppLayout />}
      {/* A new page opens at its top; going back returns to where the user was. */}
      <ScrollRestoration />
    </>
  );
}

function PhoneLayout() {
  const { t } = useTranslation();
  const session = useActiveSession();
  const { language, isLargeText } = usePreferences();
  const zoneName = language === 'zh-CN' ? session.user.zone.nameZh : session.user.zone.nameEn;

  return (
    <div className={isLargeText ? 'applicant-phone applicant-phone-large' : 'applicant-phone'}>
      <header className="applicant-phone-bar">
        <Link to="/" className="applicant-phone-brand" aria-label={`${t('common.appName')} · ${zoneName}`}>
          <BrandMark size={isLargeText ? 30 : 26} />
          <span className="applicant-phone-zone">{zoneName}</span>
        </Link>
        <UserMenu />
      </header>
      <main className="applicant-phone-main">
        <Suspense
          fallback={
            <div className="page-loading">
              <Spin />
            </div>
          }
        >
          <Outlet />
        </Suspense>
      </main>
      <nav className="applicant-tabs" aria-label={t('applicant.tabs.label')}>
        {TABS.map((tab) => (
          <NavLink
            key={tab.path}
            to={tab.path}
            className={({ isActive }) => (isActive ? 'applicant-tab applicant-tab-active' : 'applicant-tab')}
          >
            <span className="applicant-tab-icon">{tab.icon}</span>
            <span className="applicant-tab-label">{t(tab.labelKey)}</span>
          </NavLink>
        ))}
      </nav>
    </div>
  );
}
