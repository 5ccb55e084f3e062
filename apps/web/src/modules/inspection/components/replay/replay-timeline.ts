import type { InspectionTimelineEvent, LiveRecordingSegment } from '@yuanqu/shared';

/** The groups the replay's timeline can be filtered by. */
/** `key` is everything but the location fixes, which come every few seconds and have the map. */
export type ReplayFilter = 'key' | 'all' | 'checklist' | 'snapshot' | 'location' | 'chat' | 'session';

const GROUPS: Record<string, Exclude<ReplayFilter, 'all' | 'key'>> = {
  checklist_mark: 'checklist',
  snapshot: 'snapshot',
  snapshot_failed: 'snapshot',
  location: 'location',
  chat: 'chat',
  liveness_code: 'session',
  joined: 'session',
  left: 'session',
  recording_started: 'session',
  recording_stopped: 'session',
  segment_finalised: 'session',
  gap: 'session',
  camera_switch_requested: 'session',
  camera_switched: 'session',
  session_ended: 'session',
  session_interrupted: 'session',
};

export function groupOf(event: Pick<InspectionTimelineEvent, 'kind'>): Exclude<ReplayFilter, 'all' | 'key'> {
  return GROUPS[event.kind] ?? 'session';
}

/** Where a segment starts on the one continuous line of the whole recording (gaps left out). */
export function segmentStarts(segments: readonly LiveRecordingSegment[]): Map<number, number> {
  const starts = new Map<number, number>();
  let total = 0;
  for (const segment of [...segments].sort((a, b) => a.segment - b.segment)) {
    starts.set(segment.segment, total);
    total += segment.durationMs ?? 0;
  }
  return starts;
}

export function totalDuration(segments: readonly LiveRecordingSegment[]): number {
  return segments.reduce((sum, segment) => sum + (segment.durationMs ?? 0), 0);
}

/**
 * The segment and offset a moment of the wall clock falls in, for events the server stamped
 * without a recording moment (a location fix): the segment that was running then, if any.
 */
export function momentAt(segments: readonly LiveRecordingSegment[], at: string): { segment: number; offsetMs: number } | null {
  const time = new Date(at).getTime();
  for (const segment of segments) {
    const start = new Date(segment.startedAt).getTime();
    const end = segment.endedAt ? new Date(segment.endedAt).getTime() : start + (segment.durationMs ?? 0);
    if (time >= start && time <= end) return { segment: segment.segment, offsetMs: time - start };
  }
  return null;
}

/** The recording moment of an event: as the server stamped it, or from its wall-clock time. */
export function eventMoment(
  event: Pick<InspectionTimelineEvent, 'segment' | 'offsetMs' | 'at'>,
  segments: readonly LiveRecordingSegment[],
): { segment: number; offsetMs: number } | null {
  if (event.segment !== null && event.offsetMs !== null) return { segment: event.segment, offsetMs: event.offsetMs };
  return momentAt(segments, event.at);
}

/** Whether an event shows under a filter. */
export function isShown(event: Pick<InspectionTimelineEvent, 'kind'>, filter: ReplayFilter): boolean {
  if (filter === 'all') return true;
  if (filter === 'key') return groupOf(event) !== 'location';
  return groupOf(event) === filter;
}
