import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JitterBufferBase } from 'werift/nonstandard';
import { installJitterBufferFix, originalSortAndClear, sortAndClearPackets } from './werift-jitter-buffer.js';

type Packet = { header: { sequenceNumber: number } };
const packet = (sequenceNumber: number): Packet => ({ header: { sequenceNumber } });

describe('the jitter buffer fix', () => {
  it('gives the packets and empties the buffer exactly as werift’s walk does, wrap-around included', () => {
    const walk = originalSortAndClear();
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
    installJitterBufferFix();
    const buffer = new JitterBufferBase(90_000) as unknown as { presentSeqNum?: number; sortAndClearBuffer(buffer: Record<number, Packet>): Packet[] };
    buffer.presentSeqNum = 65_530;
    // Packets behind the start: werift's walk would go round the whole sequence space.
    const sorted = buffer.sortAndClearBuffer({ 3: packet(3), 65_529: packet(65_529), 65_534: packet(65_534) });
    expect(sorted.map((entry) => entry.header.sequenceNumber)).toEqual([65_534, 3, 65_529]);
  });
});
