import type { InspectionTimelineEvent, LiveRecordingSegment } from '@yuanqu/shared';
import { describe, expect, it } from 'vitest';
import { initialLiveRoomState, latestChecklistMarks, recordedMilliseconds, recordingPosition, reduceLiveRoom } from './live-state';

const base = { actorId: null, actorName: '李建国', segment: 1, offsetMs: 5_000 };
const mark = (id: string, at: string, itemKey: string, value: 'ok' | 'issue'): InspectionTimelineEvent => ({
  ...base,
  id,
  at,
  kind: 'checklist_mark',
  details: { itemKey, mark: value, note: '' },
});

function segment(index: number, durationMs: number): LiveRecordingSegment {
  return {
    id: `00000000-0000-4000-8000-00000000000${index}`,
    segment: index,
    status: 'final',
    startedAt: '2026-03-03T02:00:00.000Z',
    endedAt: null,
    durationMs,
    gapBeforeMs: null,
    sha256: null,
    sizeBytes: null,
    url: null,
    inspectorAudio: [],
  };
}

describe('the live room state', () => {
  it('keeps each timeline event once, in time order, whether it came live or from the timeline', () => {
    const first = mark('a', '2026-03-03T02:00:10.000Z', 'height', 'ok');
    const second = mark('b', '2026-03-03T02:00:05.000Z', 'setback', 'issue');
    let state = reduceLiveRoom(initialLiveRoomState, { type: 'message', message: { type: 'event', event: first }, receivedAt: 1 });
    state = reduceLiveRoom(state, {
      type: 'timeline',
      timeline: { inspectionId: 'x', events: [first, second], segments: [], snapshots: [] },
    });
    expect(state.events.map((event) => event.id)).toEqual(['b', 'a']);
  });

  it('takes the latest mark of each checklist item', () => {
    const marks = latestChecklistMarks([
      mark('a', '2026-03-03T02:00:01.000Z', 'height', 'issue'),
      mark('b', '2026-03-03T02:00:09.000Z', 'height', 'ok'),
    ]);
    expect(marks.get('height')?.details.mark).toBe('ok');
  });

  it('adds a location event to the trail', () => {
    const location: InspectionTimelineEvent = {
      ...base,
      id: 'c',
      at: '2026-03-03T02:00:03.000Z',
      kind: 'location',
      details: { latitude: 34.31, longitude: 108.67, accuracyMeters: 10, distanceMeters: 20, verdict: 'on_site' },
    };
    const state = reduceLiveRoom(initialLiveRoomState, { type: 'message', message: { type: 'event', event: location }, receivedAt: 1 });
    expect(state.locations).toEqual([
      { at: location.at, latitude: 34.31, longitude: 108.67, accuracyMeters: 10, distanceMeters: 20, verdict: 'on_site' },
    ]);
  });

  it('remembers a refusal with the message it refused', () => {
    const state = reduceLiveRoom(initialLiveRoomState, {
      type: 'message',
      message: {
        type: 'error',
        ref: 'r1',
        for: 'start-recording',
        code: 'INSPECTION_RECORDING_NEEDS_TWO_INSPECTORS',
        message: 'needs two',
      },
      receivedAt: 42,
    });
    expect(state.lastRefusal).toEqual({
      code: 'INSPECTION_RECORDING_NEEDS_TWO_INSPECTORS',
      for: 'start-recording',
      ref: 'r1',
      receivedAt: 42,
    });
  });
});

describe('the recording’s clock', () => {
  it('puts a moment after the earlier segments', () => {
    expect(recordingPosition([segment(1, 60_000), segment(2, 30_000)], 2, 4_000)).toBe(64_000);
    expect(recordingPosition([segment(1, 60_000)], null, null)).toBeNull();
  });

  it('counts the running segment', () => {
    const recording = {
      state: 'recording' as const,
      currentSegment: { segment: 2, startedAt: '2026-03-03T02:00:00.000Z' },
      recordedMs: 60_000,
      startedBy: '李建国',
    };
    expect(recordedMilliseconds(recording, new Date('2026-03-03T02:00:15.000Z').getTime())).toBe(75_000);
  });
});
