import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MediaEngineEvent, MediaPeerRole } from './media-engine.js';
import { loopbackIce, makeOffer } from './offer.test-support.js';
import { splitPortRange, WorkerMediaEngine } from './worker-engine.js';

describe('splitPortRange', () => {
  it('divides a range into disjoint parts that cover it, the last taking the rest', () => {
    expect(splitPortRange([40000, 40199], 2)).toEqual([
      [40000, 40099],
      [40100, 40199],
    ]);
    expect(splitPortRange([40000, 40010], 3)).toEqual([
      [40000, 40002],
      [40003, 40005],
      [40006, 40010],
    ]);
    fc.assert(
      fc.property(
        fc.integer({ min: 1024, max: 60000 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 1, max: 32 }),
        (first, extra, parts) => {
          const last = first + extra;
          if (extra + 1 < parts) {
            expect(() => splitPortRange([first, last], parts)).toThrow(RangeError);
            return;
          }
          const ranges = splitPortRange([first, last], parts);
          expect(ranges).toHaveLength(parts);
          expect(ranges[0]?.[0]).toBe(first);
          expect(ranges.at(-1)?.[1]).toBe(last);
          ranges.forEach(([low, high], index) => {
            expect(low).toBeLessThanOrEqual(high);
            if (index > 0) expect(low).toBe((ranges[index - 1]?.[1] ?? 0) + 1);
          });
        },
      ),
      { numRuns: 1000 },
    );
  });
});

describe('WorkerMediaEngine', () => {
  let folder: string;
  let engine: WorkerMediaEngine;
  const closers: (() => Promise<void>)[] = [];
  const basePort = 46_000 + Math.floor(Math.random() * 1000) * 10;

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'yuanqu-media-workers-'));
    engine = new WorkerMediaEngine({
      workers: 2,
      engine: { ice: { ...loopbackIce, portRange: [basePort, basePort + 9] }, maxInspectors: 2 },
    });
  });

  afterEach(async () => {
    await engine.close();
    await Promise.all(closers.splice(0).map((close) => close()));
    await rm(folder, { recursive: true, force: true });
  });

  async function offer(role: MediaPeerRole): Promise<string> {
    const made = await makeOffer(role, 2);
    closers.push(made.close);
    return made.sdp;
  }

  const candidatePorts = (sdp: string): number[] =>
    [...sdp.matchAll(/^a=candidate:\S+ \d+ udp \d+ 127\.0\.0\.1 (\d+) typ host/gm)].map((match) => Number(match[1]));

  it('starts a worker per room up to its number, each with its own share of the UDP ports', async () => {
    expect(await engine.loopDelays()).toEqual([]);
    await engine.openRoom({ roomId: 'first', recordingFolder: join(folder, 'first') });
    expect((await engine.loopDelays()).map((delay) => delay.worker)).toEqual([0]);
    await engine.openRoom({ roomId: 'second', recordingFolder: join(folder, 'second') });
    const first = await engine.join({ roomId: 'first', peerId: 'phone', role: 'phone', offerSdp: await offer('phone') });
    const second = await engine.join({ roomId: 'second', peerId: 'phone', role: 'phone', offerSdp: await offer('phone') });
    const firstPorts = candidatePorts(first.answerSdp);
    const secondPorts = candidatePorts(second.answerSdp);
    expect(firstPorts.length).toBeGreaterThan(0);
    expect(secondPorts.length).toBeGreaterThan(0);
    expect(firstPorts.every((port) => port >= basePort && port <= basePort + 4)).toBe(true);
    expect(secondPorts.every((port) => port >= basePort + 5 && port <= basePort + 9)).toBe(true);

    const delays = await engine.loopDelays();
    expect(delays.map((delay) => delay.worker)).toEqual([0, 1]);
    for (const delay of delays) {
      expect(delay.p99Ms).toBeGreaterThan(0);
      expect(delay.maxMs).toBeGreaterThanOrEqual(delay.p99Ms);
    }
  });

  it('answers getRoomState from the worker’s last report, and refuses unknown rooms at once', async () => {
    expect(() => engine.getRoomState('nowhere')).toThrow(expect.objectContaining({ code: 'MEDIA_ROOM_NOT_FOUND' }));
    expect(() => engine.requestKeyframe('nowhere')).toThrow(expect.objectContaining({ code: 'MEDIA_ROOM_NOT_FOUND' }));
    await expect(engine.sendToPeer('nowhere', 'phone', 'hello')).rejects.toMatchObject({ code: 'MEDIA_ROOM_NOT_FOUND' });

    await engine.openRoom({ roomId: 'room', recordingFolder: folder });
    expect(engine.getRoomState('room')).toMatchObject({ roomId: 'room', peers: [], isRecording: false, activeSegment: null });
    await engine.join({ roomId: 'room', peerId: 'a', role: 'inspector', offerSdp: await offer('inspector') });
    await engine.startRecording('room');
    const state = engine.getRoomState('room');
    expect(state.isRecording).toBe(true);
    expect(state.peers).toEqual([expect.objectContaining({ peerId: 'a', role: 'inspector', inspectorSlot: 0 })]);
    expect(state.peers[0]?.joinedAt).toBeInstanceOf(Date);
    // A copy: changing it changes nothing in the engine.
    state.peers.length = 0;
    expect(engine.getRoomState('room').peers).toHaveLength(1);
    // No control channel was opened by the werift stand-in.
    expect(await engine.sendToPeer('room', 'a', 'hello')).toBe(false);
  });

  it('replaces a worker that stops: its peers are reported lost, its rooms reopen with recording on, and they take joins again', async () => {
    const events: MediaEngineEvent[] = [];
    engine.onEvent((event) => events.push(event));
    await engine.openRoom({ roomId: 'room', recordingFolder: folder });
    await engine.join({ roomId: 'room', peerId: 'phone', role: 'phone', offerSdp: await offer('phone') });
    await engine.join({ roomId: 'room', peerId: 'inspector', role: 'inspector', offerSdp: await offer('inspector') });
    await engine.startRecording('room');

    // Stop the workers from outside, as a crash in werift would.
    const slots = (engine as unknown as { slots: ({ worker: Worker } | null)[] }).slots;
    await Promise.all(slots.map((slot) => slot?.worker.terminate()));

    const lost = events.filter((event) => event.type === 'peer-left');
    expect(lost.map((event) => (event.type === 'peer-left' ? [event.peerId, event.reason] : null))).toEqual([
      ['phone', 'connection-lost'],
      ['inspector', 'connection-lost'],
    ]);
    expect(events).toContainEqual(expect.objectContaining({ type: 'recording-error', roomId: 'room' }));
    // No segment was being written (the stand-in phone sends nothing), so none is left to recover.
    expect(events.filter((event) => event.type === 'recording-interrupted')).toEqual([]);
    // While it reopens, the room reads as empty and still recording.
    expect(engine.getRoomState('room')).toMatchObject({ peers: [], isRecording: true, activeSegment: null });

    const again = await engine.join({ roomId: 'room', peerId: 'inspector', role: 'inspector', offerSdp: await offer('inspector') });
    expect(again.inspectorSlot).toBe(0);
    expect(engine.getRoomState('room')).toMatchObject({ isRecording: true, peers: [expect.objectContaining({ peerId: 'inspector' })] });
  });
});
