import { Flex } from 'antd';
import { useTranslation } from 'react-i18next';
import { useActiveSession } from '../modules/auth/hooks/use-session';
import { AdminShortcuts } from '../modules/home/components/admin-shortcuts';
import { SummaryCounts } from '../modules/home/components/summary-counts';
import { WelcomeCard } from '../modules/home/components/welcome-card';
import { WorkAreas } from '../modules/home/components/work-areas';
import { PageShell } from '../ui/page-shell';

export function HomePage() {
  const { t } = useTranslation();
  const { user } = useActiveSession();
  return (
    <PageShell title={t('home.title')}>
      <Flex vertical gap={16}>
        <WelcomeCard />
        <SummaryCounts />
        <WorkAreas roles={user.roles} />
        <AdminShortcuts roles={user.roles} />
      </Flex>
    </PageShell>
  );
}
