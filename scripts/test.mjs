#!/usr/bin/env node
// `npm test`: every suite, then one closing line `N passed, N failed` totalling them all.
//   1. unit, service and route tests (vitest) on the embedded PGlite;
//   2. the same on real PostgreSQL (TEST_DATABASE_URL, or a throw-away cluster started here when
//      Debian's PostgreSQL is installed and we may start it);
//   3. browser tests (Playwright in Debian's Chromium) against the running app.
// Options: --only=pglite,postgres,browser to run some suites.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yuanqu-test-'));
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',');
const wants = (suite) => !only || only.includes(suite);
const results = [];

function run(command, args, env = {}) {
  return spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
}

function readVitest(file) {
  if (!fs.existsSync(file)) return undefined;
  const report = JSON.parse(fs.readFileSync(file, 'utf8'));
  // A file that failed to load counts as one failure, so a broken import cannot pass silently.
  const brokenFiles = report.testResults.filter((entry) => entry.status === 'failed' && entry.assertionResults.length === 0).length;
  return { passed: report.numPassedTests, failed: report.numFailedTests + brokenFiles, skipped: report.numPendingTests + report.numTodoTests };
}

function vitestSuite(name, env) {
  const outputFile = path.join(reportDir, `${name}.json`);
  process.stdout.write(`\n━━ ${name}: unit, service and route tests ━━\n`);
  const result = run(process.execPath, [path.join(root, 'node_modules/vitest/vitest.mjs'), 'run', '--reporter=default', '--reporter=json', `--outputFile=${outputFile}`], env);
  const counts = readVitest(outputFile) ?? { passed: 0, failed: 1, skipped: 0 };
  if (result.status !== 0 && counts.failed === 0) counts.failed = 1;
  results.push({ name, ...counts });
}

function postgresUrl() {
  if (process.env.TEST_DATABASE_URL) return process.env.TEST_DATABASE_URL;
  const hasPostgres = fs.existsSync('/usr/lib/postgresql') && process.getuid?.() === 0;
  if (!hasPostgres) return undefined;
  const started = spawnSync('bash', [path.join(root, '.ci/start-postgres.sh')], { encoding: 'utf8' });
  return started.status === 0 ? started.stdout.trim() : undefined;
}

if (wants('pglite')) vitestSuite('pglite', { TEST_DB: 'pglite' });

if (wants('postgres')) {
  const url = postgresUrl();
  if (url) vitestSuite('postgres', { TEST_DB: 'postgres', TEST_DATABASE_URL: url });
  else {
    process.stdout.write('\n━━ postgres: SKIPPED — set TEST_DATABASE_URL to a PostgreSQL superuser URL (see .ci/start-postgres.sh) ━━\n');
    results.push({ name: 'postgres', passed: 0, failed: 0, skipped: 1 });
  }
}

if (wants('browser')) {
  process.stdout.write('\n━━ browser: Playwright in Chromium ━━\n');
  const outputFile = path.join(root, 'e2e/test-results/results.json');
  fs.rmSync(outputFile, { force: true });
  const result = run('npm', ['run', 'test', '--silent', '-w', '@yuanqu/e2e']);
  let counts = { passed: 0, failed: 1, skipped: 0 };
  if (fs.existsSync(outputFile)) {
    const stats = JSON.parse(fs.readFileSync(outputFile, 'utf8')).stats;
    counts = { passed: stats.expected + stats.flaky, failed: stats.unexpected, skipped: stats.skipped };
  }
  if (result.status !== 0 && counts.failed === 0) counts.failed = 1;
  results.push({ name: 'browser', ...counts });
}

fs.rmSync(reportDir, { recursive: true, force: true });
process.stdout.write('\n');
for (const suite of results) process.stdout.write(`${suite.name.padEnd(9)} ${suite.passed} passed, ${suite.failed} failed, ${suite.skipped} skipped\n`);
const total = results.reduce((sum, suite) => ({ passed: sum.passed + suite.passed, failed: sum.failed + suite.failed }), { passed: 0, failed: 0 });
process.stdout.write(`${total.passed} passed, ${total.failed} failed\n`);
process.exit(total.failed > 0 ? 1 : 0);
