import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, type DatabaseHandle } from './client.js';
import { acquireDataDirLock } from './data-dir-lock.js';

const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const CLIENT_URL = pathToFileURL(path.resolve(import.meta.dirname, 'client.ts')).href;

interface OpenAttempt {
  isOpened: boolean;
  name?: string;
  lockPath?: string;
  holderPid?: number;
  message?: string;
}

/** Tries openDatabase on the folder in another process (the lock is per process) and reports what happened. */
function openInChildProcess(dataDir: string): Promise<OpenAttempt> {
  const script = `
    const { openDatabase } = await import(${JSON.stringify(CLIENT_URL)});
    try {
      const handle = await openDatabase({ dataDir: ${JSON.stringify(dataDir)} });
      await handle.close();
      console.log(JSON.stringify({ isOpened: true }));
    } catch (error) {
      console.log(JSON.stringify({ isOpened: false, name: error.name, lockPath: error.lockPath, holderPid: error.holderPid, message: error.message }));
    }`;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', TSX_LOADER, '--conditions=yuanqu-source', '--input-type=module', '-e', script],
      { timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`child failed: ${stderr || error.message}`));
        else resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as OpenAttempt);
      },
    );
  });
}

/** The pid of a process that has exited, as a crashed server leaves in its lock file. */
function deadPid(): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', '']);
    const pid = child.pid;
    child.on('error', reject);
    child.on('exit', () => (pid === undefined ? reject(new Error('no pid')) : resolve(pid)));
  });
}

describe('data folder lock', () => {
  let dataDir: string;
  let handle: DatabaseHandle | undefined;

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yuanqu-lock-'));
  });
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a second process on the same folder, naming the lock file, while the first keeps working', { timeout: 120_000 }, async () => {
    handle = await openDatabase({ dataDir });
    await handle.migrate();
    const lockPath = path.join(dataDir, 'yuanqu.lock');

    const second = await openInChildProcess(dataDir);

    expect(second).toMatchObject({ isOpened: false, name: 'DataDirLockedError', lockPath, holderPid: process.pid });
    expect(second.message).toContain(lockPath);
    const answer = await handle.db.execute(sql`select count(*)::int as total from zones`);
    expect((answer as { rows: unknown[] }).rows).toEqual([{ total: 0 }]);
    expect(JSON.parse(fs.readFileSync(lockPath, 'utf8'))).toMatchObject({ pid: process.pid });
  });

  it('lets the folder go on close, so the next process opens it', { timeout: 120_000 }, async () => {
    const first = await openDatabase({ dataDir });
    await first.close();
    expect(fs.existsSync(path.join(dataDir, 'yuanqu.lock'))).toBe(false);

    expect(await openInChildProcess(dataDir)).toEqual({ isOpened: true });
  });

  it('takes over a stale lock left by a process that died', async () => {
    const lockPath = path.join(dataDir, 'yuanqu.lock');
    const pid = await deadPid();
    fs.writeFileSync(lockPath, JSON.stringify({ pid, startedAt: '2026-02-15T00:00:00.000Z' }));

    handle = await openDatabase({ dataDir });

    expect(JSON.parse(fs.readFileSync(lockPath, 'utf8'))).toMatchObject({ pid: process.pid });
    await handle.ping();
  });

  it('leaves no exit listener behind once released, however often the folder is taken', () => {
    const before = process.listenerCount('exit');
    for (let round = 0; round < 20; round += 1) acquireDataDirLock(dataDir).release();
    expect(process.listenerCount('exit')).toBe(before);
    expect(fs.existsSync(path.join(dataDir, 'yuanqu.lock'))).toBe(false);
  });
});
