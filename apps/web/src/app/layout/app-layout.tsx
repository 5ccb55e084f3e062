import { ProLayout } from '@ant-design/pro-components';
import { Spin } from 'antd';
import { Suspense, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router-dom';
import { useActiveSession } from '../../modules/auth/hooks/use-session';
import { BrandMark } from '../../ui/brand-mark';
import { usePreferences } from '../preferences';
import { buildMenu, findMenuKey } from './menu';
import { UserMenu } from './user-menu';

/** The signed-in shell: brand and zone, the menu for the user's roles, the user menu. */
export function AppLayout() {
  const { t } = useTranslation();
  const location = useLocation();
  const session = useActiveSession();
  const { language, isLargeText } = usePreferences();
  const zoneName = language === 'zh-CN' ? session.user.zone.nameZh : session.user.zone.nameEn;
  const menu = useMemo(() => buildMenu(session.user.roles, t), [session.user.roles, t]);
  const selectedKey = findMenuKey(location.pathname, menu);

  return (
    <ProLayout
      className={isLargeText ? 'app-layout app-layout-large' : 'app-layout'}
      layout="mix"
      fixedHeader
      fixSiderbar
      siderWidth={isLargeText ? 248 : 216}
      locale={language}
      title={zoneName}
      logo={<BrandMark size={28} />}
      headerTitleRender={() => (
        <Link to="/" className="app-brand">
          <BrandMark size={28} />
          <span className="app-brand-name">{t('common.appName')}</span>
          <span className="app-brand-divider" aria-hidden />
          <span className="app-brand-zone">{zoneName}</span>
        </Link>
      )}
      route={{ path: '/', routes: menu }}
      location={{ pathname: location.pathname }}
      selectedKeys={selectedKey ? [selectedKey] : []}
      menu={{ locale: false }}
      menuItemRender={(item, dom) => (item.path ? <Link to={item.path}>{dom}</Link> : dom)}
      pageTitleRender={false}
      actionsRender={() => [<UserMenu key="user-menu" />]}
      token={{
        header: { heightLayoutHeader: isLargeText ? 64 : 56 },
        sider: {
          colorMenuBackground: '#fff',
          colorTextMenuSelected: '#1b5fcc',
          colorBgMenuItemSelected: '#e8f0fc',
        },
        pageContainer: {
          paddingBlockPageContainerContent: 20,
          paddingInlinePageContainerContent: 24,
        },
      }}
    >
      <Suspense
        fallback={
          <div className="page-loading">
            <Spin />
          </div>
        }
      >
        <Outlet />
      </Suspense>
    </ProLayout>
  );
}
