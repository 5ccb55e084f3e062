import {
  ApartmentOutlined,
  AuditOutlined,
  DesktopOutlined,
  LockOutlined,
  ShopOutlined,
  StopOutlined,
  TeamOutlined,
  UserOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { ProCard, StatisticCard } from '@ant-design/pro-components';
import { Alert } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../../app/i18n/use-error-text';
import { useHomeSummary } from '../hooks/use-home-summary';

/** Known figures in display order; a key the server adds later still shows, after these. */
const COUNT_ICONS: Record<string, ReactNode> = {
  users: <UserOutlined />,
  departments: <ApartmentOutlined />,
  activeSessions: <DesktopOutlined />,
  auditEventsToday: <AuditOutlined />,
  deniedToday: <StopOutlined />,
  failedSignInsToday: <WarningOutlined />,
  lockedUsers: <LockOutlined />,
  enterprises: <ShopOutlined />,
  colleagues: <TeamOutlined />,
};
const KNOWN_KEYS = Object.keys(COUNT_ICONS);

function orderKeys(keys: string[]): string[] {
  const known = KNOWN_KEYS.filter((key) => keys.includes(key));
  const others = keys.filter((key) => !KNOWN_KEYS.includes(key)).sort();
  return [...known, ...others];
}

/** One statistic for every count the server sends for this user; nothing made up. */
export function SummaryCounts() {
  const { t } = useTranslation();
  const { describe } = useErrorText();
  const summary = useHomeSummary();

  if (summary.isError) {
    return <Alert type="warning" showIcon message={t('home.summaryFailed')} description={describe(summary.error)} />;
  }
  if (summary.isPending) {
    return <ProCard loading style={{ minHeight: 120 }} />;
  }
  const keys = orderKeys(Object.keys(summary.data.counts));
  if (keys.length === 0) return null;

  return (
    <div className="summary-grid" aria-label={t('home.overview')} role="region">
      {keys.map((key) => (
        <StatisticCard
          key={key}
          statistic={{
            title: t(`home.counts.${key}`, { defaultValue: key }),
            value: summary.data.counts[key] ?? 0,
            icon: <span className="summary-icon">{COUNT_ICONS[key] ?? <AuditOutlined />}</span>,
          }}
        />
      ))}
    </div>
  );
}
