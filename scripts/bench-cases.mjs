#!/usr/bin/env node
// `npm run bench:cases`: the case queue and case submissions under load, through the real API, on a
// database holding many cases — PostgreSQL (1,000,000 by default) or the embedded PGlite.
//
// How:
//  1. Builds the server (tsc), creates an empty database (PostgreSQL: a new database; PGlite: a new
//     DATA_DIR) and starts the server once on it: migrations and the demo seed (cold start, timed).
//  2. Stops it and bulk-loads BENCH_CASES cases straight into the tables (scripts/bench/bulk-load-cases.mjs:
//     INSERT … SELECT generate_series in batches, realistic statuses, working-day clock dates, zones,
//     departments, items, applicants, materials and timelines), then VACUUM ANALYZE.
//  3. Starts the server on the loaded database (timed), signs in the demo clerk (xy.clerk) and the
//     demo applicant (junling.applicant) once each and reuses their session cookies.
//  4. Queue: GET /api/cases (the clerk's queue, first page, most urgent first) with several filter sets,
//     each for BENCH_DURATION seconds at 1 connection and at BENCH_CONNECTIONS, with autocannon after a
//     2 s warm-up. Percentiles are computed from every response time, not from buckets.
//  5. Submissions: the applicant uploads two small PDFs once over tus and reuses their ids; each
//     autocannon connection then loops POST /api/cases (draft with form and materials) → POST
//     /api/cases/:id/submit (with the version the draft answered): validation, case number, timeline,
//     audit record and the applicant's SMS (the demo applicant has a mobile number, so one is written to
//     the outbox per submission) included. Submissions/s = successful submits / elapsed time.
//  6. PostgreSQL: restarts the server behind a wire-protocol proxy (scripts/bench/statement-counter.mjs)
//     and counts the statements of 20 requests of each kind, one at a time, and how many of them run
//     while the case-number row lock or the audit-chain lock is held. While submissions run, it also
//     samples pg_stat_activity (what the server's connections wait on) and the CPU time of the server,
//     of the PostgreSQL backends and of autocannon.
//  7. Stops the server, EXPLAIN (ANALYZE, BUFFERS) of the SQL behind the filtered queue request and the
//     unfiltered one (scripts/bench/explain-queue.mjs), optionally tries an index (BENCH_TRY_INDEX), and
//     runs `verify-audit` on the chain the run appended to.
//
// Options (environment):
//   BENCH_DB=postgres|pglite     which database (default: postgres when TEST_DATABASE_URL is set, else pglite)
//   TEST_DATABASE_URL            PostgreSQL superuser URL; the benchmark creates and drops its own database
//   BENCH_DB_NAME=yuanqu_bench   that database's name
//   BENCH_CASES                  cases to load (default 1,000,000 on PostgreSQL, 100,000 on PGlite)
//   BENCH_OPEN_SHARE=0.05        share of the cases that are open (on the staff queue)
//   BENCH_BATCH                  cases per INSERT statement (default 100,000 PostgreSQL, 25,000 PGlite)
//   BENCH_DURATION=10            seconds per queue measurement; BENCH_SUBMIT_DURATION=20 for submissions
//   BENCH_CONNECTIONS=10         concurrent connections of the loaded runs
//   BENCH_PORT=3401              the server's port
//   BENCH_ITEM_CODE=XYGX-JS-007  the demo service item the applicant applies for
//   BENCH_CPU_PROF=1             start the server with --cpu-prof (profiles in the output folder; read them
//                                with scripts/bench/summarize-cpu-profile.mjs); BENCH_SKIP_QUEUE=1 or
//                                BENCH_SKIP_SUBMISSIONS=1 leaves that part out (e.g. to profile the other alone)
//   BENCH_EXPLAIN=0              skip the EXPLAIN ANALYZE step; BENCH_VERIFY_AUDIT=0 skips verify-audit;
//                                BENCH_COUNT_STATEMENTS=0 skips counting statements per request (PostgreSQL)
//   BENCH_TRY_INDEX=1            afterwards, create the queue index cases_zone_open_queue_idx (or pass your own
//                                CREATE INDEX statement), measure the queue again, drop it; skipped when the
//                                index exists (since migration 0008 creates it: for builds older than that)
//   BENCH_SKIP_BUILD=1           use the existing apps/server/dist
//   BENCH_SERVER_ROOT            run the server built in another checkout (its apps/server/dist), e.g. to
//                                measure a proposed change against the same data; not built here
//   BENCH_KEEP=1                 keep the database / data folder afterwards (to rerun with BENCH_REUSE=1)
//   BENCH_REUSE=1                use a database / BENCH_DATA_DIR already loaded with BENCH_CASES cases
//   BENCH_DATA_DIR               PGlite data folder (default: a new folder under /tmp)
//   BENCH_OUT_DIR                where the log, JSON result, plans and profiles go (default: a new /tmp folder)
// Figures depend on the machine and on what else runs on it: the summary records the load average
// before each phase.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { bulkLoadCases } from './bench/bulk-load-cases.mjs';
import { explainQueueRequest } from './bench/explain-queue.mjs';
import { getJson, postJson, prepareApplication as prepareApplicationFor, signIn } from './bench/api-client.mjs';
import { memoryOf, startServer, stopServer, trackCpu, trackPeakRss } from './bench/server-process.mjs';
import { startStatementCounter } from './bench/statement-counter.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Where the server under test is built (apps/server/dist below it): this checkout, or another build to compare a change with. */
const serverRoot = path.resolve(process.env.BENCH_SERVER_ROOT ?? root);
const env = process.env;
/** The partial index for "most urgent first" over all open cases, as migration 0008 creates it (BENCH_TRY_INDEX=1, for older builds). */
const PROPOSED_QUEUE_INDEX =
  "CREATE INDEX cases_zone_open_queue_idx ON cases (zone_id, due_on, submitted_at, id) WHERE status IN ('submitted', 'correction_requested', 'accepted', 'inspection', 'under_review', 'suspended', 'concluded')";
const databaseKind = env.BENCH_DB ?? (env.TEST_DATABASE_URL ? 'postgres' : 'pglite');
if (!['postgres', 'pglite'].includes(databaseKind)) throw new Error(`BENCH_DB must be postgres or pglite, not ${databaseKind}`);
if (databaseKind === 'postgres' && !env.TEST_DATABASE_URL) throw new Error('BENCH_DB=postgres needs TEST_DATABASE_URL (a superuser URL)');
const options = {
  cases: Number(env.BENCH_CASES ?? (databaseKind === 'postgres' ? 1_000_000 : 100_000)),
  openShare: Number(env.BENCH_OPEN_SHARE ?? 0.05),
  batchSize: Number(env.BENCH_BATCH ?? (databaseKind === 'postgres' ? 100_000 : 25_000)),
  duration: Number(env.BENCH_DURATION ?? 10),
  submitDuration: Number(env.BENCH_SUBMIT_DURATION ?? 20),
  connections: Number(env.BENCH_CONNECTIONS ?? 10),
  port: Number(env.BENCH_PORT ?? 3401),
  itemCode: env.BENCH_ITEM_CODE ?? 'XYGX-JS-007',
  isCpuProfiled: env.BENCH_CPU_PROF === '1',
  isExplained: env.BENCH_EXPLAIN !== '0',
  isAuditVerified: env.BENCH_VERIFY_AUDIT !== '0',
  isKept: env.BENCH_KEEP === '1',
  isReused: env.BENCH_REUSE === '1',
  triedIndex: env.BENCH_TRY_INDEX === '1' ? PROPOSED_QUEUE_INDEX : env.BENCH_TRY_INDEX || null,
};
const PASSWORD = 'Yuanqu#2026';
const baseUrl = `http://127.0.0.1:${options.port}`;
const outDir = env.BENCH_OUT_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), `yuanqu-bench-cases-${databaseKind}-`));
fs.mkdirSync(outDir, { recursive: true });
const serverLog = path.join(outDir, 'server.log');
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const progress = (line) => process.stderr.write(`[bench:cases ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const round = (value, digits = 1) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : null);
const chinaToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** The load average and the busiest processes, recorded before each measured phase. */
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
  phases.push({ phase: name, load1: round(one, 2), load5: round(five, 2), busyProcesses: busy.slice(0, 6) });
  fs.writeFileSync(path.join(outDir, `top-${phases.length}-${name.replace(/\W+/g, '-')}.txt`), lastSnapshot);
}

function describeMachine() {
  const cpuModel = /model name\s*:\s*(.+)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model;
  return {
    date: new Date().toISOString(),
    nproc: os.availableParallelism?.() ?? os.cpus().length,
    cpuModel,
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
  };
}

function percentile(sorted, share) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)];
}

function latencySummary(latencies) {
  const sorted = Float64Array.from(latencies).sort();
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 0.5), 2),
    p95: round(percentile(sorted, 0.95), 2),
    p99: round(percentile(sorted, 0.99), 2),
    max: round(sorted.at(-1), 2),
  };
}

/** One autocannon run with every response time kept (tagged by the step that answered). */
async function load(runOptions, tagOf = () => 'all') {
  const latencies = new Map();
  const instance = autocannon({
    url: baseUrl,
    timeout: 30,
    renderProgressBar: false,
    renderResultsTable: false,
    renderLatencyTable: false,
    warmup: { connections: runOptions.connections, duration: 2 },
    ...runOptions,
  });
  instance.on('response', (_client, _statusCode, _bytes, responseTime) => {
    const tag = tagOf();
    if (!latencies.has(tag)) latencies.set(tag, []);
    latencies.get(tag).push(responseTime);
  });
  const result = await instance;
  return { result, latencies: Object.fromEntries([...latencies].map(([tag, values]) => [tag, latencySummary(values)])) };
}

/**
 * PostgreSQL only: samples pg_stat_activity of the benchmark database every 50 ms while `work` runs and
 * counts what the server's connections were doing — running, waiting on a lock (and in which
 * statement), or idle in a transaction while Node prepared the next statement. Where submissions
 * queue up shows here.
 */
async function sampleWaits(url, work) {
  if (!url) return { result: await work(), waits: null };
  const client = new pg.Client({ connectionString: url, application_name: MONITOR_NAME });
  await client.connect();
  const tally = new Map();
  let samples = 0;
  let isRunning = true;
  const sampling = (async () => {
    while (isRunning) {
      const { rows } = await client.query(
        `select state, wait_event_type, wait_event, left(regexp_replace(query, '\\s+', ' ', 'g'), 60) as query
         from pg_stat_activity where datname = current_database() and application_name <> '${MONITOR_NAME}' and backend_type = 'client backend' and state <> 'idle'`,
      );
      samples += 1;
      for (const activity of rows) {
        const doing =
          activity.state === 'idle in transaction'
            ? 'idle in transaction (waiting for Node)'
            : activity.wait_event_type
              ? `${activity.wait_event_type}:${activity.wait_event} in «${activity.query}»`
              : `running «${activity.query}»`;
        tally.set(doing, (tally.get(doing) ?? 0) + 1);
      }
      await sleep(50);
    }
  })();
  try {
    const result = await work();
    return {
      result,
      waits: {
        samples,
        busyConnectionsAverage: round([...tally.values()].reduce((sum, n) => sum + n, 0) / Math.max(1, samples), 2),
        top: [...tally]
          .sort((a, b) => b[1] - a[1])
          .slice(0, 12)
          .map(([doing, n]) => ({ doing, averageConnections: round(n / Math.max(1, samples), 2) })),
      },
    };
  } finally {
    isRunning = false;
    await sampling;
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// The database: created, cold-started (migrations + demo seed), bulk-loaded — or reused.

/** The benchmark's own connections carry this name, so that their activity is not counted as the server's. */
const MONITOR_NAME = 'yuanqu-bench-monitor';

async function openPostgres(url, applicationName = 'yuanqu-bench') {
  const client = new pg.Client({ connectionString: url, application_name: applicationName });
  await client.connect();
  return {
    kind: 'postgres',
    client,
    root: serverRoot,
    query: async (sql, params) => (await client.query(sql, params)).rows,
    close: () => client.end(),
  };
}

async function openPglite(dataDir) {
  const { PGlite } = await import('@electric-sql/pglite');
  const client = await PGlite.create(path.join(dataDir, 'pglite'));
  return {
    kind: 'pglite',
    client,
    root: serverRoot,
    query: async (sql, params) => (await client.query(sql, params)).rows,
    close: () => client.close(),
  };
}

async function prepareDatabase() {
  const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yuanqu-bench-files-'));
  if (databaseKind === 'postgres') {
    const databaseName = env.BENCH_DB_NAME ?? 'yuanqu_bench';
    const url = new URL(env.TEST_DATABASE_URL);
    url.pathname = `/${databaseName}`;
    const admin = new pg.Client({ connectionString: env.TEST_DATABASE_URL });
    await admin.connect();
    const [{ version }] = (await admin.query('show server_version')).rows.map((row) => ({ version: row.server_version }));
    const settings = Object.fromEntries(
      (
        await admin.query(
          `select name, setting, unit from pg_settings where name in ('shared_buffers', 'fsync', 'synchronous_commit', 'max_connections', 'work_mem')`,
        )
      ).rows.map((row) => [row.name, `${row.setting}${row.unit ?? ''}`]),
    );
    const exists = (await admin.query('select 1 from pg_database where datname = $1', [databaseName])).rowCount > 0;
    let loadedCases = 0;
    if (options.isReused && exists) {
      const probe = await openPostgres(url.toString());
      loadedCases = Number((await probe.query(`select value from zone_settings where key = 'bench.cases' limit 1`))[0]?.value ?? 0);
      await probe.close();
    }
    const isLoaded = options.isReused && loadedCases === options.cases;
    if (!isLoaded) {
      await admin.query(`drop database if exists ${databaseName} with (force)`);
      await admin.query(`create database ${databaseName}`);
    }
    return {
      label: `PostgreSQL ${version}`,
      settings,
      isLoaded,
      serverEnv: { DATABASE_URL: url.toString(), SEED_DEMO: 'true', DATA_DIR: filesDir },
      open: () => openPostgres(url.toString()),
      sizeMiB: async (db) => Number((await db.query('select pg_database_size(current_database()) as bytes'))[0].bytes) / 2 ** 20,
      cleanup: async () => {
        if (!options.isKept) await admin.query(`drop database if exists ${databaseName} with (force)`);
        await admin.end();
        fs.rmSync(filesDir, { recursive: true, force: true });
      },
    };
  }
  const dataDir = env.BENCH_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'yuanqu-bench-pglite-'));
  progress(`PGlite data folder: ${dataDir}${options.isKept ? ' (kept: rerun with BENCH_DATA_DIR=… BENCH_REUSE=1)' : ''}`);
  let isLoaded = false;
  if (options.isReused && fs.existsSync(path.join(dataDir, 'pglite'))) {
    const probe = await openPglite(dataDir);
    isLoaded =
      Number((await probe.query(`select value from zone_settings where key = 'bench.cases' limit 1`))[0]?.value ?? 0) === options.cases;
    await probe.close();
  }
  if (!isLoaded) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.mkdirSync(dataDir, { recursive: true });
  }
  const { version } = JSON.parse(fs.readFileSync(path.join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8'));
  return {
    label: `PGlite ${version}`,
    settings: {},
    isLoaded,
    serverEnv: { DATA_DIR: dataDir, SEED_DEMO: 'true' },
    open: () => openPglite(dataDir),
    sizeMiB: async () => Number(spawnSync('du', ['-sk', path.join(dataDir, 'pglite')], { encoding: 'utf8' }).stdout.split(/\s/)[0]) / 1024,
    cleanup: async () => {
      if (!options.isKept) fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(filesDir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------------------------------------

const results = { machine: describeMachine(), database: databaseKind, options, outDir };
progress(`output in ${outDir}`);

if (env.BENCH_SKIP_BUILD !== '1' && serverRoot === root) {
  progress('building the server (tsc -b apps/server/tsconfig.build.json)');
  const build = spawnSync('npx', ['tsc', '-b', 'apps/server/tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('the server build failed');
}

const database = await prepareDatabase();
results.databaseLabel = database.label;
results.databaseSettings = database.settings;
const nodeOptions = options.isCpuProfiled ? ['--cpu-prof', `--cpu-prof-dir=${outDir}`] : [];
let server;
let monitor = null;

try {
  if (database.isLoaded) {
    progress(`reusing the database already loaded with ${options.cases.toLocaleString('en')} cases`);
  } else {
    notePhase('cold start');
    progress('cold start: migrations and demo seed on the empty database');
    const cold = await startServer({ root: serverRoot, port: options.port, env: database.serverEnv, logFile: serverLog });
    results.coldStartMs = Math.round(cold.readyMs);
    await stopServer(cold.child);

    notePhase('bulk load');
    progress(`bulk-loading ${options.cases.toLocaleString('en')} cases (batches of ${options.batchSize.toLocaleString('en')})`);
    const db = await database.open();
    const loaded = await bulkLoadCases(db.query, {
      cases: options.cases,
      batchSize: options.batchSize,
      openShare: options.openShare,
      today: chinaToday(),
      log: progress,
    });
    await db.query(
      `INSERT INTO zone_settings (zone_id, key, value) SELECT id, 'bench.cases', $1 FROM zones WHERE code = 'xianyang-hitech'
       ON CONFLICT (zone_id, key) DO UPDATE SET value = excluded.value`,
      [String(options.cases)],
    );
    results.load = {
      ...loaded,
      loadMs: Math.round(loaded.loadMs),
      analyzeMs: Math.round(loaded.analyzeMs),
      peakRssOfLoaderMiB: round(memoryOf(process.pid).peakRssMiB, 0),
    };
    await db.close();
  }
  {
    const db = await database.open();
    results.databaseSizeMiB = round(await database.sizeMiB(db), 0);
    results.byStatus ??= Object.fromEntries(
      (await db.query(`SELECT status, count(*)::int AS n FROM cases GROUP BY status ORDER BY n DESC`)).map((row) => [row.status, row.n]),
    );
    results.casesInTable = Object.values(results.byStatus).reduce((sum, n) => sum + n, 0);
    await db.close();
  }

  notePhase('start with the loaded cases');
  progress('starting the server on the loaded database');
  server = await startServer({
    root: serverRoot,
    port: options.port,
    env: { ...database.serverEnv, SEED_DEMO: 'true' },
    logFile: serverLog,
    nodeOptions,
  });
  results.loadedStartMs = Math.round(server.readyMs);
  await sleep(5000);
  results.idleRssMiB = round(memoryOf(server.child.pid).rssMiB, 0);

  const clerk = await signIn(baseUrl, 'xy.clerk', PASSWORD);
  const applicant = await signIn(baseUrl, 'junling.applicant', PASSWORD);
  // The PostgreSQL backends serving the server, for their CPU time (PGlite runs inside the server process).
  monitor = databaseKind === 'postgres' ? await openPostgres(database.serverEnv.DATABASE_URL, MONITOR_NAME) : null;
  const databasePids = async () =>
    monitor
      ? (
          await monitor.query(
            `select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend' and application_name <> '${MONITOR_NAME}'`,
          )
        ).map((row) => row.pid)
      : [];
  const cpuPer = (cpuSeconds, count) => ({
    serverMs: round((cpuSeconds.server * 1000) / Math.max(1, count), 2),
    databaseMs: round((cpuSeconds.database * 1000) / Math.max(1, count), 2),
    loadGeneratorMs: round((cpuSeconds.loadGenerator * 1000) / Math.max(1, count), 2),
  });

  // ---- the queue ----
  const sample = await getJson(baseUrl, clerk, '/api/cases?status=under_review&isOverdue=true&pageSize=1');
  if (sample.items.length === 0) throw new Error('no overdue case under review to take the filter values from');
  const filterItemId = sample.items[0].serviceItem.id;
  const filterDepartmentId = sample.items[0].department.id;
  const scenarios = [
    {
      name: 'status + item + overdue',
      query: `status=under_review&serviceItemId=${filterItemId}&isOverdue=true`,
      filter: { status: 'under_review', serviceItemId: filterItemId, isOverdue: true },
    },
    { name: 'status only', query: 'status=under_review', filter: { status: 'under_review' } },
    {
      name: 'department + overdue',
      query: `departmentId=${filterDepartmentId}&isOverdue=true`,
      filter: { departmentId: filterDepartmentId, isOverdue: true },
    },
    { name: 'no filter (all open)', query: '', filter: {} },
  ];
  /** Each scenario at 1 connection and at BENCH_CONNECTIONS; `variant` names the database state. */
  async function measureQueue(chosen, variant, clerkSession) {
    const measured = [];
    for (const scenario of chosen) {
      const first = await getJson(baseUrl, clerkSession, `/api/cases?${scenario.query}`);
      for (const connections of [1, options.connections]) {
        notePhase(`queue ${variant} ${scenario.name} ×${connections}`);
        progress(`queue (${variant}), ${scenario.name}, ${connections} connection(s), ${options.duration} s`);
        // autocannon ignores a top-level `path`; a request list is what sends the URL (and checks each answer).
        let unexpectedBodies = 0;
        const {
          result: { result: run, peakRssMiB },
          cpuSeconds,
        } = await trackCpu(server.child.pid, databasePids, () =>
          trackPeakRss(server.child.pid, () =>
            load({
              connections,
              duration: options.duration,
              requests: [
                {
                  method: 'GET',
                  path: `/api/cases?${scenario.query}`,
                  headers: clerkSession.headers,
                  onResponse: (status, body) => (unexpectedBodies += status === 200 && body.startsWith('{"items":') ? 0 : 1),
                },
              ],
            }),
          ),
        );
        measured.push({
          variant,
          scenario: scenario.name,
          request: `GET /api/cases?${scenario.query.replace(filterItemId, '<item>').replace(filterDepartmentId, '<department>')}`,
          matchingCases: first.total,
          openCasesCounted: Object.values(first.counts).reduce((sum, n) => sum + n, 0),
          connections,
          requestsPerSecond: round(run.result.requests.average, 0),
          ...run.latencies.all,
          non2xx: run.result.non2xx,
          unexpectedBodies,
          errors: run.result.errors,
          cpuPerRequest: cpuPer(cpuSeconds, run.result.requests.total),
          peakRssMiB: round(peakRssMiB, 0),
        });
      }
    }
    return measured;
  }
  results.queue = env.BENCH_SKIP_QUEUE === '1' ? [] : await measureQueue(scenarios, 'schema as migrated', clerk);

  // ---- submissions ----
  /** Uploads the two PDFs as the applicant and builds the draft body: the item's form filled, its required materials attached. */
  const prepareApplication = (applicantSession) => prepareApplicationFor(baseUrl, applicantSession, options.itemCode, chinaToday());

  async function measureSubmissions() {
    progress('uploading two PDFs as the applicant');
    const { item, materials, draftBody } = await prepareApplication(applicant);
    // One by hand first, so that a refusal shows its reason instead of a count of 4xx.
    const trial = await postJson(baseUrl, applicant, '/api/cases', JSON.parse(draftBody));
    const trialSubmitted = await postJson(baseUrl, applicant, `/api/cases/${trial.id}/submit`, { version: trial.version });
    results.submissionExample = {
      item: `${item.code} ${item.nameZh}`,
      requiredMaterials: Object.keys(materials),
      formFields: item.form.map((field) => field.key),
      number: trialSubmitted.number,
    };

    notePhase(`submissions ×${options.connections}`);
    progress(`submissions, ${options.connections} connections, ${options.submitDuration} s`);
    const counts = { drafts: 0, submitted: 0, draftFailures: 0, submitFailures: 0, firstFailure: null };
    let lastStep = 'draft';
    const jsonHeaders = { ...applicant.headers, 'content-type': 'application/json' };
    const startedAt = performance.now();
    const {
      result: {
        result: { result: run, peakRssMiB },
        cpuSeconds,
      },
      waits,
    } = await sampleWaits(database.serverEnv.DATABASE_URL, () =>
      trackCpu(server.child.pid, databasePids, () =>
        trackPeakRss(server.child.pid, () =>
          load(
            {
              connections: options.connections,
              duration: options.submitDuration,
              warmup: undefined,
              requests: [
                {
                  method: 'POST',
                  path: '/api/cases',
                  headers: jsonHeaders,
                  body: draftBody,
                  onResponse: (status, body, context) => {
                    lastStep = 'draft';
                    if (status === 200) {
                      const draft = JSON.parse(body);
                      context.caseId = draft.id;
                      context.version = draft.version;
                      counts.drafts += 1;
                    } else {
                      context.caseId = null;
                      counts.draftFailures += 1;
                      counts.firstFailure ??= `draft ${status} ${body.slice(0, 300)}`;
                    }
                  },
                },
                {
                  method: 'POST',
                  headers: jsonHeaders,
                  setupRequest: (request, context) =>
                    context.caseId
                      ? { ...request, path: `/api/cases/${context.caseId}/submit`, body: JSON.stringify({ version: context.version }) }
                      : null,
                  onResponse: (status, body) => {
                    lastStep = 'submit';
                    if (status === 200) counts.submitted += 1;
                    else {
                      counts.submitFailures += 1;
                      counts.firstFailure ??= `submit ${status} ${body.slice(0, 300)}`;
                    }
                  },
                },
              ],
            },
            () => lastStep,
          ),
        ),
      ),
    );
    const elapsedS = (performance.now() - startedAt) / 1000;
    results.submissions = {
      connections: options.connections,
      durationS: round(run.result.duration, 1),
      submissionsPerSecond: round(counts.submitted / run.result.duration, 0),
      ...counts,
      elapsedIncludingSetupS: round(elapsedS, 1),
      draftLatency: run.latencies.draft,
      submitLatency: run.latencies.submit,
      non2xx: run.result.non2xx,
      errors: run.result.errors,
      peakRssMiB: round(peakRssMiB, 0),
      cpuPerSubmission: cpuPer(cpuSeconds, counts.submitted),
      cpuSeconds: {
        server: round(cpuSeconds.server, 1),
        database: round(cpuSeconds.database, 1),
        loadGenerator: round(cpuSeconds.loadGenerator, 1),
      },
      databaseActivity: waits,
    };
  }
  if (env.BENCH_SKIP_SUBMISSIONS !== '1') await measureSubmissions();
  await monitor?.close();
  monitor = null;
  results.serverPeakRssMiB = round(memoryOf(server.child.pid).peakRssMiB, 0);
  await stopServer(server.child);
  server = undefined;

  // ---- statements per request, and how many run while a lock is held (PostgreSQL) ----
  if (databaseKind === 'postgres' && env.BENCH_COUNT_STATEMENTS !== '0') {
    progress('counting statements per request through a wire-protocol proxy (20 of each, one at a time)');
    const target = new URL(database.serverEnv.DATABASE_URL);
    const counter = await startStatementCounter({
      target,
      // The audit chain was serialised by an advisory lock before the head row's lock replaced it;
      // both are recognised, so that an older build can be measured the same way.
      lockPatterns: {
        'case number counter row': /insert into "case_counters"/i,
        'audit chain lock': /pg_advisory_xact_lock|from audit_chain_head where id = 1 for update/i,
      },
    });
    const proxied = new URL(target);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(counter.port);
    server = await startServer({
      root: serverRoot,
      port: options.port,
      env: { ...database.serverEnv, DATABASE_URL: proxied.toString() },
      logFile: serverLog,
    });
    const clerkCounted = await signIn(baseUrl, 'xy.clerk', PASSWORD);
    const applicantCounted = await signIn(baseUrl, 'junling.applicant', PASSWORD);
    const { draftBody } = await prepareApplication(applicantCounted);
    const repeat = 20;
    const perRequest = (snapshot) => ({
      statements: round(snapshot.statements / repeat, 1),
      transactions: round(snapshot.transactions / repeat, 1),
      underLock: Object.fromEntries(
        Object.entries(snapshot.underLock).map(([name, held]) => [
          name,
          held.transactions ? round(held.statements / held.transactions, 1) : 0,
        ]),
      ),
    });
    results.statementsPerRequest = {};
    for (const scenario of [scenarios[0], scenarios.at(-1)]) {
      await getJson(baseUrl, clerkCounted, `/api/cases?${scenario.query}`);
      counter.reset();
      for (let index = 0; index < repeat; index += 1) await getJson(baseUrl, clerkCounted, `/api/cases?${scenario.query}`);
      results.statementsPerRequest[`queue: ${scenario.name}`] = perRequest(counter.snapshot());
    }
    counter.reset();
    const drafts = [];
    for (let index = 0; index < repeat; index += 1)
      drafts.push(await postJson(baseUrl, applicantCounted, '/api/cases', JSON.parse(draftBody)));
    results.statementsPerRequest['POST /api/cases (draft)'] = perRequest(counter.snapshot());
    counter.reset();
    for (const draft of drafts) await postJson(baseUrl, applicantCounted, `/api/cases/${draft.id}/submit`, { version: draft.version });
    results.statementsPerRequest['POST /api/cases/:id/submit'] = perRequest(counter.snapshot());
    await stopServer(server.child);
    server = undefined;
    await counter.close();
  }

  // ---- plans and the audit chain ----
  if (options.isExplained) {
    progress('EXPLAIN ANALYZE of the queue statements');
    const db = await database.open();
    const [{ id: zoneId }] = await db.query(`select id from zones where code = 'xianyang-hitech'`);
    results.explain = [];
    for (const scenario of [scenarios[0], scenarios.at(-1)]) {
      const statements = await explainQueueRequest(db, { zoneId, today: chinaToday(), ...scenario.filter });
      const file = path.join(outDir, `explain-${scenario.name.replace(/\W+/g, '-')}.txt`);
      fs.writeFileSync(
        file,
        statements
          .map(
            (statement) => `-- ${statement.label}\n-- params: ${JSON.stringify(statement.params)}\n${statement.sql}\n\n${statement.plan}\n`,
          )
          .join('\n\n'),
      );
      results.explain.push({
        scenario: scenario.name,
        file,
        statements: statements.map((statement) => ({
          label: statement.label,
          planningMs: statement.planningMs,
          executionMs: statement.executionMs,
          plainMs: statement.plainMs,
        })),
      });
    }
    await db.close();
  }
  const triedIndexName = options.triedIndex && /index\s+(?:if\s+not\s+exists\s+)?("?[\w]+"?)\s+on/i.exec(options.triedIndex)?.[1];
  if (triedIndexName) {
    // A migrated index is not tried (nor dropped afterwards): it is measured with the schema as migrated.
    const db = await database.open();
    const [{ present }] = await db.query(`select to_regclass($1) is not null as present`, [triedIndexName.replaceAll('"', '')]);
    await db.close();
    if (present) {
      progress(`not trying ${triedIndexName}: the migrations already created it`);
      results.triedIndexSkipped = `${triedIndexName} exists already (created by the migrations)`;
      options.triedIndex = null;
    }
  }
  if (options.triedIndex) {
    // An index proposed for the queue, tried on this throw-away database only (the schema is owned by
    // the migrations): created, the queue measured again, and dropped, so a kept database stays as migrated.
    progress(`trying an index: ${options.triedIndex}`);
    const db = await database.open();
    const startedAt = performance.now();
    await db.query(options.triedIndex);
    await db.query('ANALYZE cases');
    results.triedIndex = { sql: options.triedIndex, createMs: Math.round(performance.now() - startedAt), explain: [] };
    const [{ id: zoneId }] = await db.query(`select id from zones where code = 'xianyang-hitech'`);
    for (const scenario of [scenarios[0], scenarios.at(-1)]) {
      const statements = await explainQueueRequest(db, { zoneId, today: chinaToday(), ...scenario.filter });
      const file = path.join(outDir, `explain-with-index-${scenario.name.replace(/\W+/g, '-')}.txt`);
      fs.writeFileSync(
        file,
        statements
          .map(
            (statement) => `-- ${statement.label}\n-- params: ${JSON.stringify(statement.params)}\n${statement.sql}\n\n${statement.plan}\n`,
          )
          .join('\n\n'),
      );
      results.triedIndex.explain.push({
        scenario: scenario.name,
        file,
        statements: statements.map((statement) => ({
          label: statement.label,
          planningMs: statement.planningMs,
          executionMs: statement.executionMs,
          plainMs: statement.plainMs,
        })),
      });
    }
    await db.close();
    server = await startServer({ root: serverRoot, port: options.port, env: database.serverEnv, logFile: serverLog });
    monitor = databaseKind === 'postgres' ? await openPostgres(database.serverEnv.DATABASE_URL, MONITOR_NAME) : null;
    const clerkAgain = await signIn(baseUrl, 'xy.clerk', PASSWORD);
    results.queue.push(...(await measureQueue([scenarios[0], scenarios.at(-1)], 'with the tried index', clerkAgain)));
    await monitor?.close();
    monitor = null;
    await stopServer(server.child);
    server = undefined;
    const cleanup = await database.open();
    const indexName = /index\s+(?:if\s+not\s+exists\s+)?("?[\w]+"?)\s+on/i.exec(options.triedIndex)?.[1];
    if (indexName) await cleanup.query(`DROP INDEX IF EXISTS ${indexName}`);
    await cleanup.close();
  }
  if (options.isAuditVerified) {
    progress('verify-audit');
    const verify = spawnSync(process.execPath, [path.join(serverRoot, 'apps/server/dist/cli.js'), 'verify-audit'], {
      cwd: serverRoot,
      env: { ...process.env, ...database.serverEnv, LOG_LEVEL: 'warn' },
      encoding: 'utf8',
    });
    results.auditVerification = `${verify.stdout.trim().split('\n').at(-1)} (exit ${verify.status})`;
  }
} finally {
  await monitor?.close();
  if (server) await stopServer(server.child);
  await database.cleanup();
}
results.phases = phases;
fs.writeFileSync(path.join(outDir, 'result.json'), `${JSON.stringify(results, null, 2)}\n`);

// ---------------------------------------------------------------------------------------------
// The summary.

const ms = (value) => (value === undefined || value === null ? '—' : `${value.toLocaleString('en')} ms`);
const lines = [];
const row = (label, value) => lines.push(`  ${label.padEnd(44)} ${value}`);
lines.push('', `bench:cases — ${results.databaseLabel}, ${results.casesInTable.toLocaleString('en')} cases`, '');
row(
  'machine',
  `${results.machine.nproc} CPU (${results.machine.cpuModel}), ${results.machine.memoryGiB} GiB, Node ${results.machine.node}, ${results.machine.date}`,
);
if (Object.keys(results.databaseSettings).length > 0)
  row(
    'database settings',
    Object.entries(results.databaseSettings)
      .map(([name, value]) => `${name}=${value}`)
      .join(' '),
  );
row(
  'cases by status',
  Object.entries(results.byStatus)
    .map(([status, n]) => `${status} ${n.toLocaleString('en')}`)
    .join(', '),
);
if (results.coldStartMs !== undefined) row('cold start (migrations + demo seed)', ms(results.coldStartMs));
if (results.load)
  row(
    'bulk load / VACUUM ANALYZE',
    `${ms(results.load.loadMs)} / ${ms(results.load.analyzeMs)} (${results.load.events.toLocaleString('en')} events, ${results.load.materials.toLocaleString('en')} materials)`,
  );
row('database size', `${results.databaseSizeMiB.toLocaleString('en')} MiB`);
row('start on the loaded database', ms(results.loadedStartMs));
row('server RSS: idle / peak', `${results.idleRssMiB} MiB / ${results.serverPeakRssMiB} MiB`);
lines.push('', '  queue: GET /api/cases, first page (20), most urgent first — latency in ms; bad = answers that were not a 200 queue page');
lines.push(
  `  ${'filter'.padEnd(26)} ${'matching'.padStart(9)} ${'conn'.padStart(4)} ${'req/s'.padStart(6)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'p99'.padStart(7)} ${'bad'.padStart(4)}  CPU ms/request server+db`,
);
let shownVariant = 'schema as migrated';
for (const entry of results.queue) {
  if (entry.variant !== shownVariant) lines.push(`  — ${(shownVariant = entry.variant)}: ${results.triedIndex?.sql ?? ''}`);
  lines.push(
    `  ${entry.scenario.padEnd(26)} ${String(entry.matchingCases).padStart(9)} ${String(entry.connections).padStart(4)} ${String(entry.requestsPerSecond).padStart(6)} ${String(entry.p50).padStart(7)} ${String(entry.p95).padStart(7)} ${String(entry.p99).padStart(7)} ${String(entry.unexpectedBodies).padStart(4)}  ${entry.cpuPerRequest.serverMs}+${entry.cpuPerRequest.databaseMs}`,
  );
}
const submissions = results.submissions;
if (submissions) {
  lines.push(
    '',
    `  submissions: POST /api/cases + POST /api/cases/:id/submit, ${submissions.connections} connections, ${submissions.durationS} s`,
  );
  row(
    'submissions per second',
    `${submissions.submissionsPerSecond} (${submissions.submitted} submitted, ${submissions.draftFailures + submissions.submitFailures} failed)`,
  );
  row(
    'draft latency p50 / p95 / p99',
    `${submissions.draftLatency?.p50} / ${submissions.draftLatency?.p95} / ${submissions.draftLatency?.p99} ms`,
  );
  row(
    'submit latency p50 / p95 / p99',
    `${submissions.submitLatency?.p50} / ${submissions.submitLatency?.p95} / ${submissions.submitLatency?.p99} ms`,
  );
  row(
    'CPU per submission: server / database / autocannon',
    `${submissions.cpuPerSubmission.serverMs} / ${submissions.cpuPerSubmission.databaseMs} / ${submissions.cpuPerSubmission.loadGeneratorMs} ms`,
  );
  if (submissions.firstFailure) row('first failure', submissions.firstFailure);
  if (submissions.databaseActivity) {
    lines.push(
      `  what the server's PostgreSQL connections were doing (average connections over ${submissions.databaseActivity.samples} samples; ${submissions.databaseActivity.busyConnectionsAverage} busy on average)`,
    );
    for (const entry of submissions.databaseActivity.top) lines.push(`    ${String(entry.averageConnections).padStart(5)}  ${entry.doing}`);
  }
}
if (results.statementsPerRequest) {
  lines.push(
    '',
    '  statements per request (one request at a time, through a counting proxy), and how many of them run while a lock is held',
  );
  for (const [request, counted] of Object.entries(results.statementsPerRequest)) {
    const locks = Object.entries(counted.underLock)
      .filter(([, statements]) => statements > 0)
      .map(([name, statements]) => `${name}: ${statements} statements to COMMIT`)
      .join('; ');
    row(request, `${counted.statements} statements, ${counted.transactions} transactions${locks ? `; ${locks}` : ''}`);
  }
}
if (results.explain) {
  lines.push(
    '',
    '  the statements behind one request, on the database alone (server stopped): EXPLAIN ANALYZE planning + execution; plain run p50 of 30',
  );
  for (const entry of results.explain) {
    for (const statement of entry.statements)
      row(
        `${entry.scenario}: ${statement.label}`,
        `${statement.planningMs} + ${statement.executionMs} ms; plain ${statement.plainMs.p50} ms`,
      );
  }
}
if (results.triedIndex) {
  row('tried index: CREATE INDEX took', ms(results.triedIndex.createMs));
  for (const entry of results.triedIndex.explain) {
    for (const statement of entry.statements)
      row(
        `with it, ${entry.scenario}: ${statement.label}`,
        `${statement.planningMs} + ${statement.executionMs} ms; plain ${statement.plainMs.p50} ms`,
      );
  }
}
if (results.auditVerification) row('verify-audit', results.auditVerification);
lines.push('', '  load average (1 min) before each phase, and processes above 5 % CPU at that moment');
for (const phase of phases)
  lines.push(`    ${phase.phase.padEnd(40)} ${String(phase.load1).padStart(5)}  ${phase.busyProcesses.join('; ')}`);
lines.push('', `  details: ${path.join(outDir, 'result.json')}`, '');
console.log(lines.join('\n'));
