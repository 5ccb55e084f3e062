#!/usr/bin/env node
// `npm run bench:inspection`: the remote inspection's live sessions (远程踏勘) through the built server,
// on loopback, with Chromium as the applicant's phone (fake 720p camera) and as the inspectors, or,
// for the concurrent sessions (BENCH_CLIENTS=synthetic), with a light load generator of werift peers
// that send a real pre-encoded 720p VP8 + Opus clip.
//
// How:
//  1. Builds packages/shared and the server (tsc), starts `node apps/server/dist/server.js` on a new
//     DATA_DIR (embedded PGlite, demo seed) with the media engine on loopback (ICE_ONLY_ADDRESSES,
//     ICE_PUBLIC_ADDRESSES, ICE_BIND_ADDRESS = 127.0.0.1, ICE_USE_IPV6=false), and measures it idle
//     (CPU, RSS, event-loop delay over 10 s). With synthetic clients it first has ffmpeg encode their
//     clip (below), so that the encoding does not overlap any measurement.
//  2. Books 1 + max(BENCH_SESSIONS) inspections through the API on the demo data (the demo applicant
//     applies for XYGX-GH-002, the demo clerk accepts and books it; scripts/bench/inspection-setup.mjs)
//     and signs in the two demo inspectors (xy.inspector, xy.inspector2). The server lets the same
//     inspector be in several sessions at once (participants and media peers are per room), so those
//     two are the two distinct inspectors of every session, whichever the clients.
//  3. Launches two Chromium browsers (playwright-core, /usr/bin/chromium) when the first-frame runs or
//     the session levels need them: the phones' with a fake camera playing a y4m made by ffmpeg
//     (testsrc2=size=1280x720:rate=30, 2 s, looped) and the inspectors' with fake microphones; each
//     participant is a context of its own whose page (scripts/bench/inspection-page.mjs) speaks the live
//     protocol over the app's WebSocket.
//  4. First frame, BENCH_RUNS times on the first inspection, always with Chromium: a fresh inspector
//     joins and connects, then a fresh phone joins; the time from the phone sending `join` (its complete
//     offer) to the first frame the inspector's <video> presents (requestVideoFrameCallback), and to the
//     first getStats() poll (every 10 ms) with framesDecoded > 0. The inspector then ends the session.
//     After the runs the server is measured idle again as in step 1 (idleAfterFirstFrame): what the
//     ended sessions leave running.
//  5. The first session after the server's start (BENCH_SETTLE, on by default): one session measured as
//     below and kept apart in `firstSessionAfterStart`, not judged. A server just started holds its
//     start-up's garbage (the demo seed and the migrations leave the app's heap at about 130 MiB, 65 MiB
//     of it live) until a major collection in its first minutes, with or without a session (some
//     0.5–0.7 s of CPU on V8's helper threads), which here fell in the first session's window; its media
//     worker also starts with cold code. A server in service pays that once, not per session; the levels
//     below measure the server as it then is.
//  6. For each count in BENCH_SESSIONS: that many sessions, each a phone and two inspectors, joined one
//     after the other, recording started (it needs the two distinct inspectors) and the first segment
//     open; BENCH_WARMUP seconds (for Chrome to ramp up its bitrate); then a BENCH_WINDOW-second window:
//     the server's CPU (utime + stime from /proc/<pid>/stat, % of one core), its RSS (end and peak),
//     the event-loop delay (prom-client's monitorEventLoopDelay histogram from GET /metrics, reset by a
//     scrape at the start of the window and read at its end; with the media in worker threads, each
//     worker's loop too, and the 50 ms target is judged on the worst of them), the growth of the recordings being
//     written, what the phones send and the inspectors receive, the machine's CPU and load and the
//     clients' CPU (the browsers', or the load generator's). Then the inspectors end the sessions and
//     the finished segment files are measured (bytes per recorded minute, keyframe sizes with ffprobe).
//     Each level says which clients it used (`clients`; `clientsByLevel` in the result).
//
//     Clients of the session levels:
//      - chromium (default): the pages of step 3; what they send and receive comes from getStats().
//        On a 2-core machine the browsers (720p VP8 encoding per phone, decoding per inspector, about a
//        core per session) starve the server from 3–5 sessions on.
//      - synthetic: the browsers of the first-frame runs are closed; one Node process
//        (scripts/bench/inspection-synthetic-clients.mjs, under `nice` like the browsers) holds every
//        phone and inspector as a werift RTCPeerConnection that speaks the same protocol over the same
//        WebSockets (welcome → transceivers from welcome.config.layout → complete offer → join →
//        answer; VP8 + Opus, mid extension, no TWCC, host candidates on 127.0.0.1 only). At the start
//        the benchmark has ffmpeg (libvpx, realtime, CBR) encode once an 18 s 1280x720 30 fps VP8 clip
//        at BENCH_SYNTHETIC_KBPS (2000) with a keyframe every 3 s and no alt-ref frames, from a moving
//        test picture with temporal noise, and an 18 s mono Opus clip (32 kbit/s, 20 ms frames). Each
//        phone packetises and sends that clip at real-time pace (RFC 7741 payloads with a picture id,
//        frames at 30 fps with RTP timestamps at whole milliseconds as libwebrtc stamps them, spread at
//        2.5 × the bitrate like Chrome's pacer, audio every 20 ms, the clip looped with continuous
//        sequence numbers, timestamps and picture ids) through werift's MediaStreamTrack.writeRtp();
//        the sender sets the negotiated payload type and SSRC. Each
//        inspector sends the Opus clip as its microphone and counts what it receives (packets, bytes,
//        complete frames from the first keyframe on, keyframes and their picture size, sequence gaps,
//        gaps of more than 200 ms between frames as freezes) without decoding. The phones do not answer
//        the server's keyframe requests (PLI): the clip's keyframes every 3 s stand in for the ones
//        Chrome makes on the server's PLI every 3 s (the requests are counted). The level also records
//        the load generator's own event-loop delay and how late it sent frames and audio against their
//        schedule (loadGeneratorPacing), which tells when the load generator, not the server, was short
//        of CPU. Phones report the clip's size (1280x720) and the bytes they sent; the inspectors'
//        `framesDecoded` are complete frames received, not decoded ones.
//  Prints a summary on stderr and the result as ONE JSON object on the last line of stdout (also
//  written to BENCH_OUT_DIR/result.json): firstFrameMsMedian, cpuPercentPerSession, sessions (one entry
//  per level, with `clients`), clientsByLevel, clientsCpuPercent (load generator or both browsers, % of
//  one core), targets, and the rest.
//
// Options (environment):
//   BENCH_SESSIONS=1,5,10   concurrent session counts to measure, in order
//   BENCH_CLIENTS=chromium  the clients of the session levels: chromium or synthetic (the first-frame runs
//                           always use Chromium)
//   BENCH_RUNS=10           first-frame runs (0 skips them; with BENCH_CLIENTS=synthetic, Chromium is then
//                           not started at all)
//   BENCH_WINDOW=30         seconds of each measuring window; BENCH_WARMUP seconds before it (30 with
//                           Chromium, whose bitrate ramps up; 15 with synthetic clients)
//   BENCH_SYNTHETIC_KBPS=2000   video bitrate of the synthetic phones' clip (kept in BENCH_OUT_DIR and
//                           reused when the same folder is given again)
//   BENCH_MAX_LOAD          on a shared machine: before the first-frame runs and each session count, wait
//                           (at most BENCH_MAX_LOAD_WAIT=600 s) until the 1-minute load average is at most this
//   BENCH_SETTLE=1          measure the first session after the server's start apart (step 5; 0: skip it,
//                           and the first level is then that session)
//   BENCH_PORT=3500         the server's port
//   BENCH_SKIP_BUILD=1      use the existing apps/server/dist and packages/shared/dist
//   BENCH_CHROMIUM=/usr/bin/chromium
//   BENCH_BROWSER_NICE=10   the browsers and the synthetic load generator run under `nice -n 10` (0: not),
//                           so that on a small machine the server, which in production has its machine to
//                           itself, is not starved by the load generator; other processes on the machine
//                           still compete with it
//   BENCH_ITEM_CODE=XYGX-GH-002   the demo item (must need a site inspection) the cases apply for
//   BENCH_OUT_DIR           where the log, the result and the top snapshots go (default: a new /tmp folder)
//   BENCH_KEEP=1            keep the data folder (database and recordings) afterwards
//   BENCH_NODE_ARGS         extra flags for the server's node, space-separated (e.g. a V8 flag to compare)
//   BENCH_CPU_PROF=1        start the server with --cpu-prof (the profile lands in the output folder; read it
//                           with scripts/bench/summarize-cpu-profile.mjs), and the synthetic load generator
//                           too (in synthetic-clients-profile/); the profiler costs CPU itself
// Quick run: BENCH_SESSIONS=1,5 BENCH_RUNS=3 npm run bench:inspection
// 5 and 10 sessions on a 2-core machine: BENCH_CLIENTS=synthetic BENCH_RUNS=0 npm run bench:inspection
//
// The clients share the machine's cores with the server: the server's own CPU is the figure the
// targets are about; the machine's CPU, load and the clients' CPU are recorded beside it, and so is
// the picture size the phones reached (Chrome lowers it when its encoder is short of CPU).
/* global window -- the functions given to page.evaluate() run in the participants' pages */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { PARTICIPANT_PAGE } from './bench/inspection-page.mjs';
import {
  keyframeSizes,
  machineBusyPercent,
  machineCpu,
  scrapeEventLoop,
  sizeOfFiles,
  startSchedulingProbe,
  treeCpuSecondsOf,
  withNewChild,
} from './bench/inspection-probes.mjs';
import { bookInspections, signInInspectors } from './bench/inspection-setup.mjs';
import { makeClip, startSyntheticClients } from './bench/inspection-synthetic-clients.mjs';
import { cpuSecondsOf, memoryOf, startServer, stopServer } from './bench/server-process.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;
const clients = (env.BENCH_CLIENTS ?? 'chromium').trim();
if (clients !== 'chromium' && clients !== 'synthetic') throw new Error(`BENCH_CLIENTS must be chromium or synthetic, not ${clients}`);
const options = {
  clients,
  sessions: (env.BENCH_SESSIONS ?? '1,5,10')
    .split(',')
    .map((value) => Number(value.trim()))
    .filter((value) => Number.isInteger(value) && value > 0),
  runs: Number(env.BENCH_RUNS ?? 10),
  windowS: Number(env.BENCH_WINDOW ?? 30),
  warmupS: Number(env.BENCH_WARMUP ?? (clients === 'synthetic' ? 15 : 30)),
  maxLoad: env.BENCH_MAX_LOAD ? Number(env.BENCH_MAX_LOAD) : null,
  maxLoadWaitS: Number(env.BENCH_MAX_LOAD_WAIT ?? 600),
  port: Number(env.BENCH_PORT ?? 3500),
  chromiumPath: env.BENCH_CHROMIUM ?? '/usr/bin/chromium',
  browserNice: Number(env.BENCH_BROWSER_NICE ?? 10),
  syntheticVideoKbps: Number(env.BENCH_SYNTHETIC_KBPS ?? 2000),
  itemCode: env.BENCH_ITEM_CODE ?? 'XYGX-GH-002',
  isKept: env.BENCH_KEEP === '1',
  isCpuProfiled: env.BENCH_CPU_PROF === '1',
  isSettled: env.BENCH_SETTLE !== '0',
  nodeArgs: (env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean),
};
const TARGETS = { firstFrameMsMedian: 500, cpuPercentPerSession: 10, sessions: 10, eventLoopP99Ms: 50 };
const baseUrl = `http://127.0.0.1:${options.port}`;
const outDir = env.BENCH_OUT_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'yuanqu-bench-inspection-'));
fs.mkdirSync(outDir, { recursive: true });
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yuanqu-bench-inspection-data-'));
const recordingsDir = path.join(dataDir, 'recordings');
const serverLog = path.join(outDir, 'server.log');
const LOOPBACK_MEDIA_ENV = {
  ICE_ONLY_ADDRESSES: '127.0.0.1',
  ICE_PUBLIC_ADDRESSES: '127.0.0.1',
  ICE_BIND_ADDRESS: '127.0.0.1',
  ICE_USE_IPV6: 'false',
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const progress = (line) => process.stderr.write(`[bench:inspection ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const round = (value, digits = 1) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : null);
const median = (values) => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const spread = (values, digits = 0) => {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return null;
  return {
    median: round(median(finite), digits),
    min: round(Math.min(...finite), digits),
    max: round(Math.max(...finite), digits),
    n: finite.length,
  };
};
/** How many of each value, e.g. { "1280x720": 4, "960x540": 1 }. */
const tally = (values) =>
  Object.fromEntries([...values.reduce((map, value) => map.set(value, (map.get(value) ?? 0) + 1), new Map())].sort((a, b) => b[1] - a[1]));

async function waitUntil(what, probe, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let last = null;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== null && value !== undefined && value !== false) return value;
    } catch (error) {
      if (error?.isFinal) throw error;
      last = error;
    }
    await sleep(100);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last.message ?? last)}` : ''}`);
}

// ---------------------------------------------------------------------------------------------
// The machine, the build, the server

/** The load average and the busiest processes, recorded before each phase (as bench:cases does). */
const phases = [];
function notePhase(name) {
  const [one, five] = os.loadavg();
  const top = spawnSync('top', ['-b', '-c', '-n', '2', '-d', '1', '-w', '200'], { encoding: 'utf8' }).stdout ?? '';
  const lastSnapshot = top.slice(top.lastIndexOf('top - '));
  const busy = lastSnapshot
    .split('\n')
    .filter((line) => /^\s*\d+\s/.test(line))
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => Number(fields[8]) >= 5)
    .map((fields) => `${fields.slice(11).join(' ').slice(0, 40)} ${fields[8]}%`);
  phases.push({ phase: name, at: new Date().toISOString(), load1: round(one, 2), load5: round(five, 2), busyProcesses: busy.slice(0, 6) });
  fs.writeFileSync(path.join(outDir, `top-${phases.length}-${name.replace(/\W+/g, '-')}.txt`), lastSnapshot);
}

function describeMachine() {
  const cpuModel = /model name\s*:\s*(.+)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model;
  const chromiumVersion = spawnSync(options.chromiumPath, ['--version'], { encoding: 'utf8' }).stdout?.trim().split('\n').at(-1) ?? null;
  return {
    date: new Date().toISOString(),
    nproc: os.availableParallelism?.() ?? os.cpus().length,
    cpuModel,
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    chromium: chromiumVersion,
  };
}

/**
 * npm run build -w @yuanqu/shared && npm run build -w @yuanqu/server. tsc emits even when it reports
 * errors; a server build whose only errors are TS6307 ("not listed within the file list of project",
 * a test helper importing src/test/** that tsconfig.build.json excludes) leaves a complete dist, so
 * the benchmark goes on and records the warning. Any other error stops it.
 */
function build() {
  if (env.BENCH_SKIP_BUILD === '1') return { skipped: true };
  const startedAt = performance.now();
  const shared = spawnSync('npm', ['run', 'build', '-w', '@yuanqu/shared'], { cwd: root, encoding: 'utf8' });
  if (shared.status !== 0) throw new Error(`the shared package's build failed:\n${shared.stdout}${shared.stderr}`);
  const server = spawnSync('npm', ['run', 'build', '-w', '@yuanqu/server'], { cwd: root, encoding: 'utf8' });
  let warning = null;
  if (server.status !== 0) {
    const errors = [
      ...new Set(
        `${server.stdout}${server.stderr}`
          .split('\n')
          .filter((line) => /error TS\d+/.test(line))
          .map((line) => line.trim()),
      ),
    ];
    const isOnlyFileList = errors.length > 0 && errors.every((line) => line.includes('error TS6307'));
    if (!isOnlyFileList || !fs.existsSync(path.join(root, 'apps/server/dist/server.js'))) {
      throw new Error(`the server's build failed:\n${server.stdout}${server.stderr}`);
    }
    warning = `npm run build -w @yuanqu/server exited with ${server.status}; its only errors are TS6307 (tsc still emitted dist): ${errors.map((line) => line.slice(0, 160)).join(' | ')}`;
    progress(`WARNING: ${warning}`);
  }
  return { ms: Math.round(performance.now() - startedAt), warning };
}

/** A 2-second 1280×720 30 fps test picture (moving), which Chromium's fake camera plays in a loop. */
function makeCamera() {
  const camera = path.join(outDir, 'camera-720p.y4m');
  const made = spawnSync(
    'ffmpeg',
    ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30', '-t', '2', '-pix_fmt', 'yuv420p', '-y', camera],
    { encoding: 'utf8' },
  );
  if (made.status !== 0) throw new Error(`ffmpeg could not make the camera file: ${made.stderr}`);
  return camera;
}

// ---------------------------------------------------------------------------------------------
// Browsers and participants

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
  '--allow-loopback-in-peer-connection',
  '--autoplay-policy=no-user-gesture-required',
  '--disable-renderer-backgrounding',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
];

/** The Chromium binary behind `nice` (a wrapper in the output folder), or the binary itself. */
function chromiumExecutable() {
  if (!options.browserNice) return options.chromiumPath;
  const wrapper = path.join(outDir, 'chromium-nice.sh');
  fs.writeFileSync(wrapper, `#!/bin/sh\nexec nice -n ${options.browserNice} ${JSON.stringify(options.chromiumPath)} "$@"\n`, {
    mode: 0o755,
  });
  return wrapper;
}

/** A participant's page on the app's origin: any page of the app gives the origin, the participant is written into it. */
async function openParticipant(browser, session) {
  const context = await browser.newContext({ bypassCSP: true });
  if (session) {
    const [name, ...rest] = session.headers.cookie.split('=');
    await context.addCookies([{ name, value: rest.join('='), url: baseUrl }]);
  }
  const page = await context.newPage();
  await page.goto(`${baseUrl}/healthz`);
  await page.setContent(PARTICIPANT_PAGE);
  return { context, page };
}

/**
 * A participant of a session level with the level's clients: a Chromium context and page
 * ({ context, page }), or a werift peer in the load generator ({ synthetic, id, cookie }). The helpers
 * below take either.
 */
async function openClient(clientsOfLevel, role, session) {
  if (clientsOfLevel.kind === 'synthetic') return clientsOfLevel.generator.participant(session?.headers.cookie ?? null);
  return openParticipant(role === 'phone' ? clientsOfLevel.browsers.phones : clientsOfLevel.browsers.inspectors, session);
}

const inspectorPath = (inspection) => `/api/inspections/${inspection.inspectionId}/live`;
const phonePath = (inspection) => `/api/public/inspections/${inspection.token}/live`;
const startParticipant = (participant, role, socketPath) =>
  participant.synthetic
    ? participant.synthetic.call('start', { id: participant.id, role, baseUrl, socketPath, cookie: participant.cookie })
    : participant.page.evaluate(([role, socketPath]) => window.live.start(role, socketPath), [role, socketPath]);
const sendMessage = (participant, message) =>
  participant.synthetic
    ? participant.synthetic.call('send', { id: participant.id, message })
    : participant.page.evaluate((message) => window.live.send(message), message);
const statsOf = async (participant) =>
  participant.synthetic
    ? (await participant.synthetic.call('stats', { ids: [participant.id] }))[0]
    : participant.page.evaluate(() => window.live.stats());
const messagesOf = (participant, type) =>
  participant.synthetic
    ? participant.synthetic.call('messages', { id: participant.id, type })
    : participant.page.evaluate((type) => window.live.state.received.filter((message) => message.type === type), type);
/** The participant's connection states since its `join` (for a phone whose link is not connected at the end). */
const historyOf = (participant) =>
  participant.synthetic
    ? participant.synthetic.call('history', { id: participant.id })
    : participant.page.evaluate(() => ({ history: window.live.state.history, joinSent: window.live.state.marks.joinSent }));
async function closeParticipant(participant) {
  if (participant?.synthetic) {
    await participant.synthetic.call('drop', { id: participant.id }).catch(() => undefined);
    return;
  }
  await participant?.page.evaluate(() => window.live.drop()).catch(() => undefined);
  await participant?.context.close().catch(() => undefined);
}

/** Ends a session from its first inspector's page and waits for the server's `session-ended` (segments final and hashed). */
async function endSession(inspector, timeoutMs = 180_000) {
  const already = await messagesOf(inspector, 'session-ended');
  if (already.length > 0) return already.at(-1);
  await sendMessage(inspector, { type: 'end-session', ref: 'bench-end', reason: 'bench_done' });
  return waitUntil('the session to end', async () => (await messagesOf(inspector, 'session-ended')).at(-1), timeoutMs);
}

// ---------------------------------------------------------------------------------------------
// 1. First frame

async function measureFirstFrame(browsers, inspection, inspectorSession) {
  const runs = [];
  for (let run = 1; run <= options.runs; run += 1) {
    let inspector = null;
    let phone = null;
    try {
      inspector = await openParticipant(browsers.inspectors, inspectorSession);
      phone = await openParticipant(browsers.phones);
      await startParticipant(inspector, 'inspector', inspectorPath(inspection));
      await waitUntil(
        'the inspector’s media to connect',
        () => inspector.page.evaluate(() => window.live.state.marks.connected ?? null),
        30_000,
      );
      await sleep(500);
      await startParticipant(phone, 'phone', phonePath(inspection));
      await waitUntil(
        'the inspector’s first frame',
        () => inspector.page.evaluate(() => window.live.state.firstFrame ?? window.live.state.statsFirstFrame ?? null),
        30_000,
      );
      // Both signals, when the other one comes within 3 s.
      await waitUntil(
        'both first-frame signals',
        () => inspector.page.evaluate(() => Boolean(window.live.state.firstFrame && window.live.state.statsFirstFrame)),
        3000,
      ).catch(() => undefined);
      await sleep(300);
      const phoneMarks = await phone.page.evaluate(() => window.live.state.marks);
      const seen = await inspector.page.evaluate(() => ({
        firstFrame: window.live.state.firstFrame,
        statsFirstFrame: window.live.state.statsFirstFrame,
      }));
      const from = (at) => (Number.isFinite(at) ? at - phoneMarks.joinSent : null);
      const result = {
        run,
        joinToFrameMs: round(from(seen.firstFrame?.at), 1),
        joinToDecodedStatsMs: round(from(seen.statsFirstFrame?.at), 1),
        joinToFramePacketsReceivedMs: round(from(seen.firstFrame?.receivedAt), 1),
        socketOpenToFrameMs: round(Number.isFinite(seen.firstFrame?.at) ? seen.firstFrame.at - phoneMarks.start : null, 1),
        phone: {
          welcomeMs: round(phoneMarks.welcome - phoneMarks.start, 1),
          cameraMs: round(phoneMarks.media - phoneMarks.welcome, 1),
          offerAndGatheringMs: round(phoneMarks.joinSent - phoneMarks.offerStart, 1),
          joinToAnswerMs: round(phoneMarks.answer - phoneMarks.joinSent, 1),
          joinToConnectedMs: round(phoneMarks.connected ? phoneMarks.connected - phoneMarks.joinSent : null, 1),
        },
        firstFrameSize: seen.firstFrame
          ? `${seen.firstFrame.width}x${seen.firstFrame.height}`
          : seen.statsFirstFrame
            ? `${seen.statsFirstFrame.width}x${seen.statsFirstFrame.height}`
            : null,
      };
      runs.push(result);
      progress(
        `first frame run ${run}/${options.runs}: ${result.joinToFrameMs} ms to the presented frame, ${result.joinToDecodedStatsMs} ms to framesDecoded>0 (answer ${result.phone.joinToAnswerMs} ms, connected ${result.phone.joinToConnectedMs} ms)`,
      );
      await endSession(inspector, 60_000);
    } catch (error) {
      runs.push({ run, error: String(error.message ?? error) });
      progress(`first frame run ${run} failed: ${error.message ?? error}`);
      if (inspector) await endSession(inspector, 30_000).catch(() => undefined);
    } finally {
      await closeParticipant(phone);
      await closeParticipant(inspector);
    }
    await sleep(1000);
  }
  const primary = runs.map((run) => run.joinToFrameMs ?? run.joinToDecodedStatsMs ?? NaN);
  return {
    method:
      'phone sends join (complete offer, camera already on) → first frame presented by the inspector’s <video> (requestVideoFrameCallback; framesDecoded>0 from getStats polled every 10 ms when it does not fire); a fresh inspector, already connected, and a fresh phone per run; wall clocks of two pages of one machine',
    medianMs: round(median(primary), 0),
    joinToFrameMs: spread(runs.map((run) => run.joinToFrameMs ?? NaN)),
    joinToDecodedStatsMs: spread(runs.map((run) => run.joinToDecodedStatsMs ?? NaN)),
    joinToFramePacketsReceivedMs: spread(runs.map((run) => run.joinToFramePacketsReceivedMs ?? NaN)),
    joinToAnswerMs: spread(runs.map((run) => run.phone?.joinToAnswerMs ?? NaN)),
    joinToConnectedMs: spread(runs.map((run) => run.phone?.joinToConnectedMs ?? NaN)),
    socketOpenToFrameMs: spread(runs.map((run) => run.socketOpenToFrameMs ?? NaN)),
    failedRuns: runs.filter((run) => run.error).length,
    runs,
  };
}

// ---------------------------------------------------------------------------------------------
// 2. Concurrent recorded sessions

/**
 * Joins one session: two inspectors, then the phone; both inspectors decode (synthetic ones: receive
 * complete frames from a keyframe on); recording started and its first segment open.
 */
async function joinSession(clientsOfLevel, inspection, inspectorSessions, session) {
  session.inspectors.push(await openClient(clientsOfLevel, 'inspector', inspectorSessions[0]));
  session.inspectors.push(await openClient(clientsOfLevel, 'inspector', inspectorSessions[1]));
  session.phone = await openClient(clientsOfLevel, 'phone', null);
  await Promise.all(session.inspectors.map((inspector) => startParticipant(inspector, 'inspector', inspectorPath(inspection))));
  await startParticipant(session.phone, 'phone', phonePath(inspection));
  await waitUntil(
    'both inspectors to decode the phone’s video',
    async () => (await Promise.all(session.inspectors.map(statsOf))).every((stats) => (stats.videoIn?.framesDecoded ?? 0) > 0),
    120_000,
  ).catch(async (error) => {
    // Where it stood: each participant's link and what its video had (sent, received, decoded).
    const states = await Promise.all(
      [session.phone, ...session.inspectors].map(async (participant, index) => {
        const stats = await statsOf(participant).catch(() => null);
        const video =
          index === 0
            ? `${stats?.videoOut?.packetsSent ?? 0} packets sent`
            : `${stats?.videoIn?.packetsReceived ?? 0} packets received, ${stats?.videoIn?.framesDecoded ?? 0} frames decoded`;
        return `${index === 0 ? 'phone' : `inspector ${index}`} ${stats?.connectionState ?? 'unknown'}, ${video}`;
      }),
    );
    throw new Error(`${error.message} (${states.join('; ')})`);
  });
  const [first] = session.inspectors;
  await sendMessage(first, { type: 'start-recording', ref: 'bench-rec' });
  const recording = await waitUntil(
    'the first segment to record',
    async () => {
      const refused = (await messagesOf(first, 'error')).find((message) => message.for === 'start-recording');
      if (refused) throw Object.assign(new Error(`start-recording refused: ${refused.code} ${refused.message}`), { isFinal: true });
      return (await messagesOf(first, 'recording')).find((message) => message.recording.state === 'recording') ?? null;
    },
    60_000,
  );
  session.firstSegment = recording.recording.currentSegment?.segment ?? null;
}

async function collectStats(sessions) {
  return Promise.all(
    sessions.map(async (session) => ({
      phone: await statsOf(session.phone).catch(() => null),
      inspectors: await Promise.all(session.inspectors.map((inspector) => statsOf(inspector).catch(() => null))),
    })),
  );
}

const kbps = (bytesAfter, bytesBefore, msAfter, msBefore) =>
  msAfter > msBefore ? (8 * (bytesAfter - bytesBefore)) / (msAfter - msBefore) : NaN;
const sizeOf = (video) => (video?.frameWidth ? `${video.frameWidth}x${video.frameHeight}` : 'none');

/** What flowed during the window, from the pages' stats at its start and end. */
function summarizeMedia(before, after) {
  const phones = [];
  const inspectors = [];
  after.forEach((session, index) => {
    const earlier = before[index];
    const out = session.phone?.videoOut;
    const outBefore = earlier.phone?.videoOut;
    if (session.phone && earlier.phone) {
      phones.push({
        size: sizeOf(out),
        fps: out?.framesPerSecond ?? null,
        videoKbps: kbps(out?.bytesSent ?? 0, outBefore?.bytesSent ?? 0, session.phone.at, earlier.phone.at),
        audioKbps: kbps(session.phone.audioOutBytes, earlier.phone.audioOutBytes, session.phone.at, earlier.phone.at),
        encodedFps: out && outBefore ? (1000 * (out.framesEncoded - outBefore.framesEncoded)) / (session.phone.at - earlier.phone.at) : NaN,
        qualityLimitation: out?.qualityLimitationReason ?? null,
        encoder: out?.encoderImplementation ?? null,
        // A synthetic phone cannot make a keyframe on request: the server's PLIs it got in the window.
        keyframeRequests: session.phone.synthetic
          ? session.phone.synthetic.pliReceived - (earlier.phone.synthetic?.pliReceived ?? 0)
          : null,
      });
    }
    session.inspectors.forEach((inspector, which) => {
      const was = earlier.inspectors[which];
      if (!inspector || !was) return;
      inspectors.push({
        size: sizeOf(inspector.videoIn),
        decodedFps:
          inspector.videoIn && was.videoIn
            ? (1000 * (inspector.videoIn.framesDecoded - was.videoIn.framesDecoded)) / (inspector.at - was.at)
            : NaN,
        videoKbps: kbps(inspector.videoIn?.bytesReceived ?? 0, was.videoIn?.bytesReceived ?? 0, inspector.at, was.at),
        audioKbps: kbps(inspector.audioInBytes, was.audioInBytes, inspector.at, was.at),
        audioOutKbps: kbps(inspector.audioOutBytes, was.audioOutBytes, inspector.at, was.at),
        freezes: (inspector.videoIn?.freezeCount ?? 0) - (was.videoIn?.freezeCount ?? 0),
        packetsLost: (inspector.videoIn?.packetsLost ?? 0) - (was.videoIn?.packetsLost ?? 0),
      });
    });
  });
  const sum = (values) => values.filter(Number.isFinite).reduce((total, value) => total + value, 0);
  const intoServerKbps =
    sum(phones.map((phone) => phone.videoKbps + phone.audioKbps)) + sum(inspectors.map((inspector) => inspector.audioOutKbps));
  const outOfServerKbps = sum(inspectors.map((inspector) => inspector.videoKbps + inspector.audioKbps));
  return {
    phones: {
      sizes: tally(phones.map((phone) => phone.size)),
      at720p: phones.filter((phone) => phone.size === '1280x720').length,
      count: phones.length,
      fps: spread(
        phones.map((phone) => phone.encodedFps),
        1,
      ),
      videoKbps: spread(phones.map((phone) => phone.videoKbps)),
      qualityLimitation: tally(phones.map((phone) => phone.qualityLimitation ?? 'unknown')),
      encoder: tally(phones.map((phone) => phone.encoder ?? 'unknown')),
      ...(phones.some((phone) => phone.keyframeRequests !== null)
        ? { keyframeRequestsIgnored: sum(phones.map((phone) => phone.keyframeRequests ?? NaN)) }
        : {}),
    },
    inspectors: {
      sizes: tally(inspectors.map((inspector) => inspector.size)),
      count: inspectors.length,
      decodedFps: spread(
        inspectors.map((inspector) => inspector.decodedFps),
        1,
      ),
      videoKbps: spread(inspectors.map((inspector) => inspector.videoKbps)),
      freezes: sum(inspectors.map((inspector) => inspector.freezes)),
      packetsLost: sum(inspectors.map((inspector) => inspector.packetsLost)),
    },
    serverInMbps: round(intoServerKbps / 1000, 2),
    serverOutMbps: round(outOfServerKbps / 1000, 2),
  };
}

/** What each session's first inspector saw happen (joins, leaves and their reasons, gaps) and how the phones' links stand. */
async function describeConnections(sessions) {
  const events = [];
  const phoneStates = [];
  const troubles = [];
  for (const session of sessions) {
    for (const message of await messagesOf(session.inspectors[0], 'event').catch(() => [])) {
      const { kind, details } = message.event;
      if (kind === 'left' || kind === 'gap' || (kind === 'joined' && details.isRejoin)) {
        events.push(kind === 'gap' ? 'gap between segments' : `${kind} ${details.role} ${details.reason ?? '(rejoin)'}`);
      }
    }
    const phoneState = (await statsOf(session.phone).catch(() => null))?.connectionState ?? 'unknown';
    phoneStates.push(phoneState);
    if (phoneState !== 'connected') {
      const { history, joinSent } = await historyOf(session.phone).catch(() => ({ history: [] }));
      troubles.push(history.map((entry) => `${((entry.at - joinSent) / 1000).toFixed(1)}s ${entry.connection}/${entry.ice}`).join(', '));
    }
  }
  return {
    phoneConnectionStates: tally(phoneStates),
    events: tally(events),
    ...(troubles.length > 0 ? { phonesNotConnected: troubles } : {}),
  };
}

/** CPU seconds (user + system) of a process's main thread (the task whose id is the pid), from /proc; 0 when it is gone. */
function mainThreadCpuSecondsOf(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** The measuring window: server CPU, RSS, event loop, recording growth, media, machine. */
async function measureWindow(server, clientsOfLevel, sessions, baseline) {
  const { browsers, generator } = clientsOfLevel;
  const folders = sessions.map((session) => path.join(recordingsDir, session.inspection.inspectionId));
  const statsBefore = await collectStats(sessions);
  const partialBefore = sizeOfFiles(folders, /\.partial\.webm$/);
  const videoPartialBefore = sizeOfFiles(folders, /^segment-\d+\.partial\.webm$/);
  const metricsBefore = await scrapeEventLoop(baseUrl); // resets the histogram: what the end scrape reads is this window's
  const probe = startSchedulingProbe(options.windowS);
  const load1Before = os.loadavg()[0];
  const machineBefore = machineCpu();
  const cpuBefore = cpuSecondsOf(server.child.pid);
  const mainThreadCpuBefore = mainThreadCpuSecondsOf(server.child.pid);
  const phonesCpuBefore = treeCpuSecondsOf(browsers.phonesPid);
  const inspectorsCpuBefore = treeCpuSecondsOf(browsers.inspectorsPid);
  const generatorCpuBefore = treeCpuSecondsOf(generator?.pid);
  if (generator) await generator.call('pacing', { reset: true });
  const selfBefore = process.cpuUsage();
  const startedAt = performance.now();
  const rssSamples = [memoryOf(server.child.pid).rssMiB];
  const rssTimer = setInterval(() => {
    try {
      rssSamples.push(memoryOf(server.child.pid).rssMiB);
    } catch {
      // the process ended
    }
  }, 250);
  await sleep(options.windowS * 1000);
  clearInterval(rssTimer);
  const elapsedS = (performance.now() - startedAt) / 1000;
  const cpuSeconds = cpuSecondsOf(server.child.pid) - cpuBefore;
  const mainThreadCpuSeconds = mainThreadCpuSecondsOf(server.child.pid) - mainThreadCpuBefore;
  const machineAfter = machineCpu();
  const phonesCpu = treeCpuSecondsOf(browsers.phonesPid) - phonesCpuBefore;
  const inspectorsCpu = treeCpuSecondsOf(browsers.inspectorsPid) - inspectorsCpuBefore;
  const generatorCpu = treeCpuSecondsOf(generator?.pid) - generatorCpuBefore;
  const self = process.cpuUsage(selfBefore);
  const pacing = generator ? await generator.call('pacing', { reset: true }) : null;
  const eventLoop = await scrapeEventLoop(baseUrl);
  const memory = memoryOf(server.child.pid);
  rssSamples.push(memory.rssMiB);
  const meanRssMiB = rssSamples.reduce((sum, value) => sum + value, 0) / rssSamples.length;
  const load1After = os.loadavg()[0];
  const schedulingProbe = await probe.done;
  const partialAfter = sizeOfFiles(folders, /\.partial\.webm$/);
  const videoPartialAfter = sizeOfFiles(folders, /^segment-\d+\.partial\.webm$/);
  const statsAfter = await collectStats(sessions);
  const n = sessions.length;
  const serverCpuPercent = (100 * cpuSeconds) / elapsedS;
  const minutes = elapsedS / 60;
  const media = summarizeMedia(statsBefore, statsAfter);
  return {
    windowS: round(elapsedS, 1),
    server: {
      cpuPercent: round(serverCpuPercent, 1),
      cpuPercentPerSession: round(serverCpuPercent / n, 2),
      cpuPercentPerSessionAboveIdle: round((serverCpuPercent - baseline.cpuPercent) / n, 2),
      cpuPercentPerMbpsThrough: round(serverCpuPercent / (media.serverInMbps + media.serverOutMbps), 2),
      // The main thread alone (the event loop, where werift forwards and records): near 100 % it is saturated.
      mainThreadCpuPercent: round((100 * mainThreadCpuSeconds) / elapsedS, 1),
      rssMiB: round(memory.rssMiB, 0),
      meanRssMiB: round(meanRssMiB, 0),
      peakRssMiB: round(Math.max(...rssSamples), 0),
      rssBeforeMiB: round(baseline.rssBeforeMiB, 0),
      rssPerSessionMiB: round((meanRssMiB - baseline.rssBeforeMiB) / n, 1),
      heapUsedMiB: round(eventLoop.heapUsedMiB, 0),
      heapUsedBeforeMiB: round(baseline.heapUsedBeforeMiB, 0),
      heapPerSessionMiB: round((eventLoop.heapUsedMiB - baseline.heapUsedBeforeMiB) / n, 1),
      externalMiB: round(eventLoop.externalMiB, 0),
      heapUsedAtWindowStartMiB: round(metricsBefore.heapUsedMiB, 0),
      eventLoop: {
        p99Ms: round(eventLoop.p99Ms, 1),
        p90Ms: round(eventLoop.p90Ms, 1),
        p50Ms: round(eventLoop.p50Ms, 1),
        maxMs: round(eventLoop.maxMs, 1),
        meanMs: round(eventLoop.meanMs, 1),
        found: eventLoop.found,
      },
      // Each media worker thread's loop over the same window (empty with MEDIA_WORKERS=0).
      mediaWorkerLoops: eventLoop.workers.map((worker) => ({
        worker: worker.worker,
        p50Ms: round(worker.p50Ms, 1),
        p99Ms: round(worker.p99Ms, 1),
        maxMs: round(worker.maxMs, 1),
      })),
    },
    // An idle Node process's own event-loop delay over the same window: the machine's scheduling delay.
    schedulingProbe: schedulingProbe
      ? {
          p50Ms: round(schedulingProbe.p50Ms, 1),
          p99Ms: round(schedulingProbe.p99Ms, 1),
          maxMs: round(schedulingProbe.maxMs, 1),
          meanMs: round(schedulingProbe.meanMs, 1),
        }
      : null,
    media,
    recordingGrowth: {
      bytesPerMinutePerSession: Math.round((partialAfter - partialBefore) / n / minutes),
      videoFileBytesPerMinutePerSession: Math.round((videoPartialAfter - videoPartialBefore) / n / minutes),
    },
    machine: {
      busyPercentOfAllCores: round(machineBusyPercent(machineBefore, machineAfter), 1),
      load1Before: round(load1Before, 2),
      load1After: round(load1After, 2),
      clients: clientsOfLevel.kind,
      phoneBrowserCpuPercent: generator ? null : round((100 * phonesCpu) / elapsedS, 1),
      inspectorBrowserCpuPercent: generator ? null : round((100 * inspectorsCpu) / elapsedS, 1),
      // The synthetic clients' process (all phones and inspectors of the level), % of one core.
      loadGeneratorCpuPercent: generator ? round((100 * generatorCpu) / elapsedS, 1) : null,
      // The server's CPU over the load generator's, whose code and traffic stay the same from build to
      // build: it compares builds measured on days when the virtual machine ran at different speeds.
      serverToLoadGeneratorCpu: generator && generatorCpu > 0 ? round(cpuSeconds / generatorCpu, 2) : null,
      benchProcessCpuPercent: round((100 * (self.user + self.system)) / 1e6 / elapsedS, 1),
    },
    // The synthetic clients' own pacing over the window: their event-loop delay and how late frames
    // and audio packets went out against their real-time schedule (large values: the load
    // generator, not the server, was short of CPU).
    loadGeneratorPacing: pacing
      ? {
          eventLoopP99Ms: round(pacing.eventLoop.p99Ms, 1),
          eventLoopMaxMs: round(pacing.eventLoop.maxMs, 1),
          sendLateP50Ms: round(pacing.sendLate.p50Ms, 1),
          sendLateP99Ms: round(pacing.sendLate.p99Ms, 1),
          sendLateMaxMs: round(pacing.sendLate.maxMs, 1),
          sendingSources: pacing.sendingSources,
        }
      : null,
  };
}

/** The finished segments the level recorded: bytes per recorded minute and the picture sizes of their keyframes. */
function summarizeRecordings(sessions, ended, levelStartedAt) {
  let videoBytes = 0;
  let audioBytes = 0;
  let recordedMs = 0;
  let segments = 0;
  const keyframes = [];
  const durationsS = [];
  ended.forEach((message, index) => {
    if (!message) return;
    const folder = path.join(recordingsDir, sessions[index].inspection.inspectionId);
    for (const segment of message.segments ?? []) {
      if (new Date(segment.startedAt).getTime() < levelStartedAt.getTime()) continue;
      const name = `segment-${String(segment.segment).padStart(3, '0')}`;
      segments += 1;
      const file = path.join(folder, `${name}.webm`);
      videoBytes += fs.existsSync(file) ? fs.statSync(file).size : (segment.sizeBytes ?? 0);
      audioBytes += sizeOfFiles([folder], new RegExp(`^${name}\\.inspector-\\d+\\.webm$`));
      recordedMs += segment.durationMs ?? 0;
      durationsS.push((segment.durationMs ?? 0) / 1000);
      if (fs.existsSync(file)) keyframes.push(...(keyframeSizes(file) ?? []));
    }
  });
  const minutes = recordedMs / 60_000;
  const sizes = keyframes.map((frame) => `${frame.width}x${frame.height}`);
  const largest = keyframes.reduce((best, frame) => (!best || frame.width * frame.height > best.width * best.height ? frame : best), null);
  return {
    segments,
    recordedMinutes: round(minutes, 2),
    segmentDurationS: spread(durationsS, 1),
    phoneFileBytes: videoBytes,
    inspectorAudioBytes: audioBytes,
    bytesPerMinute: minutes > 0 ? Math.round((videoBytes + audioBytes) / minutes) : null,
    phoneFileBytesPerMinute: minutes > 0 ? Math.round(videoBytes / minutes) : null,
    keyframeSizes: tally(sizes),
    largestKeyframe: largest ? `${largest.width}x${largest.height}` : null,
    shareOfKeyframesAt720p: sizes.length > 0 ? round(sizes.filter((size) => size === '1280x720').length / sizes.length, 2) : null,
  };
}

/** On a shared machine (BENCH_MAX_LOAD): waits until the 1-minute load average is at most the limit; returns the seconds waited. */
async function waitForCalm(what) {
  if (options.maxLoad === null) return 0;
  const startedAt = Date.now();
  while (os.loadavg()[0] > options.maxLoad && Date.now() - startedAt < options.maxLoadWaitS * 1000) {
    progress(`${what}: load ${os.loadavg()[0].toFixed(2)} > ${options.maxLoad}; waiting`);
    await sleep(15_000);
  }
  return Math.round((Date.now() - startedAt) / 1000);
}

async function measureLevel(server, clientsOfLevel, booked, inspectorSessions, count, baseline) {
  const waitedForLoadS = await waitForCalm(`${count} sessions`);
  notePhase(`${count} sessions`);
  const level = { sessions: count, clients: clientsOfLevel.kind, ok: false, waitedForLoadS };
  const sessions = [];
  const levelStartedAt = new Date();
  const rssBeforeMiB = memoryOf(server.child.pid).rssMiB;
  const heapUsedBeforeMiB = (await scrapeEventLoop(baseUrl)).heapUsedMiB;
  const setupStartedAt = performance.now();
  let recordingCount = 0;
  try {
    for (const inspection of booked.slice(1, 1 + count)) {
      const session = { inspection, inspectors: [], phone: null };
      sessions.push(session);
      await joinSession(clientsOfLevel, inspection, inspectorSessions, session);
      recordingCount += 1;
      progress(`${count} sessions: session ${recordingCount} recording`);
    }
    level.setupS = round((performance.now() - setupStartedAt) / 1000, 1);
    progress(`${count} sessions: all recording after ${level.setupS} s; warm-up ${options.warmupS} s`);
    await sleep(options.warmupS * 1000);
    progress(`${count} sessions: measuring ${options.windowS} s`);
    Object.assign(level, await measureWindow(server, clientsOfLevel, sessions, { ...baseline, rssBeforeMiB, heapUsedBeforeMiB }));
    // Every session still on its first segment (a phone that dropped would have opened a second one).
    const openSegments = await Promise.all(
      sessions.map(
        async (session) => (await messagesOf(session.inspectors[0], 'recording')).at(-1)?.recording.currentSegment?.segment ?? null,
      ),
    );
    level.sessionsThatChangedSegment = openSegments.filter((segment, index) => segment !== sessions[index].firstSegment).length;
    if (level.sessionsThatChangedSegment > 0 && level.recordingGrowth) {
      // A segment closed during the window (a phone left): its partial file was renamed, the growth means nothing.
      level.recordingGrowth = {
        bytesPerMinutePerSession: null,
        videoFileBytesPerMinutePerSession: null,
        note: 'a segment closed during the window',
      };
    }
    level.connections = await describeConnections(sessions);
    level.phonesConnectedAtEnd = level.connections.phoneConnectionStates.connected ?? 0;
    progress(`${count} sessions: ending the sessions`);
    const ended = await Promise.all(sessions.map((session) => endSession(session.inspectors[0]).catch(() => null)));
    level.recording = summarizeRecordings(sessions, ended, levelStartedAt);
    level.ok = ended.every(Boolean);
    if (!level.ok) level.error = `${ended.filter((message) => !message).length} session(s) did not end within 180 s`;
  } catch (error) {
    level.error = `${recordingCount} of ${count} sessions were recording: ${error.message ?? error}`;
    progress(`${count} sessions failed: ${level.error}`);
    await Promise.all(
      sessions.filter((session) => session.inspectors[0]).map((session) => endSession(session.inspectors[0], 60_000).catch(() => null)),
    );
  } finally {
    for (const session of sessions) {
      await closeParticipant(session.phone);
      for (const inspector of session.inspectors) await closeParticipant(inspector);
    }
  }
  await sleep(5000);
  return level;
}

// ---------------------------------------------------------------------------------------------
// The run

/** The server idle (no session): CPU, RSS and event-loop delay over 10 s. */
async function measureIdle(server) {
  await scrapeEventLoop(baseUrl);
  const cpuBefore = cpuSecondsOf(server.child.pid);
  const startedAt = performance.now();
  const rssSamples = [];
  for (let sample = 0; sample < 40; sample += 1) {
    rssSamples.push(memoryOf(server.child.pid).rssMiB);
    await sleep(250);
  }
  const elapsedS = (performance.now() - startedAt) / 1000;
  const eventLoop = await scrapeEventLoop(baseUrl);
  return {
    cpuPercent: round((100 * (cpuSecondsOf(server.child.pid) - cpuBefore)) / elapsedS, 2),
    rssMiB: round(rssSamples.reduce((sum, value) => sum + value, 0) / rssSamples.length, 0),
    eventLoopP99Ms: round(eventLoop.p99Ms, 1),
    eventLoopMaxMs: round(eventLoop.maxMs, 1),
    eventLoopMetricFound: eventLoop.found,
  };
}

/** Share of the phones at 1280×720 at the end of the window from which a level counts as a 720p measurement. */
const AT_720P_SHARE = 0.8;
const verdictOf = (pass, isTested) => (!isTested ? 'not measured at 720p' : pass ? 'pass' : 'miss');

/** A synthetic level counts only while the load generator kept to its schedule: p99 of how late it sent frames and audio. */
const SYNTHETIC_MAX_SEND_LATE_P99_MS = 100;

/** Why a level that ran does not count as a measurement of the server, or null. */
function invalidReason(level) {
  const reasons = [];
  if (level.phonesConnectedAtEnd !== level.sessions) reasons.push(`${level.sessions - level.phonesConnectedAtEnd} phone link(s) lost`);
  const late = level.loadGeneratorPacing?.sendLateP99Ms ?? null;
  if (level.clients === 'synthetic' && (late === null || late > SYNTHETIC_MAX_SEND_LATE_P99_MS))
    reasons.push(`the load generator fell behind (sent late p99 ${late} ms > ${SYNTHETIC_MAX_SEND_LATE_P99_MS} ms)`);
  return reasons.length > 0 ? reasons.join('; ') : null;
}

/** The worst event-loop p99 of a level over the app's thread and every media worker thread; null when not measured. */
function worstLoopP99(level) {
  const app = level?.server?.eventLoop?.p99Ms ?? null;
  if (app === null) return null;
  return Math.max(app, ...(level.server.mediaWorkerLoops ?? []).map((worker) => worker.p99Ms));
}

function judge(results) {
  const firstFrame = results.firstFrameMsMedian;
  const byLevel = {};
  for (const level of results.sessions) {
    const value = level.server?.cpuPercentPerSession ?? null;
    const isAt720p = level.media ? level.media.phones.at720p >= AT_720P_SHARE * level.media.phones.count : false;
    const invalid = level.ok ? invalidReason(level) : null;
    const isValid = level.ok && !invalid;
    const pass = value !== null && isValid ? value <= TARGETS.cpuPercentPerSession : false;
    byLevel[level.sessions] = {
      value,
      pass,
      clients: level.clients,
      phonesAt720p: level.media ? `${level.media.phones.at720p}/${level.media.phones.count}` : null,
      verdict: !level.ok ? 'failed' : !isValid ? `invalid: ${invalid}` : verdictOf(pass, isAt720p),
      ...(level.error ? { error: level.error } : {}),
    };
  }
  const ten = results.sessions.find((level) => level.sessions === TARGETS.sessions);
  // Every thread's loop counts: the app's and, when the media runs in workers, each worker's.
  const tenP99 = worstLoopP99(ten);
  const tenAt720p = ten?.media ? ten.media.phones.at720p >= AT_720P_SHARE * ten.media.phones.count : false;
  const tenInvalid = ten?.ok ? invalidReason(ten) : null;
  const tenValid = Boolean(ten?.ok) && !tenInvalid;
  const tenPass = tenValid && tenP99 !== null && tenP99 <= TARGETS.eventLoopP99Ms;
  const levels = Object.values(byLevel);
  return {
    firstFrame: {
      target: `median ≤ ${TARGETS.firstFrameMsMedian} ms on loopback (phone sends join → first frame at an inspector)`,
      value: firstFrame,
      pass: firstFrame !== null ? firstFrame <= TARGETS.firstFrameMsMedian : false,
      verdict: firstFrame === null ? 'not measured' : firstFrame <= TARGETS.firstFrameMsMedian ? 'pass' : 'miss',
    },
    cpuPerSession: {
      target: `≤ ${TARGETS.cpuPercentPerSession} % of one core per recorded 720p session (server process)`,
      byLevel,
      pass: levels.length > 0 && levels.every((entry) => entry.pass),
      verdict:
        levels.length === 0
          ? 'not measured'
          : levels.some((entry) => entry.verdict === 'miss')
            ? 'miss'
            : levels.every((entry) => entry.verdict === 'pass')
              ? 'pass'
              : 'not shown (levels invalid or below 720p)',
      note: `a level counts as 720p when at least ${AT_720P_SHARE * 100} % of its phones sent 1280x720 at the end of the window; below that the figure is for the picture size and bitrate reached (media.phones, server.cpuPercentPerMbpsThrough)`,
    },
    tenSessionsEventLoop: {
      target: `${TARGETS.sessions} concurrent recorded sessions with event-loop p99 ≤ ${TARGETS.eventLoopP99Ms} ms`,
      measured: Boolean(ten),
      allRecording: ten ? ten.ok && !ten.error : false,
      phonesAt720p: ten?.media ? `${ten.media.phones.at720p}/${ten.media.phones.count}` : null,
      p99Ms: tenP99,
      appThreadP99Ms: ten?.server?.eventLoop?.p99Ms ?? null,
      mediaWorkerP99Ms: ten?.server?.mediaWorkerLoops?.map((worker) => worker.p99Ms) ?? [],
      pass: tenPass,
      phonesConnectedAtEnd: ten?.phonesConnectedAtEnd !== undefined ? `${ten.phonesConnectedAtEnd}/${ten.sessions}` : null,
      clients: ten?.clients ?? null,
      ...(tenInvalid ? { invalid: tenInvalid } : {}),
      verdict: !ten
        ? 'not measured'
        : !ten.ok
          ? 'failed'
          : tenInvalid?.includes('load generator')
            ? `invalid: ${tenInvalid}`
            : tenPass
              ? tenAt720p
                ? 'pass'
                : 'pass below 720p only'
              : 'miss',
    },
  };
}

/** One line of the summary for a session level; `label` names it. */
function levelSummary(lines, level, label) {
  if (!level.server) {
    lines.push(`  ${label} (${level.clients}): FAILED ${level.error}`);
    return;
  }
  const clientsCpu =
    level.clients === 'synthetic'
      ? `load generator ${level.machine.loadGeneratorCpuPercent} % CPU (server/load generator ${level.machine.serverToLoadGeneratorCpu}; sends late p99 ${level.loadGeneratorPacing?.sendLateP99Ms} ms, its event loop p99 ${level.loadGeneratorPacing?.eventLoopP99Ms} ms)`
      : `browsers ${level.machine.phoneBrowserCpuPercent} + ${level.machine.inspectorBrowserCpuPercent} % CPU`;
  lines.push(
    `  ${label} (${level.clients}): server ${level.server.cpuPercent} % CPU (${level.server.cpuPercentPerSession} %/session; main thread ${level.server.mainThreadCpuPercent} %), RSS mean ${level.server.meanRssMiB} MiB (${level.server.rssPerSessionMiB} MiB/session over the level's start; heap ${level.server.heapPerSessionMiB} MiB/session), event loop p99 ${level.server.eventLoop.p99Ms} ms max ${level.server.eventLoop.maxMs} ms${level.server.mediaWorkerLoops?.length ? ` (media workers p99 ${level.server.mediaWorkerLoops.map((worker) => worker.p99Ms).join(' / ')} ms, max ${level.server.mediaWorkerLoops.map((worker) => worker.maxMs).join(' / ')} ms)` : ''} (idle probe p99 ${level.schedulingProbe?.p99Ms} ms); phones ${JSON.stringify(level.media.phones.sizes)} ${level.media.phones.videoKbps?.median} kbps, limited by ${JSON.stringify(level.media.phones.qualityLimitation)}; inspectors receive ${level.media.inspectors.videoKbps?.median} kbps ${JSON.stringify(level.media.inspectors.sizes)}; ${clientsCpu}; machine ${level.machine.busyPercentOfAllCores} % busy, load ${level.machine.load1Before}→${level.machine.load1After}; recording ${level.recording ? `${(level.recording.bytesPerMinute / 2 ** 20).toFixed(2)} MiB/min, largest keyframe ${level.recording.largestKeyframe}` : '—'}; links ${JSON.stringify(level.connections ?? {})}${level.error ? `; ERROR ${level.error}` : ''}`,
  );
}

function printSummary(results) {
  const lines = [];
  lines.push(`bench:inspection on ${results.machine.nproc} cores (${results.machine.cpuModel}), ${results.machine.chromium}`);
  if (results.syntheticClip) {
    const clip = results.syntheticClip;
    lines.push(
      `  synthetic clients (werift, one process): clip ${clip.size} ${clip.fps} fps VP8 ${clip.videoKbps} kbps (keyframe every ${clip.settings.keyframeEveryS} s, largest ${clip.largestKeyframeBytes} B) + Opus ${clip.audioKbps} kbps`,
    );
  }
  lines.push(
    `  idle server: ${results.idle.cpuPercent} % CPU, ${results.idle.rssMiB} MiB RSS, event-loop p99 ${results.idle.eventLoopP99Ms} ms`,
  );
  if (results.firstFrame) {
    const ff = results.firstFrame;
    lines.push(
      `  first frame (join → presented at the inspector), ${ff.runs.length} runs: median ${ff.medianMs} ms [${ff.joinToFrameMs?.min}–${ff.joinToFrameMs?.max}]; framesDecoded>0 median ${ff.joinToDecodedStatsMs?.median} ms; answer ${ff.joinToAnswerMs?.median} ms; connected ${ff.joinToConnectedMs?.median} ms`,
    );
  }
  if (results.idleAfterFirstFrame) {
    const after = results.idleAfterFirstFrame;
    lines.push(
      `  idle server after the first-frame runs: ${after.cpuPercent} % CPU, ${after.rssMiB} MiB RSS, event-loop p99 ${after.eventLoopP99Ms} ms`,
    );
  }
  if (results.firstSessionAfterStart) {
    levelSummary(lines, results.firstSessionAfterStart, "first session after the server's start (not judged)");
  }
  for (const level of results.sessions) levelSummary(lines, level, `${level.sessions} sessions`);
  for (const [name, target] of Object.entries(results.targets))
    lines.push(`  target ${name}: ${target.verdict.toUpperCase()} — ${target.target}`);
  process.stderr.write(`${lines.join('\n')}\n`);
}

const results = { benchmark: 'inspection', machine: describeMachine(), options, outDir };
let server = null;
const browsers = { phones: null, inspectors: null, phonesPid: null, inspectorsPid: null };
let generator = null;
const isChromiumNeeded = options.runs > 0 || options.clients === 'chromium';
try {
  progress(`output in ${outDir}; data in ${dataDir}`);
  notePhase('start');
  results.loadBefore = os.loadavg().map((value) => round(value, 2));
  results.build = build();
  const camera = isChromiumNeeded ? makeCamera() : null;
  let clip = null;
  if (options.clients === 'synthetic') {
    progress('encoding the synthetic phones’ clip (ffmpeg: 1280x720 30 fps VP8 + Opus)');
    clip = makeClip(outDir, { videoKbps: options.syntheticVideoKbps });
    results.syntheticClip = { ...clip, video: path.basename(clip.video), audio: path.basename(clip.audio) };
    progress(
      `clip: ${clip.size} ${clip.fps} fps, ${clip.videoKbps} kbps video, ${clip.keyframes} keyframes in ${clip.seconds} s, ${clip.audioKbps} kbps Opus`,
    );
  }
  const maxSessions = Math.max(0, ...options.sessions);

  progress('starting the server (PGlite, demo seed, media on loopback)');
  server = await startServer({
    root,
    port: options.port,
    env: { DATA_DIR: dataDir, SEED_DEMO: 'true', ...LOOPBACK_MEDIA_ENV },
    logFile: serverLog,
    nodeOptions: [...options.nodeArgs, ...(options.isCpuProfiled ? ['--cpu-prof', `--cpu-prof-dir=${outDir}`] : [])],
  });
  results.serverReadyMs = Math.round(server.readyMs);
  progress(`booking ${maxSessions + 1} inspections through the API`);
  const booked = await bookInspections(baseUrl, { count: maxSessions + 1, itemCode: options.itemCode, log: progress });
  const inspectorSessions = await signInInspectors(baseUrl);
  await sleep(5000);
  notePhase('idle');
  results.idle = await measureIdle(server);
  if (!results.idle.eventLoopMetricFound) progress('WARNING: GET /metrics has no yuanqu_nodejs_eventloop_lag_p99_seconds');

  if (isChromiumNeeded) {
    const executablePath = chromiumExecutable();
    const phones = await withNewChild(() =>
      chromium.launch({ executablePath, args: [...CHROMIUM_ARGS, `--use-file-for-fake-video-capture=${camera}`] }),
    );
    Object.assign(browsers, { phones: phones.launched, phonesPid: phones.pid });
    const inspectors = await withNewChild(() => chromium.launch({ executablePath, args: CHROMIUM_ARGS }));
    Object.assign(browsers, { inspectors: inspectors.launched, inspectorsPid: inspectors.pid });
    if (!phones.pid || !inspectors.pid) progress('WARNING: could not tell the browsers’ process ids; their CPU will read 0');
  }

  if (options.runs > 0) {
    results.firstFrameWaitedForLoadS = await waitForCalm('first frame');
    notePhase('first frame');
    progress(`first frame: ${options.runs} runs`);
    results.firstFrame = await measureFirstFrame(browsers, booked[0], inspectorSessions[0]);
  }
  results.firstFrameMsMedian = results.firstFrame?.medianMs ?? null;

  let clientsOfLevel = { kind: 'chromium', browsers, generator: null };
  if (options.clients === 'synthetic') {
    // The browsers of the first-frame runs go before the synthetic levels: nothing but the load generator competes with the server.
    await browsers.phones?.close().catch(() => undefined);
    await browsers.inspectors?.close().catch(() => undefined);
    Object.assign(browsers, { phones: null, inspectors: null, phonesPid: null, inspectorsPid: null });
    progress(`starting the synthetic clients (werift, nice ${options.browserNice})`);
    generator = await startSyntheticClients({
      nice: options.browserNice,
      logFile: path.join(outDir, 'synthetic-clients.log'),
      clip,
      nodeOptions: options.isCpuProfiled ? ['--cpu-prof', `--cpu-prof-dir=${path.join(outDir, 'synthetic-clients-profile')}`] : [],
    });
    clientsOfLevel = { kind: 'synthetic', browsers, generator };
  }
  if (options.runs > 0) {
    // The server again with no session, after the first-frame runs' sessions ended: what they leave running.
    notePhase('idle after the first-frame runs');
    results.idleAfterFirstFrame = await measureIdle(server);
  }
  if (options.isSettled && options.sessions.length > 0) {
    // A server just started holds its start-up's garbage (the demo seed, the migrations: the app's heap
    // at about 130 MiB, 65 MiB of it live) until a major collection, and a new media worker runs cold
    // code: both fall on the first session, once. That session is measured and kept apart.
    progress(`first session after the server's start (${clientsOfLevel.kind} clients; kept apart, not judged)`);
    notePhase('first session after start');
    results.firstSessionAfterStart = await measureLevel(server, clientsOfLevel, booked, inspectorSessions, 1, results.idle);
  }
  results.sessions = [];
  for (const count of options.sessions) {
    progress(`${count} concurrent recorded sessions (${clientsOfLevel.kind} clients)`);
    results.sessions.push(await measureLevel(server, clientsOfLevel, booked, inspectorSessions, count, results.idle));
  }
} catch (error) {
  results.error = String(error.stack ?? error);
  progress(`FAILED: ${results.error}`);
} finally {
  await browsers.phones?.close().catch(() => undefined);
  await browsers.inspectors?.close().catch(() => undefined);
  await generator?.stop().catch(() => undefined);
  if (server) await stopServer(server.child);
  if (!options.isKept) fs.rmSync(dataDir, { recursive: true, force: true });
}

results.sessions ??= [];
results.firstFrameMsMedian ??= null;
results.firstFrameClients = results.firstFrame ? 'chromium' : null;
results.clientsByLevel = Object.fromEntries(results.sessions.map((level) => [level.sessions, level.clients]));
// The CPU of what played the phones and inspectors (the load generator, or both browsers), % of one core.
results.clientsCpuPercent = Object.fromEntries(
  results.sessions.map((level) => [
    level.sessions,
    level.machine
      ? (level.machine.loadGeneratorCpuPercent ?? round(level.machine.phoneBrowserCpuPercent + level.machine.inspectorBrowserCpuPercent, 1))
      : null,
  ]),
);
results.cpuPercentPerSession = Object.fromEntries(
  results.sessions.map((level) => [level.sessions, level.server?.cpuPercentPerSession ?? null]),
);
results.rssPerSessionMiB = Object.fromEntries(results.sessions.map((level) => [level.sessions, level.server?.rssPerSessionMiB ?? null]));
results.eventLoopP99Ms = Object.fromEntries(results.sessions.map((level) => [level.sessions, worstLoopP99(level)]));
results.appThreadEventLoopP99Ms = Object.fromEntries(
  results.sessions.map((level) => [level.sessions, level.server?.eventLoop?.p99Ms ?? null]),
);
results.mediaWorkerEventLoopP99Ms = Object.fromEntries(
  results.sessions.map((level) => [level.sessions, level.server?.mediaWorkerLoops?.map((worker) => worker.p99Ms) ?? []]),
);
results.recordingBytesPerMinute = Object.fromEntries(
  results.sessions.map((level) => [level.sessions, level.recording?.bytesPerMinute ?? null]),
);
results.targets = judge(results);
notePhase('end');
results.loadAfter = os.loadavg().map((value) => round(value, 2));
results.phases = phases;
if (results.idle) printSummary(results);
fs.writeFileSync(path.join(outDir, 'result.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(JSON.stringify(results));
process.exitCode = results.error ? 1 : 0;
