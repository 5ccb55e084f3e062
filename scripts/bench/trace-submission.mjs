// Prints the statements one draft and one submission send to PostgreSQL, in order (a development aid:
// `TEST_DATABASE_URL=… BENCH_DB_NAME=… node scripts/bench/trace-submission.mjs` against a database a
// `BENCH_KEEP=1 npm run bench:cases` run left behind, with apps/server/dist built).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { postJson, prepareApplication, signIn } from './api-client.mjs';
import { startServer, stopServer } from './server-process.mjs';
import { startStatementCounter } from './statement-counter.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const target = new URL(process.env.TEST_DATABASE_URL);
target.pathname = `/${process.env.BENCH_DB_NAME ?? 'yuanqu_bench'}`;
let log = null;
const counter = await startStatementCounter({
  target,
  lockPatterns: {},
  onStatement: (text) => log?.push(text.replace(/\s+/g, ' ').trim()),
});
const proxied = new URL(target);
proxied.hostname = '127.0.0.1';
proxied.port = String(counter.port);
const port = 3499;
const baseUrl = `http://127.0.0.1:${port}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yuanqu-trace-'));
const server = await startServer({
  root,
  port,
  env: { DATABASE_URL: proxied.toString(), DATA_DIR: dataDir, SEED_DEMO: 'true' },
  logFile: path.join(dataDir, 'server.log'),
});
try {
  const applicant = await signIn(baseUrl, 'junling.applicant', 'Yuanqu#2026');
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const { draftBody } = await prepareApplication(baseUrl, applicant, process.env.BENCH_ITEM_CODE ?? 'XYGX-JS-007', today);
  const body = JSON.parse(draftBody);
  for (let round = 0; round < 2; round += 1) {
    log = [];
    const draft = await postJson(baseUrl, applicant, '/api/cases', body);
    console.log(`--- draft (round ${round + 1}): ${log.length} statements`);
    for (const line of log) console.log('  ' + line.slice(0, 220));
    log = [];
    await postJson(baseUrl, applicant, `/api/cases/${draft.id}/submit`, { version: draft.version });
    console.log(`--- submit (round ${round + 1}): ${log.length} statements`);
    for (const line of log) console.log('  ' + line.slice(0, 220));
  }
} finally {
  await stopServer(server);
  await counter.close();
}
