import {
  AudioMutedOutlined,
  AudioOutlined,
  LeftOutlined,
  PhoneOutlined,
  RightOutlined,
  SwapOutlined,
  TeamOutlined,
  UnorderedListOutlined,
} from '@ant-design/icons';
import type { Shot } from '@yuanqu/shared';
import { Button, Modal } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDistance } from '../geo';
import type { LiveRoomState } from '../live/live-state';
import type { RemoteTrack } from '../live/peer-connection';
import { RemoteVoices } from '../live/remote-voices';

/** The shot list during the call: one step at a time, under the thumb, with all steps a tap away. */
function ShotSheet({ shots }: { shots: Shot[] }) {
  const { t, i18n } = useTranslation();
  const [index, setIndex] = useState(0);
  const [isExpanded, setExpanded] = useState(false);
  if (shots.length === 0) return null;
  const text = (shot: Shot) => (i18n.language === 'zh-CN' ? shot.textZh : shot.textEn);
  const current = shots[Math.min(index, shots.length - 1)];
  return (
    <section className="phone-call-sheet" aria-label={t('inspection.phone.shots.title')}>
      <div className="phone-call-sheet-head">
        <span>
          {t('inspection.phone.shots.title')} · {t('inspection.phone.shots.step', { index: index + 1, total: shots.length })}
        </span>
        <Button
          size="small"
          type="text"
          style={{ color: 'inherit' }}
          icon={<UnorderedListOutlined aria-hidden />}
          onClick={() => setExpanded(!isExpanded)}
          aria-expanded={isExpanded}
        >
          {isExpanded ? t('inspection.phone.shots.hideAll') : t('inspection.phone.shots.showAll')}
        </Button>
      </div>
      {isExpanded ? (
        <ol>
          {shots.map((shot, position) => (
            <li key={shot.textZh} className={position === index ? 'phone-call-sheet-current' : undefined}>
              <button type="button" onClick={() => setIndex(position)} style={{ all: 'unset', cursor: 'pointer' }}>
                {text(shot)}
              </button>
            </li>
          ))}
        </ol>
      ) : (
        <>
          <div className="phone-call-sheet-text" aria-live="polite">
            {current ? text(current) : ''}
          </div>
          <div className="phone-call-sheet-nav">
            <Button ghost icon={<LeftOutlined aria-hidden />} disabled={index === 0} onClick={() => setIndex(index - 1)}>
              {t('inspection.phone.shots.previous')}
            </Button>
            <Button ghost disabled={index >= shots.length - 1} onClick={() => setIndex(index + 1)}>
              {t('inspection.phone.shots.next')} <RightOutlined aria-hidden />
            </Button>
          </div>
        </>
      )}
    </section>
  );
}

/**
 * The call on the phone: the rear camera full screen (what the inspectors see), the connection and
 * recording state, the liveness code to read aloud, the shot list, and three buttons.
 */
export function PhoneCall({
  room,
  remoteTracks,
  stream,
  isFrontCamera,
  shots,
  isMuted,
  toast,
  onToggleMute,
  onSwitchCamera,
  onHangUp,
  onReconnect,
}: {
  room: LiveRoomState;
  remoteTracks: RemoteTrack[];
  stream: MediaStream | null;
  isFrontCamera: boolean;
  shots: Shot[];
  isMuted: boolean;
  toast: string | null;
  onToggleMute: () => void;
  onSwitchCamera: () => void;
  onHangUp: () => void;
  onReconnect: () => void;
}) {
  const { t } = useTranslation();
  const videoRef = useRef<HTMLVideoElement>(null);
  const [isConfirmingHangUp, setConfirmingHangUp] = useState(false);
  const inspectors = room.participants.filter((participant) => participant.role === 'inspector').length;
  const lastLocation = room.locations.at(-1);
  const isRecording = room.recording.state === 'recording';

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    video.srcObject = stream;
    if (stream) void video.play().catch(() => undefined);
  }, [stream]);

  const statusChip =
    room.status === 'connected' ? (
      <span className="phone-chip phone-chip-ok">{t('inspection.phone.call.connected')}</span>
    ) : room.status === 'reconnecting' ? (
      <span className="phone-chip phone-chip-warning">{t('inspection.phone.call.reconnecting')}</span>
    ) : (
      <span className="phone-chip">
        {room.status === 'joining' ? t('inspection.phone.call.joining') : t('inspection.phone.call.connecting')}
      </span>
    );

  return (
    <div className="phone-call" role="main">
      <video
        ref={videoRef}
        className={isFrontCamera ? 'phone-call-video phone-call-video-front' : 'phone-call-video'}
        muted
        playsInline
        autoPlay
      />
      <RemoteVoices tracks={remoteTracks} />
      <div className="phone-call-top" role="status" aria-live="polite">
        {statusChip}
        {isRecording && (
          <span className="phone-chip">
            <span className="phone-rec-dot" aria-hidden />
            {t('inspection.phone.call.recording')}
          </span>
        )}
        <span className="phone-chip">
          <TeamOutlined aria-hidden />
          {inspectors > 0 ? t('inspection.phone.call.inspectors', { count: inspectors }) : t('inspection.phone.call.waitingInspectors')}
        </span>
        {lastLocation && lastLocation.verdict !== 'unknown' && (
          <span className={lastLocation.verdict === 'on_site' ? 'phone-chip' : 'phone-chip phone-chip-danger'}>
            {lastLocation.verdict === 'on_site'
              ? t('inspection.phone.call.locationOnSite')
              : t('inspection.phone.call.locationOffSite', { distance: formatDistance(lastLocation.distanceMeters ?? 0) })}
          </span>
        )}
        {room.status === 'reconnecting' && (
          <Button size="small" onClick={onReconnect}>
            {t('inspection.phone.call.reconnectNow')}
          </Button>
        )}
      </div>
      {room.livenessCode && (
        <div className="phone-call-code" role="alert">
          <div>{t('inspection.phone.call.livenessTitle')}</div>
          <div className="phone-call-code-digits">{room.livenessCode.code}</div>
        </div>
      )}
      <div className="phone-call-spacer" />
      {toast && (
        <div className="phone-call-toast" role="status">
          {toast}
        </div>
      )}
      <ShotSheet shots={shots} />
      <div className="phone-call-controls">
        <button
          type="button"
          className={isMuted ? 'phone-round phone-round-active' : 'phone-round'}
          onClick={onToggleMute}
          aria-pressed={isMuted}
        >
          <span className="phone-round-face">{isMuted ? <AudioMutedOutlined aria-hidden /> : <AudioOutlined aria-hidden />}</span>
          {isMuted ? t('inspection.phone.call.unmute') : t('inspection.phone.call.mute')}
        </button>
        <button type="button" className="phone-round" onClick={onSwitchCamera}>
          <span className="phone-round-face">
            <SwapOutlined aria-hidden />
          </span>
          {t('inspection.phone.call.switchCamera')}
        </button>
        <button type="button" className="phone-round phone-round-danger" onClick={() => setConfirmingHangUp(true)}>
          <span className="phone-round-face">
            <PhoneOutlined aria-hidden rotate={135} />
          </span>
          {t('inspection.phone.call.hangUp')}
        </button>
      </div>
      <Modal
        open={isConfirmingHangUp}
        title={t('inspection.phone.call.hangUp')}
        okText={t('inspection.phone.call.hangUp')}
        okButtonProps={{ danger: true }}
        cancelText={t('common.cancel')}
        onOk={() => {
          setConfirmingHangUp(false);
          onHangUp();
        }}
        onCancel={() => setConfirmingHangUp(false)}
        zIndex={1100}
      >
        {t('inspection.phone.call.hangUpConfirm')}
      </Modal>
    </div>
  );
}
