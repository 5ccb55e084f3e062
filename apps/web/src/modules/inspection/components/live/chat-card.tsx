import { SendOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Input, Space, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TimelineEventOf } from '../../live/live-state';
import { formatClock } from '../../schedule';

/** 文字交流 between the room and the phone, for when a voice does not carry (wind, a machine hall). */
export function ChatCard({
  messages,
  myId,
  onSend,
  isDisabled = false,
}: {
  messages: Array<TimelineEventOf<'chat'>>;
  myId: string | null;
  onSend: (text: string) => boolean;
  isDisabled?: boolean;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const listRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    listRef.current?.scrollTo({ top: listRef.current.scrollHeight });
  }, [messages.length]);
  const send = () => {
    const trimmed = text.trim();
    if (trimmed && onSend(trimmed)) setText('');
  };
  return (
    <Card size="small" className="live-card" title={t('inspection.live.chat.title')}>
      <div className="live-chat" ref={listRef} aria-live="polite">
        {messages.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('inspection.live.chat.empty')} />
        ) : (
          messages.map((message) => (
            <div
              key={message.id}
              className={message.actorId !== null && message.actorId === myId ? 'live-chat-line live-chat-mine' : 'live-chat-line'}
            >
              <Typography.Text type="secondary" className="live-chat-meta">
                {message.details.role === 'phone' ? t('inspection.live.chat.phone') : message.actorName} · {formatClock(message.at)}
              </Typography.Text>
              <div className="live-chat-bubble">{message.details.text}</div>
            </div>
          ))
        )}
      </div>
      <Space.Compact style={{ width: '100%', marginTop: 8 }}>
        <Input
          disabled={isDisabled}
          value={text}
          onChange={(event) => setText(event.target.value)}
          maxLength={1000}
          placeholder={t('inspection.live.chat.placeholder')}
          onPressEnter={send}
        />
        <Button type="primary" icon={<SendOutlined aria-hidden />} onClick={send} disabled={isDisabled || !text.trim()}>
          {t('inspection.live.chat.send')}
        </Button>
      </Space.Compact>
    </Card>
  );
}
