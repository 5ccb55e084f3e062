import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { createFixedClock } from '../lib/clock.js';
import { appendAuditEvent, verifyAuditChain } from '../modules/audit/index.js';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from '../test/test-database.js';
import { BackupError, backupDatabase, restoreDatabase } from './backup.js';
import { openDatabase, type Database } from './client.js';
import { DataDirLockedError } from './data-dir-lock.js';
import { createFileStorage } from '../modules/files/index.js';
import { auditEvents, enterprises, users, zones } from './schema.js';
import { seedDemoData } from './seed/demo-seed.js';

const LATE_ENTERPRISE = '备份之后登记的企业有限公司';

/** A change made after the backup: a new enterprise and its audit record. */
async function addLateEnterprise(db: Database, clock: ReturnType<typeof createFixedClock>): Promise<void> {
  const [zone] = await db.select({ id: zones.id }).from(zones).where(eq(zones.code, 'xianyang-hitech'));
  if (!zone) throw new Error('demo zone missing');
  await db.insert(enterprises).values({ zoneId: zone.id, name: LATE_ENTERPRISE, creditCode: null });
  clock.advance(60_000);
  await appendAuditEvent(
    db,
    { zoneId: zone.id, action: 'enterprise.create', outcome: 'success', details: { name: LATE_ENTERPRISE } },
    clock,
  );
}

async function enterpriseNames(db: Database): Promise<string[]> {
  const rows = await db.select({ name: enterprises.name }).from(enterprises).orderBy(asc(enterprises.name));
  return rows.map((row) => row.name);
}

/** The demo data, with the demo cases' files kept in the test's own folder. */
function seedDemo(db: Database, clock: ReturnType<typeof createFixedClock>, filesDir: string) {
  return seedDemoData(db, clock, { storage: createFileStorage({ dataDir: filesDir }), publicUrl: 'http://localhost:3000' });
}

async function countUsers(db: Database): Promise<number> {
  return (await db.select({ id: users.id }).from(users)).length;
}

async function auditActions(db: Database): Promise<string[]> {
  const rows = await db.select({ action: auditEvents.action }).from(auditEvents).orderBy(asc(auditEvents.seq));
  return rows.map((row) => row.action);
}

describe('backup and restore of the embedded database', () => {
  let root: string;
  let dataDir: string;
  let clock: ReturnType<typeof createFixedClock>;

  beforeEach(() => {
    clock = createFixedClock('2026-03-01T08:00:00.000Z');
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'yuanqu-backup-'));
    dataDir = path.join(root, 'data');
  });
  afterEach(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  async function withData<T>(work: (db: Database) => Promise<T>): Promise<T> {
    const handle = await openDatabase({ dataDir });
    try {
      return await work(handle.db);
    } finally {
      await handle.close();
    }
  }

  it('restores the state at the backup: a later row is gone and the audit chain is intact', { timeout: 120_000 }, async () => {
    const setup = await openDatabase({ dataDir });
    await setup.migrate();
    await seedDemo(setup.db, clock, root);
    await setup.close();
    const namesAtBackup = await withData(enterpriseNames);
    const usersAtBackup = await withData(countUsers);
    const actionsAtBackup = await withData(auditActions);
    const out = path.join(root, 'backups', 'yuanqu.tar.gz');

    const backup = await backupDatabase({ dataDir, out, clock, actorName: 'test' });

    expect(backup).toMatchObject({ kind: 'pglite', file: out });
    expect(backup.bytes).toBe(fs.statSync(out).size);
    expect([...fs.readFileSync(out).subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    expect(fs.existsSync(`${out}.partial`)).toBe(false);
    await expect(backupDatabase({ dataDir, out, clock })).rejects.toThrow(BackupError);

    await withData((db) => addLateEnterprise(db, clock));
    expect(await withData(enterpriseNames)).toContain(LATE_ENTERPRISE);

    const restored = await restoreDatabase({ dataDir, from: out, clock, actorName: 'test' });

    expect(restored.kind).toBe('pglite');
    expect(restored.verification).toEqual({ checked: actionsAtBackup.length + 2, isIntact: true, problems: [] });
    expect(restored.counts).toMatchObject({ zones: 2, enterprises: namesAtBackup.length, users: usersAtBackup, audit_events: actionsAtBackup.length + 2 });
    expect(restored.previousDataDir).toBe(path.join(dataDir, 'pglite.before-restore-2026-03-01T08-01-00-000Z'));
    expect(fs.existsSync(path.join(restored.previousDataDir ?? '', 'PG_VERSION'))).toBe(true);
    await withData(async (db) => {
      expect(await enterpriseNames(db)).toEqual(namesAtBackup);
      expect(await auditActions(db)).toEqual([...actionsAtBackup, 'system.backup', 'system.restore']);
      expect((await verifyAuditChain(db)).isIntact).toBe(true);
    });
    expect(fs.existsSync(path.join(dataDir, 'yuanqu.lock'))).toBe(false);
  });

  it('refuses to restore while a running server holds the data folder, and leaves it as it was', { timeout: 120_000 }, async () => {
    const setup = await openDatabase({ dataDir });
    await setup.migrate();
    await setup.close();
    const out = path.join(root, 'yuanqu.tar.gz');
    await backupDatabase({ dataDir, out, clock });
    // The parent process (the test runner) stands in for a live server: alive, and not us.
    const lockPath = path.join(dataDir, 'yuanqu.lock');
    fs.writeFileSync(lockPath, JSON.stringify({ pid: process.ppid, startedAt: clock.now().toISOString() }));

    await expect(restoreDatabase({ dataDir, from: out, clock })).rejects.toThrow(DataDirLockedError);
    await expect(backupDatabase({ dataDir, out: path.join(root, 'second.tar.gz'), clock })).rejects.toThrow(DataDirLockedError);

    expect(fs.readdirSync(dataDir).sort()).toEqual(['pglite', 'yuanqu.lock']);
    expect(fs.existsSync(path.join(root, 'second.tar.gz'))).toBe(false);
    fs.rmSync(lockPath);
  });

  it('refuses a file that is not a PGlite backup without touching the database', async () => {
    const notBackup = path.join(root, 'notes.txt');
    fs.writeFileSync(notBackup, 'not a backup');

    await expect(restoreDatabase({ dataDir, from: notBackup, clock })).rejects.toThrow(/not a PGlite backup/);
    await expect(restoreDatabase({ dataDir, from: path.join(root, 'missing.tar.gz'), clock })).rejects.toThrow(/does not exist/);
    expect(fs.existsSync(dataDir)).toBe(false);
  });
});

describe.runIf(testDatabaseKind === 'postgres')('backup and restore of PostgreSQL', () => {
  let database: TestDatabase;
  let root: string;
  let clock: ReturnType<typeof createFixedClock>;

  beforeEach(async () => {
    clock = createFixedClock('2026-03-01T08:00:00.000Z');
    database = await createTestDatabase();
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'yuanqu-pg-backup-'));
  });
  afterEach(async () => {
    await database.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('restores the state at the backup: a later row is gone and the audit chain is intact', { timeout: 120_000 }, async () => {
    const databaseUrl = database.url ?? '';
    await seedDemo(database.db, clock, root);
    const namesAtBackup = await enterpriseNames(database.db);
    const usersAtBackup = await countUsers(database.db);
    const actionsAtBackup = await auditActions(database.db);
    const out = path.join(root, 'yuanqu.dump');

    const backup = await backupDatabase({ databaseUrl, dataDir: root, out, clock, actorName: 'test' });

    expect(backup).toMatchObject({ kind: 'postgres', file: out });
    expect(fs.readFileSync(out).subarray(0, 5).toString('latin1')).toBe('PGDMP');

    await addLateEnterprise(database.db, clock);
    expect(await enterpriseNames(database.db)).toContain(LATE_ENTERPRISE);

    const restored = await restoreDatabase({ databaseUrl, dataDir: root, from: out, clock, actorName: 'test' });

    expect(restored.verification).toEqual({ checked: actionsAtBackup.length + 2, isIntact: true, problems: [] });
    expect(restored.counts).toMatchObject({ zones: 2, enterprises: namesAtBackup.length, users: usersAtBackup, audit_events: actionsAtBackup.length + 2 });
    expect(restored.previousDataDir).toBeUndefined();
    expect(await enterpriseNames(database.db)).toEqual(namesAtBackup);
    expect(await auditActions(database.db)).toEqual([...actionsAtBackup, 'system.backup', 'system.restore']);
    expect((await verifyAuditChain(database.db)).isIntact).toBe(true);
  });

  it('refuses a PGlite backup when DATABASE_URL is set', async () => {
    const notDump = path.join(root, 'data.tar.gz');
    fs.writeFileSync(notDump, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00]));

    await expect(restoreDatabase({ databaseUrl: database.url ?? '', dataDir: root, from: notDump, clock })).rejects.toThrow(
      /not a pg_dump custom-format file/,
    );
  });
});
