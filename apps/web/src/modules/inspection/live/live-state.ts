import type {
  InspectionTimeline,
  InspectionTimelineEvent,
  LiveLivenessCode,
  LiveLocation,
  LiveParticipant,
  LiveRecordingSegment,
  LiveRecordingState,
  LiveRole,
  LiveServerMessage,
  LiveSnapshot,
} from '@yuanqu/shared';
import type { LiveStatus } from './live-client';

/**
 * A timeline event of one kind. The protocol's catch-all member (booking events) types its `kind`
 * as `string`, so `event.kind === 'chat'` alone does not narrow; this guard does.
 */
export type TimelineEventOf<K extends InspectionTimelineEvent['kind']> = Extract<InspectionTimelineEvent, { kind: K }>;

export function isEventOf<
  K extends
    | 'joined'
    | 'left'
    | 'recording_started'
    | 'recording_stopped'
    | 'segment_finalised'
    | 'gap'
    | 'checklist_mark'
    | 'snapshot'
    | 'snapshot_failed'
    | 'chat'
    | 'location'
    | 'liveness_code'
    | 'camera_switch_requested'
    | 'camera_switched'
    | 'session_ended'
    | 'session_interrupted',
>(event: InspectionTimelineEvent, kind: K): event is TimelineEventOf<K> {
  return event.kind === kind;
}

/** A refusal of one of this page's messages, as the server's `error` said it. */
export interface LiveRefusal {
  code: string;
  /** The message type it refused (`start-recording`, …) or null. */
  for: string | null;
  ref: string | null;
  /** When it arrived, so that the same refusal twice is shown twice. */
  receivedAt: number;
}

/** Everything a live page shows, built from the server's messages. */
export interface LiveRoomState {
  status: LiveStatus;
  /** The close code or reason of a refused or ended session. */
  statusDetail: { code?: number; reason?: string } | null;
  me: { role: LiveRole; participantId: string; displayName: string } | null;
  participants: LiveParticipant[];
  isPhonePresent: boolean;
  inspectorCount: number;
  canRecord: boolean;
  recording: LiveRecordingState;
  segments: LiveRecordingSegment[];
  livenessCode: LiveLivenessCode | null;
  /** The phone's location trail, oldest first. */
  locations: LiveLocation[];
  /** The timeline (checklist marks, chat, snapshots, joins, gaps), oldest first, each once. */
  events: InspectionTimelineEvent[];
  snapshots: LiveSnapshot[];
  lastRefusal: LiveRefusal | null;
  ended: { reason: string; endedBy: string | null } | null;
}

export const initialLiveRoomState: LiveRoomState = {
  status: 'connecting',
  statusDetail: null,
  me: null,
  participants: [],
  isPhonePresent: false,
  inspectorCount: 0,
  canRecord: false,
  recording: { state: 'off', currentSegment: null, recordedMs: 0, startedBy: null },
  segments: [],
  livenessCode: null,
  locations: [],
  events: [],
  snapshots: [],
  lastRefusal: null,
  ended: null,
};

export type LiveRoomAction =
  | { type: 'status'; status: LiveStatus; detail?: { code?: number; reason?: string } }
  | { type: 'message'; message: LiveServerMessage; receivedAt: number }
  | { type: 'timeline'; timeline: InspectionTimeline }
  | { type: 'trail'; locations: LiveLocation[] };

function mergeEvents(current: InspectionTimelineEvent[], added: readonly InspectionTimelineEvent[]): InspectionTimelineEvent[] {
  const known = new Set(current.map((event) => event.id));
  const fresh = added.filter((event) => !known.has(event.id));
  if (fresh.length === 0) return current;
  return [...current, ...fresh].sort((a, b) => a.at.localeCompare(b.at));
}

function mergeSnapshots(current: LiveSnapshot[], added: readonly LiveSnapshot[]): LiveSnapshot[] {
  const known = new Set(current.map((snapshot) => snapshot.id));
  const fresh = added.filter((snapshot) => !known.has(snapshot.id));
  if (fresh.length === 0) return current;
  return [...current, ...fresh].sort((a, b) => a.at.localeCompare(b.at));
}

function mergeLocations(current: LiveLocation[], added: readonly LiveLocation[]): LiveLocation[] {
  const known = new Set(current.map((location) => location.at));
  const fresh = added.filter((location) => !known.has(location.at));
  if (fresh.length === 0) return current;
  return [...current, ...fresh].sort((a, b) => a.at.localeCompare(b.at));
}

/** The location fix a `location` timeline event carries. */
function locationOf(event: InspectionTimelineEvent): LiveLocation | null {
  if (!isEventOf(event, 'location')) return null;
  return { at: event.at, ...event.details };
}

export function reduceLiveRoom(state: LiveRoomState, action: LiveRoomAction): LiveRoomState {
  switch (action.type) {
    case 'status':
      return {
        ...state,
        status: action.status,
        statusDetail: action.detail ?? (action.status === state.status ? state.statusDetail : null),
      };
    case 'timeline': {
      const locations = action.timeline.events.map(locationOf).filter((location): location is LiveLocation => location !== null);
      return {
        ...state,
        events: mergeEvents(state.events, action.timeline.events),
        snapshots: mergeSnapshots(state.snapshots, action.timeline.snapshots),
        segments: state.segments.length > 0 ? state.segments : action.timeline.segments,
        locations: mergeLocations(state.locations, locations),
      };
    }
    case 'trail':
      return { ...state, locations: mergeLocations(state.locations, action.locations) };
    case 'message':
      return reduceMessage(state, action.message, action.receivedAt);
  }
}

function reduceMessage(state: LiveRoomState, message: LiveServerMessage, receivedAt: number): LiveRoomState {
  switch (message.type) {
    case 'welcome': {
      const session = message.session;
      return {
        ...state,
        me: { role: message.role, participantId: message.participantId, displayName: message.displayName },
        participants: session.participants,
        isPhonePresent: session.isPhonePresent,
        inspectorCount: session.inspectorCount,
        canRecord: session.canRecord,
        recording: session.recording,
        segments: session.segments,
        livenessCode: session.livenessCode,
        locations: session.lastLocation ? mergeLocations(state.locations, [session.lastLocation]) : state.locations,
        ended: null,
      };
    }
    case 'participants':
      return {
        ...state,
        participants: message.participants,
        isPhonePresent: message.isPhonePresent,
        inspectorCount: message.inspectorCount,
        canRecord: message.canRecord,
      };
    case 'recording':
      return { ...state, recording: message.recording, segments: message.segments };
    case 'snapshot':
      return { ...state, snapshots: mergeSnapshots(state.snapshots, [message.snapshot]) };
    case 'liveness-code':
      return { ...state, livenessCode: message.livenessCode };
    case 'location':
      return { ...state, locations: mergeLocations(state.locations, [message.location]) };
    case 'event': {
      const location = locationOf(message.event);
      return {
        ...state,
        events: mergeEvents(state.events, [message.event]),
        locations: location ? mergeLocations(state.locations, [location]) : state.locations,
      };
    }
    case 'error':
      return { ...state, lastRefusal: { code: message.code, for: message.for, ref: message.ref ?? null, receivedAt } };
    case 'session-ended':
      return {
        ...state,
        ended: { reason: message.reason, endedBy: message.endedBy },
        segments: message.segments,
        recording: { ...state.recording, state: 'off', currentSegment: null },
      };
    // Handled by the client (answer) or by the phone page (requests); nothing to show.
    case 'answer':
    case 'snapshot-request':
    case 'camera-switch-request':
      return state;
  }
}

/** Milliseconds recorded so far, the running segment included. */
export function recordedMilliseconds(recording: LiveRecordingState, now: number): number {
  const running = recording.currentSegment ? Math.max(0, now - new Date(recording.currentSegment.startedAt).getTime()) : 0;
  return recording.recordedMs + running;
}

/**
 * Where a moment (segment number, offset in it) falls on the recording's one continuous time line:
 * the earlier segments' durations plus the offset. Null when it was not recorded.
 */
export function recordingPosition(
  segments: readonly LiveRecordingSegment[],
  segment: number | null,
  offsetMs: number | null,
): number | null {
  if (segment === null || offsetMs === null) return null;
  const before = segments.filter((entry) => entry.segment < segment).reduce((sum, entry) => sum + (entry.durationMs ?? 0), 0);
  return before + offsetMs;
}

/** The latest mark of each checklist item. */
export function latestChecklistMarks(events: readonly InspectionTimelineEvent[]): Map<string, TimelineEventOf<'checklist_mark'>> {
  const marks = new Map<string, TimelineEventOf<'checklist_mark'>>();
  for (const event of events) if (isEventOf(event, 'checklist_mark')) marks.set(event.details.itemKey, event);
  return marks;
}
