import { useEffect } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { CaseQueueTable } from '../../modules/workbench/components/case-queue-table';
import { QueueFilterForm } from '../../modules/workbench/components/queue-filter-form';
import { useCaseQueue } from '../../modules/workbench/hooks/use-case-queue';
import { clampPage, readQueueFilters, writeQueueFilters, type QueueFilters } from '../../modules/workbench/queue-filters';
import { ErrorAlert } from '../../ui/error-alert';
import { PageShell } from '../../ui/page-shell';

/** 办件工作台 `/cases`: the zone's open cases, most urgent first; every filter lives in the URL. */
export function CaseQueuePage() {
  const { t } = useTranslation();
  const [searchParams, setSearchParams] = useSearchParams();
  const filters = readQueueFilters(searchParams);
  const queue = useCaseQueue(filters);

  const update = (next: Partial<QueueFilters>) => setSearchParams(writeQueueFilters({ ...filters, page: 1, ...next }));

  // A page past the end (the list shrank under it, or a link says ?page=99) is an empty table with
  // rows elsewhere: go to the last page, in place of the URL, so that Back does not return to it.
  const total = queue.isPlaceholderData ? undefined : queue.data?.total;
  const page = total === undefined ? filters.page : clampPage(filters.page, total, filters.pageSize);
  useEffect(() => {
    if (page !== filters.page) setSearchParams(writeQueueFilters({ ...readQueueFilters(searchParams), page }), { replace: true });
  }, [page, filters.page, searchParams, setSearchParams]);

  return (
    <PageShell title={t('workbench.queue.title')} description={t('workbench.queue.description')}>
      <QueueFilterForm
        filters={filters}
        onChange={(values) => update({ q: values.q, serviceItemId: values.serviceItemId, departmentId: values.departmentId })}
      />
      <ErrorAlert error={queue.error} />
      <CaseQueueTable
        filters={filters}
        queue={queue.data}
        isLoading={queue.isLoading || (queue.isFetching && queue.isPlaceholderData) || page !== filters.page}
        onReload={() => void queue.refetch()}
        onStatusChange={(status) => update({ status })}
        onLightChange={(light) => update({ light })}
        onPageChange={(page, pageSize) => update({ page: pageSize === filters.pageSize ? page : 1, pageSize })}
      />
    </PageShell>
  );
}
