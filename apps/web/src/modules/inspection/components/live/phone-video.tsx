import { LoadingOutlined, SafetyCertificateOutlined, VideoCameraOutlined } from '@ant-design/icons';
import type { LiveLivenessCode, LiveRecordingState } from '@yuanqu/shared';
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { RemoteTrack } from '../../live/peer-connection';
import { RemoteVoices } from '../../live/remote-voices';
import { recordedMilliseconds } from '../../live/live-state';
import { formatElapsed } from '../../schedule';

/**
 * The applicant's phone as the inspectors see and hear it, with the recording's state and clock,
 * and the liveness code shown to the applicant, over the picture.
 */
export function PhoneVideo({
  tracks,
  phoneState,
  recording,
  livenessCode,
  now,
}: {
  tracks: RemoteTrack[];
  /** The phone participant's state, or null when it is not in the room. */
  phoneState: 'signalling' | 'connecting' | 'connected' | 'reconnecting' | null;
  recording: LiveRecordingState;
  livenessCode: LiveLivenessCode | null;
  now: number;
}) {
  const { t } = useTranslation();
  const videoRef = useRef<HTMLVideoElement>(null);
  const phoneStream = useMemo(() => {
    const phoneTracks = tracks
      .filter((remote) => remote.carries === 'phone-camera' || remote.carries === 'phone-microphone')
      .map((remote) => remote.track);
    return phoneTracks.length > 0 ? new MediaStream(phoneTracks) : null;
  }, [tracks]);

  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    video.srcObject = phoneStream;
    if (phoneStream) void video.play().catch(() => undefined);
  }, [phoneStream]);

  const overlay =
    phoneState === null ? (
      <>
        <VideoCameraOutlined aria-hidden style={{ fontSize: 36 }} />
        <span>{t('inspection.live.video.waitingPhone')}</span>
      </>
    ) : phoneState === 'reconnecting' ? (
      <>
        <LoadingOutlined aria-hidden style={{ fontSize: 32 }} />
        <span>{t('inspection.live.video.phoneReconnecting')}</span>
      </>
    ) : phoneState !== 'connected' ? (
      <LoadingOutlined aria-hidden style={{ fontSize: 32 }} />
    ) : null;

  return (
    <div className="live-video">
      <video ref={videoRef} autoPlay playsInline aria-label={t('inspection.live.video.title')} />
      <RemoteVoices tracks={tracks} />
      {overlay && <div className="live-video-overlay">{overlay}</div>}
      <div className="live-video-chips">
        {recording.state === 'recording' && (
          <span className="live-chip live-chip-rec">
            <span className="live-rec-dot" aria-hidden />
            {t('inspection.live.recording.on', { time: formatElapsed(recordedMilliseconds(recording, now)) })}
          </span>
        )}
        {recording.state === 'waiting_for_phone' && <span className="live-chip">{t('inspection.live.recording.waiting')}</span>}
      </div>
      {livenessCode && (
        <div className="live-video-code" aria-live="polite">
          <SafetyCertificateOutlined aria-hidden /> {t('inspection.live.video.liveness')}
          <strong>{livenessCode.code}</strong>
        </div>
      )}
    </div>
  );
}
