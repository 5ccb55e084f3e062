import { ProTable, type ProColumns } from '@ant-design/pro-components';
import type { Rating, RectificationTask } from '@yuanqu/shared';
import { App, Button, Segmented, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatDateTime } from '../../../app/i18n/format';
import { usePreferences } from '../../../app/preferences';
import { useActiveSession } from '../../auth/hooks/use-session';
import { formatDay } from '../format';
import { useRatingMutations, useRectificationTasks, useWorkingDayCalendar } from '../hooks/use-ratings';
import { chinaToday, type WorkingDayCalendar } from '../working-days';
import { ErrorAlert } from '../../../ui/error-alert';
import { AppealModal, ReturnVisitModal } from './rating-modals';
import { RatingScores } from './rating-scores';
import '../workbench.css';

export type TaskStatusFilter = 'all' | RectificationTask['status'];

const STATUS_COLORS: Record<RectificationTask['status'], string> = { open: 'orange', visited: 'processing', closed: 'default' };

/** The deadline of an open task in working days, as a light like a case's clock. */
function TaskDeadline({ task, calendar }: { task: RectificationTask; calendar: WorkingDayCalendar | null }) {
  const { t, i18n } = useTranslation();
  if (!task.dueOn) return <Typography.Text type="secondary">{t('workbench.rectification.due.none')}</Typography.Text>;
  const date = <span className="nowrap">{formatDay(task.dueOn, i18n.language)}</span>;
  if (task.status !== 'open' || !calendar) return date;
  const today = chinaToday();
  const missingYear = calendar.missingYear(today, task.dueOn);
  const left = calendar.workingDaysBetween(today, task.dueOn);
  const [light, text] =
    missingYear !== null || left === null
      ? ['unknown', t('workbench.rectification.due.missingCalendar', { year: missingYear ?? '' })]
      : left < 0
        ? ['red', t('workbench.rectification.due.overdue', { count: -left })]
        : left === 0
          ? ['yellow', t('workbench.rectification.due.today')]
          : [left <= 1 ? 'yellow' : 'green', t('workbench.rectification.due.left', { count: left })];
  return (
    <div className="task-deadline">
      {date}
      <div className="clock-light">
        <span className={`clock-dot clock-dot-${light}`} aria-hidden />
        <span className={light === 'green' ? '' : `clock-light-text-${light}`}>{text}</span>
      </div>
    </div>
  );
}

/** 差评整改: tasks from bad reviews, their deadline, the return visit, and appeals of malicious reviews. */
export function RectificationTable({
  filter,
  onFilterChange,
}: {
  filter: TaskStatusFilter;
  onFilterChange: (filter: TaskStatusFilter) => void;
}) {
  const { t, i18n } = useTranslation();
  const { language } = usePreferences();
  const { message } = App.useApp();
  const { user } = useActiveSession();
  const tasks = useRectificationTasks();
  const calendar = useWorkingDayCalendar();
  const mutations = useRatingMutations();
  const [visiting, setVisiting] = useState<RectificationTask | null>(null);
  const [appealing, setAppealing] = useState<{ task: RectificationTask; rating: Rating } | null>(null);

  const canWork = user.roles.some((role) => role === 'clerk' || role === 'approver');
  const canReadCases = user.roles.some((role) => ['clerk', 'inspector', 'approver', 'leader'].includes(role));
  const all = tasks.data ?? [];
  const counts = { all: all.length, open: 0, visited: 0, closed: 0 };
  for (const task of all) counts[task.status] += 1;
  const rows = filter === 'all' ? all : all.filter((task) => task.status === filter);
  const caseNumber = (task: RectificationTask) => task.caseNumber ?? '—';

  const appealable = (task: RectificationTask): Rating | null => {
    const candidates = [task.rating, task.followUpRating].filter((rating): rating is Rating => rating !== null);
    return candidates.find((rating) => rating.isBad && !rating.appeal) ?? null;
  };

  const columns: Array<ProColumns<RectificationTask>> = [
    {
      title: t('workbench.rectification.columns.case'),
      key: 'case',
      render: (_, task) => (
        <>
          {canReadCases ? (
            <Link to={`/cases/${task.caseId}`} className="queue-number">
              {caseNumber(task)}
            </Link>
          ) : (
            <span className="queue-number">{caseNumber(task)}</span>
          )}
          <Typography.Text type="secondary" className="queue-secondary">
            {language === 'zh-CN' ? task.serviceItemNameZh : task.serviceItemNameEn}
          </Typography.Text>
          <Typography.Text type="secondary" className="queue-secondary">
            {language === 'zh-CN' ? task.department.nameZh : task.department.nameEn}
          </Typography.Text>
        </>
      ),
    },
    {
      title: t('workbench.rectification.columns.rating'),
      key: 'rating',
      width: 340,
      render: (_, task) => <RatingScores rating={task.rating} />,
    },
    {
      title: t('workbench.rectification.columns.dueOn'),
      key: 'dueOn',
      render: (_, task) => <TaskDeadline task={task} calendar={calendar} />,
    },
    {
      title: t('workbench.rectification.columns.status'),
      key: 'status',
      render: (_, task) => (
        <Tag color={STATUS_COLORS[task.status]} bordered={false}>
          {t(`workbench.rectification.status.${task.status}`)}
        </Tag>
      ),
    },
    {
      title: t('workbench.rectification.columns.returnVisit'),
      key: 'returnVisit',
      render: (_, task) =>
        task.returnVisitAt ? (
          <div style={{ maxWidth: 280 }}>
            <Typography.Text type="secondary" className="queue-secondary">
              {t('workbench.rectification.visitedAt', { time: formatDateTime(task.returnVisitAt, i18n.language) })}
            </Typography.Text>
            <div className="rating-comment">{task.returnVisitNote}</div>
          </div>
        ) : (
          <Typography.Text type="secondary">{t('workbench.rectification.noVisit')}</Typography.Text>
        ),
    },
    {
      title: t('workbench.rectification.columns.followUp'),
      key: 'followUp',
      responsive: ['xxl'],
      render: (_, task) =>
        task.followUpRating ? (
          <RatingScores rating={task.followUpRating} isCompact />
        ) : (
          <Typography.Text type="secondary">{t('workbench.rectification.noFollowUp')}</Typography.Text>
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, task) => {
        if (!canWork) return null;
        const rating = appealable(task);
        return (
          <Space size={0} direction="vertical" align="start">
            {task.status === 'open' && (
              <Button type="link" size="small" className="table-action" onClick={() => setVisiting(task)}>
                {t('workbench.rectification.returnVisit.action')}
              </Button>
            )}
            {rating && (
              <Button type="link" size="small" className="table-action" onClick={() => setAppealing({ task, rating })}>
                {t('workbench.rectification.appeal.action')}
              </Button>
            )}
          </Space>
        );
      },
    },
  ];

  const filters: TaskStatusFilter[] = ['all', 'open', 'visited', 'closed'];
  return (
    <>
      <ErrorAlert error={tasks.error} />
      <ProTable<RectificationTask>
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={tasks.isLoading}
        search={false}
        cardBordered
        size="middle"
        scroll={{ x: 1000 }}
        options={{ reload: () => void tasks.refetch(), density: true, setting: false }}
        locale={{ emptyText: t('workbench.rectification.empty') }}
        headerTitle={
          <Segmented<TaskStatusFilter>
            value={filter}
            onChange={onFilterChange}
            options={filters.map((value) => ({ value, label: `${t(`workbench.rectification.filters.${value}`)} ${counts[value]}` }))}
          />
        }
        pagination={{ defaultPageSize: 20, showSizeChanger: true, showTotal: (total) => t('workbench.rectification.total', { total, count: total }) }}
      />
      {visiting && (
        <ReturnVisitModal
          caseNumber={caseNumber(visiting)}
          onClose={() => setVisiting(null)}
          onSubmit={async (note) => {
            await mutations.returnVisit.mutateAsync({ taskId: visiting.id, note });
            void message.success(t('workbench.rectification.returnVisit.success'));
          }}
        />
      )}
      {appealing && (
        <AppealModal
          caseNumber={caseNumber(appealing.task)}
          onClose={() => setAppealing(null)}
          onSubmit={async (reason) => {
            await mutations.appeal.mutateAsync({ ratingId: appealing.rating.id, reason });
            void message.success(t('workbench.rectification.appeal.success'));
          }}
        />
      )}
    </>
  );
}
