// The built server as a child process, for benchmarks: start it, time it until /readyz answers 200,
// read its memory, stop it. Its stderr goes to a log file (LOG_LEVEL=warn keeps it short).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Spawns `node apps/server/dist/server.js` and resolves once /readyz answers 200.
 * @param {{ root: string, port: number, env: Record<string, string>, logFile: string, nodeOptions?: string[], timeoutMs?: number }} options
 * @returns {Promise<{ child: import('node:child_process').ChildProcess, readyMs: number }>}
 */
export async function startServer({ root, port, env, logFile, nodeOptions = [], timeoutMs = 15 * 60_000 }) {
  const log = fs.openSync(logFile, 'a');
  const startedAt = performance.now();
  const child = spawn(process.execPath, [...nodeOptions, path.join(root, 'apps/server/dist/server.js')], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', PUBLIC_URL: `http://127.0.0.1:${port}`, ...env },
    stdio: ['ignore', 'ignore', log],
  });
  fs.closeSync(log);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} before it was ready; see ${logFile}`);
    if (performance.now() - startedAt > timeoutMs) {
      child.kill('SIGKILL');
      throw new Error(`the server was not ready after ${timeoutMs / 1000} s; see ${logFile}`);
    }
    try {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (response.status === 200) return { child, readyMs: performance.now() - startedAt };
    } catch {
      // not listening yet
    }
    await sleep(20);
  }
}

/** SIGTERM (the server closes the database cleanly), SIGKILL after 60 s. */
export async function stopServer(child) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  await exited;
  clearTimeout(timer);
}

/** Resident memory now and its peak since the process started (VmRSS, VmHWM), in MiB. */
export function memoryOf(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const read = (key) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN) / 1024;
  return { rssMiB: read('VmRSS'), peakRssMiB: read('VmHWM') };
}

/**
 * Follows a process's resident memory while `work` runs (every 250 ms) and returns the peak seen.
 * VmHWM covers the whole life of the process; this covers only the phase.
 */
export async function trackPeakRss(pid, work) {
  let peak = memoryOf(pid).rssMiB;
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, memoryOf(pid).rssMiB);
    } catch {
      // the process ended
    }
  }, 250);
  try {
    const result = await work();
    peak = Math.max(peak, memoryOf(pid).rssMiB);
    return { result, peakRssMiB: peak };
  } finally {
    clearInterval(timer);
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat; 0 when it is gone. */
export function cpuSecondsOf(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the whole line, in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/**
 * CPU used while `work` runs by the server, by the database processes that `databasePids()` names
 * (PostgreSQL backends serving the benchmark database; none for PGlite, which runs inside the server),
 * and by this process (autocannon).
 */
export async function trackCpu(serverPid, databasePids, work) {
  const before = new Map((await databasePids()).map((pid) => [pid, cpuSecondsOf(pid)]));
  const serverBefore = cpuSecondsOf(serverPid);
  const selfBefore = process.cpuUsage();
  const result = await work();
  const self = process.cpuUsage(selfBefore);
  let database = 0;
  for (const pid of await databasePids()) database += cpuSecondsOf(pid) - (before.get(pid) ?? 0);
  return {
    result,
    cpuSeconds: { server: cpuSecondsOf(serverPid) - serverBefore, database, loadGenerator: (self.user + self.system) / 1e6 },
  };
}
