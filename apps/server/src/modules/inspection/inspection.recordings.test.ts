import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { inspectionRecordings, inspections } from './inspection.table.js';
import { bookLiveInspection, chinaMorning, createLiveTestApp, type LiveTestApp } from './inspection.live.test-support.js';
import { verifyRecordings } from './inspection.recordings.js';

const CLI_PATH = path.resolve(import.meta.dirname, '../../cli.ts');
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
    if (!('DATABASE_URL' in env)) delete childEnv.DATABASE_URL;
    execFile(
      process.execPath,
      ['--import', TSX_LOADER, '--conditions=yuanqu-source', CLI_PATH, ...args],
      { env: childEnv, timeout: 90_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
      },
    );
  });
}

const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Two finished files of a held inspection (the phone's segment and an inspector's voice) and one still being written. */
async function recordSomething(testApp: LiveTestApp) {
  const world = await bookLiveInspection(testApp);
  const db = testApp.database.db;
  await db.update(inspections).set({ status: 'live' }).where(eq(inspections.id, world.inspection.id));
  const folder = path.join(testApp.recordingsDir, world.inspection.id);
  fs.mkdirSync(folder, { recursive: true });
  const video = Buffer.from('webm: the phone’s camera and microphone');
  const voice = Buffer.from('webm: the first inspector’s voice');
  fs.writeFileSync(path.join(folder, 'segment-001.webm'), video);
  fs.writeFileSync(path.join(folder, 'segment-001.inspector-1.webm'), voice);
  const startedAt = testApp.clock.now();
  const base = { inspectionId: world.inspection.id, startedAt, endedAt: startedAt, status: 'final' };
  await db.insert(inspectionRecordings).values([
    {
      ...base,
      segment: 1,
      kind: 'phone',
      path: `${world.inspection.id}/segment-001.webm`,
      sha256: sha256Of(video),
      sizeBytes: video.length,
      durationMs: 4000,
    },
    {
      ...base,
      segment: 1,
      kind: 'inspector_audio',
      inspectorId: world.inspectors[0].userId,
      path: `${world.inspection.id}/segment-001.inspector-1.webm`,
      sha256: sha256Of(voice),
      sizeBytes: voice.length,
      offsetMs: 300,
    },
    { ...base, segment: 2, kind: 'phone', path: `${world.inspection.id}/segment-002.webm`, status: 'recording', endedAt: null },
  ]);
  return { world, folder };
}

describe('verifying recordings', () => {
  let testApp: LiveTestApp | undefined;
  afterEach(async () => {
    await testApp?.close();
    testApp?.remove();
    testApp = undefined;
  });

  it('re-hashes every finished file and names the changed, the missing and the never finalised ones', async () => {
    testApp = await createLiveTestApp(chinaMorning('2026-03-03'));
    const { world, folder } = await recordSomething(testApp);
    const db = testApp.database.db;

    expect(await verifyRecordings(db, testApp.recordingsDir)).toEqual({ checked: 2, inProgress: 1, problems: [], isIntact: true });

    fs.appendFileSync(path.join(folder, 'segment-001.webm'), Buffer.from([0]));
    fs.rmSync(path.join(folder, 'segment-001.inspector-1.webm'));
    await db
      .insert(inspectionRecordings)
      .values({
        inspectionId: world.inspection.id,
        segment: 3,
        kind: 'phone',
        path: `${world.inspection.id}/segment-003.webm`,
        startedAt: testApp.clock.now(),
        status: 'interrupted',
      });
    const broken = await verifyRecordings(db, testApp.recordingsDir, 1);
    expect(broken.isIntact).toBe(false);
    expect(broken.checked).toBe(2);
    expect(broken.problems.map((problem) => [problem.kind, problem.path]).sort()).toEqual([
      ['altered', `${world.inspection.id}/segment-001.webm`],
      ['missing', `${world.inspection.id}/segment-001.inspector-1.webm`],
      ['unhashed', `${world.inspection.id}/segment-003.webm`],
    ]);
  });

  it('`yuanqu verify-recordings` exits 0 when intact and 1 naming a changed and a missing file', { timeout: 240_000 }, async () => {
    testApp = await createLiveTestApp(chinaMorning('2026-03-03'), {}, { isDatabaseInDataDir: true });
    const { world, folder } = await recordSomething(testApp);
    const env: Record<string, string> = { DATA_DIR: testApp.dataDir, RECORDINGS_DIR: testApp.recordingsDir, LOG_LEVEL: 'silent' };
    if (testApp.database.url) env.DATABASE_URL = testApp.database.url;
    await testApp.releaseForCli();

    const intact = await runCli(['verify-recordings'], env);
    expect(intact).toEqual({ code: 0, stdout: 'recordings intact: 2 files, 1 still being recorded (not checked)\n', stderr: '' });

    fs.writeFileSync(path.join(folder, 'segment-001.webm'), 'replaced with something else');
    fs.rmSync(path.join(folder, 'segment-001.inspector-1.webm'));
    const broken = await runCli(['verify-recordings'], env);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('recordings NOT intact: 2 files checked, 1 still being recorded (not checked), 2 problem(s)');
    expect(broken.stdout).toContain(`altered inspection ${world.inspection.id} segment 1`);
    expect(broken.stdout).toContain(`missing inspection ${world.inspection.id} segment 1`);
    expect(broken.stdout).toContain(`${world.inspection.id}/segment-001.inspector-1.webm is missing`);
  });
});
