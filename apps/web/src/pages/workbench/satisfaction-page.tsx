import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useActiveSession } from '../../modules/auth/hooks/use-session';
import type { SatisfactionDimension } from '../../modules/workbench/api';
import { AppealsAwaitingDecision } from '../../modules/workbench/components/appeals-awaiting-decision';
import { SatisfactionSummary, SatisfactionTable } from '../../modules/workbench/components/satisfaction-table';
import { PageShell } from '../../ui/page-shell';

const DIMENSIONS: readonly SatisfactionDimension[] = ['item', 'department', 'staff'];

/** 好差评统计 `/ratings`: satisfaction by item, department and staff member; appeals for a system admin. */
export function SatisfactionPage() {
  const { t } = useTranslation();
  const { user } = useActiveSession();
  const [searchParams, setSearchParams] = useSearchParams();
  const requested = searchParams.get('by');
  const by = DIMENSIONS.find((dimension) => dimension === requested) ?? 'item';
  return (
    <PageShell title={t('workbench.satisfaction.title')} description={t('workbench.satisfaction.description')}>
      <SatisfactionSummary />
      <SatisfactionTable by={by} onByChange={(next) => setSearchParams(next === 'item' ? {} : { by: next })} />
      {user.roles.includes('system_admin') && <AppealsAwaitingDecision />}
    </PageShell>
  );
}
