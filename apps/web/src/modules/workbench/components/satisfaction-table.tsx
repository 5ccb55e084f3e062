import { ProTable, type ProColumns } from '@ant-design/pro-components';
import type { SatisfactionRow } from '@yuanqu/shared';
import { Card, Col, Progress, Row, Statistic, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { usePreferences } from '../../../app/preferences';
import { ErrorAlert } from '../../../ui/error-alert';
import type { SatisfactionDimension } from '../api';
import { useSatisfaction } from '../hooks/use-ratings';
import '../workbench.css';

function percentOf(rate: number | null): number | null {
  return rate === null ? null : Math.round(rate * 1000) / 10;
}

function rateColor(percent: number): string {
  return percent >= 90 ? '#2fa84f' : percent >= 75 ? '#f5a623' : '#e0282e';
}

/** The zone's totals, summed from the rows by department (every rating has exactly one department). */
export function SatisfactionSummary() {
  const { t } = useTranslation();
  const byDepartment = useSatisfaction('department');
  const rows = byDepartment.data ?? [];
  const ratings = rows.reduce((sum, row) => sum + row.ratings, 0);
  const satisfied = rows.reduce((sum, row) => sum + row.satisfied, 0);
  const bad = rows.reduce((sum, row) => sum + row.bad, 0);
  const weighted = rows.reduce((sum, row) => sum + (row.averageOverall ?? 0) * row.ratings, 0);
  const percent = ratings > 0 ? percentOf(satisfied / ratings) : null;
  const cards: Array<{ key: string; title: string; value: string | number; color?: string }> = [
    { key: 'ratings', title: t('workbench.satisfaction.summary.ratings'), value: ratings },
    {
      key: 'rate',
      title: t('workbench.satisfaction.summary.rate'),
      value: percent === null ? '—' : `${percent}%`,
      ...(percent === null ? {} : { color: rateColor(percent) }),
    },
    { key: 'bad', title: t('workbench.satisfaction.summary.bad'), value: bad, ...(bad > 0 ? { color: '#e0282e' } : {}) },
    { key: 'average', title: t('workbench.satisfaction.summary.average'), value: ratings > 0 ? (weighted / ratings).toFixed(2) : '—' },
  ];
  return (
    <Row gutter={[16, 16]} className="satisfaction-summary">
      {cards.map((card) => (
        <Col key={card.key} xs={12} lg={6}>
          <Card size="small" loading={byDepartment.isLoading}>
            <Statistic title={card.title} value={card.value} valueStyle={card.color ? { color: card.color } : undefined} />
          </Card>
        </Col>
      ))}
    </Row>
  );
}

/** Satisfaction by item, department or staff member, the dimension chosen with the tabs. */
export function SatisfactionTable({ by, onByChange }: { by: SatisfactionDimension; onByChange: (by: SatisfactionDimension) => void }) {
  const { t } = useTranslation();
  const { language } = usePreferences();
  const rows = useSatisfaction(by);
  const dimensions: SatisfactionDimension[] = ['item', 'department', 'staff'];

  const columns: Array<ProColumns<SatisfactionRow>> = [
    {
      title: t(`workbench.satisfaction.columns.${by}`),
      key: 'name',
      render: (_, row) => (language === 'zh-CN' ? row.nameZh : row.nameEn),
    },
    { title: t('workbench.satisfaction.columns.ratings'), dataIndex: 'ratings', align: 'right', width: 100 },
    { title: t('workbench.satisfaction.columns.satisfied'), dataIndex: 'satisfied', align: 'right', width: 100 },
    {
      title: t('workbench.satisfaction.columns.bad'),
      key: 'bad',
      align: 'right',
      width: 100,
      render: (_, row) => (row.bad > 0 ? <Typography.Text type="danger">{row.bad}</Typography.Text> : 0),
    },
    {
      title: t('workbench.satisfaction.columns.rate'),
      key: 'rate',
      width: 240,
      render: (_, row) => {
        const percent = percentOf(row.rate);
        return percent === null ? (
          '—'
        ) : (
          <Progress percent={percent} size="small" strokeColor={rateColor(percent)} format={(value) => `${value}%`} />
        );
      },
    },
    {
      title: t('workbench.satisfaction.columns.average'),
      key: 'average',
      align: 'right',
      width: 140,
      render: (_, row) => (row.averageOverall === null ? '—' : <span className="queue-days">{row.averageOverall.toFixed(2)}</span>),
    },
  ];

  return (
    <>
      <ErrorAlert error={rows.error} />
      <ProTable<SatisfactionRow>
        rowKey="key"
        columns={columns}
        dataSource={rows.data ?? []}
        loading={rows.isLoading}
        search={false}
        cardBordered
        size="middle"
        options={{ reload: () => void rows.refetch(), density: false, setting: false }}
        locale={{ emptyText: t('workbench.satisfaction.empty') }}
        headerTitle={
          <Tabs
            activeKey={by}
            onChange={(key) => onByChange(key as SatisfactionDimension)}
            items={dimensions.map((dimension) => ({ key: dimension, label: t(`workbench.satisfaction.tabs.${dimension}`) }))}
            style={{ marginBottom: -16 }}
          />
        }
        pagination={{ defaultPageSize: 20, hideOnSinglePage: true }}
      />
    </>
  );
}
