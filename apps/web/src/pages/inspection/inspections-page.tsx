import { StatisticCard } from '@ant-design/pro-components';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useActiveSession } from '../../modules/auth/hooks/use-session';
import { CasesToBookTable } from '../../modules/inspection/components/cases-to-book-table';
import { InspectionsTable, type InspectionListTab, type ListToolbar } from '../../modules/inspection/components/inspections-table';
import { useCasesAtInspection, useInspectionList } from '../../modules/inspection/hooks/use-inspections';
import { toChinaDateAndTime } from '../../modules/inspection/schedule';
import { isOpenInspection } from '../../modules/inspection/status';
import { ErrorAlert } from '../../ui/error-alert';
import { PageShell } from '../../ui/page-shell';

/** How far back the list reaches: a quarter is what the room reviews; older ones are on their cases. */
const HISTORY_DAYS = 92;

function readTab(value: string | null, canBook: boolean): InspectionListTab {
  if (value === 'past') return 'past';
  if (value === 'to-book' && canBook) return 'toBook';
  return 'upcoming';
}

/**
 * 远程踏勘 `/inspections`: the zone's upcoming and past inspections and, for the staff who book,
 * the cases still waiting for one. The tab lives in the URL.
 */
export function InspectionsPage() {
  const { t } = useTranslation();
  const { user } = useActiveSession();
  const canBook = user.roles.some((role) => role === 'clerk' || role === 'inspector');
  const [searchParams, setSearchParams] = useSearchParams();
  const tab = readTab(searchParams.get('tab'), canBook);
  const from = useMemo(() => `${new Date(Date.now() - HISTORY_DAYS * 86_400_000).toISOString().slice(0, 10)}T00:00:00.000Z`, []);
  const list = useInspectionList({ from });
  const casesAtInspection = useCasesAtInspection(canBook);

  const { upcoming, past, summary } = useMemo(() => {
    const all = list.data ?? [];
    const today = toChinaDateAndTime(new Date()).date;
    const month = today.slice(0, 7);
    const open = all.filter(isOpenInspection).sort((a, b) => a.slotStart.localeCompare(b.slotStart));
    const closed = all.filter((inspection) => !isOpenInspection(inspection)).sort((a, b) => b.slotStart.localeCompare(a.slotStart));
    return {
      upcoming: open,
      past: closed,
      summary: {
        today: all.filter((inspection) => toChinaDateAndTime(inspection.slotStart).date === today && inspection.status !== 'cancelled')
          .length,
        upcoming: open.filter((inspection) => inspection.status === 'scheduled').length,
        live: open.filter((inspection) => inspection.status === 'live').length,
        concluded: closed.filter(
          (inspection) => inspection.status === 'concluded' && toChinaDateAndTime(inspection.slotStart).date.startsWith(month),
        ).length,
      },
    };
  }, [list.data]);

  // A case with an open inspection is booked, whatever the age of the calendar's window.
  const toBook = useMemo(() => {
    const booked = new Set(upcoming.map((inspection) => inspection.caseId));
    return (casesAtInspection.data?.items ?? []).filter((item) => !booked.has(item.id));
  }, [casesAtInspection.data, upcoming]);

  const toolbar: ListToolbar = {
    menu: {
      type: 'tab',
      activeKey: tab,
      onChange: (key) => setSearchParams(key === 'past' ? { tab: 'past' } : key === 'toBook' ? { tab: 'to-book' } : {}),
      items: [
        { key: 'upcoming', label: `${t('inspection.list.tabs.upcoming')} (${upcoming.length})` },
        ...(canBook ? [{ key: 'toBook', label: `${t('inspection.list.tabs.toBook')} (${toBook.length})` }] : []),
        { key: 'past', label: `${t('inspection.list.tabs.past')} (${past.length})` },
      ],
    },
  };

  return (
    <PageShell title={t('inspection.list.title')} description={t('inspection.list.description')}>
      <StatisticCard.Group direction="row" className="inspection-summary">
        <StatisticCard statistic={{ title: t('inspection.list.summary.today'), value: summary.today }} loading={list.isLoading} />
        <StatisticCard.Divider />
        <StatisticCard statistic={{ title: t('inspection.list.summary.upcoming'), value: summary.upcoming }} loading={list.isLoading} />
        {canBook && (
          <>
            <StatisticCard.Divider />
            <StatisticCard
              statistic={{
                title: t('inspection.list.summary.toBook'),
                value: toBook.length,
                status: toBook.length > 0 ? 'warning' : 'default',
              }}
              loading={casesAtInspection.isLoading}
            />
          </>
        )}
        <StatisticCard.Divider />
        <StatisticCard
          statistic={{ title: t('inspection.list.summary.live'), value: summary.live, status: summary.live > 0 ? 'error' : 'default' }}
          loading={list.isLoading}
        />
        <StatisticCard.Divider />
        <StatisticCard statistic={{ title: t('inspection.list.summary.concluded'), value: summary.concluded }} loading={list.isLoading} />
      </StatisticCard.Group>
      <ErrorAlert error={list.error ?? casesAtInspection.error} />
      {tab === 'toBook' ? (
        <CasesToBookTable
          cases={toBook}
          isLoading={casesAtInspection.isLoading}
          onReload={() => void casesAtInspection.refetch()}
          toolbar={toolbar}
        />
      ) : (
        <InspectionsTable
          tab={tab}
          inspections={tab === 'past' ? past : upcoming}
          isLoading={list.isLoading}
          canEnterRoom={user.roles.includes('inspector')}
          onReload={() => void list.refetch()}
          toolbar={toolbar}
        />
      )}
    </PageShell>
  );
}
