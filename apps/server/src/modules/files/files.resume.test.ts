import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Upload } from 'tus-js-client';
import { testDatabaseKind } from '../../test/test-database.js';

const serverSource = path.resolve(import.meta.dirname, '../../server.ts');
const repositoryRoot = path.resolve(import.meta.dirname, '../../../../..');
const FILE_BYTES = 20 * 1024 * 1024;
/** How much the first, interrupted PATCH sends before the server is killed under it. */
const SENT_BEFORE_KILL = 12 * 1024 * 1024;

interface RunningServer {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startServer(dataDir: string, port: number): RunningServer {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=yuanqu-source', serverSource], {
    cwd: repositoryRoot,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      WEB_DIST_DIR: '/nonexistent',
    },
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, output: () => output, exited };
}

async function waitUntilReady(server: RunningServer, port: number): Promise<void> {
  const until = Date.now() + 90_000;
  while (Date.now() < until) {
    if (server.child.exitCode !== null) throw new Error(`the server exited:\n${server.output()}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/readyz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the server did not become ready:\n${server.output()}`);
}

/** Signs in as the demo applicant (seeded at first start) and returns the headers its writes need. */
async function signInAsDemoApplicant(port: number): Promise<Record<string, string>> {
  const response = await fetch(`http://127.0.0.1:${port}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'junling.applicant', password: 'Yuanqu#2026' }),
  });
  expect(response.status, await response.clone().text()).toBe(200);
  const { csrfToken, stage } = (await response.json()) as { csrfToken: string; stage: string };
  expect(stage).toBe('active');
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  return { cookie, 'x-csrf-token': csrfToken, 'tus-resumable': '1.0.0' };
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Sends the first `count` bytes of a PATCH that announced them all, and leaves it open. */
async function startInterruptedPatch(
  port: number,
  location: string,
  headers: Record<string, string>,
  source: Buffer,
  count: number,
): Promise<http.ClientRequest> {
  const request = http.request({
    host: '127.0.0.1',
    port,
    path: location,
    method: 'PATCH',
    headers: {
      ...headers,
      'upload-offset': '0',
      'content-type': 'application/offset+octet-stream',
      'content-length': String(source.length),
    },
  });
  request.on('error', () => undefined); // the server dies under it
  const piece = 1024 * 1024;
  for (let offset = 0; offset < count; offset += piece) {
    if (!request.write(source.subarray(offset, Math.min(offset + piece, count)))) {
      await new Promise((resolve) => request.once('drain', resolve));
    }
  }
  return request;
}

async function waitForBytesOnDisk(file: string, atLeast: number): Promise<void> {
  const until = Date.now() + 30_000;
  while (Date.now() < until) {
    if (fs.existsSync(file) && fs.statSync(file).size >= atLeast) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`the server never wrote ${atLeast} bytes of the upload`);
}

// A kill -9 and a restart on the same data folder: the embedded database's case.
describe.skipIf(testDatabaseKind !== 'pglite')('resuming an upload after the server is killed', () => {
  const port = 4100 + Math.floor(Math.random() * 500);
  let dataDir: string;
  let server: RunningServer | undefined;

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yuanqu-resume-'));
  });
  afterAll(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('continues from the offset the restarted server reports, and the stored file is byte for byte the source', async () => {
    const source = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(FILE_BYTES - 9)]);
    server = startServer(dataDir, port);
    await waitUntilReady(server, port);
    let headers = await signInAsDemoApplicant(port);

    const created = await fetch(`http://127.0.0.1:${port}/api/uploads`, {
      method: 'POST',
      headers: {
        ...headers,
        'upload-length': String(source.length),
        'upload-metadata': `filename ${Buffer.from('总平面图.pdf').toString('base64')}`,
      },
    });
    expect(created.status).toBe(201);
    const location = created.headers.get('location')!;
    const partialFile = path.join(dataDir, 'uploads', path.basename(location));

    const interrupted = await startInterruptedPatch(port, location, headers, source, SENT_BEFORE_KILL);
    await waitForBytesOnDisk(partialFile, 8 * 1024 * 1024);
    server.child.kill('SIGKILL');
    expect(await server.exited).toBeNull(); // killed by the signal, not exited
    interrupted.destroy();
    const onDisk = fs.statSync(partialFile).size;
    expect(onDisk).toBeGreaterThanOrEqual(8 * 1024 * 1024);
    expect(onDisk).toBeLessThan(source.length);

    server = startServer(dataDir, port);
    await waitUntilReady(server, port);
    headers = await signInAsDemoApplicant(port);
    const head = await fetch(`http://127.0.0.1:${port}${location}`, { method: 'HEAD', headers });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('upload-offset'))).toBe(onDisk);

    const sentAfterRestart: number[] = [];
    const fileId = await new Promise<string>((resolve, reject) => {
      const upload = new Upload(source, {
        uploadUrl: `http://127.0.0.1:${port}${location}`,
        headers,
        chunkSize: 4 * 1024 * 1024,
        retryDelays: [],
        onChunkComplete: (chunkSize) => sentAfterRestart.push(chunkSize),
        onSuccess: ({ lastResponse }) => resolve(lastResponse.getHeader('Upload-File-Id') ?? ''),
        onError: reject,
      });
      upload.start();
    });
    // Only the missing bytes crossed the wire again.
    expect(sentAfterRestart.reduce((sum, size) => sum + size, 0)).toBe(source.length - onDisk);

    const download = await fetch(`http://127.0.0.1:${port}/api/files/${fileId}`, { headers: { cookie: headers.cookie! } });
    expect(download.status).toBe(200);
    expect(sha256(Buffer.from(await download.arrayBuffer()))).toBe(sha256(source));
    expect(fs.readdirSync(path.join(dataDir, 'uploads'))).toEqual([]);
  }, 240_000);
});
