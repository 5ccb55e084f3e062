import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MediaEngine, MediaEngineEvent, MediaPeerRole } from './media-engine.js';
import { loopbackIce, makeOffer } from './offer.test-support.js';
import { WeriftMediaEngine } from './werift-engine.js';
import { WorkerMediaEngine } from './worker-engine.js';

const engines: [string, () => MediaEngine][] = [
  ['on the app’s thread', () => new WeriftMediaEngine({ ice: loopbackIce, maxInspectors: 2 })],
  ['in two worker threads', () => new WorkerMediaEngine({ workers: 2, engine: { ice: loopbackIce, maxInspectors: 2 } })],
];

describe.each(engines)('werift media engine signalling, %s', (_name, createEngine) => {
  let folder: string;
  let engine: MediaEngine;
  const closers: (() => Promise<void>)[] = [];

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'yuanqu-media-signalling-'));
    engine = createEngine();
  });

  afterEach(async () => {
    await engine.close();
    await Promise.all(closers.splice(0).map((close) => close()));
    await rm(folder, { recursive: true, force: true });
  });

  async function offer(role: MediaPeerRole, layoutOverride?: Parameters<typeof makeOffer>[2]): Promise<string> {
    const made = await makeOffer(role, 2, layoutOverride);
    closers.push(made.close);
    return made.sdp;
  }

  it('answers with a complete SDP that mirrors the layout and lists only the allowed addresses', async () => {
    await engine.openRoom({ roomId: 'room', recordingFolder: folder });
    const { answerSdp, inspectorSlot } = await engine.join({
      roomId: 'room',
      peerId: 'inspector-1',
      role: 'inspector',
      offerSdp: await offer('inspector'),
    });
    expect(inspectorSlot).toBe(0);
    const directions = answerSdp.match(/^a=(sendonly|recvonly|sendrecv|inactive)$/gm);
    // Inspector layout seen from the server: send phone video, send phone audio, receive own voice, send slot 0 (silent: its own), send slot 1.
    expect(directions).toEqual(['a=sendonly', 'a=sendonly', 'a=recvonly', 'a=sendonly', 'a=sendonly']);
    const candidates = answerSdp.match(/^a=candidate:.*$/gm) ?? [];
    expect(candidates.length).toBeGreaterThan(0);
    expect(candidates.every((line) => line.includes(' 127.0.0.1 '))).toBe(true);
  });

  it('adds the bitrate hints to a phone’s answer only', async () => {
    await engine.openRoom({ roomId: 'room', recordingFolder: folder });
    const phone = await engine.join({ roomId: 'room', peerId: 'phone', role: 'phone', offerSdp: await offer('phone') });
    expect(phone.answerSdp).toMatch(/a=fmtp:\d+ x-google-start-bitrate=2000;x-google-max-bitrate=3000/);
    const inspector = await engine.join({ roomId: 'room', peerId: 'inspector', role: 'inspector', offerSdp: await offer('inspector') });
    expect(inspector.answerSdp).not.toContain('x-google');
  });

  it('gives inspectors distinct slots, keeps a rejoining inspector’s slot and refuses one too many', async () => {
    const events: MediaEngineEvent[] = [];
    engine.onEvent((event) => events.push(event));
    await engine.openRoom({ roomId: 'room', recordingFolder: folder });
    const first = await engine.join({ roomId: 'room', peerId: 'a', role: 'inspector', offerSdp: await offer('inspector') });
    const second = await engine.join({ roomId: 'room', peerId: 'b', role: 'inspector', offerSdp: await offer('inspector') });
    expect([first.inspectorSlot, second.inspectorSlot]).toEqual([0, 1]);
    await expect(engine.join({ roomId: 'room', peerId: 'c', role: 'inspector', offerSdp: await offer('inspector') })).rejects.toMatchObject(
      { code: 'MEDIA_ROOM_FULL' },
    );

    const again = await engine.join({ roomId: 'room', peerId: 'b', role: 'inspector', offerSdp: await offer('inspector') });
    expect(again.inspectorSlot).toBe(1);
    expect(events).toContainEqual(expect.objectContaining({ type: 'peer-left', peerId: 'b', reason: 'replaced' }));
    expect(engine.getRoomState('room').peers.map((peer) => [peer.peerId, peer.inspectorSlot])).toEqual([
      ['a', 0],
      ['b', 1],
    ]);

    await engine.leave('room', 'a');
    const third = await engine.join({ roomId: 'room', peerId: 'c', role: 'inspector', offerSdp: await offer('inspector') });
    expect(third.inspectorSlot).toBe(0);
  });

  it('replaces the phone when another phone joins', async () => {
    const events: MediaEngineEvent[] = [];
    engine.onEvent((event) => events.push(event));
    await engine.openRoom({ roomId: 'room', recordingFolder: folder });
    await engine.join({ roomId: 'room', peerId: 'phone-old', role: 'phone', offerSdp: await offer('phone') });
    await engine.join({ roomId: 'room', peerId: 'phone-new', role: 'phone', offerSdp: await offer('phone') });
    expect(engine.getRoomState('room').peers.map((peer) => peer.peerId)).toEqual(['phone-new']);
    expect(
      events.map((event) => (event.type === 'peer-joined' || event.type === 'peer-left' ? `${event.type} ${event.peerId}` : event.type)),
    ).toEqual(['peer-joined phone-old', 'peer-left phone-old', 'peer-joined phone-new']);
  });

  it('refuses offers that do not follow the layout, unknown rooms and a second room with the same id', async () => {
    await engine.openRoom({ roomId: 'room', recordingFolder: folder });
    await expect(engine.openRoom({ roomId: 'room', recordingFolder: folder })).rejects.toMatchObject({ code: 'MEDIA_ROOM_EXISTS' });
    await expect(engine.join({ roomId: 'elsewhere', peerId: 'p', role: 'phone', offerSdp: await offer('phone') })).rejects.toMatchObject({
      code: 'MEDIA_ROOM_NOT_FOUND',
    });
    await expect(engine.join({ roomId: 'room', peerId: 'p', role: 'phone', offerSdp: 'v=0' })).rejects.toMatchObject({
      code: 'MEDIA_OFFER_INVALID',
    });
    const audioFirst = await offer('phone', [
      { kind: 'audio', direction: 'sendonly' },
      { kind: 'video', direction: 'sendonly' },
    ]);
    await expect(engine.join({ roomId: 'room', peerId: 'p', role: 'phone', offerSdp: audioFirst })).rejects.toMatchObject({
      code: 'MEDIA_OFFER_INVALID',
    });
    await expect(engine.leave('room', 'nobody')).rejects.toMatchObject({ code: 'MEDIA_PEER_NOT_FOUND' });
    expect(engine.getRoomState('room').peers).toEqual([]);
  });

  it('has nothing to record before the phone sends, and closes cleanly', async () => {
    await engine.openRoom({ roomId: 'room', recordingFolder: folder });
    await engine.startRecording('room');
    expect(engine.getRoomState('room')).toMatchObject({ isRecording: true, activeSegment: null });
    expect(await engine.closeRoom('room')).toEqual([]);
    expect(() => engine.getRoomState('room')).toThrow(expect.objectContaining({ code: 'MEDIA_ROOM_NOT_FOUND' }));
  });
});
