import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeTransceiverLayout, type JoinInput, type MediaEngineEvent, type MediaPeerRole } from './media-engine.js';
import { hashFile, recoverInterruptedSegments } from './segment-recorder.js';
import { WeriftMediaEngine } from './werift-engine.js';
import { ffprobe, hasFfmpeg, launchChromiumWithCamera, mediaSkipReason } from '../../../test/chromium-media.js';

const here = dirname(fileURLToPath(import.meta.url));
const repositoryRoot = resolve(here, '../../../../../..');
const skipReason = mediaSkipReason;
if (skipReason) {
  console.warn(`werift-engine.test.ts skipped: ${skipReason} (apt-get install chromium ffmpeg)`);
}

// werift never offers a loopback candidate by itself; onlyAddresses keeps this machine's other interfaces out of the test.
const loopbackIce = {
  additionalHostAddresses: ['127.0.0.1'],
  interfaceAddresses: { udp4: '127.0.0.1' },
  useIpv6: false,
  onlyAddresses: ['127.0.0.1'],
};

interface PageStats {
  connectionState: string;
  firstFrameAt: number | null;
  answeredAt: number | null;
  video: { framesDecoded: number; frameWidth: number; frameHeight: number; packetsReceived: number } | null;
  audio: { mid: string; packetsReceived: number; totalSamplesReceived: number; totalAudioEnergy: number }[];
  outbound: { kind: string; packetsSent: number; frameWidth: number | null }[];
  slots: { slot: number; mid: string | null }[];
}

/** This process's active sockets and timers by kind (UDPWrap, Timeout, …). */
function activeResources(): Record<'UDPWrap' | 'Timeout', number> & Record<string, number> {
  const counts: Record<string, number> = { UDPWrap: 0, Timeout: 0 };
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts as Record<'UDPWrap' | 'Timeout', number> & Record<string, number>;
}

/** Polls until `probe` returns a value (not null/undefined/false); fails with `what` after `timeoutMs`. */
async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 30_000,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== null && value !== undefined && value !== false) {
        return value;
      }
    } catch (error) {
      last = error;
    }
    await new Promise((done) => setTimeout(done, intervalMs));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

type JoinHandler = (input: JoinInput) => Promise<{ answerSdp: string }>;

/** The tiny signalling server: the page, the layout, and POST /join handed to whichever engine the test uses. */
async function startSignallingServer(
  maxInspectors: number,
): Promise<{ server: Server; origin: string; setJoinHandler: (handler: JoinHandler) => void }> {
  const page = await readFile(join(here, 'media-test-page.html'), 'utf8');
  let joinHandler: JoinHandler | null = null;
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    void (async () => {
      try {
        if (url.pathname === '/') {
          response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
        } else if (url.pathname === '/layout') {
          const role = url.searchParams.get('role') as MediaPeerRole;
          response
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify(describeTransceiverLayout(role, maxInspectors)));
        } else if (url.pathname === '/join' && request.method === 'POST' && joinHandler) {
          const body = JSON.parse(await readBody(request)) as { room: string; peerId: string; role: MediaPeerRole; offerSdp: string };
          const answer = await joinHandler({ roomId: body.room, peerId: body.peerId, role: body.role, offerSdp: body.offerSdp });
          response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
        } else {
          response.writeHead(404).end();
        }
      } catch (error) {
        response.writeHead(500).end(String(error));
      }
    })();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    origin: `http://127.0.0.1:${port}`,
    setJoinHandler: (handler) => {
      joinHandler = handler;
    },
  };
}

async function openPage(context: BrowserContext, origin: string, role: MediaPeerRole, room: string, peerId: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${origin}/?role=${role}&room=${encodeURIComponent(room)}&peer=${encodeURIComponent(peerId)}`);
  return page;
}

async function startPage(page: Page): Promise<void> {
  await page.evaluate('window.mediaTest.start()');
}

async function readStats(page: Page): Promise<PageStats> {
  return (await page.evaluate('window.mediaTest.stats()')) as PageStats;
}

/** Inbound audio on the receive slot that carries inspector `slot`. */
function slotAudio(stats: PageStats, slot: number): PageStats['audio'][number] | undefined {
  const mid = stats.slots.find((entry) => entry.slot === slot)?.mid;
  return stats.audio.find((entry) => entry.mid === mid);
}

describe.skipIf(skipReason !== null)(`WeriftMediaEngine with Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  let workFolder: string;
  let browser: Browser;
  let signalling: Awaited<ReturnType<typeof startSignallingServer>>;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    workFolder = await mkdtemp(join(tmpdir(), 'yuanqu-media-'));
    browser = await launchChromiumWithCamera(workFolder);
    signalling = await startSignallingServer(4);
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) {
      await context.close().catch(() => undefined);
    }
    await browser?.close().catch(() => undefined);
    await new Promise((done) => signalling?.server.close(done));
    if (workFolder) {
      await rm(workFolder, { recursive: true, force: true });
    }
  });

  async function newContext(): Promise<BrowserContext> {
    const context = await browser.newContext();
    contexts.push(context);
    return context;
  }

  it('forwards the phone to two inspectors and their voices back, records segments, and survives a phone rejoin', async () => {
    const engine = new WeriftMediaEngine({ ice: loopbackIce, maxInspectors: 4 });
    const events: (MediaEngineEvent & { seenAt: number })[] = [];
    engine.onEvent((event) => events.push({ ...event, seenAt: Date.now() }));
    signalling.setJoinHandler((input) => engine.join(input));
    const recordingFolder = join(workFolder, 'room-1');
    const resourcesBefore = activeResources();
    await engine.openRoom({ roomId: 'room-1', recordingFolder });

    try {
      // Inspectors first: the phone joining later must not need a renegotiation.
      const inspectorA = await openPage(await newContext(), signalling.origin, 'inspector', 'room-1', 'inspector-a');
      const inspectorB = await openPage(await newContext(), signalling.origin, 'inspector', 'room-1', 'inspector-b');
      await startPage(inspectorA);
      await startPage(inspectorB);
      await engine.startRecording('room-1');

      const phoneContext = await newContext();
      const phone = await openPage(phoneContext, signalling.origin, 'phone', 'room-1', 'phone-1');
      const phoneJoinStartedAt = Date.now();
      await startPage(phone);

      const firstVideo = await waitFor(
        'inspector A to decode the phone’s video',
        async () => {
          const stats = await readStats(inspectorA);
          return stats.video && stats.video.framesDecoded > 0 ? stats : null;
        },
        60_000,
      );
      const firstFrameAt = firstVideo.firstFrameAt ?? Date.now();
      const joinToFirstFrameMs = firstFrameAt - phoneJoinStartedAt;

      // Chrome ramps the resolution up as its bandwidth estimate grows.
      const sharp = await waitFor(
        'inspector A to receive at least 640 px wide video',
        async () => {
          const stats = await readStats(inspectorA);
          return stats.video && stats.video.frameWidth >= 640 ? stats : null;
        },
        60_000,
      );
      const sharpAt = Date.now();

      const phoneHearsInspectors = await waitFor(
        'the phone to receive both inspectors’ audio',
        async () => {
          const stats = await readStats(phone);
          const a = slotAudio(stats, 0);
          const b = slotAudio(stats, 1);
          return a && b && a.packetsReceived > 20 && b.packetsReceived > 20 ? stats : null;
        },
        30_000,
      );
      const inspectorBHearsA = await waitFor(
        'inspector B to receive inspector A’s audio',
        async () => {
          const stats = await readStats(inspectorB);
          const a = slotAudio(stats, 0);
          return a && a.packetsReceived > 20 ? a : null;
        },
        30_000,
      );
      const inspectorAHearsPhone = await waitFor(
        'inspector A to receive the phone’s audio',
        async () => {
          const stats = await readStats(inspectorA);
          const audio = stats.audio.find((entry) => entry.totalSamplesReceived > 0 && entry.mid === '1');
          return audio ?? null;
        },
        30_000,
      );

      // The snapshot hook: a control message to the phone and its reply.
      const snapshotReply = waitFor(
        'the phone’s snapshot reply',
        async () => events.find((event) => event.type === 'peer-message') ?? null,
        20_000,
      );
      await waitFor(
        'the phone’s control channel to open',
        async () => engine.sendToPeer('room-1', 'phone-1', JSON.stringify({ type: 'snapshot-request', requestId: 'r1' })),
        20_000,
      );
      const reply = await snapshotReply;

      // At least 10 s of the first segment.
      const firstStarted = await waitFor(
        'the first segment to start',
        async () => events.find((event) => event.type === 'recording-segment-started') ?? null,
        30_000,
      );
      await waitFor('10.5 s of recording', async () => Date.now() - firstStarted.seenAt >= 10_500, 30_000);

      // The phone reloads: a new connection, a new segment, the gap reported; inspectors keep decoding.
      const framesBeforeRejoin = (await readStats(inspectorA)).video?.framesDecoded ?? 0;
      await phone.reload();
      await startPage(phone);
      await waitFor(
        'the second segment to start',
        async () => events.filter((event) => event.type === 'recording-segment-started').length >= 2,
        30_000,
      );
      await waitFor(
        'inspector A to decode the rejoined phone',
        async () => {
          const stats = await readStats(inspectorA);
          return (stats.video?.framesDecoded ?? 0) > framesBeforeRejoin + 60;
        },
        30_000,
      );
      const secondStarted = events.filter((event) => event.type === 'recording-segment-started')[1];
      await waitFor('4 s of the second segment', async () => Date.now() - (secondStarted?.seenAt ?? 0) >= 4000, 30_000);

      const latest = await readStats(inspectorA);
      const segments = await engine.stopRecording('room-1');

      const [first, second] = segments;
      expect(segments).toHaveLength(2);
      if (!first || !second) {
        throw new Error('two segments expected');
      }
      const firstProbe = ffprobe(first.path);
      const secondProbe = ffprobe(second.path);
      const firstDuration = Number(firstProbe.format.duration);
      const secondDuration = Number(secondProbe.format.duration);

      console.info(
        [
          `phone join → first decoded frame at inspector A: ${joinToFirstFrameMs} ms`,
          `resolution at inspector A: first ${firstVideo.video?.frameWidth}×${firstVideo.video?.frameHeight}, ≥ 640 px within ${sharpAt - phoneJoinStartedAt} ms of joining, at the end ${latest.video?.frameWidth}×${latest.video?.frameHeight}`,
          `segment 1: ${firstDuration.toFixed(2)} s in file vs ${(first.durationMs / 1000).toFixed(2)} s recorded, ${first.width}×${first.height}, ${first.sizeBytes} bytes, remuxed ${first.isRemuxed}`,
          `segment 2: ${secondDuration.toFixed(2)} s in file vs ${(second.durationMs / 1000).toFixed(2)} s recorded, gap before ${second.gapBeforeMs} ms`,
          ...segments.flatMap((segment) =>
            segment.inspectorAudio.map(
              (file) =>
                `segment ${segment.index} ${file.peerId} voice: ${Number(ffprobe(file.path).format.duration).toFixed(2)} s in file vs ${((file.endedAt.getTime() - file.startedAt.getTime()) / 1000).toFixed(2)} s recorded`,
            ),
          ),
          `phone hears inspectors: ${slotAudio(phoneHearsInspectors, 0)?.packetsReceived} / ${slotAudio(phoneHearsInspectors, 1)?.packetsReceived} packets; B hears A: ${inspectorBHearsA.packetsReceived}; A hears phone: ${inspectorAHearsPhone.packetsReceived}`,
        ].join('\n'),
      );

      expect(firstVideo.video?.framesDecoded).toBeGreaterThan(0);
      expect(sharp.video?.frameWidth).toBeGreaterThanOrEqual(640);
      expect(JSON.parse(reply.type === 'peer-message' ? reply.message : '{}')).toMatchObject({ type: 'snapshot-ready', requestId: 'r1' });

      for (const [segment, probe, duration] of [
        [first, firstProbe, firstDuration],
        [second, secondProbe, secondDuration],
      ] as const) {
        expect(probe.streams.map((entry) => entry.codec_type).sort()).toEqual(['audio', 'video']);
        expect(probe.streams.find((entry) => entry.codec_type === 'video')?.codec_name).toBe('vp8');
        expect(probe.streams.find((entry) => entry.codec_type === 'audio')?.codec_name).toBe('opus');
        expect(Math.abs(duration - segment.durationMs / 1000)).toBeLessThanOrEqual(2);
        expect((await hashFile(segment.path)).sha256).toBe(segment.sha256);
        expect(segment.path).toMatch(/segment-00\d\.webm$/);
        // Both inspectors were talking through the whole segment: one voice file each.
        expect(segment.inspectorAudio.map((file) => file.peerId).sort()).toEqual(['inspector-a', 'inspector-b']);
        for (const file of segment.inspectorAudio) {
          const voice = ffprobe(file.path);
          expect(voice.streams.map((entry) => `${entry.codec_type}/${entry.codec_name}`)).toEqual(['audio/opus']);
          expect(Math.abs(Number(voice.format.duration) - (file.endedAt.getTime() - file.startedAt.getTime()) / 1000)).toBeLessThanOrEqual(
            2,
          );
          expect((await hashFile(file.path)).sha256).toBe(file.sha256);
        }
      }
      // Nothing is written once a segment is finalised: no partial file comes back, no hash goes stale.
      await new Promise((done) => setTimeout(done, 6000));
      expect((await readdir(dirname(first.path))).filter((name) => name.includes('.partial.'))).toEqual([]);
      for (const segment of segments) expect((await hashFile(segment.path)).sha256).toBe(segment.sha256);
      expect(first.durationMs).toBeGreaterThanOrEqual(10_000);
      expect(first.width).toBeGreaterThanOrEqual(640);
      expect(first.gapBeforeMs).toBeNull();
      expect(second.gapBeforeMs).not.toBeNull();
      expect(second.gapBeforeMs ?? -1).toBeGreaterThanOrEqual(0);
      expect(second.index).toBe(first.index + 1);
      expect(events.filter((event) => event.type === 'recording-segment-finalised')).toHaveLength(2);
      expect(events.some((event) => event.type === 'peer-left' && event.peerId === 'phone-1')).toBe(true);
      expect(events.some((event) => event.type === 'first-media' && event.role === 'phone' && event.kind === 'video')).toBe(true);
      expect(events.some((event) => event.type === 'first-media' && event.role === 'inspector' && event.kind === 'audio')).toBe(true);

      // A closed room leaves nothing running: no socket, no timer (a server runs inspection after inspection).
      await engine.closeRoom('room-1');
      const left = await waitFor(
        'the room’s sockets and timers to go',
        async () => {
          const now = activeResources();
          return now.UDPWrap === resourcesBefore.UDPWrap && now.Timeout <= resourcesBefore.Timeout ? now : null;
        },
        10_000,
      ).catch(() => activeResources());
      console.info(`active resources before the room: ${JSON.stringify(resourcesBefore)}; after closing it: ${JSON.stringify(left)}`);
      expect(left.UDPWrap).toBe(resourcesBefore.UDPWrap);
      expect(left.Timeout).toBeLessThanOrEqual(resourcesBefore.Timeout);
    } finally {
      await engine.close();
    }
  }, 300_000);

  it('keeps what was recorded when the server process is killed with SIGKILL', async () => {
    const recordingFolder = join(workFolder, 'crash-room');
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(here, 'media-crash-harness.mjs'), recordingFolder], {
      cwd: repositoryRoot,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    type ChildMessage =
      | { type: 'ready' }
      | { type: 'segment-started'; partialPath: string; startedAt: number }
      | { type: 'joined'; id: number; answerSdp?: string; error?: string };
    const messages: ChildMessage[] = [];
    child.on('message', (message) => messages.push(message as ChildMessage));
    try {
      await waitFor('the engine process to start', async () => messages.some((message) => message.type === 'ready'), 60_000);
      let nextId = 1;
      signalling.setJoinHandler(async (input) => {
        const id = nextId++;
        child.send({ type: 'join', id, input });
        const reply = await waitFor(
          'the engine process to answer',
          async () => messages.find((message) => message.type === 'joined' && message.id === id),
          30_000,
        );
        if (reply.type !== 'joined' || !reply.answerSdp) {
          throw new Error(`join failed in the engine process: ${reply.type === 'joined' ? reply.error : ''}`);
        }
        return { answerSdp: reply.answerSdp };
      });
      child.send({ type: 'start-recording' });

      const phone = await openPage(await newContext(), signalling.origin, 'phone', 'crash-room', 'phone-crash');
      await startPage(phone);
      const started = await waitFor(
        'the segment to start in the engine process',
        async () => {
          const message = messages.find((entry) => entry.type === 'segment-started');
          return message?.type === 'segment-started' ? message : null;
        },
        60_000,
      );
      await waitFor('8 s of recording', async () => Date.now() - started.startedAt >= 8000, 30_000);

      const killedAt = Date.now();
      child.kill('SIGKILL');
      await new Promise((done) => (child.exitCode !== null || child.signalCode !== null ? done(null) : child.once('exit', done)));
      const recordedMs = killedAt - started.startedAt;

      const partial = await stat(started.partialPath);
      expect(partial.size).toBeGreaterThan(0);
      const [recovered] = await recoverInterruptedSegments(recordingFolder, { ffmpegPath: hasFfmpeg ? 'ffmpeg' : null });
      if (!recovered) {
        throw new Error('no segment was recovered');
      }
      const probe = ffprobe(recovered.path);
      const duration = Number(probe.format.duration);
      console.info(
        `killed after ${(recordedMs / 1000).toFixed(2)} s of recording; the recovered file holds ${duration.toFixed(2)} s (${recovered.sizeBytes} bytes)`,
      );
      expect(probe.streams.map((entry) => entry.codec_type)).toContain('video');
      expect(duration).toBeGreaterThanOrEqual(recordedMs / 1000 - 2);
      expect(duration).toBeLessThanOrEqual(recordedMs / 1000 + 2);
      expect((await hashFile(recovered.path)).sha256).toBe(recovered.sha256);
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
      }
    }
  }, 240_000);
});
