import {
  ArrowLeftOutlined,
  AimOutlined,
  CameraOutlined,
  CheckSquareOutlined,
  FilePdfOutlined,
  MessageOutlined,
  SafetyCertificateOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import type { Inspection, InspectionTimelineEvent, LiveRecordingSegment } from '@yuanqu/shared';
import { Alert, Button, Card, Col, Descriptions, Empty, Image, List, Radio, Row, Segmented, Space, Tag, Tooltip, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { usePreferences } from '../../../../app/preferences';
import { PageShell } from '../../../../ui/page-shell';
import { buildFileUrl, getInspectionTimeline } from '../../api';
import { formatDistance } from '../../geo';
import { inspectionKeys } from '../../hooks/use-inspections';
import { isEventOf } from '../../live/live-state';
import { formatClock, formatElapsed, formatSlot } from '../../schedule';
import { InspectionResultTag, InspectionStatusTag } from '../inspection-tags';
import { LocationMap } from '../location-map';
import { eventMoment, groupOf, isShown, segmentStarts, totalDuration, type ReplayFilter } from './replay-timeline';
import '../../inspection.css';

const GROUP_ICONS: Record<Exclude<ReplayFilter, 'all' | 'key'>, ReactNode> = {
  checklist: <CheckSquareOutlined aria-hidden />,
  snapshot: <CameraOutlined aria-hidden />,
  location: <AimOutlined aria-hidden />,
  chat: <MessageOutlined aria-hidden />,
  session: <TeamOutlined aria-hidden />,
};

/** One timeline entry in words. */
/** Events the phone makes carry no user id; the server stores its name in Chinese, so it is translated here. */
const PHONE_EVENT_KINDS: ReadonlySet<string> = new Set(['snapshot', 'location', 'camera_switched']);

function isPhoneEvent(event: InspectionTimelineEvent): boolean {
  if (event.actorId !== null) return false;
  return PHONE_EVENT_KINDS.has(event.kind) || (event.details as { role?: string }).role === 'phone';
}

function describeEvent(event: InspectionTimelineEvent, inspection: Inspection, t: TFunction, language: string): string {
  const name = isPhoneEvent(event) ? t('inspection.live.chat.phone') : event.actorName;
  if (isEventOf(event, 'joined'))
    return t(event.details.isRejoin ? 'inspection.replay.events.rejoined' : 'inspection.replay.events.joined', { name });
  if (isEventOf(event, 'left')) return t('inspection.replay.events.left', { name });
  if (isEventOf(event, 'segment_finalised')) return t('inspection.replay.events.segment_finalised', { segment: event.details.segment });
  if (isEventOf(event, 'gap')) return t('inspection.replay.events.gap', { duration: formatElapsed(event.details.gapMs) });
  if (isEventOf(event, 'checklist_mark')) {
    const item = inspection.checklist.find((entry) => entry.key === event.details.itemKey);
    const text = item ? (language === 'zh-CN' ? item.textZh : item.textEn) : event.details.itemKey;
    const mark = t(`inspection.live.checklist.marks.${event.details.mark}`);
    return `${t('inspection.replay.events.checklist_mark', { item: text, mark })}${event.details.note ? ` — ${event.details.note}` : ''}`;
  }
  if (isEventOf(event, 'snapshot')) return t('inspection.replay.events.snapshot', { name });
  if (isEventOf(event, 'chat'))
    return t('inspection.replay.events.chat', {
      name,
      text: event.details.text,
    });
  if (isEventOf(event, 'location')) {
    return t('inspection.replay.events.location', {
      verdict: t(`inspection.verdict.${event.details.verdict}`),
      distance: event.details.distanceMeters === null ? '—' : formatDistance(event.details.distanceMeters),
    });
  }
  if (isEventOf(event, 'liveness_code')) return t('inspection.replay.events.liveness_code', { code: event.details.code });
  if (isEventOf(event, 'camera_switch_requested')) return t('inspection.replay.events.camera_switch_requested', { name });
  if (isEventOf(event, 'camera_switched'))
    return t('inspection.replay.events.camera_switched', { facing: t(`inspection.replay.facing.${event.details.facing}`) });
  const known = [
    'recording_started',
    'recording_stopped',
    'snapshot_failed',
    'session_ended',
    'session_interrupted',
    'booked',
    'rescheduled',
    'cancelled',
    'converted_onsite',
    'result_signed',
    'concluded',
  ];
  if (known.includes(event.kind)) return t(`inspection.replay.events.${event.kind}`, { name });
  return t('inspection.replay.events.other', { kind: event.kind });
}

/**
 * Plays the inspectors' voices (one audio file per inspector connection, starting `offsetMs` into
 * the segment) in step with the phone's video.
 */
function useSyncedAudio(video: HTMLVideoElement | null, tracks: Array<{ id: string; url: string; offsetMs: number }>) {
  const elements = useRef(new Map<string, HTMLAudioElement>());
  useEffect(() => {
    const audios = elements.current;
    for (const track of tracks) {
      if (!audios.has(track.id)) {
        const audio = new Audio(track.url);
        audio.preload = 'auto';
        audios.set(track.id, audio);
      }
    }
    for (const [id, audio] of audios) {
      if (!tracks.some((track) => track.id === id)) {
        audio.pause();
        audios.delete(id);
      }
    }
    if (!video) return undefined;
    const sync = (force: boolean) => {
      for (const track of tracks) {
        const audio = audios.get(track.id);
        if (!audio) continue;
        const desired = video.currentTime - track.offsetMs / 1000;
        if (desired < 0 || video.paused || video.ended) {
          audio.pause();
          if (desired < 0) audio.currentTime = 0;
          continue;
        }
        if (force || Math.abs(audio.currentTime - desired) > 0.3) audio.currentTime = desired;
        if (audio.paused) void audio.play().catch(() => undefined);
      }
    };
    const onTime = () => sync(false);
    const onJump = () => sync(true);
    video.addEventListener('timeupdate', onTime);
    video.addEventListener('play', onJump);
    video.addEventListener('pause', onJump);
    video.addEventListener('seeked', onJump);
    return () => {
      video.removeEventListener('timeupdate', onTime);
      video.removeEventListener('play', onJump);
      video.removeEventListener('pause', onJump);
      video.removeEventListener('seeked', onJump);
      for (const audio of audios.values()) audio.pause();
    };
  }, [video, tracks]);
}

/**
 * 踏勘回放: the recording segment by segment with the inspectors' voices in step, a bar of the whole
 * recording with the checklist marks, snapshots and location fixes on it, and the timeline list;
 * each entry jumps the video to its moment.
 */
export function InspectionReplay({ inspection }: { inspection: Inspection }) {
  const { t } = useTranslation();
  const { language } = usePreferences();
  const navigate = useNavigate();
  const timeline = useQuery({
    queryKey: [...inspectionKeys.detail(inspection.id), 'timeline'],
    queryFn: () => getInspectionTimeline(inspection.id),
    retry: false,
  });
  const [filter, setFilter] = useState<ReplayFilter>('key');
  const [current, setCurrent] = useState<number | null>(null);
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  const [position, setPosition] = useState(0);
  const pendingSeek = useRef<number | null>(null);

  const segments = useMemo<LiveRecordingSegment[]>(
    () => [...(timeline.data?.segments ?? [])].filter((segment) => segment.url).sort((a, b) => a.segment - b.segment),
    [timeline.data],
  );
  const starts = useMemo(() => segmentStarts(segments), [segments]);
  const total = totalDuration(segments);
  const selected = segments.find((segment) => segment.segment === current) ?? segments[0];
  const events = useMemo(() => timeline.data?.events ?? [], [timeline.data]);
  const shown = events.filter((event) => isShown(event, filter));
  const audioTracks = useMemo(
    () =>
      (selected?.inspectorAudio ?? []).flatMap((audio) => (audio.url ? [{ id: audio.id, url: audio.url, offsetMs: audio.offsetMs }] : [])),
    [selected],
  );
  useSyncedAudio(video, audioTracks);

  useEffect(() => {
    if (!video) return undefined;
    const onTime = () => setPosition(video.currentTime * 1000);
    const onLoaded = () => {
      if (pendingSeek.current !== null) {
        video.currentTime = pendingSeek.current / 1000;
        pendingSeek.current = null;
        void video.play().catch(() => undefined);
      }
    };
    video.addEventListener('timeupdate', onTime);
    video.addEventListener('loadedmetadata', onLoaded);
    return () => {
      video.removeEventListener('timeupdate', onTime);
      video.removeEventListener('loadedmetadata', onLoaded);
    };
  }, [video]);

  const seek = (segment: number, offsetMs: number) => {
    if (!selected || segment !== selected.segment) {
      pendingSeek.current = offsetMs;
      setCurrent(segment);
      return;
    }
    if (video) {
      video.currentTime = offsetMs / 1000;
      void video.play().catch(() => undefined);
    }
  };

  const itemName = language === 'zh-CN' ? inspection.serviceItem.nameZh : inspection.serviceItem.nameEn;
  const playhead = selected ? (starts.get(selected.segment) ?? 0) + position : 0;
  const markers = events.flatMap((event) => {
    const group = groupOf(event);
    if (group === 'session' && !isEventOf(event, 'liveness_code')) return [];
    const moment = eventMoment(event, segments);
    if (!moment || total === 0) return [];
    return [{ event, group, moment, left: (((starts.get(moment.segment) ?? 0) + moment.offsetMs) / total) * 100 }];
  });
  const trail = events.flatMap((event) =>
    isEventOf(event, 'location')
      ? [
          {
            at: event.at,
            latitude: event.details.latitude,
            longitude: event.details.longitude,
            accuracyMeters: event.details.accuracyMeters,
          },
        ]
      : [],
  );

  return (
    <PageShell
      title={inspection.caseNumber ? t('inspection.replay.title', { number: inspection.caseNumber }) : t('inspection.replay.untitled')}
      description={
        <Space size={[8, 4]} wrap>
          <InspectionStatusTag status={inspection.status} />
          <InspectionResultTag result={inspection.result} />
          <span>{itemName}</span>
          <Typography.Text type="secondary">
            · {inspection.enterpriseName ?? ''} · {formatSlot(inspection.slotStart, inspection.slotEnd, language)}
          </Typography.Text>
        </Space>
      }
      extra={[
        <Button key="back" icon={<ArrowLeftOutlined aria-hidden />} onClick={() => void navigate('/inspections?tab=past')}>
          {t('inspection.live.back')}
        </Button>,
        inspection.record ? (
          <Button
            key="record"
            icon={<FilePdfOutlined aria-hidden />}
            href={buildFileUrl(inspection.record.fileId)}
            target="_blank"
            rel="noopener noreferrer"
          >
            {t('inspection.panel.record')}
          </Button>
        ) : null,
      ]}
    >
      {timeline.isError && <Alert type="warning" showIcon message={t('inspection.replay.unavailable')} style={{ marginBottom: 16 }} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Card size="small" className="live-card" title={t('inspection.live.video.title')} loading={timeline.isLoading}>
            {segments.length === 0 ? (
              <Empty description={t('inspection.replay.noRecording')} />
            ) : (
              <>
                <div className="replay-segments">
                  <Segmented
                    value={selected?.segment}
                    onChange={(value) => setCurrent(Number(value))}
                    options={segments.map((segment) => ({
                      value: segment.segment,
                      label: `${t('inspection.replay.segment', { index: segment.segment })} · ${formatElapsed(segment.durationMs ?? 0)}`,
                    }))}
                  />
                </div>
                <div className="replay-video">
                  <video key={selected?.id} ref={setVideo} src={selected?.url ?? undefined} controls playsInline preload="metadata" />
                </div>
                <div className="replay-bar" role="group" aria-label={t('inspection.replay.timeline')}>
                  {segments.map((segment) => (
                    <div
                      key={segment.id}
                      className={
                        segment.segment === selected?.segment ? 'replay-bar-segment replay-bar-segment-current' : 'replay-bar-segment'
                      }
                      style={{
                        left: `${((starts.get(segment.segment) ?? 0) / total) * 100}%`,
                        width: `${((segment.durationMs ?? 0) / total) * 100}%`,
                      }}
                    />
                  ))}
                  {markers.map((marker) => (
                    <Tooltip
                      key={marker.event.id}
                      title={`${formatElapsed((starts.get(marker.moment.segment) ?? 0) + marker.moment.offsetMs)} ${describeEvent(marker.event, inspection, t, language)}`}
                    >
                      <button
                        type="button"
                        className={`replay-marker replay-marker-${marker.group}`}
                        style={{ left: `${marker.left}%` }}
                        aria-label={describeEvent(marker.event, inspection, t, language)}
                        onClick={() => seek(marker.moment.segment, marker.moment.offsetMs)}
                      />
                    </Tooltip>
                  ))}
                  <div className="replay-playhead" style={{ left: `${total > 0 ? (playhead / total) * 100 : 0}%` }} />
                </div>
                <div className="replay-legend">
                  {(['checklist', 'snapshot', 'location', 'chat'] as const).map((group) => (
                    <span key={group}>
                      <span className={`replay-legend-dot replay-marker-${group}`} /> {t(`inspection.replay.filters.${group}`)}
                    </span>
                  ))}
                </div>
                {selected && (
                  <Descriptions size="small" column={1} style={{ marginTop: 12 }}>
                    <Descriptions.Item label={t('inspection.replay.segment', { index: selected.segment })}>
                      <Typography.Text copyable={selected.sha256 ? { text: selected.sha256 } : false} className="replay-hash">
                        {t('inspection.replay.segmentFacts', {
                          duration: formatElapsed(selected.durationMs ?? 0),
                          hash: selected.sha256 ? `${selected.sha256.slice(0, 16)}…` : '—',
                        })}
                      </Typography.Text>
                      {selected.status === 'interrupted' && (
                        <Tag color="warning" style={{ marginInlineStart: 8 }}>
                          {t('inspection.replay.interrupted')}
                        </Tag>
                      )}
                      {selected.gapBeforeMs !== null && selected.gapBeforeMs > 0 && (
                        <Tag style={{ marginInlineStart: 8 }}>
                          {t('inspection.replay.gap', { duration: formatElapsed(selected.gapBeforeMs) })}
                        </Tag>
                      )}
                    </Descriptions.Item>
                    {audioTracks.length > 0 && (
                      <Descriptions.Item label={t('inspection.replay.inspectorsAudio')}>
                        <Typography.Text type="secondary">
                          {selected.inspectorAudio.map((audio) => audio.displayName).join('、')} ·{' '}
                          {t('inspection.replay.inspectorsAudioHelp')}
                        </Typography.Text>
                      </Descriptions.Item>
                    )}
                  </Descriptions>
                )}
              </>
            )}
          </Card>
          <Card
            size="small"
            className="live-card"
            title={`${t('inspection.live.snapshots.title')} (${timeline.data?.snapshots.length ?? 0})`}
          >
            {(timeline.data?.snapshots.length ?? 0) === 0 ? (
              <Typography.Text type="secondary">—</Typography.Text>
            ) : (
              <div className="live-snapshots">
                <Image.PreviewGroup>
                  {timeline.data?.snapshots.map((snapshot) => {
                    const moment = eventMoment(snapshot, segments);
                    return (
                      <figure key={snapshot.id} className="live-snapshot">
                        <Image src={snapshot.url} alt={snapshot.at} width={132} height={99} style={{ objectFit: 'cover' }} />
                        <figcaption>
                          {moment ? (
                            <Button
                              type="link"
                              size="small"
                              style={{ padding: 0, height: 'auto', fontSize: 11 }}
                              onClick={() => seek(moment.segment, moment.offsetMs)}
                            >
                              {formatElapsed((starts.get(moment.segment) ?? 0) + moment.offsetMs)}
                            </Button>
                          ) : (
                            formatClock(snapshot.at)
                          )}
                          {snapshot.width && snapshot.height && ` · ${snapshot.width}×${snapshot.height}`}
                        </figcaption>
                      </figure>
                    );
                  })}
                </Image.PreviewGroup>
              </div>
            )}
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" className="live-card" title={t('inspection.replay.timeline')} loading={timeline.isLoading}>
            {/* Radio buttons wrap on a narrow card; a Segmented would run past it. */}
            <Radio.Group
              size="small"
              optionType="button"
              value={filter}
              onChange={(event) => setFilter(event.target.value as ReplayFilter)}
              options={(['key', 'all', 'checklist', 'snapshot', 'location', 'chat', 'session'] as const).map((value) => ({
                value,
                label: t(`inspection.replay.filters.${value}`),
              }))}
              className="replay-filters"
            />
            <List
              size="small"
              className="replay-events"
              dataSource={shown}
              renderItem={(event) => {
                const moment = eventMoment(event, segments);
                return (
                  <List.Item
                    className={moment ? 'replay-event replay-event-seekable' : 'replay-event'}
                    onClick={moment ? () => seek(moment.segment, moment.offsetMs) : undefined}
                    actions={moment ? [<Typography.Link key="seek">{t('inspection.replay.seek')}</Typography.Link>] : undefined}
                  >
                    <Space align="start" size={8}>
                      <span className={`replay-event-icon replay-marker-${groupOf(event)}`}>
                        {isEventOf(event, 'liveness_code') ? <SafetyCertificateOutlined aria-hidden /> : GROUP_ICONS[groupOf(event)]}
                      </span>
                      <div>
                        <Typography.Text type="secondary" className="live-mark-moment">
                          {moment ? formatElapsed((starts.get(moment.segment) ?? 0) + moment.offsetMs) : t('inspection.replay.notRecorded')}{' '}
                          · {formatClock(event.at)}
                        </Typography.Text>
                        <div>{describeEvent(event, inspection, t, language)}</div>
                      </div>
                    </Space>
                  </List.Item>
                );
              }}
            />
          </Card>
          <Card size="small" className="live-card" title={t('inspection.live.location.title')}>
            <LocationMap
              site={inspection.site}
              trail={trail.length > 0 ? trail : inspection.location.trail}
              verdict={inspection.location.verdict}
              distanceMeters={inspection.location.distanceMeters}
            />
          </Card>
          {inspection.result && (
            <Card size="small" className="live-card" title={t('inspection.conclusion.title')}>
              <Descriptions size="small" column={1}>
                <Descriptions.Item label={t('inspection.conclusion.result')}>
                  <InspectionResultTag result={inspection.result} />
                </Descriptions.Item>
                <Descriptions.Item label={t('inspection.conclusion.findings')}>{inspection.findings}</Descriptions.Item>
                <Descriptions.Item label={t('inspection.conclusion.signatures')}>
                  {inspection.inspectors.map((inspector) => `${inspector.displayName}${inspector.confirmedAt ? ' ✓' : ''}`).join('、')}
                </Descriptions.Item>
              </Descriptions>
            </Card>
          )}
        </Col>
      </Row>
    </PageShell>
  );
}
