import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JitterBufferBase, RtpTimeBase } from 'werift/nonstandard';
import { installWeriftFixes, RtpClock, sortAndClearPackets, weriftOriginals } from './werift-fixes.js';

type Packet = { header: { sequenceNumber: number } };
const packet = (sequenceNumber: number): Packet => ({ header: { sequenceNumber } });

describe('the jitter buffer fix', () => {
  it('gives the packets and empties the buffer exactly as werift’s walk does, wrap-around included', () => {
    const walk = weriftOriginals().sortAndClearBuffer;
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 65_535 }), { maxLength: 12 }), fc.integer({ min: 0, max: 65_535 }), (numbers, from) => {
        const forWalk: Record<number, Packet> = Object.fromEntries(numbers.map((number) => [number, packet(number)]));
        const forFix: Record<number, Packet> = Object.fromEntries(numbers.map((number) => [number, packet(number)]));
        const walked = walk.call({ presentSeqNum: from, sortAndClearBuffer: walk }, forWalk);
        const fixed = sortAndClearPackets(forFix, from);
        expect(fixed.map((entry) => entry.header.sequenceNumber)).toEqual(walked.map((entry) => entry.header.sequenceNumber));
        expect([forWalk, forFix]).toEqual([{}, {}]);
      }),
      { numRuns: 100 },
    );
  });

  it('is what werift’s buffers use once installed', () => {
    installWeriftFixes();
    const buffer = new JitterBufferBase(90_000) as unknown as { presentSeqNum?: number; sortAndClearBuffer(buffer: Record<number, Packet>): Packet[] };
    buffer.presentSeqNum = 65_530;
    // Packets behind the start: werift's walk would go round the whole sequence space.
    const sorted = buffer.sortAndClearBuffer({ 3: packet(3), 65_529: packet(65_529), 65_534: packet(65_534) });
    expect(sorted.map((entry) => entry.header.sequenceNumber)).toEqual([65_534, 3, 65_529]);
  });
});

describe('the RTP clock fix', () => {
  /** werift's own clock over a run of timestamps. */
  function weriftElapsed(clockRate: number, timestamps: number[]): number[] {
    const update = weriftOriginals().update;
    const state = { clockRate, elapsed: 0, baseTimestamp: undefined as number | undefined };
    return timestamps.map((timestamp) => update.call(state as never, timestamp));
  }

  it('counts a camera stamping exactly 3,000 ticks a frame at 90 kHz as 33.33 ms a frame, where werift counts 33', () => {
    const timestamps = Array.from({ length: 901 }, (_, frame) => 1_000_000 + frame * 3000);
    const clock = new RtpClock(90_000);
    expect(timestamps.map((timestamp) => clock.update(timestamp)).at(-1)).toBe(30_000);
    expect(weriftElapsed(90_000, timestamps).at(-1)).toBe(29_700);
  });

  it('counts whole-millisecond steps (what Chrome sends), audio and 32-bit wrap-around exactly as werift does', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(90_000, 48_000),
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.array(fc.integer({ min: 0, max: 200 }), { maxLength: 60 }),
        (clockRate, start, stepsMs) => {
          const ticksPerMs = clockRate / 1000;
          const timestamps = [start];
          for (const ms of stepsMs) timestamps.push((timestamps.at(-1)! + ms * ticksPerMs) % 2 ** 32);
          const clock = new RtpClock(clockRate);
          expect(timestamps.map((timestamp) => clock.update(timestamp))).toEqual(weriftElapsed(clockRate, timestamps));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('is what werift’s recorder clocks use once installed', () => {
    installWeriftFixes();
    const time = new RtpTimeBase(90_000) as unknown as { update(timestamp: number): number };
    for (let frame = 0; frame < 900; frame += 1) time.update(frame * 3000);
    expect(time.update(900 * 3000)).toBe(30_000);
  });
});
