import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, devices } from '@playwright/test';

const e2eRoot = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(e2eRoot, '..');
const port = Number(process.env.E2E_PORT ?? 3210);
const baseURL = `http://127.0.0.1:${port}`;

// One fresh data folder per run. Workers inherit the variable, so they do not create their own.
const dataDir = process.env.YUANQU_E2E_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'yuanqu-e2e-'));
process.env.YUANQU_E2E_DATA_DIR = dataDir;

// Playwright starts the web server before globalSetup, so the web app is built here in the command:
// only when missing, or always with E2E_BUILD_WEB=1 (after changing apps/web).
const buildWeb =
  process.env.E2E_BUILD_WEB === '1' ? 'npm run build -w @yuanqu/web' : 'test -f apps/web/dist/index.html || npm run build -w @yuanqu/web';

export default defineConfig({
  testDir: './specs',
  outputDir: './test-results',
  // The specs share one server and its sign-in rate limit, TOTP codes and lockout counters, so
  // they run one at a time, in a predictable order.
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 10_000 },
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['json', { outputFile: path.join(e2eRoot, 'test-results/results.json') }]],
  use: {
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    // The app turns antd's animations off for this preference, so no step waits on a transition.
    reducedMotion: 'reduce',
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      },
    },
  ],
  webServer: {
    command: `${buildWeb} && npx tsx --conditions=yuanqu-source apps/server/src/server.ts`,
    cwd: repoRoot,
    url: `${baseURL}/readyz`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      SEED_DEMO: 'true',
      // E2E_WEB_DIST_DIR: a web build kept elsewhere, so that a run is not disturbed by a rebuild.
      WEB_DIST_DIR: process.env.E2E_WEB_DIST_DIR ?? 'apps/web/dist',
      LOG_LEVEL: 'warn',
      PUBLIC_URL: baseURL,
      // The live inspection's media server also offers a loopback ICE candidate, so that Chromium
      // (started with --allow-loopback-in-peer-connection) reaches it on a machine without a network.
      ICE_PUBLIC_ADDRESSES: '127.0.0.1',
    },
  },
});
