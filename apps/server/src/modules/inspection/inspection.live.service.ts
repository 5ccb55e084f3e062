import { randomInt, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsPromises from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import {
  LIVE_CLOSE_CODES,
  LIVE_MIN_INSPECTORS_TO_RECORD,
  liveClientMessageSchema,
  type ErrorCode,
  type InspectionTimeline,
  type InspectionTimelineEvent,
  type LiveClientMessage,
  type LiveConfig,
  type LiveLivenessCode,
  type LiveLocation,
  type LiveParticipant,
  type LiveRecordingSegment,
  type LiveRecordingState,
  type LiveRole,
  type LiveServerMessage,
  type LiveSessionState,
  type LiveSnapshot,
} from '@yuanqu/shared';
import type { Database, Executor } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import type { Actor, RequestMeta } from '../../lib/request-context.js';
import type { MediaConfig } from '../../plugins/config.js';
import { FileError, storeGeneratedFile, type FileStorage, type StoredFile } from '../files/index.js';
import {
  auditInspectionOfCase,
  insertTimelineEvent,
  NO_MOMENT,
  PHONE_NAME,
  presentEvent,
  SERVER_NAME,
  snapshotUrl,
  timelineDigest,
  type EvidenceActor,
  type RecordingMoment,
} from './inspection.evidence.js';
import { iceServersForBrowser } from './inspection.ice.js';
import { distanceMeters, locationVerdict } from './inspection.location.js';
import { CLOSED_INSPECTION_STATUSES, INSPECTION_READERS, InspectionError, type InspectionService } from './inspection.service.js';
import * as repository from './inspection.repository.js';
import {
  describeTransceiverLayout,
  hashFile,
  MediaEngineError,
  ownerFilePath,
  readFileOwner,
  recoverInterruptedSegments,
  type MediaEngine,
  type MediaEngineEvent,
  type MediaLogger,
  type RecordingSegment,
} from './media/index.js';

/*
 * 远程踏勘 live session (SPEC §3.4–3.5): who is in the room, the signalling of their media to the
 * engine, the recording rules (two distinct inspectors), and the evidence it leaves — recording
 * files with their SHA-256, the timeline in inspection_events, and both chained into the case's
 * audit trail. The transport (WebSocket) stays in the routes: a participant is a `LiveConnection`.
 *
 * One process holds a session's room (the media engine is in-process): with several app nodes,
 * the reverse proxy must send every `/live` socket and snapshot upload of an inspection to the same
 * node (see README “Remote inspection media”).
 */

const PHONE_PARTICIPANT = 'phone';

/** What the service needs of a participant's socket. */
export interface LiveConnection {
  send(message: LiveServerMessage): void;
  close(code: number, reason: string): void;
}

/** What the routes hand the frames of an accepted socket to. */
export interface LiveParticipantHandle {
  /** A text frame from the browser. */
  receive(text: string): void;
  /** The socket closed. */
  closed(): void;
}

export interface LiveServiceDependencies {
  engine: MediaEngine;
  storage: FileStorage;
  media: MediaConfig;
  inspections: InspectionService;
  /** Streams a stored file the actor may read (the files module's download, with its access rules). */
  openFile(actor: Actor, meta: RequestMeta, fileId: string): Promise<{ file: StoredFile; stream: Readable }>;
  logger: MediaLogger;
  /** How long a room stays open with nobody in it before the session counts as interrupted. Default 120 s. */
  idleCloseMs?: number;
}

type MediaState = 'none' | 'connecting' | 'connected' | 'reconnecting';

interface Participant {
  participantId: string;
  role: LiveRole;
  displayName: string;
  actorId: string | null;
  isBooked: boolean;
  joinedAt: Date;
  connection: LiveConnection;
  /** The phone's link, for the snapshot upload path. */
  token: string | null;
  media: MediaState;
  inspectorSlot: number | null;
  isGone: boolean;
  /** Messages of one socket are handled in order. */
  inbox: Promise<void>;
}

interface PendingSnapshot {
  requestedBy: string;
  requestedById: string | null;
  at: Date;
}

/** What recovering an inspection's recording folder needs to know of it. */
interface RecoveredInspection {
  id: string;
  zoneId: string;
  caseId: string;
}

interface Session {
  inspectionId: string;
  zoneId: string;
  caseId: string;
  applicantId: string;
  site: { latitude: number; longitude: number; radiusMeters: number };
  checklistKeys: Set<string>;
  participants: Map<string, Participant>;
  isRoomOpen: boolean;
  opening: Promise<void> | null;
  /** Set while the room is being closed; new joins wait for it. */
  closing: Promise<void> | null;
  /** Database writes caused by engine events, in order. */
  queue: Promise<void>;
  recordingStartedBy: string | null;
  pendingSnapshots: Map<string, PendingSnapshot>;
  livenessCode: LiveLivenessCode | null;
  lastLocation: LiveLocation | null;
  idleTimer: NodeJS.Timeout | null;
  startedAt: Date | null;
}

const checkClientMessage = TypeCompiler.Compile(liveClientMessageSchema);

const INSPECTOR_ONLY = new Set<LiveClientMessage['type']>([
  'start-recording',
  'stop-recording',
  'request-snapshot',
  'request-camera-switch',
  'request-liveness-code',
  'checklist-mark',
  'end-session',
]);
const PHONE_ONLY = new Set<LiveClientMessage['type']>(['snapshot-failed', 'camera-switched', 'location']);

const CLOSE_CODE_BY_ERROR: Partial<Record<ErrorCode, number>> = {
  AUTH_REQUIRED: LIVE_CLOSE_CODES.signedOut,
  AUTH_SESSION_EXPIRED: LIVE_CLOSE_CODES.signedOut,
  AUTH_SECOND_FACTOR_REQUIRED: LIVE_CLOSE_CODES.signedOut,
  AUTH_PASSWORD_CHANGE_REQUIRED: LIVE_CLOSE_CODES.signedOut,
  AUTH_SECOND_FACTOR_SETUP_REQUIRED: LIVE_CLOSE_CODES.signedOut,
  FORBIDDEN: LIVE_CLOSE_CODES.forbidden,
  AUTH_CSRF_INVALID: LIVE_CLOSE_CODES.forbidden,
  INSPECTION_LINK_INVALID: LIVE_CLOSE_CODES.forbidden,
  NOT_FOUND: LIVE_CLOSE_CODES.notFound,
  INSPECTION_LINK_EXPIRED: LIVE_CLOSE_CODES.expired,
  INSPECTION_SESSION_ENDED: LIVE_CLOSE_CODES.expired,
};

/** The WebSocket close code for a refusal before the session (4401, 4403, 4404, 4410; else 1011). */
export function closeCodeOf(error: unknown): { code: number; reason: string } {
  if (error instanceof AppError) return { code: CLOSE_CODE_BY_ERROR[error.code] ?? 1011, reason: error.code };
  return { code: 1011, reason: 'INTERNAL' };
}

function mediaError(error: MediaEngineError): InspectionError {
  switch (error.code) {
    case 'MEDIA_ROOM_FULL':
      return new InspectionError('INSPECTION_ROOM_FULL', error.message);
    case 'MEDIA_OFFER_INVALID':
      return new InspectionError('INSPECTION_OFFER_INVALID', error.message);
    case 'MEDIA_ROOM_NOT_FOUND':
    case 'MEDIA_ENGINE_CLOSED':
      return new InspectionError('INSPECTION_SESSION_ENDED', error.message);
    case 'MEDIA_ROOM_EXISTS':
    case 'MEDIA_PEER_NOT_FOUND':
      return new InspectionError('INTERNAL', error.message);
  }
}

/** Width and height from a JPEG's start-of-frame marker; null when none is found. */
export function readJpegSize(bytes: Buffer): { width: number; height: number } | null {
  let offset = 2;
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return null;
    const marker = bytes[offset + 1]!;
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01 || marker === 0xff) {
      offset += marker === 0xff ? 1 : 2;
      continue;
    }
    const length = bytes.readUInt16BE(offset + 2);
    // SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) };
    }
    offset += 2 + length;
  }
  return null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createInspectionLiveService(db: Database, clock: Clock, dependencies: LiveServiceDependencies) {
  const { engine, storage, media, logger } = dependencies;
  const idleCloseMs = dependencies.idleCloseMs ?? 120_000;
  const recordingsDir = path.resolve(media.recordingsDir);
  const sessions = new Map<string, Session>();
  let isShuttingDown = false;

  const folderOf = (inspectionId: string) => path.join(recordingsDir, inspectionId);
  const relativePath = (absolute: string) => path.relative(recordingsDir, absolute).split(path.sep).join('/');
  const recordingUrl = (inspectionId: string, recordingId: string) => `/api/inspections/${inspectionId}/recordings/${recordingId}/file`;

  // ---------------------------------------------------------------------------------------------
  // Presenting
  // ---------------------------------------------------------------------------------------------

  function presentParticipant(participant: Participant): LiveParticipant {
    const states: Record<MediaState, LiveParticipant['state']> = {
      none: 'signalling',
      connecting: 'connecting',
      connected: 'connected',
      reconnecting: 'reconnecting',
    };
    return {
      participantId: participant.participantId,
      role: participant.role,
      displayName: participant.displayName,
      state: states[participant.media],
      inspectorSlot: participant.inspectorSlot,
      isBooked: participant.isBooked,
      joinedAt: participant.joinedAt.toISOString(),
    };
  }

  /** Distinct inspectors whose media joined the room (an inspector is keyed by user id, so two devices count once). */
  function presentInspectorIds(session: Session): string[] {
    return [...session.participants.values()]
      .filter((participant) => participant.role === 'inspector' && participant.media !== 'none' && participant.actorId)
      .map((participant) => participant.actorId!);
  }

  function participantsMessage(session: Session): Extract<LiveServerMessage, { type: 'participants' }> {
    const inspectorCount = new Set(presentInspectorIds(session)).size;
    const phone = session.participants.get(PHONE_PARTICIPANT);
    return {
      type: 'participants',
      participants: [...session.participants.values()].map(presentParticipant),
      isPhonePresent: phone !== undefined,
      inspectorCount,
      canRecord: inspectorCount >= LIVE_MIN_INSPECTORS_TO_RECORD,
    };
  }

  function presentSegments(inspectionId: string, rows: repository.RecordingRow[]): LiveRecordingSegment[] {
    const phoneRows = rows.filter((row) => row.kind === 'phone');
    return phoneRows.map((row) => ({
      id: row.id,
      segment: row.segment,
      status: row.status as LiveRecordingSegment['status'],
      startedAt: row.startedAt.toISOString(),
      endedAt: row.endedAt?.toISOString() ?? null,
      durationMs: row.durationMs,
      gapBeforeMs: row.gapBeforeMs,
      sha256: row.sha256,
      sizeBytes: row.sizeBytes,
      url: row.sha256 ? recordingUrl(inspectionId, row.id) : null,
      inspectorAudio: rows
        .filter((audio) => audio.kind === 'inspector_audio' && audio.segment === row.segment)
        .map((audio) => ({
          id: audio.id,
          inspectorId: audio.inspectorId,
          displayName: '',
          offsetMs: audio.offsetMs ?? 0,
          sha256: audio.sha256,
          url: audio.sha256 ? recordingUrl(inspectionId, audio.id) : null,
        })),
    }));
  }

  async function segmentsOf(executor: Executor, inspectionId: string): Promise<LiveRecordingSegment[]> {
    const rows = await repository.findRecordings(executor, inspectionId);
    const segments = presentSegments(inspectionId, rows);
    const inspectorIds = [...new Set(rows.flatMap((row) => (row.inspectorId ? [row.inspectorId] : [])))];
    if (inspectorIds.length > 0) {
      const names = new Map(
        (await repository.findInspectorsOf(executor, [inspectionId])).map((inspector) => [inspector.id, inspector.displayName]),
      );
      for (const segment of segments) {
        for (const audio of segment.inspectorAudio) audio.displayName = (audio.inspectorId && names.get(audio.inspectorId)) || '踏勘人员';
      }
    }
    return segments;
  }

  function recordingState(session: Session | undefined, segments: LiveRecordingSegment[]): LiveRecordingState {
    const recordedMs = segments.reduce((total, segment) => total + (segment.durationMs ?? 0), 0);
    if (!session?.isRoomOpen) return { state: 'off', currentSegment: null, recordedMs, startedBy: session?.recordingStartedBy ?? null };
    const room = engine.getRoomState(session.inspectionId);
    if (!room.isRecording) return { state: 'off', currentSegment: null, recordedMs, startedBy: session.recordingStartedBy };
    const active = room.activeSegment;
    return {
      state: active ? 'recording' : 'waiting_for_phone',
      currentSegment: active ? { segment: active.index, startedAt: active.startedAt.toISOString() } : null,
      recordedMs,
      startedBy: session.recordingStartedBy,
    };
  }

  async function recordingMessage(session: Session): Promise<Extract<LiveServerMessage, { type: 'recording' }>> {
    const segments = await segmentsOf(db, session.inspectionId);
    return { type: 'recording', recording: recordingState(session, segments), segments };
  }

  async function sessionState(inspection: repository.InspectionRow): Promise<LiveSessionState> {
    const session = sessions.get(inspection.id);
    const segments = await segmentsOf(db, inspection.id);
    const participants = session
      ? participantsMessage(session)
      : { participants: [], isPhonePresent: false, inspectorCount: 0, canRecord: false };
    let livenessCode = session?.livenessCode ?? null;
    if (!livenessCode && inspection.livenessCode) {
      const issued = await repository.findLatestEvent(db, inspection.id, ['liveness_code']);
      livenessCode = {
        code: inspection.livenessCode,
        issuedAt: (issued?.at ?? inspection.updatedAt).toISOString(),
        issuedBy: issued?.actorName ?? '',
      };
    }
    let lastLocation = session?.lastLocation ?? null;
    if (!lastLocation) {
      const trail = await repository.findLocations(db, inspection.id);
      const latest = trail.at(-1);
      if (latest) {
        const reading = locationVerdict(
          { latitude: inspection.siteLatitude, longitude: inspection.siteLongitude, radiusMeters: inspection.siteRadiusMeters },
          trail,
        );
        lastLocation = {
          at: latest.at.toISOString(),
          latitude: latest.latitude,
          longitude: latest.longitude,
          accuracyMeters: latest.accuracyMeters,
          distanceMeters: reading.distanceMeters,
          verdict: reading.verdict,
        };
      }
    }
    return {
      inspectionId: inspection.id,
      status: inspection.status,
      isOpen: session?.isRoomOpen ?? false,
      startedAt: inspection.startedAt?.toISOString() ?? null,
      participants: participants.participants,
      isPhonePresent: participants.isPhonePresent,
      inspectorCount: participants.inspectorCount,
      canRecord: participants.canRecord,
      recording: recordingState(session, segments),
      segments,
      livenessCode,
      lastLocation,
    };
  }

  function configFor(role: LiveRole, participantId: string): LiveConfig {
    return {
      iceServers: iceServersForBrowser(media, participantId, clock.now()),
      maxInspectors: engine.maxInspectors,
      layout: describeTransceiverLayout(role, engine.maxInspectors),
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Sending
  // ---------------------------------------------------------------------------------------------

  function send(participant: Participant, message: LiveServerMessage): void {
    if (participant.isGone) return;
    try {
      participant.connection.send(message);
    } catch (error) {
      logger.warn({ err: error, participantId: participant.participantId }, 'live message could not be sent');
    }
  }

  function broadcast(session: Session, message: LiveServerMessage, to: 'everyone' | 'inspectors' | 'phone' = 'everyone'): void {
    for (const participant of session.participants.values()) {
      if (to === 'everyone' || participant.role === (to === 'inspectors' ? 'inspector' : 'phone')) send(participant, message);
    }
  }

  function refuse(participant: Participant, message: { type: string; ref?: string } | null, error: unknown): void {
    let coded: AppError;
    if (error instanceof AppError) coded = error;
    else if (error instanceof MediaEngineError) coded = mediaError(error);
    else {
      logger.error({ err: error, participantId: participant.participantId }, 'live message failed');
      coded = new InspectionError('INTERNAL', 'The server could not handle the message');
    }
    send(participant, { type: 'error', ref: message?.ref, for: message?.type ?? null, code: coded.code, message: coded.message });
  }

  function enqueue(session: Session, work: () => Promise<void>): Promise<void> {
    const next = session.queue
      .then(work)
      .catch((error: unknown) => logger.error({ err: error, inspectionId: session.inspectionId }, 'live session write failed'));
    session.queue = next;
    return next;
  }

  // ---------------------------------------------------------------------------------------------
  // Evidence: events and audit
  // ---------------------------------------------------------------------------------------------

  /** Where in the recording this moment falls (media time: the engine's wall clock). */
  function momentOf(session: Session): RecordingMoment {
    if (!session.isRoomOpen) return NO_MOMENT;
    const active = engine.getRoomState(session.inspectionId).activeSegment;
    if (!active) return NO_MOMENT;
    return { segment: active.index, offsetMs: Math.max(0, Date.now() - active.startedAt.getTime()) };
  }

  async function recordEvent(
    executor: Executor,
    session: Session,
    kind: InspectionTimelineEvent['kind'],
    actor: EvidenceActor | null,
    details: Record<string, unknown>,
    options: { id?: string; moment?: RecordingMoment } = {},
  ): Promise<InspectionTimelineEvent> {
    return insertTimelineEvent(executor, clock, session.inspectionId, kind, actor, details, options.moment ?? momentOf(session), options.id);
  }

  function auditCase(
    executor: Executor,
    target: { zoneId: string; caseId: string; inspectionId: string },
    actor: EvidenceActor | null,
    action: string,
    details: Record<string, unknown>,
  ): Promise<void> {
    return auditInspectionOfCase(executor, clock, target, actor, action, details);
  }

  /**
   * The time without recording before a segment. Within one room the engine knows it (the previous
   * segment may still be finalising); the first segment of a reopened room (after everyone left, or
   * a restart) is measured from the end of the last segment on record.
   */
  async function gapBefore(
    executor: Executor,
    inspectionId: string,
    segment: { index: number; startedAt: Date; gapBeforeMs: number | null },
  ): Promise<{ gapMs: number; afterSegment: number } | null> {
    const previous = (await repository.findRecordings(executor, inspectionId))
      .filter((row) => row.kind === 'phone' && row.segment < segment.index)
      .at(-1);
    if (!previous) return null;
    if (segment.gapBeforeMs !== null) return { gapMs: segment.gapBeforeMs, afterSegment: previous.segment };
    if (!previous.endedAt) return null;
    return { gapMs: Math.max(0, segment.startedAt.getTime() - previous.endedAt.getTime()), afterSegment: previous.segment };
  }

  async function saveFinalisedSegment(executor: Executor, session: Session, segment: RecordingSegment): Promise<repository.RecordingRow> {
    const gap = await gapBefore(executor, session.inspectionId, segment);
    const saved = await repository.upsertRecording(executor, {
      inspectionId: session.inspectionId,
      segment: segment.index,
      kind: 'phone',
      path: relativePath(segment.path),
      sha256: segment.sha256,
      sizeBytes: segment.sizeBytes,
      durationMs: segment.durationMs,
      gapBeforeMs: gap?.gapMs ?? null,
      startedAt: segment.startedAt,
      endedAt: segment.endedAt,
      status: 'final',
    });
    for (const audio of segment.inspectorAudio) {
      await repository.upsertRecording(executor, {
        inspectionId: session.inspectionId,
        segment: segment.index,
        kind: 'inspector_audio',
        inspectorId: UUID.test(audio.peerId) ? audio.peerId : null,
        path: relativePath(audio.path),
        sha256: audio.sha256,
        sizeBytes: audio.sizeBytes,
        durationMs: audio.endedAt.getTime() - audio.startedAt.getTime(),
        offsetMs: Math.max(0, audio.startedAt.getTime() - segment.startedAt.getTime()),
        startedAt: audio.startedAt,
        endedAt: audio.endedAt,
        status: 'final',
      });
    }
    return saved;
  }

  // ---------------------------------------------------------------------------------------------
  // Engine events
  // ---------------------------------------------------------------------------------------------

  function onEngineEvent(event: MediaEngineEvent): void {
    const session = sessions.get(event.roomId);
    if (!session) return;
    switch (event.type) {
      case 'peer-joined':
        return;
      case 'peer-connection-state':
      case 'first-media':
      case 'peer-left': {
        const participant = session.participants.get(event.peerId);
        if (!participant || participant.isGone) return;
        const before = participant.media;
        if (event.type === 'peer-left') {
          // A replaced connection is followed at once by its successor's join.
          if (event.reason !== 'replaced') {
            participant.media = 'none';
            participant.inspectorSlot = null;
          }
        } else if (event.type === 'first-media' || event.state === 'connected') {
          participant.media = 'connected';
        } else if (event.state === 'disconnected') {
          participant.media = 'reconnecting';
        }
        if (participant.media !== before) broadcast(session, participantsMessage(session));
        return;
      }
      case 'recording-segment-started': {
        const segment = event.segment;
        void enqueue(session, async () => {
          const gap = await gapBefore(db, session.inspectionId, segment);
          await repository.upsertRecording(db, {
            inspectionId: session.inspectionId,
            segment: segment.index,
            kind: 'phone',
            path: relativePath(segment.partialPath.replace(/\.partial\.webm$/, '.webm')),
            gapBeforeMs: gap?.gapMs ?? null,
            startedAt: segment.startedAt,
            status: 'recording',
          });
          if (gap) {
            const recorded = await recordEvent(
              db,
              session,
              'gap',
              null,
              { afterSegment: gap.afterSegment, beforeSegment: segment.index, gapMs: gap.gapMs },
              { moment: { segment: segment.index, offsetMs: 0 } },
            );
            broadcast(session, { type: 'event', event: recorded }, 'inspectors');
          }
          broadcast(session, await recordingMessage(session));
        });
        return;
      }
      case 'recording-segment-finalised': {
        const segment = event.segment;
        void enqueue(session, async () => {
          await db.transaction(async (tx) => {
            const saved = await saveFinalisedSegment(tx, session, segment);
            const recorded = await recordEvent(
              tx,
              session,
              'segment_finalised',
              null,
              { recordingId: saved.id, segment: segment.index, sha256: segment.sha256, durationMs: segment.durationMs },
              { moment: { segment: segment.index, offsetMs: segment.durationMs } },
            );
            await auditCase(tx, session, null, 'recording_finalised', {
              segment: segment.index,
              path: saved.path,
              sha256: segment.sha256,
              sizeBytes: segment.sizeBytes,
              durationMs: segment.durationMs,
              inspectorAudio: segment.inspectorAudio.map((audio) => ({
                path: relativePath(audio.path),
                sha256: audio.sha256,
                inspectorId: audio.peerId,
              })),
            });
            broadcast(session, { type: 'event', event: recorded }, 'inspectors');
          });
          broadcast(session, await recordingMessage(session));
        });
        return;
      }
      case 'recording-interrupted': {
        // The segment's writer died (a media worker); the session goes on in a new segment. What it
        // wrote is finalised, hashed and chained into the audit trail now, not at the next start.
        const segmentIndex = event.segmentIndex;
        void enqueue(session, async () => {
          const recovered = await recoverFolder(inspectionOf(session), segmentIndex);
          await auditCase(db, session, null, 'recording_recovered', { reason: 'media_worker_restart', segment: segmentIndex, recordings: recovered });
          logger.warn({ inspectionId: session.inspectionId, segment: segmentIndex, recovered: recovered.length }, 'recording segment interrupted by a media worker restart; recovered');
          broadcast(session, await recordingMessage(session));
        });
        return;
      }
      case 'recording-error':
        logger.error({ inspectionId: session.inspectionId, message: event.message }, 'recording error');
        broadcast(session, { type: 'error', for: null, code: 'INTERNAL', message: `Recording problem: ${event.message}` }, 'inspectors');
        return;
      case 'peer-message':
        // Everything goes over the socket; a data channel message is not part of the protocol.
        return;
    }
  }
  engine.onEvent(onEngineEvent);

  // ---------------------------------------------------------------------------------------------
  // Rooms
  // ---------------------------------------------------------------------------------------------

  /** The inspection a live session is of, as `recoverFolder` takes it. */
  function inspectionOf(session: Session): RecoveredInspection {
    return { id: session.inspectionId, zoneId: session.zoneId, caseId: session.caseId };
  }

  /**
   * Finalises partial files a crash left in the folder and records them as `interrupted`: all of
   * them, or those of one segment whose writer died while the session goes on (`onlySegment`).
   */
  async function recoverFolder(
    inspection: RecoveredInspection,
    onlySegment?: number,
  ): Promise<Array<{ path: string; sha256: string }>> {
    const folder = folderOf(inspection.id);
    const recovered = await recoverInterruptedSegments(folder, { ffmpegPath: media.ffmpegPath, logger, onlySegment });
    const results: Array<{ path: string; sha256: string }> = [];
    const rows = await repository.findRecordings(db, inspection.id);
    // Phone files first: a voice file's offset is counted from its segment's start.
    const phoneFirst = [...recovered].sort((a, b) => Number(a.path.includes('.inspector-')) - Number(b.path.includes('.inspector-')));
    for (const file of phoneFirst) {
      const relative = relativePath(file.path);
      const match = /segment-(\d+)(?:\.inspector-\d+)?\.webm$/.exec(file.path);
      const segment = Number(match?.[1] ?? 0);
      const isVoice = file.path.includes('.inspector-');
      const existing = rows.find((row) => row.path === relative);
      // Who spoke, and since when, was kept beside a voice file while it was written.
      const owner = isVoice ? await readFileOwner(file.path) : null;
      const ownerStartedAt = owner ? new Date(owner.startedAt) : null;
      const startedAt = existing?.startedAt ?? (ownerStartedAt && !Number.isNaN(ownerStartedAt.getTime()) ? ownerStartedAt : null);
      // The recorder's last write is the end of what was kept (the remux rewrote the file since);
      // a wall clock that jumped gives no duration.
      const endedAt = file.lastWrittenAt;
      const duration = startedAt ? endedAt.getTime() - startedAt.getTime() : null;
      const phoneStart = rows.find((row) => row.kind === 'phone' && row.segment === segment)?.startedAt;
      const saved = await repository.upsertRecording(db, {
        inspectionId: inspection.id,
        segment,
        kind: isVoice ? 'inspector_audio' : 'phone',
        path: relative,
        sha256: file.sha256,
        sizeBytes: file.sizeBytes,
        durationMs: duration !== null && duration >= 0 && duration < 86_400_000 ? duration : null,
        startedAt: startedAt ?? endedAt,
        endedAt,
        status: 'interrupted',
        ...(isVoice
          ? {
              inspectorId: owner && UUID.test(owner.peerId) ? owner.peerId : (existing?.inspectorId ?? null),
              offsetMs: startedAt && phoneStart ? Math.max(0, startedAt.getTime() - phoneStart.getTime()) : (existing?.offsetMs ?? 0),
            }
          : {}),
      });
      if (!isVoice) rows.push(saved);
      await fsPromises.unlink(ownerFilePath(file.path)).catch(() => undefined);
      results.push({ path: relative, sha256: file.sha256 });
    }
    // Rows still `recording` whose partial file was already gone (finalised before the crash, or lost).
    for (const row of await repository.findRecordings(db, inspection.id)) {
      if (row.status !== 'recording' || (onlySegment !== undefined && row.segment !== onlySegment)) continue;
      const absolute = path.join(recordingsDir, row.path);
      const hashed = await hashFile(absolute).catch(() => null);
      await repository.upsertRecording(db, {
        ...row,
        sha256: hashed?.sha256 ?? null,
        sizeBytes: hashed?.sizeBytes ?? null,
        status: 'interrupted',
      });
      if (hashed) results.push({ path: row.path, sha256: hashed.sha256 });
    }
    return results;
  }

  async function loadSession(inspection: repository.InspectionRow): Promise<Session> {
    const existing = sessions.get(inspection.id);
    if (existing) return existing;
    const caseRow = await repository.findCaseForInspection(db, inspection.zoneId, inspection.caseId);
    if (!caseRow) throw new NotFoundError('Case');
    const again = sessions.get(inspection.id);
    if (again) return again;
    const session: Session = {
      inspectionId: inspection.id,
      zoneId: inspection.zoneId,
      caseId: inspection.caseId,
      applicantId: caseRow.applicantId,
      site: { latitude: inspection.siteLatitude, longitude: inspection.siteLongitude, radiusMeters: inspection.siteRadiusMeters },
      checklistKeys: new Set(caseRow.item.checklist.map((item) => item.key)),
      participants: new Map(),
      isRoomOpen: false,
      opening: null,
      closing: null,
      queue: Promise.resolve(),
      recordingStartedBy: null,
      pendingSnapshots: new Map(),
      livenessCode: null,
      lastLocation: null,
      idleTimer: null,
      startedAt: inspection.startedAt,
    };
    sessions.set(inspection.id, session);
    return session;
  }

  /** Opens the media room when the first participant arrives: the inspection becomes `live`. */
  async function openRoom(session: Session): Promise<void> {
    if (session.isRoomOpen) return;
    session.opening ??= (async () => {
      try {
        await recoverFolder(inspectionOf(session));
        await engine.openRoom({ roomId: session.inspectionId, recordingFolder: folderOf(session.inspectionId) });
        session.isRoomOpen = true;
        const now = clock.now();
        session.startedAt ??= now;
        await repository.updateInspection(db, session.inspectionId, { status: 'live', startedAt: session.startedAt, updatedAt: now });
      } finally {
        session.opening = null;
      }
    })();
    await session.opening;
  }

  /**
   * Closes the room: every segment finalised and written, the session's end recorded. `ended` by an
   * inspector, else `interrupted` (everyone left, or the server stops) and resumable with the same links.
   */
  async function closeRoom(
    session: Session,
    outcome: { kind: 'ended'; by: Participant; reason: string } | { kind: 'interrupted'; reason: string },
  ): Promise<void> {
    if (session.closing) return session.closing;
    if (session.idleTimer) clearTimeout(session.idleTimer);
    session.idleTimer = null;
    session.closing = (async () => {
      try {
        if (session.opening) await session.opening.catch(() => undefined);
        if (session.isRoomOpen) {
          await engine
            .closeRoom(session.inspectionId)
            .catch((error: unknown) =>
              logger.error({ err: error, inspectionId: session.inspectionId }, 'media room did not close cleanly'),
            );
          session.isRoomOpen = false;
        }
        await session.queue;
        const segments = await segmentsOf(db, session.inspectionId);
        const by = outcome.kind === 'ended' ? { actorId: outcome.by.actorId, displayName: outcome.by.displayName } : null;
        await db.transaction(async (tx) => {
          const recorded = await recordEvent(
            tx,
            session,
            outcome.kind === 'ended' ? 'session_ended' : 'session_interrupted',
            by,
            { reason: outcome.reason },
            { moment: NO_MOMENT },
          );
          const { events, timelineSha256 } = await timelineDigest(tx, session.inspectionId);
          await auditCase(tx, session, by, outcome.kind === 'ended' ? 'session_ended' : 'session_interrupted', {
            reason: outcome.reason,
            events,
            timelineSha256,
            recordings: segments.map((segment) => ({
              segment: segment.segment,
              sha256: segment.sha256,
              inspectorAudio: segment.inspectorAudio.map((audio) => audio.sha256),
            })),
          });
          if (outcome.kind === 'interrupted')
            await repository.updateInspection(tx, session.inspectionId, { status: 'interrupted', updatedAt: clock.now() });
          broadcast(session, { type: 'event', event: recorded }, 'inspectors');
        });
        const endedBy = outcome.kind === 'ended' ? outcome.by.displayName : null;
        for (const participant of session.participants.values()) {
          send(participant, { type: 'session-ended', reason: outcome.reason, endedBy, segments });
          participant.isGone = true;
          try {
            participant.connection.close(LIVE_CLOSE_CODES.ended, outcome.kind === 'ended' ? 'INSPECTION_SESSION_ENDED' : 'interrupted');
          } catch {
            // Already closed.
          }
        }
        session.participants.clear();
      } finally {
        sessions.delete(session.inspectionId);
      }
    })();
    return session.closing;
  }

  function scheduleIdleClose(session: Session): void {
    if (session.participants.size > 0 || session.idleTimer || session.closing) return;
    session.idleTimer = setTimeout(() => {
      session.idleTimer = null;
      if (session.participants.size === 0) void closeRoom(session, { kind: 'interrupted', reason: 'everyone_left' });
    }, idleCloseMs);
    session.idleTimer.unref();
  }

  // ---------------------------------------------------------------------------------------------
  // Joining and leaving
  // ---------------------------------------------------------------------------------------------

  async function enter(
    inspection: repository.InspectionRow,
    identity: Omit<Participant, 'joinedAt' | 'media' | 'inspectorSlot' | 'isGone' | 'inbox'>,
  ): Promise<LiveParticipantHandle> {
    if (isShuttingDown) throw new InspectionError('INSPECTION_SESSION_ENDED', 'The server is shutting down; join again in a moment');
    let session = await loadSession(inspection);
    if (session.closing) {
      await session.closing;
      session = await loadSession(inspection);
    }
    if (session.idleTimer) {
      clearTimeout(session.idleTimer);
      session.idleTimer = null;
    }
    const participant: Participant = {
      ...identity,
      joinedAt: clock.now(),
      media: 'none',
      inspectorSlot: null,
      isGone: false,
      inbox: Promise.resolve(),
    };
    const previous = session.participants.get(participant.participantId);
    session.participants.set(participant.participantId, participant);
    try {
      await openRoom(session);
    } catch (error) {
      session.participants.delete(participant.participantId);
      scheduleIdleClose(session);
      throw error;
    }
    if (previous) {
      // A reload or a second tab: the newer socket wins; its media joins afresh.
      previous.isGone = true;
      if (previous.media !== 'none') await engine.leave(session.inspectionId, previous.participantId).catch(() => undefined);
      try {
        previous.connection.send({ type: 'error', for: null, code: 'CONFLICT', message: 'Joined again from another page' });
        previous.connection.close(LIVE_CLOSE_CODES.replaced, 'replaced');
      } catch {
        // Already closed.
      }
    }
    const earlier = await repository.findEventsOfKind(db, session.inspectionId, ['joined']);
    const isRejoin = earlier.some((event) =>
      participant.role === 'phone'
        ? event.actorId === null && (event.details as { role?: string }).role === 'phone'
        : event.actorId === participant.actorId,
    );
    const joined = await recordEvent(db, session, 'joined', participant, { role: participant.role, isRejoin });
    send(participant, {
      type: 'welcome',
      role: participant.role,
      participantId: participant.participantId,
      displayName: participant.displayName,
      config: configFor(participant.role, participant.participantId),
      session: await sessionState((await repository.findInspectionById(db, session.inspectionId))!),
    });
    broadcast(session, participantsMessage(session));
    broadcast(session, { type: 'event', event: joined }, 'inspectors');

    const current = session;
    return {
      receive: (text) => {
        participant.inbox = participant.inbox.then(() => handleFrame(current, participant, text));
      },
      closed: () => {
        participant.inbox = participant.inbox
          .then(() => leave(current, participant, 'left'))
          .catch((error: unknown) => logger.error({ err: error, inspectionId: current.inspectionId }, 'leaving the live session failed'));
      },
    };
  }

  async function leave(session: Session, participant: Participant, reason: string): Promise<void> {
    if (participant.isGone) return;
    participant.isGone = true;
    if (session.participants.get(participant.participantId) === participant) session.participants.delete(participant.participantId);
    if (participant.media !== 'none' && session.isRoomOpen)
      await engine.leave(session.inspectionId, participant.participantId).catch(() => undefined);
    if (participant.role === 'phone') session.pendingSnapshots.clear();
    // A closing room records its own end; on shutdown the database may already be going.
    if (session.closing || isShuttingDown) return;
    const left = await recordEvent(db, session, 'left', participant, { role: participant.role, reason });
    broadcast(session, participantsMessage(session));
    broadcast(session, { type: 'event', event: left }, 'inspectors');
    scheduleIdleClose(session);
  }

  // ---------------------------------------------------------------------------------------------
  // Messages
  // ---------------------------------------------------------------------------------------------

  async function handleFrame(session: Session, participant: Participant, text: string): Promise<void> {
    if (participant.isGone) return;
    let message: LiveClientMessage | null = null;
    try {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new ValidationError([{ field: 'message', reason: 'json' }], 'A message must be a JSON object');
      }
      if (!checkClientMessage.Check(parsed)) {
        const first = checkClientMessage.Errors(parsed).First();
        const type = typeof parsed === 'object' && parsed !== null ? (parsed as { type?: unknown }).type : undefined;
        message = typeof type === 'string' ? ({ type, ref: (parsed as { ref?: string }).ref } as LiveClientMessage) : null;
        throw new ValidationError(
          [{ field: `message${first?.path.replaceAll('/', '.') ?? ''}`, reason: 'invalid' }],
          `Not a valid message: ${first?.message ?? 'unknown type'}`,
        );
      }
      message = parsed;
      if (INSPECTOR_ONLY.has(message.type) && participant.role !== 'inspector')
        throw new ForbiddenError(`Only inspectors send ${message.type}`);
      if (PHONE_ONLY.has(message.type) && participant.role !== 'phone') throw new ForbiddenError(`Only the phone sends ${message.type}`);
      if (session.closing) throw new InspectionError('INSPECTION_SESSION_ENDED', 'The session is ending');
      await handleMessage(session, participant, message);
    } catch (error) {
      refuse(participant, message, error);
    }
  }

  async function handleMessage(session: Session, participant: Participant, message: LiveClientMessage): Promise<void> {
    switch (message.type) {
      case 'join': {
        let result;
        try {
          result = await engine.join({
            roomId: session.inspectionId,
            peerId: participant.participantId,
            role: participant.role,
            offerSdp: message.offerSdp,
          });
        } catch (error) {
          throw error instanceof MediaEngineError ? mediaError(error) : error;
        }
        if (participant.isGone) {
          if (!session.participants.has(participant.participantId))
            await engine.leave(session.inspectionId, participant.participantId).catch(() => undefined);
          return;
        }
        participant.media = 'connecting';
        participant.inspectorSlot = result.inspectorSlot ?? null;
        send(participant, { type: 'answer', ref: message.ref, answerSdp: result.answerSdp, inspectorSlot: participant.inspectorSlot });
        broadcast(session, participantsMessage(session));
        return;
      }
      case 'leave':
        await leave(session, participant, 'left');
        participant.connection.close(1000, 'left');
        return;
      case 'start-recording': {
        const present = [...new Set(presentInspectorIds(session))];
        if (present.length < LIVE_MIN_INSPECTORS_TO_RECORD) {
          throw new InspectionError(
            'INSPECTION_RECORDING_NEEDS_TWO_INSPECTORS',
            `Recording needs ${LIVE_MIN_INSPECTORS_TO_RECORD} distinct inspectors present; ${present.length} ${present.length === 1 ? 'is' : 'are'}`,
          );
        }
        if (engine.getRoomState(session.inspectionId).isRecording) {
          broadcast(session, await recordingMessage(session));
          return;
        }
        await engine.startRecording(session.inspectionId);
        session.recordingStartedBy = participant.displayName;
        await db.transaction(async (tx) => {
          const recorded = await recordEvent(tx, session, 'recording_started', participant, { inspectorIds: present });
          await auditCase(tx, session, participant, 'recording_started', { inspectorIds: present });
          broadcast(session, { type: 'event', event: recorded }, 'inspectors');
        });
        broadcast(session, await recordingMessage(session));
        return;
      }
      case 'stop-recording': {
        if (!engine.getRoomState(session.inspectionId).isRecording) return;
        await engine.stopRecording(session.inspectionId);
        await session.queue;
        const recorded = await recordEvent(
          db,
          session,
          'recording_stopped',
          participant,
          {},
          { moment: NO_MOMENT },
        );
        broadcast(session, { type: 'event', event: recorded }, 'inspectors');
        broadcast(session, await recordingMessage(session));
        return;
      }
      case 'request-snapshot': {
        const phone = session.participants.get(PHONE_PARTICIPANT);
        if (!phone?.token) throw new InspectionError('INSPECTION_PHONE_ABSENT', 'The applicant’s phone is not connected');
        session.pendingSnapshots.set(message.requestId, {
          requestedBy: participant.displayName,
          requestedById: participant.actorId,
          at: clock.now(),
        });
        send(phone, {
          type: 'snapshot-request',
          requestId: message.requestId,
          uploadPath: `/api/public/inspections/${phone.token}/snapshots/${message.requestId}`,
        });
        return;
      }
      case 'snapshot-failed': {
        if (!session.pendingSnapshots.delete(message.requestId)) return;
        const recorded = await recordEvent(db, session, 'snapshot_failed', participant, {
          requestId: message.requestId,
          reason: message.reason,
        });
        broadcast(session, { type: 'event', event: recorded }, 'inspectors');
        return;
      }
      case 'request-camera-switch': {
        const phone = session.participants.get(PHONE_PARTICIPANT);
        if (!phone) throw new InspectionError('INSPECTION_PHONE_ABSENT', 'The applicant’s phone is not connected');
        const recorded = await recordEvent(db, session, 'camera_switch_requested', participant, {});
        send(phone, { type: 'camera-switch-request', requestedBy: participant.displayName });
        broadcast(session, { type: 'event', event: recorded }, 'inspectors');
        return;
      }
      case 'camera-switched': {
        const recorded = await recordEvent(db, session, 'camera_switched', participant, { facing: message.facing });
        broadcast(session, { type: 'event', event: recorded }, 'inspectors');
        return;
      }
      case 'request-liveness-code': {
        const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
        const livenessCode: LiveLivenessCode = { code, issuedAt: clock.now().toISOString(), issuedBy: participant.displayName };
        await db.transaction(async (tx) => {
          await repository.updateInspection(tx, session.inspectionId, { livenessCode: code, updatedAt: clock.now() });
          const recorded = await recordEvent(tx, session, 'liveness_code', participant, { code });
          broadcast(session, { type: 'event', event: recorded }, 'inspectors');
        });
        session.livenessCode = livenessCode;
        broadcast(session, { type: 'liveness-code', livenessCode });
        return;
      }
      case 'checklist-mark': {
        if (!session.checklistKeys.has(message.itemKey))
          throw new ValidationError([{ field: 'message.itemKey', reason: 'unknown' }], `The checklist has no item ${message.itemKey}`);
        const recorded = await recordEvent(db, session, 'checklist_mark', participant, {
          itemKey: message.itemKey,
          mark: message.mark,
          note: message.note,
        });
        broadcast(session, { type: 'event', event: recorded }, 'inspectors');
        return;
      }
      case 'chat': {
        const recorded = await recordEvent(db, session, 'chat', participant, { role: participant.role, text: message.text });
        broadcast(session, { type: 'event', event: recorded });
        return;
      }
      case 'location': {
        const fix = { latitude: message.latitude, longitude: message.longitude, accuracyMeters: message.accuracyMeters ?? null };
        const distance = distanceMeters(session.site, fix);
        const reading = locationVerdict(session.site, [fix]);
        const location: LiveLocation = {
          at: clock.now().toISOString(),
          ...fix,
          distanceMeters: reading.distanceMeters,
          verdict: reading.verdict,
        };
        await db.transaction(async (tx) => {
          await repository.insertLocation(tx, { inspectionId: session.inspectionId, at: clock.now(), ...fix, distanceMeters: distance });
          await recordEvent(tx, session, 'location', participant, {
            ...fix,
            distanceMeters: reading.distanceMeters,
            verdict: reading.verdict,
          });
        });
        session.lastLocation = location;
        broadcast(session, { type: 'location', location });
        return;
      }
      case 'end-session':
        await closeRoom(session, { kind: 'ended', by: participant, reason: message.reason ?? 'ended_by_inspector' });
        return;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Access
  // ---------------------------------------------------------------------------------------------

  async function readable(actor: Actor, inspectionId: string): Promise<repository.InspectionRow> {
    if (!actor.roles.some((role) => INSPECTION_READERS.includes(role))) throw new ForbiddenError('Only service staff see inspections');
    const row = await repository.findInspection(db, actor.zoneId, inspectionId);
    if (!row) throw new NotFoundError('Inspection');
    return row;
  }

  return {
    /** The applicant's phone joins with its invitation link. */
    async connectPhone(token: string, connection: LiveConnection): Promise<LiveParticipantHandle> {
      const inspection = await dependencies.inspections.inspectionOfLink(token);
      return enter(inspection, {
        participantId: PHONE_PARTICIPANT,
        role: 'phone',
        displayName: PHONE_NAME,
        actorId: null,
        isBooked: false,
        connection,
        token,
      });
    },

    /** An inspector joins: booked for this inspection, or an inspector of its zone (another zone's is NOT_FOUND). */
    async connectInspector(actor: Actor, inspectionId: string, connection: LiveConnection): Promise<LiveParticipantHandle> {
      if (!actor.roles.includes('inspector')) throw new ForbiddenError('Only inspectors join a live inspection');
      const inspection = await repository.findInspection(db, actor.zoneId, inspectionId);
      if (!inspection) throw new NotFoundError('Inspection');
      if (CLOSED_INSPECTION_STATUSES.includes(inspection.status as (typeof CLOSED_INSPECTION_STATUSES)[number])) {
        throw new InspectionError('INSPECTION_SESSION_ENDED', `The inspection is ${inspection.status}`);
      }
      const booked = await repository.findInspectorsOf(db, [inspection.id]);
      return enter(inspection, {
        participantId: actor.userId,
        role: 'inspector',
        displayName: actor.displayName,
        actorId: actor.userId,
        isBooked: booked.some((inspector) => inspector.id === actor.userId),
        connection,
        token: null,
      });
    },

    /** The session as it is now (also when nobody is in it). */
    async getState(actor: Actor, inspectionId: string): Promise<LiveSessionState> {
      return sessionState(await readable(actor, inspectionId));
    },

    /** ICE servers and transceiver layout for an inspector who may join (what `welcome` will carry). */
    async inspectorConfig(actor: Actor, inspectionId: string): Promise<LiveConfig> {
      if (!actor.roles.includes('inspector')) throw new ForbiddenError('Only inspectors join a live inspection');
      const inspection = await repository.findInspection(db, actor.zoneId, inspectionId);
      if (!inspection) throw new NotFoundError('Inspection');
      return configFor('inspector', actor.userId);
    },

    /** ICE servers and transceiver layout for the phone's pre-check. */
    async phoneConfig(token: string): Promise<LiveConfig> {
      await dependencies.inspections.inspectionOfLink(token);
      return configFor('phone', `${PHONE_PARTICIPANT}-${randomUUID().slice(0, 8)}`);
    },

    /** Replay: every event, every recording file with its hash, every snapshot. */
    async getTimeline(actor: Actor, inspectionId: string): Promise<InspectionTimeline> {
      const inspection = await readable(actor, inspectionId);
      const rows = await repository.findEvents(db, inspection.id);
      const events = rows.map(presentEvent);
      const snapshots: LiveSnapshot[] = rows
        .filter((row) => row.kind === 'snapshot')
        .map((row) => {
          const details = row.details as {
            snapshotId: string;
            requestId: string;
            sha256: string;
            sizeBytes: number;
            width?: number | null;
            height?: number | null;
            requestedBy?: string;
          };
          return {
            id: row.id,
            requestId: details.requestId,
            at: row.at.toISOString(),
            segment: row.segment,
            offsetMs: row.offsetMs,
            url: snapshotUrl(inspection.id, row.id),
            sha256: details.sha256,
            sizeBytes: details.sizeBytes,
            width: details.width ?? null,
            height: details.height ?? null,
            requestedBy: details.requestedBy ?? '',
          };
        });
      return { inspectionId: inspection.id, events, segments: await segmentsOf(db, inspection.id), snapshots };
    },

    /** A recording file for staff of the zone: its row, size, and a reader of any byte range. */
    async recordingFile(
      actor: Actor,
      inspectionId: string,
      recordingId: string,
    ): Promise<{ row: repository.RecordingRow; sizeBytes: number; open(range?: { start: number; end: number }): Readable }> {
      const inspection = await readable(actor, inspectionId);
      const row = await repository.findRecording(db, inspection.id, recordingId);
      if (!row?.sha256) throw new NotFoundError('Recording');
      const absolute = path.resolve(recordingsDir, row.path);
      if (!absolute.startsWith(recordingsDir + path.sep)) throw new NotFoundError('Recording');
      const stat = await fsPromises.stat(absolute).catch(() => null);
      if (!stat?.isFile()) throw new NotFoundError('Recording file');
      return {
        row,
        sizeBytes: stat.size,
        open: (range) => fs.createReadStream(absolute, range ? { start: range.start, end: range.end } : {}),
      };
    },

    /** A snapshot's JPEG for staff of the zone. */
    async openSnapshot(actor: Actor, meta: RequestMeta, inspectionId: string, snapshotId: string) {
      const inspection = await readable(actor, inspectionId);
      const event = await repository.findEvent(db, inspection.id, snapshotId, 'snapshot');
      const fileId = (event?.details as { fileId?: string } | undefined)?.fileId;
      if (!fileId) throw new NotFoundError('Snapshot');
      return dependencies.openFile(actor, meta, fileId);
    },

    /** The phone's upload of a snapshot an inspector asked for: stored, hashed, on the timeline and in the audit trail. */
    async storeSnapshot(token: string, requestId: string, bytes: Buffer): Promise<LiveSnapshot> {
      const inspection = await dependencies.inspections.inspectionOfLink(token);
      const session = sessions.get(inspection.id);
      const pending = session?.pendingSnapshots.get(requestId);
      if (!session || !pending) throw new InspectionError('INSPECTION_SNAPSHOT_NOT_REQUESTED', 'No inspector asked for this snapshot');
      // Type by content: a JPEG starts with SOI and a marker.
      if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8 || bytes[2] !== 0xff)
        throw new FileError('FILE_TYPE_NOT_ALLOWED', 'A snapshot must be a JPEG');
      session.pendingSnapshots.delete(requestId);
      const size = readJpegSize(bytes);
      const moment = momentOf(session);
      const snapshotId = randomUUID();
      const stored = await storeGeneratedFile(db, storage, {
        zoneId: session.zoneId,
        ownerId: session.applicantId,
        originalName: `inspection-snapshot-${requestId}.jpg`,
        mimeType: 'image/jpeg',
        detectedFormat: 'jpg',
        bytes,
      });
      const url = snapshotUrl(session.inspectionId, snapshotId);
      const phone = session.participants.get(PHONE_PARTICIPANT);
      const actor = { actorId: null, displayName: phone?.displayName ?? PHONE_NAME };
      const recorded = await db.transaction(async (tx) => {
        const event = await recordEvent(
          tx,
          session,
          'snapshot',
          actor,
          {
            snapshotId,
            requestId,
            sha256: stored.sha256,
            sizeBytes: stored.sizeBytes,
            url,
            fileId: stored.id,
            width: size?.width ?? null,
            height: size?.height ?? null,
            requestedBy: pending.requestedBy,
          },
          { id: snapshotId, moment },
        );
        await auditCase(tx, session, actor, 'snapshot', {
          snapshotId,
          fileId: stored.id,
          sha256: stored.sha256,
          sizeBytes: stored.sizeBytes,
          requestedBy: pending.requestedById,
        });
        return event;
      });
      const snapshot: LiveSnapshot = {
        id: snapshotId,
        requestId,
        at: recorded.at,
        ...moment,
        url,
        sha256: stored.sha256,
        sizeBytes: stored.sizeBytes,
        width: size?.width ?? null,
        height: size?.height ?? null,
        requestedBy: pending.requestedBy,
      };
      broadcast(session, { type: 'snapshot', snapshot }, 'inspectors');
      broadcast(session, { type: 'event', event: recorded }, 'inspectors');
      return snapshot;
    },

    /**
     * At start-up: sessions that were `live` when the process died are marked `interrupted`, their
     * partial recordings finalised and hashed (complete up to the last flush), and the hashes
     * chained into the audit trail. The same links rejoin into a new segment.
     */
    async recoverInterruptedSessions(): Promise<Array<{ inspectionId: string; recovered: Array<{ path: string; sha256: string }> }>> {
      const results: Array<{ inspectionId: string; recovered: Array<{ path: string; sha256: string }> }> = [];
      for (const inspection of await repository.findInspectionsWithStatus(db, 'live')) {
        if (sessions.has(inspection.id)) continue;
        const last = await repository.findLatestEvent(db, inspection.id, ['joined', 'session_ended', 'session_interrupted']);
        if (last?.kind === 'session_ended') continue;
        const recovered = await recoverFolder(inspection);
        await db.transaction(async (tx) => {
          await repository.insertEvent(tx, {
            inspectionId: inspection.id,
            at: clock.now(),
            kind: 'session_interrupted',
            actorId: null,
            actorName: SERVER_NAME,
            details: { reason: 'server_restart' },
          });
          await repository.updateInspection(tx, inspection.id, { status: 'interrupted', updatedAt: clock.now() });
          await auditCase(
            tx,
            { zoneId: inspection.zoneId, caseId: inspection.caseId, inspectionId: inspection.id },
            null,
            'session_interrupted',
            { reason: 'server_restart', recordings: recovered },
          );
        });
        logger.warn(
          { inspectionId: inspection.id, recovered: recovered.length },
          'live inspection interrupted by a restart; recordings recovered',
        );
        results.push({ inspectionId: inspection.id, recovered });
      }
      return results;
    },

    /** On shutdown: every open session is closed as interrupted (recordings finalised) and can be resumed. */
    async close(): Promise<void> {
      isShuttingDown = true;
      await Promise.all([...sessions.values()].map((session) => closeRoom(session, { kind: 'interrupted', reason: 'server_shutdown' })));
      await engine.close();
    },
  };
}

export type InspectionLiveService = ReturnType<typeof createInspectionLiveService>;
