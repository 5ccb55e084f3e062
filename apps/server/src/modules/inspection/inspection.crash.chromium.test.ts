import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InspectionTimeline, LiveServerMessage, LiveSessionState } from '@yuanqu/shared';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from '../../test/test-database.js';
import type { CrashServerClient, CrashServerMessage, CrashServerOrder } from './inspection.crash-server.test-support.js';
import { chinaMorning } from './inspection.live.test-support.js';
import { hashFile } from './media/index.js';
import { CAMERA_FPS, ffprobe, launchChromiumWithCamera, mediaSkipReason, videoAdvances, waitUntil } from '../../test/chromium-media.js';

/*
 * The whole server process killed in the middle of a recorded live inspection. The app runs in a
 * child process (inspection.crash-server.test-support.ts) on a database and data folder that this
 * test owns; Chromium is the applicant's phone (fake camera and microphone) and two inspectors. Once
 * the inspector has seen about 6 s of recorded video the child gets SIGKILL, and a new child starts
 * on the same database and folder (with PGlite it takes over the lock file the dead one left). Then,
 * through the HTTP API: the inspection is `interrupted` and can be resumed with the same links, the
 * segment recovered from the partial file plays (ffprobe: video and audio, as long as what was
 * recorded up to the kill, give or take the 1 s flush) and hashes to what is stored; the phone's
 * same link rejoins and recording goes on in a new segment after a recorded gap.
 * Skipped without /usr/bin/chromium or ffprobe, like the other Chromium tests.
 */

const skipReason = mediaSkipReason;
if (skipReason) console.warn(`inspection.crash.chromium.test.ts skipped: ${skipReason} (apt-get install chromium ffmpeg)`);

const PAGE = fs.readFileSync(path.join(import.meta.dirname, 'live-test-page.html'), 'utf8');
const SERVER_ENTRY = path.join(import.meta.dirname, 'inspection.crash-server.test-support.ts');
const repositoryRoot = path.resolve(import.meta.dirname, '../../../../..');

const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A port that is free now; both server processes listen on it, so the links stay the same across the restart. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address !== 'object') throw new Error('no port');
  return address.port;
}

/** One server process: its IPC messages, its output (shown when something fails) and its end. */
interface ServerProcess {
  child: ChildProcess;
  messages: CrashServerMessage[];
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  isRunning(): boolean;
}

function startServer(env: Record<string, string>): ServerProcess {
  let output = '';
  const messages: CrashServerMessage[] = [];
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=yuanqu-source', SERVER_ENTRY], {
    cwd: repositoryRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.on('message', (message) => messages.push(message as CrashServerMessage));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    messages,
    output: () => output,
    exited,
    isRunning: () => child.exitCode === null && child.signalCode === null,
  };
}

async function waitForMessage<T extends CrashServerMessage['type']>(
  server: ServerProcess,
  type: T,
  what: string,
  timeoutMs: number,
): Promise<Extract<CrashServerMessage, { type: T }>> {
  return waitUntil(
    what,
    async () => {
      const failed = server.messages.find((message) => message.type === 'failed');
      if (failed) throw new Error(`the server process failed: ${failed.message}\n${server.output()}`);
      const found = server.messages.find((message): message is Extract<CrashServerMessage, { type: T }> => message.type === type);
      if (found) return found;
      if (!server.isRunning()) throw new Error(`the server process exited before ${what}:\n${server.output()}`);
      return null;
    },
    timeoutMs,
  ).catch((error: unknown) => {
    // waitUntil keeps the last error only as text: say what the process printed.
    throw new Error(`${String(error)}\n--- server output ---\n${server.output()}`);
  });
}

type PageMessage = LiveServerMessage | { type: 'closed'; code: number; reason: string };

describe.skipIf(skipReason !== null)('the server process killed in a recorded live inspection, with Chromium', () => {
  let workDir: string;
  let dataDir: string;
  let port: number;
  let base: string;
  let browser: Browser;
  /** PostgreSQL: the test's database, which outlives both server processes (dropped in afterAll). */
  let database: TestDatabase | null = null;
  const servers: ServerProcess[] = [];
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yuanqu-crash-'));
    dataDir = path.join(workDir, 'data');
    if (testDatabaseKind === 'postgres') database = await createTestDatabase();
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
    browser = await launchChromiumWithCamera(workDir);
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    for (const server of servers) {
      if (server.isRunning()) server.child.kill('SIGKILL');
      await server.exited;
    }
    await database?.close();
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  }, 60_000);

  function launch(isFirst: boolean): ServerProcess {
    const server = startServer({
      CRASH_DATA_DIR: dataDir,
      CRASH_DATABASE_URL: database?.url ?? '',
      CRASH_PORT: String(port),
      CRASH_CLOCK: chinaMorning('2026-03-03'),
      CRASH_BOOK: isFirst ? '1' : '',
    });
    servers.push(server);
    return server;
  }

  /** A participant's page on the app's origin; the origin (and so the links) is the same for both server processes. */
  async function openParticipant(client?: CrashServerClient): Promise<Page> {
    const context = await browser.newContext({ bypassCSP: true });
    contexts.push(context);
    if (client) {
      const [name, value] = client.cookie.split('=') as [string, string];
      await context.addCookies([{ name, value, url: base }]);
    }
    const page = await context.newPage();
    await page.goto(`${base}/healthz`);
    await page.setContent(PAGE);
    return page;
  }

  const received = (page: Page) => page.evaluate('window.live.state.received') as Promise<PageMessage[]>;
  const send = (page: Page, message: object) => page.evaluate(`window.live.send(${JSON.stringify(message)})`);
  const start = (page: Page, role: 'phone' | 'inspector', socketPath: string) =>
    page.evaluate(`window.live.start(${JSON.stringify(role)}, ${JSON.stringify(socketPath)})`);
  async function lastOf<T extends LiveServerMessage['type']>(
    page: Page,
    type: T,
    predicate: (message: Extract<LiveServerMessage, { type: T }>) => boolean = () => true,
  ) {
    const all = (await received(page)).filter(
      (message): message is Extract<LiveServerMessage, { type: T }> =>
        message.type === type && predicate(message as Extract<LiveServerMessage, { type: T }>),
    );
    return all.at(-1) ?? null;
  }
  const framesDecoded = async (page: Page) => ((await page.evaluate('window.live.stats()')) as { framesDecoded: number }).framesDecoded;

  /** A GET through the API as `client` (the cookies are in the database, so they work on both processes). */
  async function get(client: CrashServerClient | null, url: string): Promise<Response> {
    return fetch(`${base}${url}`, { headers: client ? { cookie: client.cookie } : {} });
  }

  /** What the first test saw, for the second one. */
  let observed: {
    recordedMs: number;
    killedAt: number;
    durationMs: number | null;
    endedAt: number;
    gapMs: number;
    restartedAt: number;
    secondStartedAt: number;
  } | null = null;

  const lockHolder = () => (JSON.parse(fs.readFileSync(path.join(dataDir, 'yuanqu.lock'), 'utf8')) as { pid: number }).pid;

  it('keeps the recording up to the kill, shows the session interrupted and resumable, and records on in a new segment after the gap', async () => {
    // The first server process books an inspection and hands over its ids, link and sign-in cookies.
    const first = launch(true);
    const firstReady = await waitForMessage(first, 'ready', 'the first server process to start', 180_000);
    expect(firstReady.recovered).toEqual([]);
    const world = firstReady.world!;
    expect(world).toMatchObject({ inspectionId: expect.any(String), token: expect.any(String) });
    const [inspector] = world.inspectors;
    const inspectionPath = `/api/inspections/${world.inspectionId}/live`;
    const phonePath = `/api/public/inspections/${world.token}/live`;
    const folder = path.join(dataDir, 'recordings', world.inspectionId);
    if (testDatabaseKind === 'pglite') expect(lockHolder()).toBe(firstReady.pid);

    const inspectorA = await openParticipant(world.inspectors[0]);
    const inspectorB = await openParticipant(world.inspectors[1]);
    const phone = await openParticipant();
    await start(inspectorA, 'inspector', inspectionPath);
    await start(inspectorB, 'inspector', inspectionPath);
    await start(phone, 'phone', phonePath);
    await waitUntil('inspector A to decode the phone’s video', async () => (await framesDecoded(inspectorA)) > 10, 90_000);

    await send(inspectorA, { type: 'start-recording', ref: 'rec-1' });
    const recording = await waitUntil(
      'the first segment to record',
      () =>
        lastOf(
          inspectorA,
          'recording',
          (message) => message.recording.state === 'recording' && message.recording.currentSegment?.segment === 1,
        ),
      60_000,
    );
    // The engine's wall-clock start of the segment (its first keyframe).
    const segmentStartedAt = Date.parse(recording.recording.currentSegment!.startedAt);
    await send(inspectorB, { type: 'checklist-mark', itemKey: 'door_number', mark: 'ok', note: '门牌号清晰可见' });
    // About 6 s of video through the server and into the recording.
    await videoAdvances(inspectorA, 6 * CAMERA_FPS, 120_000);
    expect(fs.statSync(path.join(folder, 'segment-001.partial.webm')).size).toBeGreaterThan(0);

    // SIGKILL: no shutdown hook runs, nothing is finalised.
    const killedAt = Date.now();
    first.child.kill('SIGKILL');
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    const recordedMs = killedAt - segmentStartedAt;
    const left = fs.readdirSync(folder).sort();
    expect(left).toContain('segment-001.partial.webm');
    expect(left.filter((name) => /^segment-001\.inspector-\d+\.partial\.webm$/.test(name))).toHaveLength(2);
    // Beside each voice file, who speaks in it (the engine's memory of that dies with the process).
    expect(left.filter((name) => !name.includes('.partial.'))).toEqual(['segment-001.inspector-1.owner.json', 'segment-001.inspector-2.owner.json']);
    // PGlite: the dead process's lock file is still there, naming it.
    if (testDatabaseKind === 'pglite') expect(lockHolder()).toBe(firstReady.pid);
    // Every participant sees its socket drop; their pages let go of the dead connections.
    for (const page of [inspectorA, inspectorB, phone]) {
      await waitUntil('the socket to close', async () => (await received(page)).some((message) => message.type === 'closed'), 30_000);
      await page.evaluate('window.live.drop()');
    }

    // A new server process on the same database and data folder.
    const second = launch(false);
    const secondReady = await waitForMessage(second, 'ready', 'the second server process to start', 180_000);
    const secondReadyAt = Date.now();
    expect(secondReady.world).toBeNull();
    if (testDatabaseKind === 'pglite') expect(lockHolder()).toBe(secondReady.pid);
    const recoveredHere = secondReady.recovered.find((entry) => entry.inspectionId === world.inspectionId);
    expect(recoveredHere?.recovered.map((entry) => entry.path).sort()).toEqual(
      [
        `${world.inspectionId}/segment-001.webm`,
        ...left
          .filter((name) => name.includes('.inspector-') && name.endsWith('.partial.webm'))
          .map((name) => `${world.inspectionId}/${name.replace('.partial.webm', '.webm')}`),
      ].sort(),
    );
    expect(fs.readdirSync(folder).filter((name) => name.includes('.partial.') || name.includes('.remux.') || name.endsWith('.owner.json'))).toEqual([]);

    // The inspection is interrupted, nobody is in it, and its recording is the recovered segment.
    const stateReply = await get(inspector, `/api/inspections/${world.inspectionId}/live-state`);
    expect(stateReply.status).toBe(200);
    const state = (await stateReply.json()) as LiveSessionState;
    expect(state).toMatchObject({
      status: 'interrupted',
      isOpen: false,
      participants: [],
      isPhonePresent: false,
      recording: { state: 'off', currentSegment: null },
    });
    expect(state.segments).toHaveLength(1);
    const recovered = state.segments[0]!;
    expect(recovered).toMatchObject({
      segment: 1,
      status: 'interrupted',
      gapBeforeMs: null,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      url: expect.any(String),
    });
    expect(Date.parse(recovered.startedAt)).toBe(segmentStartedAt);
    const timeline = (await (await get(inspector, `/api/inspections/${world.inspectionId}/timeline`)).json()) as InspectionTimeline;
    const interrupted = timeline.events.filter((event) => event.kind === 'session_interrupted');
    expect(interrupted).toHaveLength(1);
    expect(interrupted[0]).toMatchObject({ details: { reason: 'server_restart' } });
    expect(timeline.events.find((event) => event.kind === 'checklist_mark')).toMatchObject({ segment: 1, offsetMs: expect.any(Number) });

    // Resumable: the phone's link and the inspectors' entry still answer with the connection settings.
    expect((await get(null, `/api/public/inspections/${world.token}/live-config`)).status).toBe(200);
    const inspectorConfig = await get(inspector, inspectionPath);
    expect(inspectorConfig.status).toBe(200);
    expect(await inspectorConfig.json()).toMatchObject({ maxInspectors: expect.any(Number) });

    // The recovered file: stored hash = file on disk = download; it plays, as long as what was recorded.
    const file = path.join(folder, 'segment-001.webm');
    expect(await hashFile(file)).toEqual({ sha256: recovered.sha256, sizeBytes: recovered.sizeBytes });
    const download = await get(inspector, recovered.url!);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('video/webm');
    expect(download.headers.get('x-content-sha256')).toBe(recovered.sha256);
    expect(sha256Of(Buffer.from(await download.arrayBuffer()))).toBe(recovered.sha256);
    const probe = ffprobe(file);
    expect(probe.streams.map((stream) => `${stream.codec_type}/${stream.codec_name}`).sort()).toEqual(['audio/opus', 'video/vp8']);
    const durationS = Number(probe.format.duration);
    console.info(
      `[${testDatabaseKind}] killed ${(recordedMs / 1000).toFixed(2)} s into the segment; the recovered file holds ${durationS.toFixed(2)} s ` +
        `(${recovered.sizeBytes} bytes); stored durationMs ${recovered.durationMs}`,
    );
    // Everything muxed before the kill was in the file (flushed every second at most), and nothing more.
    expect(durationS).toBeGreaterThanOrEqual(recordedMs / 1000 - 2);
    expect(durationS).toBeLessThanOrEqual(recordedMs / 1000 + 2);
    // The stored duration and end are checked in the test below.
    expect(recovered.durationMs).toBeGreaterThanOrEqual(recordedMs - 2000);
    expect(Date.parse(recovered.endedAt!)).toBeGreaterThanOrEqual(killedAt - 2000);
    // Both inspectors' voices were recovered too, hashed, and download as stored.
    expect(recovered.inspectorAudio).toHaveLength(2);
    expect(recovered.inspectorAudio.map((audio) => audio.inspectorId).sort()).toEqual(world.inspectors.map((client) => client.userId).sort());
    for (const audio of recovered.inspectorAudio) {
      expect(audio).toMatchObject({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/), url: expect.any(String) });
      const voice = await get(inspector, audio.url!);
      expect(voice.status).toBe(200);
      expect(sha256Of(Buffer.from(await voice.arrayBuffer()))).toBe(audio.sha256);
    }

    // The phone's same link rejoins: the session is live again, with the recovered segment.
    await start(phone, 'phone', phonePath);
    const welcome = await lastOf(phone, 'welcome');
    expect(welcome?.session).toMatchObject({
      status: 'live',
      isOpen: true,
      segments: [{ segment: 1, status: 'interrupted', sha256: recovered.sha256 }],
    });
    await start(inspectorA, 'inspector', inspectionPath);
    await start(inspectorB, 'inspector', inspectionPath);
    await waitUntil('inspector A to decode the phone’s video again', async () => (await framesDecoded(inspectorA)) > 10, 90_000);
    await send(inspectorA, { type: 'start-recording', ref: 'rec-2' });
    const resumed = await waitUntil(
      'the second segment to record',
      () =>
        lastOf(
          inspectorA,
          'recording',
          (message) => message.recording.state === 'recording' && message.recording.currentSegment?.segment === 2,
        ),
      60_000,
    );
    const secondStartedAt = Date.parse(resumed.recording.currentSegment!.startedAt);
    const gapEvent = await waitUntil('the gap event', () => lastOf(inspectorA, 'event', (message) => message.event.kind === 'gap'), 30_000);
    await videoAdvances(inspectorA, 2 * CAMERA_FPS, 120_000);
    await send(inspectorA, { type: 'end-session', reason: 'done' });
    const ended = await waitUntil('the session to end', () => lastOf(inspectorB, 'session-ended'), 60_000);
    expect(ended.segments.map((segment) => [segment.segment, segment.status])).toEqual([
      [1, 'interrupted'],
      [2, 'final'],
    ]);

    // The gap runs from the end of what the killed process kept to the new segment's start.
    const after = (await (await get(inspector, `/api/inspections/${world.inspectionId}/timeline`)).json()) as InspectionTimeline;
    const gap = after.events.find((event) => event.kind === 'gap');
    expect(gap).toMatchObject({
      id: gapEvent.event.id,
      segment: 2,
      details: { afterSegment: 1, beforeSegment: 2, gapMs: expect.any(Number) },
    });
    const gapMs = (gap!.details as { gapMs: number }).gapMs;
    console.info(`[${testDatabaseKind}] gap ${gapMs} ms; the new segment started ${secondStartedAt - killedAt} ms after the kill`);
    // Its length is checked in the test below (known to be short by the downtime).
    expect(gapMs).toBeGreaterThan(0);
    expect(gapMs).toBeLessThanOrEqual(secondStartedAt - killedAt + 2000);
    observed = {
      recordedMs,
      killedAt,
      durationMs: recovered.durationMs,
      endedAt: Date.parse(recovered.endedAt!),
      gapMs,
      restartedAt: secondReadyAt,
      secondStartedAt,
    };
    expect(after.segments).toHaveLength(2);
    expect(after.segments[0]).toMatchObject({ segment: 1, status: 'interrupted', sha256: recovered.sha256 });
    expect(after.segments[1]).toMatchObject({
      segment: 2,
      status: 'final',
      gapBeforeMs: gapMs,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const secondFile = path.join(folder, 'segment-002.webm');
    expect((await hashFile(secondFile)).sha256).toBe(after.segments[1]!.sha256);
    expect(
      ffprobe(secondFile)
        .streams.map((stream) => stream.codec_type)
        .sort(),
    ).toEqual(['audio', 'video']);

    // Every file on record re-hashes to its stored SHA-256: two segments, each with two inspectors' voices.
    second.child.send({ type: 'verify' } satisfies CrashServerOrder);
    const verified = await waitForMessage(second, 'verified', 'the recordings to be verified', 60_000);
    expect(verified.verification).toMatchObject({ isIntact: true, checked: 6, inProgress: 0, problems: [] });
    second.child.send({ type: 'stop' } satisfies CrashServerOrder);
    expect(await second.exited).toEqual({ code: 0, signal: null });
  }, 600_000);

  /*
   * The recovered segment's end (`endedAt`, and from it `durationMs` and the next segment's gap) is the
   * partial file's last write before the kill (within the 1 s flush), not the moment the remux at
   * restart rewrote the file: the downtime is a gap, not recorded time.
   */
  it('stores the recovered segment’s end, duration and the gap after it as of the last write before the kill', () => {
    expect(observed).not.toBeNull();
    const seen = observed!;
    console.info(
      `[${testDatabaseKind}] stored durationMs ${seen.durationMs} for ${seen.recordedMs} ms recorded; endedAt ${seen.endedAt - seen.killedAt} ms after the kill ` +
        `(the new process was ready ${seen.restartedAt - seen.killedAt} ms after it); gap ${seen.gapMs} ms for ${seen.secondStartedAt - seen.killedAt} ms from the kill to the new segment`,
    );
    expect(seen.endedAt).toBeGreaterThanOrEqual(seen.killedAt - 2000);
    expect(seen.endedAt).toBeLessThanOrEqual(seen.killedAt);
    expect(seen.durationMs).toBeGreaterThanOrEqual(seen.recordedMs - 2000);
    expect(seen.durationMs).toBeLessThanOrEqual(seen.recordedMs);
    expect(seen.gapMs).toBeGreaterThanOrEqual(seen.secondStartedAt - seen.killedAt);
  });
});
