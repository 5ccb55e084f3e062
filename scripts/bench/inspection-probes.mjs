// What `npm run bench:inspection` reads around a measuring window: the CPU of a process tree (the
// browsers), the machine's CPU from /proc/stat, the server's event-loop delay from GET /metrics,
// the size of the recordings being written, and the picture sizes in a finished recording (ffprobe).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { cpuSecondsOf } from './server-process.mjs';

/** CPU seconds (user + system) of a process and all its descendants, from /proc. */
export function treeCpuSecondsOf(rootPid) {
  if (!rootPid) return 0;
  const children = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length > 0) {
    const pid = stack.pop();
    total += cpuSecondsOf(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** The ids of this process's children now (the browsers are children of the benchmark). */
export function childPidsOf(parentPid = process.pid) {
  const pids = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parentPid) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** Launches something that spawns one child process and tells which child is new (playwright-core's Browser has no process()). */
export async function withNewChild(launch) {
  const before = new Set(childPidsOf());
  const launched = await launch();
  const pid = childPidsOf().find((candidate) => !before.has(candidate)) ?? null;
  return { launched, pid };
}

/** The machine's CPU counters (first line of /proc/stat), in clock ticks. */
export function machineCpu() {
  const fields = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = fields.slice(0, 8).reduce((sum, value) => sum + value, 0);
  const idle = fields[3] + fields[4];
  return { total, idle };
}

/** Busy share of all cores between two machineCpu() readings, in % of the whole machine. */
export function machineBusyPercent(before, after) {
  const total = after.total - before.total;
  return total > 0 ? (100 * (total - (after.idle - before.idle))) / total : NaN;
}

/**
 * Scrapes GET /metrics and returns the event-loop delay gauges (prom-client's default metrics with
 * the server's `yuanqu_` prefix), in ms, and the V8 heap in use and external memory, in MiB. prom-client resets its monitorEventLoopDelay histogram on
 * every scrape, so a scrape at the start of a window and one at its end give the window's figures.
 */
export async function scrapeEventLoop(baseUrl) {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const read = (name) => {
    const match = new RegExp(`^yuanqu_nodejs_eventloop_lag_${name}_seconds(?:\\{[^}]*\\})? ([0-9.eE+-]+)$`, 'm').exec(text);
    return match ? Number(match[1]) * 1000 : null;
  };
  const mib = (name) => {
    const match = new RegExp(`^yuanqu_${name}(?:\\{[^}]*\\})? ([0-9.eE+-]+)$`, 'm').exec(text);
    return match ? Number(match[1]) / 2 ** 20 : null;
  };
  // The media workers' own loops (MEDIA_WORKERS > 0), each since the previous scrape.
  const workers = [];
  for (const match of text.matchAll(/^yuanqu_media_worker_eventloop_lag_seconds\{worker="(\d+)",stat="(p50|p99|max)"\} ([0-9.eE+-]+)$/gm)) {
    const index = Number(match[1]);
    workers[index] ??= { worker: index };
    workers[index][`${match[2]}Ms`] = Number(match[3]) * 1000;
  }
  return {
    workers: workers.filter(Boolean),
    p50Ms: read('p50'),
    p90Ms: read('p90'),
    p99Ms: read('p99'),
    maxMs: read('max'),
    meanMs: read('mean'),
    minMs: read('min'),
    found: /yuanqu_nodejs_eventloop_lag_p99_seconds/.test(text),
    heapUsedMiB: mib('nodejs_heap_size_used_bytes'),
    externalMiB: mib('nodejs_external_memory_bytes'),
  };
}

/** Total size of the files in `folders` whose names match `pattern`. */
export function sizeOfFiles(folders, pattern) {
  let bytes = 0;
  for (const folder of folders) {
    let names;
    try {
      names = fs.readdirSync(folder);
    } catch {
      continue;
    }
    for (const name of names) {
      if (!pattern.test(name)) continue;
      try {
        bytes += fs.statSync(path.join(folder, name)).size;
      } catch {
        // renamed meanwhile
      }
    }
  }
  return bytes;
}

/** The picture size of every keyframe of a WebM's video (ffprobe decodes keyframes only). */
export function keyframeSizes(file) {
  const result = spawnSync(
    'ffprobe',
    ['-v', 'error', '-select_streams', 'v:0', '-skip_frame', 'nokey', '-show_entries', 'frame=width,height,pts_time', '-of', 'json', file],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (result.status !== 0) return null;
  return (JSON.parse(result.stdout).frames ?? []).map((frame) => ({
    width: Number(frame.width),
    height: Number(frame.height),
    time: Number(frame.pts_time),
  }));
}

/**
 * A control for the event-loop figures: a Node process that does nothing but measure its own event-loop
 * delay (monitorEventLoopDelay, 10 ms resolution like prom-client's) for `seconds`. What it sees is the
 * machine's scheduling delay at that moment; the server's figures above it are the server's own.
 * @returns {{ done: Promise<{ p50Ms: number, p99Ms: number, maxMs: number, meanMs: number } | null> }}
 */
export function startSchedulingProbe(seconds) {
  const script = `const { monitorEventLoopDelay } = require('node:perf_hooks');
const histogram = monitorEventLoopDelay({ resolution: 10 });
histogram.enable();
setTimeout(() => {
  histogram.disable();
  const ms = (ns) => ns / 1e6;
  process.stdout.write(JSON.stringify({ p50Ms: ms(histogram.percentile(50)), p99Ms: ms(histogram.percentile(99)), maxMs: ms(histogram.max), meanMs: ms(histogram.mean) }));
}, ${Math.round(seconds * 1000)});`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'ignore'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  const done = new Promise((resolve) => {
    child.once('exit', () => {
      try {
        resolve(JSON.parse(output));
      } catch {
        resolve(null);
      }
    });
  });
  return { done };
}
