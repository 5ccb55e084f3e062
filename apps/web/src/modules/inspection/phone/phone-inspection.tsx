import { FontSizeOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import type { LiveServerMessage, LocationVerdictValue } from '@yuanqu/shared';
import { Button, Result, Segmented, Spin } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../app/i18n';
import { useErrorText } from '../../../app/i18n/use-error-text';
import { usePreferences } from '../../../app/preferences';
import { BrandMark } from '../../../ui/brand-mark';
import { getPhoneInspection, phoneLiveSocketPath, reportPhoneLocation, uploadSnapshot } from '../api';
import { useNow } from '../hooks/use-now';
import { useLiveRoom } from '../live/use-live-room';
import { EARLY_JOIN_MINUTES, slotPhase } from '../schedule';
import { captureStill } from './capture-still';
import { detectPhoneBrowser } from './device-help';
import { PhoneCall } from './phone-call';
import { AppointmentCard, DeviceChecks, PermissionIntro, ShotListCard } from './phone-precheck';
import { useAudioLevel } from './use-audio-level';
import { useNetworkCheck } from './use-network-check';
import { usePhoneDevices } from './use-phone-devices';
import './phone-inspection.css';

/** How often the phone reports where it is (SPEC §3.4: "every few seconds"). */
const LOCATION_INTERVAL_MS = 5_000;
const TOAST_MS = 4_000;

type Mode = 'precheck' | 'call' | 'left';

function PhoneBar({ zoneName }: { zoneName: string | null }) {
  const { t } = useTranslation();
  const { language, setLanguage, isLargeText, setLargeText } = usePreferences();
  return (
    <header className="phone-bar">
      <div className="phone-bar-brand">
        <BrandMark size={isLargeText ? 30 : 26} />
        <div className="phone-bar-title">
          <strong>{t('inspection.phone.pageTitle')}</strong>
          {zoneName && <span>{zoneName}</span>}
        </div>
      </div>
      <div className="phone-bar-switches">
        <Segmented<Language>
          size="small"
          aria-label={t('language.label')}
          value={language}
          onChange={setLanguage}
          options={[
            { value: 'zh-CN', label: <span lang="zh-CN">中文</span> },
            { value: 'en-US', label: <span lang="en">EN</span> },
          ]}
        />
        <Button
          size="small"
          type={isLargeText ? 'primary' : 'default'}
          icon={<FontSizeOutlined aria-hidden />}
          aria-pressed={isLargeText}
          aria-label={t('largeText.label')}
          title={t('largeText.label')}
          onClick={() => setLargeText(!isLargeText)}
        >
          <span className="phone-bar-large-label">{t('largeText.label')}</span>
        </Button>
      </div>
    </header>
  );
}

/** The refusal of a live socket (its close code) in words. */
function refusalCode(detail: { code?: number; reason?: string } | null): string {
  if (detail?.reason && /^[A-Z_]+$/.test(detail.reason)) return detail.reason;
  if (detail?.code === 4410) return 'INSPECTION_LINK_EXPIRED';
  return 'INSPECTION_LINK_INVALID';
}

/**
 * 远程踏勘 on the applicant's phone, opened from the SMS link: the appointment, why the page needs
 * the camera, the microphone and the location, a check of each and of the network (with the steps
 * for this phone's browser when one is refused), the shot list, and then the call itself — the rear
 * camera sent, the inspectors heard, snapshots and camera switches answered, a dropped call rejoined.
 */
export function PhoneInspectionScreen({ token }: { token: string }) {
  const { t, i18n } = useTranslation();
  const { describe } = useErrorText();
  const { isLargeText } = usePreferences();
  const now = useNow(15_000);
  const browser = useMemo(() => detectPhoneBrowser(navigator.userAgent, navigator.maxTouchPoints), []);
  const inspection = useQuery({
    queryKey: ['inspection', 'phone', token],
    queryFn: () => getPhoneInspection(token),
    refetchInterval: 60_000,
  });
  const devices = usePhoneDevices();
  const { network, runNetworkCheck } = useNetworkCheck(token);
  const [hasAsked, setAsked] = useState(false);
  const [isAsking, setAsking] = useState(false);
  const [mode, setMode] = useState<Mode>('precheck');
  const [generation, setGeneration] = useState(0);
  const [isMuted, setMuted] = useState(false);
  const [toast, setToast] = useState<string | null>(null);
  const [verdict, setVerdict] = useState<{ verdict: LocationVerdictValue; distanceMeters: number | null } | null>(null);
  const toastTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const microphoneTrack = devices.stream?.getAudioTracks()[0] ?? null;
  const audioLevel = useAudioLevel(mode === 'precheck' ? microphoneTrack : null);

  const showToast = useCallback((text: string) => {
    setToast(text);
    if (toastTimer.current) clearTimeout(toastTimer.current);
    toastTimer.current = setTimeout(() => setToast(null), TOAST_MS);
  }, []);

  // The handlers below need the room's `send`, which exists only after the hook; a ref closes the loop.
  const messageHandler = useRef<(message: LiveServerMessage) => void>(() => undefined);
  const room = useLiveRoom({
    socketPath: phoneLiveSocketPath(token),
    role: 'phone',
    isEnabled: mode === 'call',
    generation,
    getLocalTracks: devices.getTracks,
    onServerMessage: (message) => messageHandler.current(message),
  });

  const switchCamera = useCallback(
    async (isRequested: boolean) => {
      const switched = await devices.switchCamera();
      if (!switched) return;
      switched.track.enabled = true;
      await room.replaceTrack('camera', switched.track);
      room.send({ type: 'camera-switched', facing: switched.facing });
      if (isRequested) showToast(t('inspection.phone.call.cameraSwitched'));
    },
    [devices, room, showToast, t],
  );

  const answerSnapshot = useCallback(
    async (requestId: string, uploadPath: string) => {
      const track = devices.getTracks().camera;
      try {
        if (!track || track.readyState !== 'live') throw new Error('No camera');
        const still = await captureStill(track);
        await uploadSnapshot(uploadPath, still.image);
        showToast(t('inspection.phone.call.snapshotTaken'));
      } catch (error) {
        room.send({
          type: 'snapshot-failed',
          requestId,
          reason: (error instanceof Error ? error.message : 'capture failed').slice(0, 200),
        });
        showToast(t('inspection.phone.call.snapshotFailed'));
      }
    },
    [devices, room, showToast, t],
  );

  messageHandler.current = (message) => {
    if (message.type === 'snapshot-request') {
      void answerSnapshot(
        message.requestId,
        message.uploadPath || `/api/public/inspections/${encodeURIComponent(token)}/snapshots/${encodeURIComponent(message.requestId)}`,
      );
    } else if (message.type === 'camera-switch-request') {
      void switchCamera(true);
    } else if (message.type === 'event' && message.event.kind === 'chat' && message.event.actorId !== null) {
      showToast(t('inspection.phone.call.message', { text: String(message.event.details.text ?? '') }));
    } else if (message.type === 'location') {
      setVerdict({ verdict: message.location.verdict, distanceMeters: message.location.distanceMeters });
    }
  };

  const ask = async () => {
    setAsking(true);
    try {
      await Promise.all([devices.request(), runNetworkCheck()]);
      setAsked(true);
    } finally {
      setAsking(false);
    }
  };

  // Location every few seconds: over the live socket during the call, over HTTP before it.
  const lastReport = useRef(0);
  useEffect(() => {
    const fix = devices.fix;
    if (!fix || mode === 'left' || Date.now() - lastReport.current < LOCATION_INTERVAL_MS) return;
    lastReport.current = Date.now();
    const body = {
      latitude: fix.latitude,
      longitude: fix.longitude,
      ...(fix.accuracyMeters === null ? {} : { accuracyMeters: Math.min(100_000, fix.accuracyMeters) }),
    };
    if (mode === 'call' && room.send({ type: 'location', ...body })) return;
    reportPhoneLocation(token, body).then(setVerdict, () => undefined);
  }, [devices.fix, mode, room, token]);

  // The microphone's mute is the track's switch: the m-line and the recording stay.
  useEffect(() => {
    if (microphoneTrack) microphoneTrack.enabled = !isMuted;
  }, [microphoneTrack, isMuted]);

  // Keeps the screen on during the call (a phone that locks stops the camera).
  useEffect(() => {
    if (mode !== 'call' || !('wakeLock' in navigator)) return undefined;
    let lock: WakeLockSentinel | null = null;
    void navigator.wakeLock.request('screen').then(
      (sentinel) => {
        lock = sentinel;
      },
      () => undefined,
    );
    return () => {
      void lock?.release();
    };
  }, [mode]);

  useEffect(() => {
    document.title = `${t('inspection.phone.pageTitle')} - ${t('common.appName')}`;
  }, [t]);

  const data = inspection.data;
  const zoneName = data ? (i18n.language === 'zh-CN' ? data.zone.nameZh : data.zone.nameEn) : null;
  const rootClass = isLargeText ? 'phone-inspect phone-inspect-large' : 'phone-inspect';

  if (!data) {
    return (
      <div className={rootClass}>
        <PhoneBar zoneName={null} />
        <main className="phone-inspect-main">
          {inspection.isLoading ? (
            <div className="phone-result">
              <Spin size="large" />
              <p className="phone-muted">{t('inspection.phone.loading')}</p>
            </div>
          ) : (
            <Result
              status="warning"
              title={t('inspection.phone.linkProblem')}
              subTitle={
                <>
                  <div>{describe(inspection.error)}</div>
                  <div style={{ marginTop: 8 }}>{t('inspection.phone.linkProblemHelp')}</div>
                </>
              }
            />
          )}
        </main>
      </div>
    );
  }

  const phase = slotPhase(now, data.slotStart, data.slotEnd, data.expiresAt);
  const devicesReady = devices.camera.state === 'ok' && devices.microphone.state === 'ok';
  const canJoin = devicesReady && phase !== 'upcoming' && phase !== 'over';
  const hasProblems = [devices.camera, devices.microphone, devices.location].some((check) => check.state === 'problem');

  if (mode === 'call' && !['refused', 'replaced', 'ended'].includes(room.state.status)) {
    return (
      <div className={rootClass}>
        <PhoneCall
          room={room.state}
          remoteTracks={room.remoteTracks}
          stream={devices.stream}
          isFrontCamera={devices.camera.facing === 'user'}
          shots={data.shotList}
          isMuted={isMuted}
          toast={toast}
          onToggleMute={() => setMuted(!isMuted)}
          onSwitchCamera={() => void switchCamera(false)}
          onHangUp={() => setMode('left')}
          onReconnect={() => setGeneration(generation + 1)}
        />
      </div>
    );
  }

  const afterCall =
    mode === 'call'
      ? room.state.status === 'ended'
        ? {
            status: 'success' as const,
            title: t('inspection.phone.call.ended'),
            text: t('inspection.phone.call.endedHelp'),
            canRejoin: false,
          }
        : room.state.status === 'replaced'
          ? {
              status: 'info' as const,
              title: t('inspection.phone.call.replaced'),
              text: t('inspection.phone.call.replacedHelp'),
              canRejoin: true,
            }
          : {
              status: 'warning' as const,
              title: t('inspection.phone.call.refused'),
              text: t(`errors.${refusalCode(room.state.statusDetail)}`),
              canRejoin: false,
            }
      : mode === 'left'
        ? { status: 'info' as const, title: t('inspection.phone.call.left'), text: t('inspection.phone.call.leftHelp'), canRejoin: true }
        : null;

  return (
    <div className={rootClass}>
      <PhoneBar zoneName={zoneName} />
      <main className="phone-inspect-main">
        {afterCall && (
          <section className="phone-card">
            <Result
              status={afterCall.status}
              title={afterCall.title}
              subTitle={afterCall.text}
              extra={
                afterCall.canRejoin && (
                  <Button type="primary" size="large" className="phone-big-button" onClick={() => setMode('call')}>
                    {t('inspection.phone.join.rejoin')}
                  </Button>
                )
              }
            />
          </section>
        )}
        <AppointmentCard inspection={data} phase={phase} now={now} />
        {!hasAsked && <PermissionIntro hasAsked={false} isAsking={isAsking} onAsk={() => void ask()} />}
        {hasAsked && (
          <DeviceChecks
            camera={devices.camera}
            microphone={devices.microphone}
            location={devices.location}
            fix={devices.fix}
            verdict={verdict}
            network={network}
            stream={devices.stream}
            audioLevel={audioLevel}
            browser={browser}
            onSwitchCamera={() => void devices.switchCamera()}
          />
        )}
        {hasAsked && <PermissionIntro hasAsked isAsking={isAsking} onAsk={() => void ask()} />}
        <ShotListCard shots={data.shotList} />
      </main>
      {!afterCall && (
        <div className="phone-join-bar">
          <div className="phone-join-bar-inner">
            <Button type="primary" size="large" className="phone-big-button" disabled={!canJoin} onClick={() => setMode('call')}>
              {t('inspection.phone.join.enter')}
            </Button>
            <span className="phone-small phone-muted">
              {!devicesReady
                ? hasAsked && hasProblems
                  ? t('inspection.phone.checks.someProblems')
                  : t('inspection.phone.join.needsDevices')
                : phase === 'upcoming'
                  ? t('inspection.phone.join.notYet', { minutes: EARLY_JOIN_MINUTES })
                  : phase === 'over'
                    ? t('inspection.phone.phase.over')
                    : t('inspection.phone.checks.allGood')}
            </span>
          </div>
        </div>
      )}
    </div>
  );
}
