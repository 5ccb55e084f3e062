import { describe, expect, it } from 'vitest';
import { RtpFrameAssembler, type AssembledFrame, type RtpPacketLike } from './rtp-frames.js';

/** A clock the test moves by hand. */
function manualClock() {
  let now = 1_000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

function opus(sequenceNumber: number, timestamp: number, ssrc = 7): RtpPacketLike {
  return { header: { sequenceNumber: sequenceNumber & 0xffff, timestamp: timestamp >>> 0, marker: false, ssrc }, payload: Buffer.from([sequenceNumber & 0xff]) };
}

/** The packets of one VP8 frame (RFC 7741 descriptor: S bit on the first, marker on the last). */
function vp8Frame(firstSequence: number, timestamp: number, isKeyframe: boolean, parts: number, tag: number, ssrc = 9): RtpPacketLike[] {
  return Array.from({ length: parts }, (_, index) => ({
    header: { sequenceNumber: (firstSequence + index) & 0xffff, timestamp: timestamp >>> 0, marker: index === parts - 1, ssrc },
    payload: Buffer.from([index === 0 ? 0x10 : 0x00, index === 0 ? (isKeyframe ? 0x00 : 0x01) : tag, tag, index]),
  }));
}

function collect(codec: 'vp8' | 'opus', clock = manualClock()) {
  const frames: AssembledFrame[] = [];
  const assembler = new RtpFrameAssembler({ codec, startedAt: 1_000, now: clock.now, onFrame: (frame) => frames.push(frame), maxWaitMs: 100 });
  return { frames, assembler, clock };
}

describe('RtpFrameAssembler', () => {
  it('puts late packets back in order, drops repeats and those whose place has passed, across the sequence wrap', () => {
    const { frames, assembler, clock } = collect('opus');
    clock.advance(40);
    const order = [65_534, 65_536, 65_535, 65_537, 65_537, 65_539, 65_538, 65_535];
    for (const sequence of order) assembler.push(opus(sequence, (sequence - 65_534) * 960));
    expect(frames.map((frame) => frame.data[0])).toEqual([0xfe, 0xff, 0x00, 0x01, 0x02, 0x03]);
    // The first packet counts from its arrival (40 ms after the start), the rest from their timestamps (960 = 20 ms).
    expect(frames.map((frame) => frame.timeMs)).toEqual([40, 60, 80, 100, 120, 140]);
    expect(frames.every((frame) => frame.isKeyframe)).toBe(true);
  });

  it('gives up a gap after the wait and goes on without it; the end passes what is held', () => {
    const { frames, assembler, clock } = collect('opus');
    assembler.push(opus(10, 0));
    assembler.push(opus(12, 1_920));
    clock.advance(50);
    assembler.push(opus(13, 2_880));
    expect(frames).toHaveLength(1);
    clock.advance(60);
    assembler.push(opus(15, 4_800));
    expect(frames.map((frame) => frame.data[0])).toEqual([10, 12, 13]);
    assembler.flush();
    expect(frames.map((frame) => frame.data[0])).toEqual([10, 12, 13, 15]);
    expect(frames.map((frame) => frame.timeMs)).toEqual([0, 40, 60, 100]);
  });

  it('follows RTP timestamps through their 32-bit wrap-around', () => {
    const { frames, assembler } = collect('opus');
    assembler.push(opus(1, 2 ** 32 - 960));
    assembler.push(opus(2, 0));
    assembler.push(opus(3, 960));
    expect(frames.map((frame) => frame.timeMs)).toEqual([0, 20, 40]);
  });

  it('assembles VP8 frames from their packets, starting at a keyframe', () => {
    const { frames, assembler } = collect('vp8');
    const packets = [...vp8Frame(100, 0, false, 2, 1), ...vp8Frame(102, 3_000, true, 3, 2), ...vp8Frame(105, 6_000, false, 2, 3)];
    for (const packet of packets) assembler.push(packet);
    expect(frames.map((frame) => ({ isKeyframe: frame.isKeyframe, timeMs: frame.timeMs, data: [...frame.data] }))).toEqual([
      { isKeyframe: true, timeMs: 33.333333333333336, data: [0x00, 2, 0, 2, 2, 1, 2, 2, 2] },
      { isKeyframe: false, timeMs: 66.66666666666667, data: [0x01, 3, 0, 3, 3, 1] },
    ]);
  });

  it('after a lost packet passes no frame until the next keyframe', () => {
    const { frames, assembler, clock } = collect('vp8');
    const key = vp8Frame(1, 0, true, 2, 1);
    const broken = vp8Frame(3, 3_000, false, 3, 2);
    const after = vp8Frame(6, 6_000, false, 1, 3);
    const nextKey = vp8Frame(7, 9_000, true, 1, 4);
    for (const packet of [...key, broken[0], broken[2], ...after]) assembler.push(packet as RtpPacketLike);
    clock.advance(150);
    for (const packet of nextKey) assembler.push(packet);
    expect(frames.map((frame) => frame.data[1])).toEqual([1, 4]);
  });

  it('starts over when the stream changes (a new SSRC): timed from its arrival, from its first keyframe', () => {
    const { frames, assembler, clock } = collect('vp8');
    for (const packet of vp8Frame(1, 50_000, true, 1, 1)) assembler.push(packet);
    clock.advance(500);
    for (const packet of [...vp8Frame(900, 7, false, 1, 2, 10), ...vp8Frame(901, 3_007, true, 1, 3, 10)]) assembler.push(packet);
    expect(frames.map((frame) => [frame.data[1], Math.round(frame.timeMs)])).toEqual([
      [1, 0],
      [3, 533],
    ]);
  });
});
