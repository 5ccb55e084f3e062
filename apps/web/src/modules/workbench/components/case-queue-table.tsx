import { ProTable, type ProColumns } from '@ant-design/pro-components';
import { CLOCK_LIGHTS, type CaseQueue, type CaseStatus, type CaseSummary, type ClockLight } from '@yuanqu/shared';
import { Button, Segmented, Typography } from 'antd';
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { usePreferences } from '../../../app/preferences';
import { useActiveSession } from '../../auth/hooks/use-session';
import { allowedActions, FINISHED_STATUSES, OPEN_STATUSES } from '../case-actions';
import { formatDay, formatShortTime } from '../format';
import type { QueueFilters } from '../queue-filters';
import { CaseStatusTag } from './case-status-tag';
import { CaseClockLight } from './clock-light';
import '../workbench.css';

/** The tab of all open cases has no status of its own. */
const ALL_OPEN = 'open';

/** Statuses a case rests in only briefly get a tab only while cases are in them. */
const TRANSIENT_STATUSES: readonly CaseStatus[] = ['accepted'];

function isTyping(target: EventTarget): boolean {
  return target instanceof HTMLElement && (target.tagName === 'A' || target.tagName === 'BUTTON');
}

/**
 * The state a case is opened with, so that its "back" returns to this list with its filters: the
 * filters of the address bar at the moment the case is opened, not of the last render. React Router
 * renders a navigation in a transition, and the address bar changes before it: for a moment after a
 * search (longer on a busy machine) the URL already has `?q=…` while the rows on screen, and their
 * handlers, still belong to the previous list. A row opened then must still return to the search.
 */
function queueReturnState(): { queueSearch: string } {
  return { queueSearch: window.location.search };
}

/** Moves focus to the row above or below (arrow keys), or opens the case (Enter). */
function onRowKeyDown(event: KeyboardEvent<HTMLElement>, open: () => void) {
  if (isTyping(event.target) && event.target !== event.currentTarget) return;
  if (event.key === 'Enter') {
    event.preventDefault();
    open();
  } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    event.preventDefault();
    const sibling = event.key === 'ArrowDown' ? event.currentTarget.nextElementSibling : event.currentTarget.previousElementSibling;
    if (sibling instanceof HTMLElement && sibling.classList.contains('queue-row')) sibling.focus();
  }
}

/**
 * 办件队列: the cases most urgent first (earliest due date), with the working-day clock as a light,
 * tabs per status with their counts, and paging kept in the URL by the page.
 */
export function CaseQueueTable({
  filters,
  queue,
  isLoading,
  onReload,
  onStatusChange,
  onLightChange,
  onPageChange,
}: {
  filters: QueueFilters;
  queue: CaseQueue | undefined;
  /** Whether the rows on screen are stale (the next page or filter is loading). */
  isLoading: boolean;
  onReload: () => void;
  onStatusChange: (status: CaseStatus | undefined) => void;
  onLightChange: (light: ClockLight | undefined) => void;
  onPageChange: (page: number, pageSize: number) => void;
}) {
  const { t, i18n } = useTranslation();
  const { language } = usePreferences();
  const navigate = useNavigate();
  const { user } = useActiveSession();
  const actingUser = { roles: user.roles, departmentId: user.department?.id ?? null };
  const counts = queue?.counts ?? {};
  const openTotal = OPEN_STATUSES.reduce((sum, status) => sum + (counts[status] ?? 0), 0);
  const name = (value: { nameZh: string; nameEn: string }) => (language === 'zh-CN' ? value.nameZh : value.nameEn);
  const openCase = (row: CaseSummary) => {
    void navigate(`/cases/${row.id}`, { state: queueReturnState() });
  };

  const tabLabel = (label: string, count: number | null, isWarning = false) => (
    <span className="queue-tab-label">
      {label}
      {count !== null && (
        // A plain number, not antd's Badge: the Badge spells a count digit by digit, so a screen
        // reader (and the tab's accessible name) read 13 as "1 3".
        <span className={`queue-tab-count${count === 0 ? '' : isWarning ? ' queue-tab-count-warning' : ' queue-tab-count-active'}`}>
          {count > 999 ? '999+' : count}
        </span>
      )}
    </span>
  );
  const tabStatuses = OPEN_STATUSES.filter((status) => !TRANSIENT_STATUSES.includes(status) || (counts[status] ?? 0) > 0);
  const tabs = [
    { key: ALL_OPEN, label: tabLabel(t('workbench.queue.tabs.open'), openTotal) },
    ...tabStatuses.map((status) => ({
      key: status,
      label: tabLabel(t(`workbench.queue.tabs.${status}`), counts[status] ?? 0, status === 'submitted' || status === 'concluded'),
    })),
    ...FINISHED_STATUSES.map((status) => ({ key: status, label: tabLabel(t(`workbench.queue.tabs.${status}`), null) })),
  ];

  const columns: Array<ProColumns<CaseSummary>> = [
    {
      title: t('workbench.queue.columns.clock'),
      key: 'clock',
      width: 200,
      render: (_, row) => <CaseClockLight clock={row.clock} status={row.status} />,
    },
    {
      title: t('workbench.queue.columns.number'),
      key: 'number',
      render: (_, row) => (
        <>
          <Link
            to={`/cases/${row.id}`}
            className="queue-number"
            onClick={(event) => {
              event.stopPropagation();
              // A plain click opens the case here with the list's filters; a modified one (new tab) is the browser's.
              if (event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey) {
                event.preventDefault();
                openCase(row);
              }
            }}
          >
            {row.number ?? '—'}
          </Link>
          <Typography.Text type="secondary" className="queue-secondary nowrap">
            {t('workbench.queue.submittedAt', { time: formatShortTime(row.submittedAt, i18n.language) })}
          </Typography.Text>
        </>
      ),
    },
    {
      title: t('workbench.queue.columns.item'),
      key: 'item',
      render: (_, row) => (
        <>
          <span>{name(row.serviceItem)}</span>
          <Typography.Text type="secondary" className="queue-secondary">
            {row.serviceItem.code} · {name(row.department)}
          </Typography.Text>
        </>
      ),
    },
    {
      title: t('workbench.queue.columns.applicant'),
      key: 'applicant',
      // Enterprise names run long in English: they wrap within the column instead of pushing the actions off screen.
      width: 240,
      render: (_, row) => (
        <>
          <span>{row.enterpriseName ?? row.applicantName}</span>
          {row.enterpriseName && (
            <Typography.Text type="secondary" className="queue-secondary">
              {row.applicantName}
            </Typography.Text>
          )}
        </>
      ),
    },
    {
      title: t('workbench.queue.columns.status'),
      key: 'status',
      render: (_, row) => <CaseStatusTag status={row.status} />,
    },
    {
      title: t('workbench.queue.columns.dueOn'),
      key: 'dueOn',
      render: (_, row) => <span className="nowrap">{row.clock.dueOn ? formatDay(row.clock.dueOn, i18n.language) : '—'}</span>,
    },
    {
      title: t('workbench.queue.columns.remaining'),
      key: 'remaining',
      align: 'right',
      render: (_, row) =>
        row.clock.acceptedOn && row.clock.light !== 'unknown' ? (
          <span className={`queue-days clock-light-text-${row.clock.light}`}>
            {row.clock.remainingDays}
            <Typography.Text type="secondary"> / {row.clock.limitDays}</Typography.Text>
          </span>
        ) : (
          <Typography.Text type="secondary" className="nowrap">
            {t('workbench.queue.limitOnly', { count: row.clock.limitDays })}
          </Typography.Text>
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, row) => {
        const canAct = allowedActions(row.status, row.department.id, actingUser).length > 0;
        return (
          <Button
            type={canAct ? 'link' : 'text'}
            size="small"
            className="table-action"
            tabIndex={-1}
            onClick={(event) => {
              event.stopPropagation();
              openCase(row);
            }}
          >
            {canAct ? t('workbench.queue.work') : t('workbench.queue.view')}
          </Button>
        );
      },
    },
  ];

  return (
    <ProTable<CaseSummary>
      rowKey="id"
      columns={columns}
      dataSource={queue?.items ?? []}
      loading={isLoading}
      search={false}
      cardBordered
      size="middle"
      scroll={{ x: 1080 }}
      options={{ reload: onReload, density: true, setting: false }}
      headerTitle={
        <Typography.Text type="secondary" className="queue-hint keyboard-hint">
          {t('workbench.queue.keyboardHint.before')}
          <kbd>/</kbd>
          {t('workbench.queue.keyboardHint.search')}
          <kbd>↑</kbd>
          <kbd>↓</kbd>
          {t('workbench.queue.keyboardHint.move')}
          <kbd>Enter</kbd>
          {t('workbench.queue.keyboardHint.open')}
        </Typography.Text>
      }
      toolbar={{
        multipleLine: true,
        actions: [
          <Segmented<ClockLight | 'all'>
            key="light"
            aria-label={t('workbench.queue.lightFilter')}
            value={filters.light ?? 'all'}
            onChange={(value) => onLightChange(value === 'all' ? undefined : value)}
            options={(['all', ...CLOCK_LIGHTS] as const).map((value) => ({
              value,
              label: (
                <span className="clock-light">
                  {value !== 'all' && <span className={`clock-dot clock-dot-${value}`} aria-hidden />}
                  {t(`workbench.queue.lightOptions.${value}`)}
                </span>
              ),
            }))}
          />,
        ],
        tabs: {
          activeKey: filters.status ?? ALL_OPEN,
          items: tabs,
          onChange: (key) => onStatusChange(key === ALL_OPEN ? undefined : (key as CaseStatus)),
        },
      }}
      locale={{ emptyText: t('workbench.queue.empty') }}
      onRow={(row) => ({
        tabIndex: 0,
        className: `queue-row queue-row-${row.clock.light}`,
        onClick: () => openCase(row),
        onKeyDown: (event: KeyboardEvent<HTMLElement>) => onRowKeyDown(event, () => openCase(row)),
      })}
      pagination={{
        current: queue?.page ?? filters.page,
        pageSize: filters.pageSize,
        total: queue?.total ?? 0,
        showSizeChanger: true,
        pageSizeOptions: [10, 20, 50, 100],
        showTotal: (total) => t('workbench.queue.total', { total }),
        onChange: onPageChange,
      }}
    />
  );
}
