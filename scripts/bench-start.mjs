#!/usr/bin/env node
// `npm run bench:start`: start-up time and idle memory of the server, on the embedded PGlite and on
// PostgreSQL. For each database: a cold first start (empty database: migrations + demo seed) and
// warm restarts (same data), timed from process spawn to the first 200 from /readyz; then the
// resident memory (VmRSS) after 10 s idle. Also times the build that `npm start` runs on a fresh clone.
// Needs a built server (npm run build) and, for PostgreSQL, TEST_DATABASE_URL (a superuser URL).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const serverEntry = path.join(root, 'apps/server/dist/server.js');
const warmRuns = Number(process.env.BENCH_WARM_RUNS ?? 5);
const port = 3900;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function startServer(env) {
  const startedAt = performance.now();
  const child = spawn(process.execPath, [serverEntry], { cwd: root, env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (response.status === 200) return { child, readyMs: performance.now() - startedAt };
    } catch {
      // not listening yet
    }
    await sleep(20);
  }
}

function rssMiB(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

async function stopServer(child) {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function measure(name, env) {
  const cold = await startServer(env);
  await sleep(10_000);
  const idleRss = rssMiB(cold.child.pid);
  await stopServer(cold.child);
  const warm = [];
  for (let run = 0; run < warmRuns; run += 1) {
    const started = await startServer(env);
    warm.push(started.readyMs);
    await stopServer(started.child);
  }
  return { database: name, coldStartMs: Math.round(cold.readyMs), warmStartMedianMs: Math.round(median(warm)), warmStartMaxMs: Math.round(Math.max(...warm)), idleRssMiB: Math.round(idleRss) };
}

function timeBuild() {
  const startedAt = performance.now();
  for (const folder of ['apps/server/dist', 'packages/shared/dist', 'apps/web/dist']) fs.rmSync(path.join(root, folder), { recursive: true, force: true });
  for (const folder of ['apps/server', 'packages/shared']) {
    for (const file of fs.readdirSync(path.join(root, folder))) {
      if (file.endsWith('.tsbuildinfo')) fs.rmSync(path.join(root, folder, file), { force: true });
    }
  }
  const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('build failed');
  return Math.round(performance.now() - startedAt);
}

const results = { machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version }, runs: [] };
if (process.env.BENCH_SKIP_BUILD !== '1') results.buildMs = timeBuild();

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yuanqu-bench-'));
results.runs.push(await measure('pglite', { DATA_DIR: dataDir }));
fs.rmSync(dataDir, { recursive: true, force: true });

if (process.env.TEST_DATABASE_URL) {
  const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await admin.connect();
  await admin.query('drop database if exists yuanqu_bench_start with (force)');
  await admin.query('create database yuanqu_bench_start');
  const url = new URL(process.env.TEST_DATABASE_URL);
  url.pathname = '/yuanqu_bench_start';
  results.runs.push(await measure('postgres', { DATABASE_URL: url.toString(), SEED_DEMO: 'true', DATA_DIR: os.tmpdir() }));
  await admin.query('drop database yuanqu_bench_start with (force)');
  await admin.end();
} else {
  process.stderr.write('PostgreSQL skipped: set TEST_DATABASE_URL\n');
}

console.table(results.runs);
console.log(JSON.stringify(results));
