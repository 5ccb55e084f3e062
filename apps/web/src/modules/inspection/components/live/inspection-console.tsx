import {
  ArrowLeftOutlined,
  AudioMutedOutlined,
  CheckCircleOutlined,
  PlayCircleOutlined,
  AudioOutlined,
  CameraOutlined,
  LoginOutlined,
  LogoutOutlined,
  PoweroffOutlined,
  SafetyCertificateOutlined,
  StopOutlined,
  SwapOutlined,
  VideoCameraAddOutlined,
} from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import type { ChecklistMarkValue, Inspection, LiveClientMessage, LiveLocation } from '@yuanqu/shared';
import { Alert, App, Button, Card, Col, Input, Result, Row, Space, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useErrorText } from '../../../../app/i18n/use-error-text';
import { usePreferences } from '../../../../app/preferences';
import { PageShell } from '../../../../ui/page-shell';
import { getInspectionTimeline, inspectorLiveSocketPath } from '../../api';
import { inspectionKeys } from '../../hooks/use-inspections';
import { useNow } from '../../hooks/use-now';
import { isEventOf, latestChecklistMarks } from '../../live/live-state';
import { newRequestId, useLiveRoom } from '../../live/use-live-room';
import { formatSlot } from '../../schedule';
import { InspectionStatusTag } from '../inspection-tags';
import { LocationMap } from '../location-map';
import { ChatCard } from './chat-card';
import { ChecklistCard } from './checklist-card';
import { ConclusionCard } from './conclusion-card';
import { ParticipantsCard } from './participants-card';
import { PhoneVideo } from './phone-video';
import { SnapshotsStrip, type PendingSnapshot } from './snapshots-strip';
import '../../inspection.css';

type JoinState = 'idle' | 'asking' | 'joined' | 'left';

/** The words for a refusal the server sent for one of this page's messages. */
function useRefusalText() {
  const { t, i18n } = useTranslation();
  return (code: string) => {
    if (i18n.exists(`errors.${code}`)) return t(`errors.${code}`);
    return t('errors.unknown', { code });
  };
}

/**
 * 踏勘室: the inspector's console of a live remote inspection — the phone's picture and sound, the
 * inspector's own microphone, who is present and whether two inspectors are, recording, snapshots,
 * the other camera, the liveness code, the checklist tied to the recording's clock, chat, the
 * location against the registered site, and the signed conclusion.
 */
export function InspectionConsole({ inspection, myId, onReload }: { inspection: Inspection; myId: string; onReload: () => void }) {
  const { t } = useTranslation();
  const { language } = usePreferences();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const refusalText = useRefusalText();
  const [joinState, setJoinState] = useState<JoinState>('idle');
  const [isMuted, setMuted] = useState(false);
  const [hasNoMicrophone, setNoMicrophone] = useState(false);
  const [pending, setPending] = useState<PendingSnapshot[]>([]);
  // Start and stop take a moment on the server (a stop finalises and hashes the files).
  const [recordingRequest, setRecordingRequest] = useState<'start' | 'stop' | null>(null);
  const microphoneRef = useRef<MediaStreamTrack | null>(null);
  const endReason = useRef('');
  const now = useNow(1000).getTime();

  const room = useLiveRoom({
    socketPath: inspectorLiveSocketPath(inspection.id),
    role: 'inspector',
    isEnabled: joinState === 'joined',
    getLocalTracks: () => ({ microphone: microphoneRef.current }),
  });
  const { state } = room;

  // What happened before this inspector joined (marks, chat, snapshots) comes from the timeline.
  const timeline = useQuery({
    queryKey: [...inspectionKeys.detail(inspection.id), 'timeline'],
    queryFn: () => getInspectionTimeline(inspection.id),
    retry: false,
    refetchOnMount: 'always',
  });
  const { dispatch } = room;
  useEffect(() => {
    if (timeline.data) dispatch({ type: 'timeline', timeline: timeline.data });
  }, [timeline.data, dispatch]);
  useEffect(() => {
    const trail: LiveLocation[] = inspection.location.trail.map((fix) => ({ ...fix, verdict: 'unknown' }));
    dispatch({ type: 'trail', locations: trail });
  }, [inspection.location.trail, dispatch]);

  // A refusal of one of this page's messages: said once, where the user looks.
  const lastRefusal = state.lastRefusal;
  useEffect(() => {
    if (!lastRefusal) return;
    setRecordingRequest(null);
    // A newer page of the same inspector took over: the socket's close says so better.
    if (lastRefusal.code === 'CONFLICT' && lastRefusal.for === null) return;
    void message.error(refusalText(lastRefusal.code));
    if (lastRefusal.for === 'request-snapshot' && lastRefusal.ref) {
      const requestId = lastRefusal.ref;
      setPending((current) =>
        current.map((request) => (request.requestId === requestId ? { ...request, failure: refusalText(lastRefusal.code) } : request)),
      );
    }
    // Only a new refusal is news: the texts and the toast function are left out on purpose.
  }, [lastRefusal]);

  useEffect(() => {
    setRecordingRequest(null);
  }, [state.recording.state]);

  // A snapshot that arrived or failed is no longer pending.
  useEffect(() => {
    const arrived = new Set(state.snapshots.map((snapshot) => snapshot.requestId));
    const failed = new Map(
      state.events.filter((event) => isEventOf(event, 'snapshot_failed')).map((event) => [event.details.requestId, event.details.reason]),
    );
    setPending((current) => {
      const next = current
        .filter((request) => !arrived.has(request.requestId))
        .map((request) => (failed.has(request.requestId) ? { ...request, failure: failed.get(request.requestId) ?? '' } : request));
      return next.length === current.length && next.every((request, index) => request === current[index]) ? current : next;
    });
  }, [state.snapshots, state.events]);

  // The conclusion and the location verdict live on the inspection; a session end changes them.
  const reloadRef = useRef(onReload);
  reloadRef.current = onReload;
  useEffect(() => {
    if (state.ended) reloadRef.current();
  }, [state.ended]);

  useEffect(() => {
    const track = microphoneRef.current;
    if (track) track.enabled = !isMuted;
  }, [isMuted, joinState]);

  useEffect(
    () => () => {
      microphoneRef.current?.stop();
    },
    [],
  );

  const join = async () => {
    setJoinState('asking');
    try {
      const media = await navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
      });
      microphoneRef.current = media.getAudioTracks()[0] ?? null;
      setNoMicrophone(false);
    } catch {
      // Listening without talking is still useful; the m-line for the voice stays empty.
      microphoneRef.current = null;
      setNoMicrophone(true);
    }
    setJoinState('joined');
  };

  const leave = () => {
    setJoinState('left');
    microphoneRef.current?.stop();
    microphoneRef.current = null;
  };

  const act = (outgoing: LiveClientMessage): boolean => {
    const isSent = room.send(outgoing);
    if (!isSent) void message.warning(t('inspection.live.controls.offline'));
    return isSent;
  };

  const takeSnapshot = () => {
    const requestId = newRequestId();
    if (act({ type: 'request-snapshot', ref: requestId, requestId })) setPending((current) => [{ requestId, failure: null }, ...current]);
  };

  const endSession = () => {
    endReason.current = '';
    modal.confirm({
      title: t('inspection.live.endSession'),
      content: (
        <>
          <p>{t('inspection.live.endSessionConfirm')}</p>
          <Input.TextArea
            rows={2}
            maxLength={500}
            placeholder={t('inspection.live.endSessionReason')}
            onChange={(event) => (endReason.current = event.target.value)}
          />
        </>
      ),
      okText: t('inspection.live.endSession'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => {
        const reason = endReason.current.trim();
        act({ type: 'end-session', ...(reason ? { reason } : {}) });
      },
    });
  };

  const marks = useMemo(() => latestChecklistMarks(state.events), [state.events]);
  const chat = useMemo(() => state.events.filter((event) => isEventOf(event, 'chat')), [state.events]);
  const phone = state.participants.find((participant) => participant.role === 'phone');
  const latest = state.locations.at(-1);
  const verdict = latest && latest.verdict !== 'unknown' ? latest.verdict : inspection.location.verdict;
  const distance = latest?.distanceMeters ?? inspection.location.distanceMeters;
  const isJoined = joinState === 'joined' && !['refused', 'replaced', 'ended'].includes(state.status);
  const isRecording = state.recording.state !== 'off';
  const isClosed = inspection.status === 'concluded' || inspection.status === 'cancelled' || inspection.status === 'converted_onsite';
  const itemName = language === 'zh-CN' ? inspection.serviceItem.nameZh : inspection.serviceItem.nameEn;

  const statusTag = isJoined ? (
    <Tag color={state.status === 'connected' ? 'success' : state.status === 'reconnecting' ? 'warning' : 'processing'} bordered={false}>
      {t(`inspection.live.status.${state.status}`)}
    </Tag>
  ) : null;

  const ended =
    joinState === 'joined' && ['refused', 'replaced', 'ended'].includes(state.status) ? (
      <Alert
        type={state.status === 'ended' ? 'success' : 'warning'}
        showIcon
        style={{ marginBottom: 16 }}
        message={t(`inspection.live.status.${state.status}`)}
        description={state.status === 'refused' && state.statusDetail?.reason ? refusalText(state.statusDetail.reason) : undefined}
        action={
          state.status !== 'ended' && (
            <Button onClick={() => void join()} icon={<LoginOutlined aria-hidden />}>
              {t('inspection.live.join')}
            </Button>
          )
        }
      />
    ) : null;

  return (
    <PageShell
      title={inspection.caseNumber ? t('inspection.live.title', { number: inspection.caseNumber }) : t('inspection.live.untitled')}
      description={
        <Space size={[8, 4]} wrap>
          <InspectionStatusTag status={inspection.status} />
          {statusTag}
          <span>{itemName}</span>
          <Typography.Text type="secondary">
            · {inspection.enterpriseName ?? ''} · {formatSlot(inspection.slotStart, inspection.slotEnd, language)}
          </Typography.Text>
        </Space>
      }
      extra={[
        <Button key="back" icon={<ArrowLeftOutlined aria-hidden />} onClick={() => void navigate('/inspections')}>
          {t('inspection.live.back')}
        </Button>,
        isJoined ? (
          <Button key="leave" icon={<LogoutOutlined aria-hidden />} onClick={leave}>
            {t('inspection.live.leave')}
          </Button>
        ) : null,
        isJoined ? (
          <Button key="end" danger icon={<PoweroffOutlined aria-hidden />} onClick={endSession}>
            {t('inspection.live.endSession')}
          </Button>
        ) : null,
      ]}
    >
      {ended}
      {hasNoMicrophone && isJoined && (
        <Alert type="warning" showIcon closable style={{ marginBottom: 16 }} message={t('inspection.live.joinNoMicrophone')} />
      )}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card
            size="small"
            className="live-card live-video-card"
            title={t('inspection.live.video.title')}
            styles={{ body: { padding: 0 } }}
          >
            {isJoined ? (
              <PhoneVideo
                tracks={room.remoteTracks}
                phoneState={phone?.state ?? null}
                recording={state.recording}
                livenessCode={state.livenessCode}
                now={now}
              />
            ) : (
              <div className="live-join">
                {isClosed ? (
                  <>
                    <CheckCircleOutlined aria-hidden className="live-join-icon" />
                    <Typography.Paragraph type="secondary" style={{ maxWidth: 460, textAlign: 'center' }}>
                      {t('inspection.live.closed', { status: t(`inspection.status.${inspection.status}`) })}
                    </Typography.Paragraph>
                    {inspection.status === 'concluded' && (
                      <Button
                        type="primary"
                        size="large"
                        icon={<PlayCircleOutlined aria-hidden />}
                        onClick={() => void navigate(`/inspections/${inspection.id}/replay`)}
                      >
                        {t('inspection.panel.replay')}
                      </Button>
                    )}
                  </>
                ) : (
                  <>
                    <VideoCameraAddOutlined aria-hidden className="live-join-icon" />
                    <Typography.Paragraph type="secondary" style={{ maxWidth: 460, textAlign: 'center' }}>
                      {t('inspection.live.joinIntro')}
                    </Typography.Paragraph>
                    <Button
                      type="primary"
                      size="large"
                      icon={<LoginOutlined aria-hidden />}
                      loading={joinState === 'asking'}
                      onClick={() => void join()}
                    >
                      {t('inspection.live.join')}
                    </Button>
                  </>
                )}
              </div>
            )}
            <div className="live-controls">
              <Space wrap size={8}>
                <Tooltip title={t('inspection.live.controls.microphone')}>
                  <Button
                    icon={isMuted ? <AudioMutedOutlined aria-hidden /> : <AudioOutlined aria-hidden />}
                    disabled={!isJoined || hasNoMicrophone}
                    onClick={() => setMuted(!isMuted)}
                    aria-pressed={isMuted}
                  >
                    {isMuted ? t('inspection.live.controls.unmute') : t('inspection.live.controls.mute')}
                  </Button>
                </Tooltip>
                {isRecording ? (
                  <Button
                    danger
                    icon={<StopOutlined aria-hidden />}
                    disabled={!isJoined}
                    loading={recordingRequest === 'stop'}
                    onClick={() => act({ type: 'stop-recording', ref: newRequestId() }) && setRecordingRequest('stop')}
                  >
                    {t('inspection.live.controls.stopRecording')}
                  </Button>
                ) : (
                  <Button
                    type="primary"
                    danger
                    icon={<span className="live-rec-button-dot" aria-hidden />}
                    disabled={!isJoined}
                    loading={recordingRequest === 'start'}
                    onClick={() => act({ type: 'start-recording', ref: newRequestId() }) && setRecordingRequest('start')}
                  >
                    {t('inspection.live.controls.startRecording')}
                  </Button>
                )}
                <Button icon={<CameraOutlined aria-hidden />} disabled={!isJoined || !state.isPhonePresent} onClick={takeSnapshot}>
                  {t('inspection.live.controls.snapshot')}
                </Button>
                <Button
                  icon={<SwapOutlined aria-hidden />}
                  disabled={!isJoined || !state.isPhonePresent}
                  onClick={() => act({ type: 'request-camera-switch', ref: newRequestId() })}
                >
                  {t('inspection.live.controls.switchCamera')}
                </Button>
                <Tooltip title={t('inspection.live.controls.livenessHelp')}>
                  <Button
                    icon={<SafetyCertificateOutlined aria-hidden />}
                    disabled={!isJoined}
                    onClick={() => act({ type: 'request-liveness-code', ref: newRequestId() })}
                  >
                    {t('inspection.live.controls.liveness')}
                  </Button>
                </Tooltip>
              </Space>
              <Typography.Text type="secondary" className="live-recording-state">
                {state.recording.state === 'off' ? t('inspection.live.recording.off') : null}
                {state.segments.length > 0 && ` · ${t('inspection.live.recording.segments', { count: state.segments.length })}`}
              </Typography.Text>
            </div>
          </Card>
          <SnapshotsStrip snapshots={state.snapshots} pending={pending} segments={state.segments} />
          <ChecklistCard
            isDisabled={!isJoined}
            checklist={inspection.checklist}
            marks={marks}
            segments={state.segments}
            onRecord={(itemKey: string, mark: ChecklistMarkValue, note: string) =>
              act({ type: 'checklist-mark', ref: newRequestId(), itemKey, mark, note })
            }
          />
        </Col>
        <Col xs={24} xl={8}>
          <ParticipantsCard
            participants={state.participants}
            inspectorCount={state.inspectorCount}
            isPhonePresent={state.isPhonePresent}
            myId={state.me?.participantId ?? myId}
            isJoined={isJoined}
          />
          <Card size="small" className="live-card" title={t('inspection.live.location.title')}>
            <LocationMap
              site={{ ...inspection.site }}
              trail={state.locations.map((location) => ({
                at: location.at,
                latitude: location.latitude,
                longitude: location.longitude,
                accuracyMeters: location.accuracyMeters,
              }))}
              verdict={verdict}
              distanceMeters={distance}
            />
          </Card>
          <ChatCard
            isDisabled={!isJoined}
            messages={chat}
            myId={state.me?.participantId ?? myId}
            onSend={(text) => act({ type: 'chat', ref: newRequestId(), text })}
          />
          <ConclusionCard inspection={inspection} myId={myId} onConflict={onReload} />
        </Col>
      </Row>
    </PageShell>
  );
}

/** The console's frame while the inspection loads or when it cannot be read. */
export function InspectionConsoleFallback({ error, isLoading }: { error: unknown; isLoading: boolean }) {
  const { t } = useTranslation();
  return (
    <PageShell title={t('inspection.live.untitled')}>
      {isLoading ? <Card loading /> : <Result status="warning" title={<ErrorText error={error} />} />}
    </PageShell>
  );
}

function ErrorText({ error }: { error: unknown }) {
  const { describe } = useErrorText();
  return <>{describe(error)}</>;
}
