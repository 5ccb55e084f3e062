import { DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { ProTable, type ProColumns } from '@ant-design/pro-components';
import type { AuditEvent, AuditOutcome } from '@yuanqu/shared';
import { App, Button, Descriptions, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../app/i18n/format';
import { useErrorText } from '../../../app/i18n/use-error-text';
import { buildAuditExportUrl, listAuditEvents, type AuditFilters } from '../api';
import { useAuditVerification } from '../hooks/use-audit-verification';
import { AuditVerificationResult } from './audit-verification-result';

interface AuditSearch {
  timeRange?: [string, string];
  actor?: string;
  outcome?: AuditOutcome;
}

const OUTCOME_COLORS: Record<AuditOutcome, string> = { success: 'success', failure: 'warning', denied: 'error' };
const OUTCOMES: AuditOutcome[] = ['success', 'failure', 'denied'];

function trimmed(value: string | undefined): string | undefined {
  const text = value?.trim();
  return text ? text : undefined;
}

/** The hash-chained audit log with filters, integrity verification and CSV export. */
export function AuditLogTable() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { describe } = useErrorText();
  const verification = useAuditVerification();
  const [filters, setFilters] = useState<AuditFilters>({});

  const actionLabel = (action: string) => t(`audit.actions.${action}`, { defaultValue: '' });

  const columns: Array<ProColumns<AuditEvent & AuditSearch>> = [
    { title: t('audit.columns.seq'), dataIndex: 'seq', search: false, width: 80 },
    {
      title: t('audit.columns.occurredAt'),
      dataIndex: 'occurredAt',
      search: false,
      render: (_, event) => <span className="nowrap">{formatDateTime(event.occurredAt, i18n.language)}</span>,
    },
    {
      title: t('audit.columns.timeRange'),
      dataIndex: 'timeRange',
      valueType: 'dateTimeRange',
      hideInTable: true,
      colSize: 1.5,
      search: { transform: (value: [string, string]) => ({ from: value[0], to: value[1] }) },
    },
    {
      title: t('audit.columns.actor'),
      dataIndex: 'actor',
      fieldProps: { placeholder: t('audit.actorPlaceholder'), maxLength: 64 },
      render: (_, event) => event.actorName ?? '—',
    },
    {
      title: t('audit.columns.action'),
      dataIndex: 'action',
      fieldProps: { placeholder: t('audit.actionPlaceholder'), maxLength: 64 },
      render: (_, event) => {
        const label = actionLabel(event.action);
        return (
          <span className="audit-action">
            {label && <span>{label}</span>}
            <Typography.Text code className="audit-action-code">
              {event.action}
            </Typography.Text>
          </span>
        );
      },
    },
    {
      title: t('audit.columns.outcome'),
      dataIndex: 'outcome',
      valueType: 'select',
      fieldProps: { options: OUTCOMES.map((outcome) => ({ value: outcome, label: t(`audit.outcomes.${outcome}`) })) },
      render: (_, event) => (
        <Tag color={OUTCOME_COLORS[event.outcome]} bordered={false}>
          {t(`audit.outcomes.${event.outcome}`)}
        </Tag>
      ),
    },
    {
      title: t('audit.columns.target'),
      dataIndex: 'targetType',
      search: false,
      responsive: ['lg'],
      render: (_, event) =>
        event.targetType ? (
          <Typography.Text type="secondary" ellipsis style={{ maxWidth: 220 }}>
            {event.targetType}
            {event.targetId ? ` · ${event.targetId}` : ''}
          </Typography.Text>
        ) : (
          '—'
        ),
    },
    { title: t('audit.columns.ip'), dataIndex: 'ip', search: false, responsive: ['md'], render: (_, event) => event.ip ?? '—' },
  ];

  return (
    <>
      {verification.data && <AuditVerificationResult verification={verification.data} onClose={() => verification.reset()} />}
      <ProTable<AuditEvent & AuditSearch, AuditSearch & AuditFilters>
        rowKey="seq"
        columns={columns}
        cardBordered
        scroll={{ x: 'max-content' }}
        dateFormatter={(value) => value.toISOString()}
        search={{ labelWidth: 'auto', defaultCollapsed: false, span: { xs: 24, sm: 12, md: 12, lg: 8, xl: 6, xxl: 6 } }}
        options={{ density: false, setting: false, reload: true }}
        pagination={{ defaultPageSize: 20, showSizeChanger: true, showTotal: (total) => t('common.total', { total }) }}
        expandable={{
          expandedRowRender: (event) => (
            <Descriptions size="small" column={1} bordered className="audit-details">
              <Descriptions.Item label={t('audit.columns.target')}>
                {event.targetType ? `${event.targetType}${event.targetId ? ` · ${event.targetId}` : ''}` : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('audit.columns.details')}>
                {Object.keys(event.details).length > 0 ? (
                  <pre className="audit-json">{JSON.stringify(event.details, null, 2)}</pre>
                ) : (
                  t('audit.noDetails')
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('audit.columns.hash')}>
                <Typography.Text code copyable className="audit-hash">
                  {event.hash}
                </Typography.Text>
              </Descriptions.Item>
            </Descriptions>
          ),
        }}
        request={async (params) => {
          const next: AuditFilters = {
            ...(params.from ? { from: params.from } : {}),
            ...(params.to ? { to: params.to } : {}),
            ...(trimmed(params.actor) ? { actor: trimmed(params.actor) } : {}),
            ...(trimmed(params.action) ? { action: trimmed(params.action) } : {}),
            ...(params.outcome ? { outcome: params.outcome } : {}),
          };
          setFilters(next);
          const page = await listAuditEvents({ page: params.current ?? 1, pageSize: params.pageSize ?? 20, ...next });
          return { data: page.items, total: page.total, success: true };
        }}
        onRequestError={(error) => {
          void message.error(describe(error));
        }}
        toolBarRender={() => [
          <Button
            key="verify"
            icon={<SafetyCertificateOutlined />}
            loading={verification.isPending}
            onClick={() =>
              verification.mutate(undefined, {
                onError: (error) => {
                  void message.error(describe(error));
                },
              })
            }
          >
            {t('audit.verify')}
          </Button>,
          <Button key="export" type="primary" icon={<DownloadOutlined />} href={buildAuditExportUrl(filters)} download>
            {t('audit.export')}
          </Button>,
        ]}
      />
    </>
  );
}
