import { ExclamationCircleOutlined, LoadingOutlined } from '@ant-design/icons';
import type { LiveRecordingSegment, LiveSnapshot } from '@yuanqu/shared';
import { Card, Image, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { MarkMoment } from './checklist-card';

export interface PendingSnapshot {
  requestId: string;
  failure: string | null;
}

/** The stills taken in this session, newest first, with the ones still on their way. */
export function SnapshotsStrip({
  snapshots,
  pending,
  segments,
}: {
  snapshots: LiveSnapshot[];
  pending: PendingSnapshot[];
  segments: readonly LiveRecordingSegment[];
}) {
  const { t } = useTranslation();
  const newestFirst = [...snapshots].reverse();
  return (
    <Card
      size="small"
      className="live-card"
      title={`${t('inspection.live.snapshots.title')}${snapshots.length > 0 ? ` (${snapshots.length})` : ''}`}
    >
      {snapshots.length === 0 && pending.length === 0 ? (
        <Typography.Text type="secondary">{t('inspection.live.snapshots.empty')}</Typography.Text>
      ) : (
        <div className="live-snapshots">
          {pending.map((request) => (
            <div key={request.requestId} className="live-snapshot live-snapshot-pending">
              {request.failure ? <ExclamationCircleOutlined aria-hidden /> : <LoadingOutlined aria-hidden />}
              <span>
                {request.failure
                  ? t('inspection.live.snapshots.failed', { reason: request.failure })
                  : t('inspection.live.snapshots.pending')}
              </span>
            </div>
          ))}
          <Image.PreviewGroup>
            {newestFirst.map((snapshot) => (
              <figure key={snapshot.id} className="live-snapshot">
                <Image src={snapshot.url} alt={snapshot.at} width={132} height={99} style={{ objectFit: 'cover' }} />
                <figcaption>
                  <MarkMoment event={snapshot} segments={segments} />
                  {snapshot.width && snapshot.height && (
                    <span> · {t('inspection.live.snapshots.size', { width: snapshot.width, height: snapshot.height })}</span>
                  )}
                </figcaption>
              </figure>
            ))}
          </Image.PreviewGroup>
        </div>
      )}
    </Card>
  );
}
