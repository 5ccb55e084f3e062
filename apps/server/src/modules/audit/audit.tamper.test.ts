import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import { openDatabase, type Database, type DatabaseHandle } from '../../db/client.js';
import { createFixedClock } from '../../lib/clock.js';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from '../../test/test-database.js';
import { computeAuditHash } from './audit.chain.js';
import { appendAuditEvent, verifyAuditChain } from './audit.service.js';

const RECORD_COUNT = 20;
const CLI_PATH = path.resolve(import.meta.dirname, '../../cli.ts');
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

async function appendRecords(db: Database, count: number): Promise<void> {
  const clock = createFixedClock('2026-02-15T01:00:00.000Z');
  for (let index = 1; index <= count; index += 1) {
    clock.advance(60_000);
    await appendAuditEvent(
      db,
      {
        zoneId: null,
        actorName: `clerk ${index % 3}`,
        action: 'case.accept',
        targetType: 'case',
        targetId: `case-${index}`,
        outcome: 'success',
        details: { index },
      },
      clock,
    );
  }
}

/**
 * What an attacker with the database superuser can do: switch the append-only triggers off, change
 * rows, switch them back on. The application's role cannot, so only verification catches this.
 */
async function tamper(db: Database, statements: SQL[]): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`alter table audit_events disable trigger user`);
    for (const statement of statements) await tx.execute(statement);
    await tx.execute(sql`alter table audit_events enable trigger user`);
  });
}

function kindsOf(problems: { seq: number; kind: string }[]): { seq: number; kind: string }[] {
  return problems.map(({ seq, kind }) => ({ seq, kind }));
}

describe('audit chain under tampering', () => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createTestDatabase();
    await appendRecords(database.db, RECORD_COUNT);
  });
  afterEach(async () => {
    await database.close();
  });

  it('is intact before anyone touches it', async () => {
    expect(await verifyAuditChain(database.db)).toEqual({ checked: RECORD_COUNT, isIntact: true, problems: [] });
  });

  it('reports a record whose details were changed as altered, at that seq only', async () => {
    await tamper(database.db, [sql`update audit_events set details = '{"index": 999}'::jsonb where seq = 5`]);
    const result = await verifyAuditChain(database.db);
    expect(result.isIntact).toBe(false);
    expect(result.checked).toBe(RECORD_COUNT);
    expect(kindsOf(result.problems)).toEqual([{ seq: 5, kind: 'altered' }]);
  });

  it('reports a forged record whose hash was recomputed as a broken link after it', async () => {
    const selected = (await database.db.execute(sql`select * from audit_events where seq = 5`)) as { rows: Record<string, unknown>[] };
    const [row] = selected.rows;
    if (!row) throw new Error('record 5 missing');
    const forgedHash = computeAuditHash({
      occurredAt: new Date(String(row.occurred_at)),
      zoneId: null,
      actorId: null,
      actorName: row.actor_name as string,
      action: 'case.reject',
      targetType: row.target_type as string,
      targetId: row.target_id as string,
      outcome: row.outcome as string,
      requestId: null,
      ip: null,
      details: row.details as Record<string, unknown>,
      prevHash: row.prev_hash as string,
    });
    await tamper(database.db, [sql`update audit_events set action = 'case.reject', hash = ${forgedHash} where seq = 5`]);
    const result = await verifyAuditChain(database.db);
    expect(kindsOf(result.problems)).toEqual([{ seq: 6, kind: 'chain_broken' }]);
  });

  it('reports a deleted middle record as missing', async () => {
    await tamper(database.db, [sql`delete from audit_events where seq = 10`]);
    const result = await verifyAuditChain(database.db);
    expect(result.checked).toBe(RECORD_COUNT - 1);
    expect(result.problems).toEqual([{ seq: 10, kind: 'missing', message: 'record 10 is missing' }]);
  });

  it('reports two records whose seq values were swapped as reordered', async () => {
    await tamper(database.db, [
      sql`update audit_events set seq = -7 where seq = 7`,
      sql`update audit_events set seq = 7 where seq = 8`,
      sql`update audit_events set seq = 8 where seq = -7`,
    ]);
    const result = await verifyAuditChain(database.db);
    expect(result.checked).toBe(RECORD_COUNT);
    // Both moved records and the record after them no longer link to their predecessor; no record
    // was altered, since seq is outside the hash.
    expect(kindsOf(result.problems)).toEqual([
      { seq: 7, kind: 'reordered' },
      { seq: 8, kind: 'reordered' },
      { seq: 9, kind: 'reordered' },
    ]);
    expect(result.problems[0]?.message).toBe('record 7 follows record 8 in the chain, not 6');
  });

  it('reports records deleted from the end as missing, using the chain head', async () => {
    await tamper(database.db, [sql`delete from audit_events where seq > 17`]);
    const result = await verifyAuditChain(database.db);
    expect(result.checked).toBe(17);
    expect(result.problems).toEqual([{ seq: 18, kind: 'missing', message: 'records 18–20 are missing from the end of the chain' }]);
  });

  it('keeps refusing changes once the triggers are back on', async () => {
    await tamper(database.db, [sql`update audit_events set outcome = 'failure' where seq = 3`]);
    const refused = await database.db.execute(sql`delete from audit_events where seq = 3`).then(
      () => 'deleted',
      (error: unknown) => String((error as { cause?: Error }).cause?.message),
    );
    expect(refused).toBe('audit_events is append-only (DELETE refused)');
  });
});

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  return new Promise((resolve) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
    if (!('DATABASE_URL' in env)) delete childEnv.DATABASE_URL;
    execFile(
      process.execPath,
      ['--import', TSX_LOADER, '--conditions=yuanqu-source', CLI_PATH, ...args],
      { env: childEnv, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('cli verify-audit', () => {
  let dataDir: string;
  let testDatabase: TestDatabase | undefined;

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yuanqu-verify-audit-'));
  });
  afterEach(async () => {
    await testDatabase?.close();
    testDatabase = undefined;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('exits 0 on an intact chain and 1 naming the problem after tampering', { timeout: 120_000 }, async () => {
    // PGlite is one process per folder, so this process lets go of the folder while the CLI runs.
    let open: () => Promise<DatabaseHandle>;
    let env: Record<string, string>;
    if (testDatabaseKind === 'postgres') {
      testDatabase = await createTestDatabase();
      const url = testDatabase.url ?? '';
      open = () => openDatabase({ databaseUrl: url, poolSize: 1 });
      env = { DATABASE_URL: url, DATA_DIR: dataDir };
    } else {
      open = () => openDatabase({ dataDir });
      env = { DATA_DIR: dataDir };
    }

    let handle = await open();
    await handle.migrate();
    await appendRecords(handle.db, RECORD_COUNT);
    await handle.close();

    const intact = await runCli(['verify-audit'], env);
    expect(intact).toEqual({ code: 0, stdout: `audit chain intact: ${RECORD_COUNT} records\n`, stderr: '' });

    handle = await open();
    await tamper(handle.db, [sql`update audit_events set details = '{"index": 0}'::jsonb where seq = 12`]);
    await handle.close();

    const broken = await runCli(['verify-audit'], env);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(`audit chain NOT intact: ${RECORD_COUNT} records checked, 1 problem(s)`);
    expect(broken.stdout).toContain('seq 12 altered: record 12 was changed after it was written');
  });
});
