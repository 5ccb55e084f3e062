#!/usr/bin/env node
// The floor under `bench:cases`' submissions: how many submissions a second this machine manages when
// the database does exactly the work of the app's draft and submission and Node does next to nothing.
//
//  1. Starts the built server (apps/server/dist) on a database that `BENCH_KEEP=1 npm run bench:cases`
//     left behind, with record-statements-hook.mjs loaded, and records the statements (text and
//     parameters) of one draft (POST /api/cases) and one submission (POST /api/cases/:id/submit) of the
//     demo applicant, after one unrecorded pair to warm it up.
//  2. Starts a bare node:http server that replays those statements for each request with raw
//     node-postgres (a pool of 10, statements named as the app names them): the same session look-up,
//     reads, inserts, case number, audit append and commits, with a new case id and the current time
//     substituted — no framework, no ORM, no validation, no JSON beyond the id.
//  3. Loads it with autocannon exactly as bench:cases does (10 connections looping draft → submit, 3 s
//     warm-up, BENCH_SUBMIT_DURATION s measured) and reads the CPU time of the replay server, of the
//     database's backends and of autocannon.
// Prints a summary and, on its last line, the result as JSON.
//
//   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:55432/postgres BENCH_DB_NAME=yuanqu_bench \
//     node scripts/bench/submission-floor.mjs
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { postJson, prepareApplication, signIn } from './api-client.mjs';
import { cpuSecondsOf, startServer, stopServer } from './server-process.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** The app's statement names are a hash of the text too (apps/server/src/db/named-statements.ts). */
const nameOf = (text) => `floor_${crypto.createHash('sha256').update(text).digest('base64url').slice(0, 24)}`;

if (process.argv[2] === '--serve') await serve(process.argv[3], process.argv[4], Number(process.argv[5]));
else await main();

async function main() {
  if (!process.env.TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL (a PostgreSQL URL) is required');
  const database = new URL(process.env.TEST_DATABASE_URL);
  database.pathname = `/${process.env.BENCH_DB_NAME ?? 'yuanqu_bench'}`;
  const duration = Number(process.env.BENCH_SUBMIT_DURATION ?? 20);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yuanqu-floor-'));
  const statementsFile = path.join(workDir, 'statements.jsonl');

  const recorded = await record(database, workDir, statementsFile);
  console.log(`recorded: draft ${recorded.draft} statements, submission ${recorded.submit} statements (${statementsFile})`);

  const port = 3496;
  const replay = spawn(process.execPath, [fileURLToPath(import.meta.url), '--serve', statementsFile, database.toString(), String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    replay.stdout.once('data', resolve);
    replay.once('exit', (code) => reject(new Error(`the replay server exited with ${code}`)));
  });
  const admin = new pg.Client({ connectionString: database.toString() });
  await admin.connect();
  try {
    const backends = async () =>
      (await admin.query('select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()')).rows.map(
        (row) => row.pid,
      );
    await loop(port, 3);
    const before = new Map((await backends()).map((pid) => [pid, cpuSecondsOf(pid)]));
    const serverBefore = cpuSecondsOf(replay.pid);
    const selfBefore = process.cpuUsage();
    const loadAverage = os.loadavg()[0];
    const counts = await loop(port, duration);
    const self = process.cpuUsage(selfBefore);
    let databaseSeconds = 0;
    for (const pid of await backends()) databaseSeconds += cpuSecondsOf(pid) - (before.get(pid) ?? 0);
    const serverSeconds = cpuSecondsOf(replay.pid) - serverBefore;
    const perSubmission = (seconds) => Math.round((seconds * 1000 * 100) / counts.submitted) / 100;
    const result = {
      statements: recorded,
      connections: 10,
      durationS: counts.durationS,
      loadAverageBefore: Math.round(loadAverage * 100) / 100,
      submissionsPerSecond: Math.round(counts.submitted / counts.durationS),
      submitted: counts.submitted,
      failed: counts.failed,
      firstFailure: counts.firstFailure,
      cpuMsPerSubmission: {
        replayServer: perSubmission(serverSeconds),
        database: perSubmission(databaseSeconds),
        loadGenerator: perSubmission((self.user + self.system) / 1e6),
      },
    };
    console.log(`submissions per second (bare replay, 10 connections, ${counts.durationS} s): ${result.submissionsPerSecond}`);
    console.log(
      `CPU per submission: replay server / database / autocannon ${result.cpuMsPerSubmission.replayServer} / ${result.cpuMsPerSubmission.database} / ${result.cpuMsPerSubmission.loadGenerator} ms`,
    );
    console.log(JSON.stringify(result));
  } finally {
    await admin.end();
    replay.kill();
  }
}

/** Runs the app once with the recording hook; returns how many statements a draft and a submission sent. */
async function record(database, workDir, statementsFile) {
  const port = 3495;
  const baseUrl = `http://127.0.0.1:${port}`;
  const server = await startServer({
    root,
    port,
    env: { DATABASE_URL: database.toString(), DATA_DIR: path.join(workDir, 'data'), RECORD_STATEMENTS_FILE: statementsFile },
    logFile: path.join(workDir, 'server.log'),
    nodeOptions: ['--import', path.join(here, 'record-statements-hook.mjs')],
  });
  const mark = (entry) => fs.appendFileSync(statementsFile, `${JSON.stringify(entry)}\n`);
  const toggleRecording = async () => {
    server.child.kill('SIGUSR2');
    await sleep(300);
  };
  try {
    const applicant = await signIn(baseUrl, 'junling.applicant', 'Yuanqu#2026');
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const { draftBody } = await prepareApplication(baseUrl, applicant, process.env.BENCH_ITEM_CODE ?? 'XYGX-JS-007', today);
    const body = JSON.parse(draftBody);
    const warm = await postJson(baseUrl, applicant, '/api/cases', body);
    await postJson(baseUrl, applicant, `/api/cases/${warm.id}/submit`, { version: warm.version });
    await toggleRecording();
    mark({ step: 'draft' });
    const draft = await postJson(baseUrl, applicant, '/api/cases', body);
    mark({ step: 'submit', caseId: draft.id });
    await postJson(baseUrl, applicant, `/api/cases/${draft.id}/submit`, { version: draft.version });
    await toggleRecording();
  } finally {
    await stopServer(server.child);
  }
  const { draft, submit } = readRecording(statementsFile);
  return { draft: draft.length, submit: submit.length };
}

function readRecording(statementsFile) {
  const steps = { draft: [], submit: [], caseId: null };
  let step = null;
  for (const line of fs.readFileSync(statementsFile, 'utf8').trim().split('\n')) {
    const entry = JSON.parse(line);
    if (entry.step) {
      step = entry.step;
      steps.caseId ??= entry.caseId ?? null;
    } else if (step) steps[step].push(entry);
  }
  if (!steps.draft.length || !steps.submit.length || !steps.caseId) throw new Error(`nothing recorded in ${statementsFile}`);
  return steps;
}

/** autocannon's loop of bench:cases: each connection sends a draft, then submits the case it created. */
async function loop(port, duration) {
  const counts = { submitted: 0, failed: 0, firstFailure: null, durationS: 0 };
  const failed = (body) => {
    counts.failed += 1;
    counts.firstFailure ??= body.slice(0, 300);
  };
  const run = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: 10,
    duration,
    requests: [
      {
        method: 'POST',
        path: '/draft',
        onResponse: (status, body, context) => {
          context.caseId = status === 200 ? JSON.parse(body).id : null;
          if (status !== 200) failed(body);
        },
      },
      {
        method: 'POST',
        setupRequest: (request, context) => (context.caseId ? { ...request, path: `/submit/${context.caseId}` } : null),
        onResponse: (status, body) => {
          if (status === 200) counts.submitted += 1;
          else failed(body);
        },
      },
    ],
  });
  counts.durationS = run.duration;
  return counts;
}

/** The replay server: each request runs the recorded statements of its step on one pooled connection. */
async function serve(statementsFile, databaseUrl, port) {
  const recording = readRecording(statementsFile);
  const recordedHex = Buffer.from(recording.caseId).toString('hex');
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const isTime = (value) => typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/.test(value);
  const hexOf = (text) => Buffer.from(text).toString('hex');
  /**
   * The recorded parameters with this request's case id and time, also inside the audit record's canonical
   * text (passed as hex), so that the chain the replay appends still passes `verify-audit`.
   */
  const parametersFor = (values, caseId, now) => {
    const recordedTimes = values.filter(isTime);
    return values.map((value) => {
      if (typeof value !== 'string') return value;
      if (value === recording.caseId) return caseId;
      if (isTime(value)) return now;
      if (!value.includes(recordedHex)) return value;
      let text = value.replaceAll(recordedHex, hexOf(caseId));
      for (const time of recordedTimes) text = text.replaceAll(hexOf(time), hexOf(now));
      return text;
    });
  };
  const toQuery = (statement, caseId, now) =>
    statement.values.length
      ? {
          name: nameOf(statement.text),
          text: statement.text,
          values: parametersFor(statement.values, caseId, now),
          rowMode: statement.rowMode ?? undefined,
        }
      : statement.text;
  const replay = async (statements, caseId) => {
    const now = new Date().toISOString();
    const client = await pool.connect();
    try {
      for (const statement of statements) await client.query(toQuery(statement, caseId, now));
    } catch (error) {
      await client.query('rollback').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  };
  http
    .createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        const caseId = request.url === '/draft' ? crypto.randomUUID() : request.url.slice('/submit/'.length);
        replay(request.url === '/draft' ? recording.draft : recording.submit, caseId).then(
          () => {
            response.writeHead(200, { 'content-type': 'application/json' });
            response.end(JSON.stringify({ id: caseId }));
          },
          (error) => {
            response.writeHead(500, { 'content-type': 'text/plain' });
            response.end(error.message);
          },
        );
      });
    })
    .listen(port, '127.0.0.1', () => process.stdout.write('ready\n'));
}
