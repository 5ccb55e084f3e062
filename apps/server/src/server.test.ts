import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testDatabaseKind } from './test/test-database.js';

const serverSource = path.join(import.meta.dirname, 'server.ts');
const repositoryRoot = path.resolve(import.meta.dirname, '../../..');

function startServer(dataDir: string, port: number): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=yuanqu-source', serverSource], {
    cwd: repositoryRoot,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', DATABASE_URL: '', WEB_DIST_DIR: '/nonexistent' },
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, output: () => output, exited };
}

async function waitUntilReady(port: number, deadlineMs: number): Promise<number> {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (response.status === 200) return response.status;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('server did not become ready');
}

// The embedded database's lock only matters without DATABASE_URL; the PostgreSQL run skips it.
describe.skipIf(testDatabaseKind !== 'pglite')('starting the server on the embedded database', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yuanqu-start-'));
  const port = 3700 + Math.floor(Math.random() * 200);
  const first = startServer(dataDir, port);

  afterAll(async () => {
    first.child.kill('SIGTERM');
    await first.exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('migrates, seeds the demo data and prints the address and demo accounts', async () => {
    await waitUntilReady(port, 60_000);
    expect(first.output()).toContain(`running at http://localhost:${port}`);
    expect(first.output()).toMatch(/xy\.sysadmin\s+Yuanqu#2026\s+KRUGS4ZAONSWG4TFOQQHS5LBNZYXKMJQ/);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
  }, 90_000);

  it('refuses a second server on the same data folder, naming the lock, while the first keeps serving', async () => {
    const second = startServer(dataDir, port + 1);
    const exitCode = await second.exited;
    expect(exitCode).not.toBe(0);
    expect(second.output()).toContain(path.join(dataDir, 'yuanqu.lock'));
    expect(second.output()).toContain(`held by process ${first.child.pid}`);
    const stillServing = await fetch(`http://127.0.0.1:${port}/api/openapi.json`);
    expect(stillServing.status).toBe(200);
  }, 60_000);
});
