import { MailOutlined, MessageOutlined } from '@ant-design/icons';
import { Alert, Empty, Pagination, Skeleton, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { formatMoment } from '../../modules/applicant/dates';
import { useMyMessages } from '../../modules/applicant/hooks/use-cases';
import { ErrorAlert } from '../../ui/error-alert';
import { PageShell } from '../../ui/page-shell';
import '../../modules/applicant/applicant.css';

const PAGE_SIZE = 20;
const STATUS_COLORS = { pending: 'blue', sent: 'green', failed: 'red' } as const;

/** 我的消息: the SMS and e-mail notices sent to me, newest first. */
export function MyMessagesPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page')) || 1);
  const messages = useMyMessages(page, PAGE_SIZE);

  return (
    <PageShell title={t('applicant.messages.title')} description={t('applicant.messages.description')}>
      <Alert type="info" showIcon message={t('applicant.messages.developmentNote')} style={{ marginBottom: 12 }} />
      <ErrorAlert error={messages.error} />
      {messages.isPending ? (
        <div className="message-card">
          <Skeleton active avatar paragraph={{ rows: 2 }} />
        </div>
      ) : messages.data && messages.data.items.length > 0 ? (
        <>
          <div className="message-list">
            {messages.data.items.map((message) => (
              <article key={message.id} className="message-card">
                <span className="message-icon" aria-hidden>
                  {message.channel === 'sms' ? <MessageOutlined /> : <MailOutlined />}
                </span>
                <div className="message-body">
                  <span className="applicant-facts" style={{ fontSize: '0.88em' }}>
                    <strong style={{ color: 'rgba(0,0,0,0.88)' }}>{t(`applicant.messages.channels.${message.channel}`)}</strong>
                    <span>{t('applicant.messages.to', { recipient: message.recipient })}</span>
                    <span>{formatMoment(message.sentAt ?? message.createdAt, i18n.language)}</span>
                    <Tag color={STATUS_COLORS[message.status]} bordered={false} style={{ margin: 0 }}>
                      {t(`applicant.messages.statuses.${message.status}`)}
                    </Tag>
                  </span>
                  <Typography.Text className="message-text">{message.body}</Typography.Text>
                </div>
              </article>
            ))}
          </div>
          {messages.data.total > PAGE_SIZE && (
            <Pagination
              simple
              style={{ marginTop: 16, textAlign: 'center' }}
              current={page}
              pageSize={PAGE_SIZE}
              total={messages.data.total}
              onChange={(next) => setParams(next === 1 ? {} : { page: String(next) })}
            />
          )}
        </>
      ) : messages.data ? (
        <Empty description={t('applicant.messages.empty')} />
      ) : null}
    </PageShell>
  );
}
