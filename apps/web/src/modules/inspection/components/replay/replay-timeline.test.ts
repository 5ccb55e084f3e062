import type { LiveRecordingSegment } from '@yuanqu/shared';
import { describe, expect, it } from 'vitest';
import { eventMoment, isShown, momentAt, segmentStarts } from './replay-timeline';

function segment(index: number, startedAt: string, durationMs: number): LiveRecordingSegment {
  const end = new Date(new Date(startedAt).getTime() + durationMs).toISOString();
  return {
    id: `id-${index}`,
    segment: index,
    status: 'final',
    startedAt,
    endedAt: end,
    durationMs,
    gapBeforeMs: null,
    sha256: null,
    sizeBytes: null,
    url: `/file/${index}`,
    inspectorAudio: [],
  };
}

const segments = [segment(1, '2026-03-03T02:00:00.000Z', 60_000), segment(2, '2026-03-03T02:05:00.000Z', 30_000)];

describe('the replay’s time line', () => {
  it('starts each segment where the earlier ones end, leaving the gaps out', () => {
    expect([...segmentStarts(segments)]).toEqual([
      [1, 0],
      [2, 60_000],
    ]);
  });

  it('places an event without a recording moment by its wall-clock time', () => {
    expect(momentAt(segments, '2026-03-03T02:05:10.000Z')).toEqual({ segment: 2, offsetMs: 10_000 });
    expect(momentAt(segments, '2026-03-03T02:03:00.000Z')).toBeNull();
    expect(eventMoment({ segment: 1, offsetMs: 500, at: '2026-03-03T02:05:10.000Z' }, segments)).toEqual({ segment: 1, offsetMs: 500 });
  });

  it('leaves the location fixes out of the key events', () => {
    expect(isShown({ kind: 'location' }, 'key')).toBe(false);
    expect(isShown({ kind: 'checklist_mark' }, 'key')).toBe(true);
    expect(isShown({ kind: 'location' }, 'all')).toBe(true);
  });
});
