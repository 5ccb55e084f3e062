import { MailOutlined, MessageOutlined } from '@ant-design/icons';
import { ProTable, type ProColumns } from '@ant-design/pro-components';
import type { OutboxMessage } from '@yuanqu/shared';
import { Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../app/i18n/format';
import { ErrorAlert } from '../../../ui/error-alert';
import { useOutbox } from '../hooks/use-outbox';
import '../workbench.css';

const STATUS_COLORS: Record<OutboxMessage['status'], string> = { pending: 'processing', sent: 'success', failed: 'error' };

/** The outbox: every SMS and e-mail with recipient, kind, text as sent, status and times. */
export function OutboxTable() {
  const { t, i18n } = useTranslation();
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const outbox = useOutbox(paging.page, paging.pageSize);

  const columns: Array<ProColumns<OutboxMessage>> = [
    {
      title: t('workbench.outbox.columns.createdAt'),
      key: 'createdAt',
      width: 170,
      render: (_, message) => <span className="nowrap">{formatDateTime(message.createdAt, i18n.language)}</span>,
    },
    {
      title: t('workbench.outbox.columns.channel'),
      key: 'channel',
      width: 90,
      render: (_, message) => (
        <Tag
          bordered={false}
          color={message.channel === 'sms' ? 'blue' : 'purple'}
          icon={message.channel === 'sms' ? <MessageOutlined aria-hidden /> : <MailOutlined aria-hidden />}
        >
          {t(`workbench.outbox.channels.${message.channel}`)}
        </Tag>
      ),
    },
    {
      title: t('workbench.outbox.columns.recipient'),
      key: 'recipient',
      render: (_, message) => <span className="outbox-recipient nowrap">{message.recipient}</span>,
    },
    {
      title: t('workbench.outbox.columns.template'),
      key: 'template',
      render: (_, message) => (
        <span className="nowrap">
          {t(`workbench.outbox.templates.${message.template.replace(/\./g, '_')}`, { defaultValue: message.template })}
        </span>
      ),
    },
    {
      title: t('workbench.outbox.columns.body'),
      key: 'body',
      render: (_, message) => <div className="outbox-body">{message.body}</div>,
    },
    {
      title: t('workbench.outbox.columns.status'),
      key: 'status',
      render: (_, message) => (
        <Tag color={STATUS_COLORS[message.status]} bordered={false}>
          {t(`workbench.outbox.statuses.${message.status}`)}
        </Tag>
      ),
    },
    {
      title: t('workbench.outbox.columns.sentAt'),
      key: 'sentAt',
      responsive: ['xl'],
      render: (_, message) => (message.sentAt ? <span className="nowrap">{formatDateTime(message.sentAt, i18n.language)}</span> : '—'),
    },
  ];

  return (
    <>
      <ErrorAlert error={outbox.error} />
      <ProTable<OutboxMessage>
        rowKey="id"
        columns={columns}
        dataSource={outbox.data?.items ?? []}
        loading={outbox.isLoading}
        search={false}
        cardBordered
        size="middle"
        scroll={{ x: 1000 }}
        headerTitle={
          <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: '0.9em' }}>
            {t('workbench.outbox.autoRefresh')}
          </Typography.Text>
        }
        options={{ reload: () => void outbox.refetch(), density: true, setting: false }}
        locale={{ emptyText: t('workbench.outbox.empty') }}
        pagination={{
          current: paging.page,
          pageSize: paging.pageSize,
          total: outbox.data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('workbench.outbox.total', { total }),
          onChange: (page, pageSize) => setPaging({ page: pageSize === paging.pageSize ? page : 1, pageSize }),
        }}
      />
    </>
  );
}
