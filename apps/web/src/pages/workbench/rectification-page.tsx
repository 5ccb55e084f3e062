import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { RectificationTable, type TaskStatusFilter } from '../../modules/workbench/components/rectification-table';
import { PageShell } from '../../ui/page-shell';

const FILTERS: readonly TaskStatusFilter[] = ['all', 'open', 'visited', 'closed'];

/** 差评整改 `/ratings/rectification`: the tasks bad reviews opened; the status filter stays in the URL. */
export function RectificationPage() {
  const { t } = useTranslation();
  const [searchParams, setSearchParams] = useSearchParams();
  const requested = searchParams.get('status');
  const filter = FILTERS.find((value) => value === requested) ?? 'all';
  return (
    <PageShell title={t('workbench.rectification.title')} description={t('workbench.rectification.description')}>
      <RectificationTable filter={filter} onFilterChange={(next) => setSearchParams(next === 'all' ? {} : { status: next })} />
    </PageShell>
  );
}
