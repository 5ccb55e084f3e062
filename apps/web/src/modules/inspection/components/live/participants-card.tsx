import { MobileOutlined, UserOutlined } from '@ant-design/icons';
import { LIVE_MIN_INSPECTORS_TO_RECORD, type LiveParticipant } from '@yuanqu/shared';
import { Alert, Badge, Card, List, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

const STATE_BADGES: Record<LiveParticipant['state'], 'success' | 'processing' | 'warning' | 'default'> = {
  connected: 'success',
  connecting: 'processing',
  signalling: 'default',
  reconnecting: 'warning',
};

/** Who is in the room, and whether the two-inspector quorum (行政许可法 第三十四条) stands. */
export function ParticipantsCard({
  participants,
  inspectorCount,
  isPhonePresent,
  myId,
  isJoined,
}: {
  participants: LiveParticipant[];
  inspectorCount: number;
  isPhonePresent: boolean;
  myId: string | null;
  /** Before joining, nobody's presence is known yet. */
  isJoined: boolean;
}) {
  const { t } = useTranslation();
  const isQuorum = inspectorCount >= LIVE_MIN_INSPECTORS_TO_RECORD;
  const sorted = [...participants].sort((a, b) => (a.role === b.role ? a.joinedAt.localeCompare(b.joinedAt) : a.role === 'phone' ? -1 : 1));
  if (!isJoined) {
    return (
      <Card size="small" className="live-card" title={t('inspection.live.participants.title')}>
        <Typography.Text type="secondary">{t('inspection.live.participants.notJoined')}</Typography.Text>
      </Card>
    );
  }
  return (
    <Card size="small" className="live-card" title={t('inspection.live.participants.title')}>
      <Alert
        type={isQuorum ? 'success' : 'warning'}
        showIcon
        className="live-quorum"
        message={
          isQuorum
            ? t('inspection.live.participants.quorumMet', { count: inspectorCount })
            : t('inspection.live.participants.quorumMissing', { count: inspectorCount })
        }
      />
      {!isPhonePresent && (
        <Typography.Paragraph type="secondary" className="live-card-note">
          {t('inspection.live.participants.phoneAbsent')}
        </Typography.Paragraph>
      )}
      <List
        size="small"
        dataSource={sorted}
        locale={{ emptyText: t('inspection.live.participants.none') }}
        renderItem={(participant) => (
          <List.Item>
            <Space size={8}>
              {participant.role === 'phone' ? <MobileOutlined aria-hidden /> : <UserOutlined aria-hidden />}
              <span>
                {participant.role === 'phone' ? t('inspection.live.participants.phone') : participant.displayName}
                {participant.participantId === myId && (
                  <Typography.Text type="secondary">（{t('inspection.live.participants.me')}）</Typography.Text>
                )}
              </span>
              {participant.role === 'inspector' && (
                <Tag bordered={false} color={participant.isBooked ? 'blue' : 'default'}>
                  {participant.isBooked ? t('inspection.live.participants.booked') : t('inspection.live.participants.notBooked')}
                </Tag>
              )}
            </Space>
            <Badge status={STATE_BADGES[participant.state]} text={t(`inspection.live.participants.states.${participant.state}`)} />
          </List.Item>
        )}
      />
    </Card>
  );
}
