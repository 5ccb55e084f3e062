import {
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  CalendarOutlined,
  FileSearchOutlined,
  FolderOpenOutlined,
  HomeOutlined,
  IdcardOutlined,
  MessageOutlined,
  ProfileOutlined,
  SafetyCertificateOutlined,
  ShopOutlined,
  TeamOutlined,
  ToolOutlined,
  VideoCameraOutlined,
} from '@ant-design/icons';
import type { MenuDataItem } from '@ant-design/pro-components';
import type { Role } from '@yuanqu/shared';
import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import { canSeePage, type AdminPage } from '../access';

interface MenuEntry {
  path: string;
  labelKey: string;
  icon: ReactNode;
  page?: AdminPage;
}

/**
 * The side menu. Business areas (projects, investment, cockpit) join it when they are
 * built; until then they are not offered as empty pages.
 */
const MENU: MenuEntry[] = [
  { path: '/', labelKey: 'menu.home', icon: <HomeOutlined aria-hidden /> },
  { path: '/services', labelKey: 'menu.services', icon: <ShopOutlined aria-hidden />, page: 'services' },
  { path: '/my/cases', labelKey: 'menu.myCases', icon: <FolderOpenOutlined aria-hidden />, page: 'myCases' },
  { path: '/my/messages', labelKey: 'menu.myMessages', icon: <MessageOutlined aria-hidden />, page: 'myMessages' },
  { path: '/cases', labelKey: 'menu.workbench', icon: <FileSearchOutlined aria-hidden />, page: 'workbench' },
  { path: '/inspections', labelKey: 'menu.inspections', icon: <VideoCameraOutlined aria-hidden />, page: 'inspections' },
  { path: '/ratings', labelKey: 'menu.ratings', icon: <BarChartOutlined aria-hidden />, page: 'ratings' },
  { path: '/ratings/rectification', labelKey: 'menu.rectification', icon: <ToolOutlined aria-hidden />, page: 'ratings' },
  { path: '/outbox', labelKey: 'menu.outbox', icon: <MessageOutlined aria-hidden />, page: 'outbox' },
  { path: '/admin/catalogue', labelKey: 'menu.catalogue', icon: <ProfileOutlined aria-hidden />, page: 'catalogue' },
  { path: '/admin/calendar', labelKey: 'menu.calendar', icon: <CalendarOutlined aria-hidden />, page: 'calendar' },
  { path: '/admin/users', labelKey: 'menu.users', icon: <TeamOutlined aria-hidden />, page: 'users' },
  { path: '/admin/departments', labelKey: 'menu.departments', icon: <ApartmentOutlined aria-hidden />, page: 'departments' },
  { path: '/admin/roles', labelKey: 'menu.roles', icon: <IdcardOutlined aria-hidden />, page: 'roles' },
  { path: '/admin/security', labelKey: 'menu.security', icon: <SafetyCertificateOutlined aria-hidden />, page: 'security' },
  { path: '/admin/audit', labelKey: 'menu.audit', icon: <AuditOutlined aria-hidden />, page: 'audit' },
];

/** The menu for a user's roles, translated. */
export function buildMenu(roles: readonly Role[], t: TFunction): MenuDataItem[] {
  return MENU.filter((entry) => !entry.page || canSeePage(roles, entry.page)).map((entry) => ({
    key: entry.path,
    path: entry.path,
    name: t(entry.labelKey),
    icon: entry.icon,
  }));
}

/**
 * The one menu entry a page belongs to: the longest entry path that is the page's path or a parent
 * of it. ProLayout's own matching selects every prefix, so `/ratings/rectification` lit up
 * `/ratings` too.
 */
export function findMenuKey(pathname: string, menu: readonly MenuDataItem[]): string | undefined {
  let best: string | undefined;
  for (const item of menu) {
    const path = item.path;
    if (!path) continue;
    const isMatch = path === '/' ? pathname === '/' : pathname === path || pathname.startsWith(`${path}/`);
    if (isMatch && (!best || path.length > best.length)) best = path;
  }
  return best;
}
