import { ProTable, type ProColumns } from '@ant-design/pro-components';
import type { Rating, RectificationTask } from '@yuanqu/shared';
import { App, Button, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { usePreferences } from '../../../app/preferences';
import { ErrorAlert } from '../../../ui/error-alert';
import { useRatingMutations, useRectificationTasks } from '../hooks/use-ratings';
import { AppealDecisionModal } from './rating-modals';
import { RatingScores } from './rating-scores';
import '../workbench.css';

interface PendingAppeal {
  rating: Rating;
  task: RectificationTask;
}

/** The appeals staff made against bad reviews, for a system admin to decide. */
export function AppealsAwaitingDecision() {
  const { t } = useTranslation();
  const { language } = usePreferences();
  const { message } = App.useApp();
  const tasks = useRectificationTasks();
  const mutations = useRatingMutations();
  const [deciding, setDeciding] = useState<PendingAppeal | null>(null);

  const pending: PendingAppeal[] = (tasks.data ?? []).flatMap((task) =>
    [task.rating, task.followUpRating].flatMap((rating) => (rating?.appeal?.status === 'pending' ? [{ rating, task }] : [])),
  );

  const columns: Array<ProColumns<PendingAppeal>> = [
    {
      title: t('workbench.satisfaction.appeals.case'),
      key: 'case',
      render: (_, { task }) => (
        <>
          <span className="queue-number">{task.caseNumber ?? '—'}</span>
          <Typography.Text type="secondary" className="queue-secondary">
            {language === 'zh-CN'
              ? `${task.serviceItemNameZh} · ${task.department.nameZh}`
              : `${task.serviceItemNameEn} · ${task.department.nameEn}`}
          </Typography.Text>
        </>
      ),
    },
    { title: t('workbench.satisfaction.appeals.rating'), key: 'rating', render: (_, { rating }) => <RatingScores rating={rating} /> },
    {
      title: t('workbench.satisfaction.appeals.reason'),
      key: 'reason',
      render: (_, { rating }) => <div className="rating-comment">{rating.appeal?.reason}</div>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_, appeal) => (
        <Button type="primary" size="small" onClick={() => setDeciding(appeal)}>
          {t('workbench.satisfaction.appeals.decide')}
        </Button>
      ),
    },
  ];

  return (
    <>
      <ErrorAlert error={tasks.error} />
      <ProTable<PendingAppeal>
        rowKey={(appeal) => appeal.rating.id}
        columns={columns}
        dataSource={pending}
        loading={tasks.isLoading}
        search={false}
        cardBordered
        size="middle"
        headerTitle={t('workbench.satisfaction.appeals.title')}
        tooltip={t('workbench.satisfaction.appeals.description')}
        options={{ reload: () => void tasks.refetch(), density: false, setting: false }}
        locale={{ emptyText: t('workbench.satisfaction.appeals.empty') }}
        pagination={false}
        style={{ marginTop: 16 }}
      />
      {deciding && (
        <AppealDecisionModal
          caseNumber={deciding.task.caseNumber ?? ''}
          onClose={() => setDeciding(null)}
          onSubmit={async (isUpheld, note) => {
            await mutations.decideAppeal.mutateAsync({ ratingId: deciding.rating.id, isUpheld, note });
            void message.success(t('workbench.satisfaction.appeals.success'));
          }}
        />
      )}
    </>
  );
}
