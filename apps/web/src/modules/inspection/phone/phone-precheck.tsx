import {
  AudioOutlined,
  CameraOutlined,
  CheckCircleFilled,
  ClockCircleOutlined,
  CloseCircleFilled,
  EnvironmentOutlined,
  ExclamationCircleFilled,
  LoadingOutlined,
  MinusCircleOutlined,
  SwapOutlined,
  WifiOutlined,
} from '@ant-design/icons';
import type { LocationVerdictValue, PhoneInspection, Shot } from '@yuanqu/shared';
import { Button } from 'antd';
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDistance } from '../geo';
import { formatClock, formatDay, minutesUntil, type SlotPhase } from '../schedule';
import type { DeviceProblem, PhoneBrowser } from './device-help';
import type { NetworkCheck } from './use-network-check';
import type { CameraInfo, DeviceCheck, LocationFix } from './use-phone-devices';

/** "2 小时 5 分钟", "3 天", "12 分钟". */
export function useDurationText() {
  const { t } = useTranslation();
  return (minutes: number) => {
    if (minutes >= 48 * 60) return t('inspection.phone.duration.days', { count: Math.floor(minutes / (24 * 60)) });
    if (minutes >= 60) return t('inspection.phone.duration.hours', { hours: Math.floor(minutes / 60), minutes: minutes % 60 });
    return t('inspection.phone.duration.minutes', { count: minutes });
  };
}

/** 您的踏勘预约: what, where, when, and how long until it starts. */
export function AppointmentCard({ inspection, phase, now }: { inspection: PhoneInspection; phase: SlotPhase; now: Date }) {
  const { t, i18n } = useTranslation();
  const duration = useDurationText();
  const isChinese = i18n.language === 'zh-CN';
  return (
    <section className="phone-card" aria-labelledby="phone-appointment-title">
      <h2 id="phone-appointment-title">{t('inspection.phone.appointment.title')}</h2>
      <div className="phone-appointment-day">{formatDay(inspection.slotStart, i18n.language)}</div>
      <div className="phone-appointment-time">
        {formatClock(inspection.slotStart)}–{formatClock(inspection.slotEnd)}{' '}
        <span className="phone-muted phone-small">{t('inspection.phone.appointment.beijingTime')}</span>
      </div>
      <div className={`phone-phase phone-phase-${phase}`} role="status">
        <ClockCircleOutlined aria-hidden />
        {phase === 'upcoming'
          ? t('inspection.phone.phase.upcoming', { time: duration(minutesUntil(now, inspection.slotStart)) })
          : t(`inspection.phone.phase.${phase}`)}
      </div>
      <dl className="phone-facts">
        <dt>{t('inspection.phone.appointment.item')}</dt>
        <dd>{isChinese ? inspection.serviceItem.nameZh : inspection.serviceItem.nameEn}</dd>
        {inspection.enterpriseName && (
          <>
            <dt>{t('inspection.phone.appointment.enterprise')}</dt>
            <dd>{inspection.enterpriseName}</dd>
          </>
        )}
        <dt>{t('inspection.phone.appointment.site')}</dt>
        <dd>{inspection.siteAddress}</dd>
        {inspection.caseNumber && (
          <>
            <dt>{t('inspection.phone.appointment.caseNumber')}</dt>
            <dd>{inspection.caseNumber}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

/** Why the page needs the camera, the microphone and the location, before the browser asks. */
export function PermissionIntro({ hasAsked, isAsking, onAsk }: { hasAsked: boolean; isAsking: boolean; onAsk: () => void }) {
  const { t } = useTranslation();
  const rows: Array<{ key: 'camera' | 'microphone' | 'location'; icon: ReactNode }> = [
    { key: 'camera', icon: <CameraOutlined aria-hidden /> },
    { key: 'microphone', icon: <AudioOutlined aria-hidden /> },
    { key: 'location', icon: <EnvironmentOutlined aria-hidden /> },
  ];
  const reasons = rows.map((row) => (
    <div key={row.key} className="phone-why-row">
      <span className="phone-why-icon">{row.icon}</span>
      <div>
        <strong>{t(`inspection.phone.why.${row.key}`)}</strong>
        <span className="phone-muted">{t(`inspection.phone.why.${row.key}Why`)}</span>
      </div>
    </div>
  ));
  return (
    <section className="phone-card" aria-labelledby="phone-why-title">
      {hasAsked ? (
        // Once asked, the reasons fold away under their title; the checks above are what matters now.
        <details className="phone-why-details">
          <summary id="phone-why-title">{t('inspection.phone.why.title')}</summary>
          <p className="phone-muted">{t('inspection.phone.why.intro')}</p>
          {reasons}
        </details>
      ) : (
        <>
          <h2 id="phone-why-title">{t('inspection.phone.why.title')}</h2>
          <p className="phone-muted">{t('inspection.phone.why.intro')}</p>
          {reasons}
        </>
      )}
      <Button
        type={hasAsked ? 'default' : 'primary'}
        size="large"
        className="phone-big-button"
        loading={isAsking}
        onClick={onAsk}
        style={hasAsked ? { marginTop: 12 } : undefined}
      >
        {hasAsked ? t('inspection.phone.why.recheck') : t('inspection.phone.why.start')}
      </Button>
      <p className="phone-muted phone-small" style={{ margin: '10px 0 0' }}>
        {t('inspection.phone.why.privacy')}
      </p>
    </section>
  );
}

type RowLook = 'ok' | 'problem' | 'warning' | 'checking' | 'idle';

const ROW_ICONS: Record<RowLook, ReactNode> = {
  ok: <CheckCircleFilled aria-hidden />,
  problem: <CloseCircleFilled aria-hidden />,
  warning: <ExclamationCircleFilled aria-hidden />,
  checking: <LoadingOutlined aria-hidden />,
  idle: <MinusCircleOutlined aria-hidden />,
};

function CheckRow({
  look,
  icon,
  title,
  status,
  children,
}: {
  look: RowLook;
  icon: ReactNode;
  title: string;
  status: string;
  children?: ReactNode;
}) {
  return (
    <div className={`phone-check phone-check-${look}`}>
      <span className="phone-check-icon">{ROW_ICONS[look]}</span>
      <div className="phone-check-body">
        <div className="phone-check-title">
          <span>
            {icon} {title}
          </span>
          <span className="phone-check-status">{status}</span>
        </div>
        {children}
      </div>
    </div>
  );
}

function lookOf(check: DeviceCheck): RowLook {
  if (check.state === 'ok') return 'ok';
  if (check.state === 'problem') return 'problem';
  return check.state === 'checking' ? 'checking' : 'idle';
}

/** What to do about a refused or failing device, in the steps of this phone's browser. */
export function PermissionHelp({ problem, kind, browser }: { problem: DeviceProblem; kind: 'media' | 'location'; browser: PhoneBrowser }) {
  const { t } = useTranslation();
  if (problem === 'busy' || problem === 'insecure' || problem === 'unsupported') {
    return (
      <div className="phone-help" role="note">
        {t(`inspection.phone.help.${problem}`)}
      </div>
    );
  }
  const steps = t(`inspection.phone.help.${kind}.${browser}`, { returnObjects: true }) as unknown;
  return (
    <div className="phone-help" role="note">
      <strong>{t('inspection.phone.help.title')}</strong>
      <ol>
        {(Array.isArray(steps) ? steps : []).map((step) => (
          <li key={String(step)}>{String(step)}</li>
        ))}
      </ol>
      <div className="phone-small phone-muted" style={{ marginTop: 6 }}>
        {t('inspection.phone.help.reload')}
      </div>
    </div>
  );
}

function CameraPreview({ stream, onSwitch, isFront }: { stream: MediaStream | null; onSwitch: () => void; isFront: boolean }) {
  const { t } = useTranslation();
  const videoRef = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    const video = videoRef.current;
    if (!video) return;
    video.srcObject = stream;
    if (stream) void video.play().catch(() => undefined);
  }, [stream]);
  return (
    <div className="phone-preview">
      <video
        ref={videoRef}
        muted
        playsInline
        autoPlay
        style={isFront ? { transform: 'scaleX(-1)' } : undefined}
        aria-label={t('inspection.phone.checks.camera')}
      />
      <Button className="phone-preview-switch" shape="round" icon={<SwapOutlined aria-hidden />} onClick={onSwitch}>
        {t('inspection.phone.checks.switchCamera')}
      </Button>
    </div>
  );
}

function LevelMeter({ level }: { level: number }) {
  const { t } = useTranslation();
  const percent = Math.round(level * 100);
  return (
    <div
      className="phone-meter"
      role="meter"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-label={t('inspection.phone.checks.microphone')}
    >
      <div className="phone-meter-fill" style={{ width: `${percent}%` }} />
    </div>
  );
}

/** The four checks with their results, the camera's preview, the microphone's meter, and help for each failure. */
export function DeviceChecks({
  camera,
  microphone,
  location,
  fix,
  verdict,
  network,
  stream,
  audioLevel,
  browser,
  onSwitchCamera,
}: {
  camera: CameraInfo;
  microphone: DeviceCheck;
  location: DeviceCheck;
  fix: LocationFix | null;
  verdict: { verdict: LocationVerdictValue; distanceMeters: number | null } | null;
  network: NetworkCheck;
  stream: MediaStream | null;
  audioLevel: number;
  browser: PhoneBrowser;
  onSwitchCamera: () => void;
}) {
  const { t } = useTranslation();
  const statusOf = (check: DeviceCheck, okText: string) =>
    check.state === 'ok'
      ? okText
      : check.state === 'problem' && check.problem
        ? t(`inspection.phone.problems.${check.problem}`)
        : check.state === 'checking'
          ? t('inspection.phone.checks.checking')
          : '';

  const networkLook: RowLook =
    network.state === 'checking'
      ? 'checking'
      : network.state === 'idle'
        ? 'idle'
        : !network.hasWebRtc || network.quality === 'offline'
          ? 'problem'
          : network.quality === 'good' && network.canReachOut !== false
            ? 'ok'
            : 'warning';
  const networkText = !network.hasWebRtc
    ? t('inspection.phone.checks.noWebRtc')
    : network.quality === 'offline'
      ? t('inspection.phone.checks.networkOffline')
      : network.quality
        ? t(`inspection.phone.checks.network${network.quality === 'good' ? 'Good' : network.quality === 'fair' ? 'Fair' : 'Poor'}`, {
            ms: network.roundTripMs ?? '—',
          })
        : '';
  const locationLook: RowLook = location.state === 'ok' && verdict?.verdict === 'off_site' ? 'warning' : lookOf(location);

  return (
    <section className="phone-card" aria-labelledby="phone-checks-title">
      <h2 id="phone-checks-title">{t('inspection.phone.checks.title')}</h2>
      <p className="phone-muted phone-small" style={{ margin: 0 }}>
        {t('inspection.phone.checks.intro')}
      </p>
      <CheckRow
        look={lookOf(camera)}
        icon={<CameraOutlined aria-hidden />}
        title={t('inspection.phone.checks.camera')}
        status={statusOf(camera, t('inspection.phone.checks.ok'))}
      >
        {camera.state === 'ok' && (
          <>
            <div className="phone-small phone-muted">
              {camera.width && camera.height
                ? t('inspection.phone.checks.cameraOk', { width: camera.width, height: camera.height })
                : t('inspection.phone.checks.ok')}
              {camera.facing === 'user' && ` · ${t('inspection.phone.checks.cameraFront')}`}
            </div>
            <CameraPreview stream={stream} onSwitch={onSwitchCamera} isFront={camera.facing === 'user'} />
          </>
        )}
        {camera.state === 'problem' && camera.problem && <PermissionHelp problem={camera.problem} kind="media" browser={browser} />}
      </CheckRow>
      <CheckRow
        look={lookOf(microphone)}
        icon={<AudioOutlined aria-hidden />}
        title={t('inspection.phone.checks.microphone')}
        status={statusOf(microphone, t('inspection.phone.checks.ok'))}
      >
        {microphone.state === 'ok' && (
          <>
            <div className="phone-small phone-muted">{t('inspection.phone.checks.microphoneOk')}</div>
            <LevelMeter level={audioLevel} />
          </>
        )}
        {microphone.state === 'problem' && microphone.problem && camera.problem !== microphone.problem && (
          <PermissionHelp problem={microphone.problem} kind="media" browser={browser} />
        )}
      </CheckRow>
      <CheckRow
        look={locationLook}
        icon={<EnvironmentOutlined aria-hidden />}
        title={t('inspection.phone.checks.location')}
        status={statusOf(location, t('inspection.phone.checks.ok'))}
      >
        {location.state === 'checking' && <div className="phone-small phone-muted">{t('inspection.phone.checks.locationWaiting')}</div>}
        {location.state === 'ok' && fix && (
          <div className="phone-small phone-muted">
            {t('inspection.phone.checks.locationOk', { accuracy: fix.accuracyMeters === null ? '—' : Math.round(fix.accuracyMeters) })}
            {verdict?.verdict === 'on_site' && verdict.distanceMeters !== null && (
              <div>{t('inspection.phone.checks.onSite', { distance: formatDistance(verdict.distanceMeters) })}</div>
            )}
            {verdict?.verdict === 'off_site' && verdict.distanceMeters !== null && (
              <div style={{ color: '#b25e00' }}>
                {t('inspection.phone.checks.offSite', { distance: formatDistance(verdict.distanceMeters) })}
              </div>
            )}
          </div>
        )}
        {location.state === 'problem' && location.problem && (
          <>
            <PermissionHelp problem={location.problem} kind="location" browser={browser} />
            <div className="phone-small phone-muted" style={{ marginTop: 6 }}>
              {t('inspection.phone.checks.locationOptional')}
            </div>
          </>
        )}
      </CheckRow>
      <CheckRow
        look={networkLook}
        icon={<WifiOutlined aria-hidden />}
        title={t('inspection.phone.checks.network')}
        status={network.state === 'checking' ? t('inspection.phone.checks.checking') : ''}
      >
        {network.state === 'done' && <div className="phone-small phone-muted">{networkText}</div>}
        {network.state === 'done' && network.canReachOut === false && (
          <div className="phone-help">{t('inspection.phone.checks.restricted')}</div>
        )}
      </CheckRow>
    </section>
  );
}

/** 拍摄清单: what to film, in order. */
export function ShotListCard({ shots }: { shots: Shot[] }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="phone-card" aria-labelledby="phone-shots-title">
      <h2 id="phone-shots-title">{t('inspection.phone.shots.title')}</h2>
      {shots.length === 0 ? (
        <p className="phone-muted" style={{ margin: 0 }}>
          {t('inspection.phone.shots.none')}
        </p>
      ) : (
        <>
          <p className="phone-muted" style={{ margin: 0 }}>
            {t('inspection.phone.shots.intro')}
          </p>
          <ol className="phone-shots">
            {shots.map((shot) => (
              <li key={shot.textZh}>{i18n.language === 'zh-CN' ? shot.textZh : shot.textEn}</li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
