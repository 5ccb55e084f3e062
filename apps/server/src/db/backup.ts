import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { AuditVerification } from '@yuanqu/shared';
import { systemClock, type Clock } from '../lib/clock.js';
import { appendAuditEvent, verifyAuditChain } from '../modules/audit/index.js';
import { openDatabase, type Database, type DatabaseKind } from './client.js';
import { acquireDataDirLock } from './data-dir-lock.js';
import * as schema from './schema.js';

/** A backup or restore that could not be done; the message says why and what to do. */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

interface DatabaseTarget {
  /** Real PostgreSQL when set; otherwise the embedded PGlite in `<dataDir>/pglite`. */
  databaseUrl?: string | undefined;
  /** DATA_DIR of the embedded database (holds `pglite/` and the lock file). */
  dataDir: string;
  /** Folder of pg_dump and pg_restore when not the ones on PATH (e.g. /usr/lib/postgresql/16/bin). */
  pgBinDir?: string | undefined;
  clock?: Clock;
  /** Who ran it, for the audit record (the CLI passes the operating-system user). */
  actorName?: string;
}

export interface BackupOptions extends DatabaseTarget {
  /** The file to write; it must not exist yet. */
  out: string;
}

export interface RestoreOptions extends DatabaseTarget {
  /** A file written by backupDatabase for the same kind of database. */
  from: string;
}

export interface BackupResult {
  kind: DatabaseKind;
  file: string;
  bytes: number;
}

export interface RestoreResult {
  kind: DatabaseKind;
  /** Rows per table of the restored database. */
  counts: Record<string, number>;
  /** The audit chain of the restored database, checked after the restore. */
  verification: AuditVerification;
  /** Where the embedded database that was replaced now lies (PGlite only). */
  previousDataDir: string | undefined;
}

/** pg_dump's custom format begins with these bytes. */
const PG_DUMP_MAGIC = 'PGDMP';
/** gzip (the PGlite data-folder tarball) begins with these bytes. */
const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);

function pgliteDirOf(dataDir: string): string {
  return path.join(dataDir, 'pglite');
}

function timestampOf(clock: Clock): string {
  return clock.now().toISOString().replace(/[:.]/g, '-');
}

function defaultActor(): string {
  try {
    return `cli:${os.userInfo().username}`;
  } catch {
    return 'cli';
  }
}

/**
 * Backs up the whole database to one file: `pg_dump --format=custom` for PostgreSQL, the gzipped
 * data folder (PGlite's dumpDataDir) for the embedded database. The backup itself is recorded in
 * the audit log first (等保: exports are audited), so the file holds the record of its making.
 */
export async function backupDatabase(options: BackupOptions): Promise<BackupResult> {
  const out = path.resolve(options.out);
  if (fs.existsSync(out)) throw new BackupError(`${out} already exists; choose another file name`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const partial = `${out}.partial`;
  fs.rmSync(partial, { force: true });
  const audit = { clock: options.clock ?? systemClock, actorName: options.actorName ?? defaultActor(), file: out };
  try {
    if (options.databaseUrl) {
      await backupPostgres(options.databaseUrl, partial, options.pgBinDir, audit);
    } else {
      await backupPglite(options.dataDir, partial, audit);
    }
    fs.renameSync(partial, out);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
  return { kind: options.databaseUrl ? 'postgres' : 'pglite', file: out, bytes: fs.statSync(out).size };
}

/**
 * Replaces the database with a backup, then opens it, checks its audit chain and counts its rows.
 * PostgreSQL: `pg_restore --clean --if-exists --no-owner` in one transaction, so a failed restore
 * changes nothing. PGlite: refused while a server holds the data folder; the old `pglite/` folder is
 * moved aside to `pglite.before-restore-<time>`, never deleted.
 */
export async function restoreDatabase(options: RestoreOptions): Promise<RestoreResult> {
  const from = path.resolve(options.from);
  if (!fs.existsSync(from)) throw new BackupError(`${from} does not exist`);
  const format = detectFormat(from);
  const clock = options.clock ?? systemClock;
  const audit = { clock, actorName: options.actorName ?? defaultActor(), file: from };
  if (options.databaseUrl) {
    if (format !== 'postgres') {
      throw new BackupError(
        `${from} is not a pg_dump custom-format file (it looks like a ${format} backup); DATABASE_URL is set, so a PostgreSQL backup is needed`,
      );
    }
    return restorePostgres(options.databaseUrl, from, options.pgBinDir, audit);
  }
  if (format !== 'pglite') {
    throw new BackupError(
      `${from} is not a PGlite backup (it looks like a ${format} backup); set DATABASE_URL to restore it into PostgreSQL`,
    );
  }
  return restorePglite(options.dataDir, from, audit);
}

function detectFormat(file: string): 'postgres' | 'pglite' | 'unknown' {
  const head = Buffer.alloc(5);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (head.toString('latin1') === PG_DUMP_MAGIC) return 'postgres';
  if (head.subarray(0, 2).equals(GZIP_MAGIC)) return 'pglite';
  return 'unknown';
}

interface AuditContext {
  clock: Clock;
  actorName: string;
  file: string;
}

async function hasAuditTable(db: Database): Promise<boolean> {
  const result = await db.execute(sql`select to_regclass('public.audit_events')::text as name`);
  return typeof rowsOf<{ name: string | null }>(result)[0]?.name === 'string';
}

/** Rows of a raw query: node-postgres returns a QueryResult, PGlite a Results object; both have `rows`. */
function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

async function recordInAuditLog(db: Database, action: 'system.backup' | 'system.restore', audit: AuditContext): Promise<void> {
  if (!(await hasAuditTable(db))) return;
  await appendAuditEvent(
    db,
    {
      zoneId: null,
      actorName: audit.actorName,
      action,
      targetType: 'database',
      outcome: 'success',
      details: { file: path.basename(audit.file) },
    },
    audit.clock,
  );
}

async function countRows(db: Database): Promise<Record<string, number>> {
  const tables = rowsOf<{ name: string }>(
    await db.execute(
      sql`select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`,
    ),
  );
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const [row] = rowsOf<{ total: number | string }>(
      await db.execute(sql`select count(*)::int as total from ${sql.identifier(table.name)}`),
    );
    counts[table.name] = Number(row?.total ?? 0);
  }
  return counts;
}

async function inspectRestored(
  db: Database,
  audit: AuditContext,
): Promise<{ counts: Record<string, number>; verification: AuditVerification }> {
  await recordInAuditLog(db, 'system.restore', audit);
  const verification = (await hasAuditTable(db)) ? await verifyAuditChain(db) : { checked: 0, isIntact: true, problems: [] };
  return { counts: await countRows(db), verification };
}

// ---------------------------------------------------------------------------------------------
// PGlite

async function openPgliteFolder(folder: string, loadDataDir?: Blob): Promise<{ client: PGlite; db: Database }> {
  const client = await PGlite.create(folder, loadDataDir ? { loadDataDir } : {});
  return { client, db: drizzlePglite(client, { schema }) as unknown as Database };
}

async function backupPglite(dataDir: string, partial: string, audit: AuditContext): Promise<void> {
  const folder = pgliteDirOf(dataDir);
  if (!fs.existsSync(path.join(folder, 'PG_VERSION'))) throw new BackupError(`There is no embedded database in ${folder}`);
  // PGlite is one process per folder, so a running server must be stopped for the backup.
  const lock = acquireDataDirLock(dataDir);
  try {
    const { client, db } = await openPgliteFolder(folder);
    try {
      await recordInAuditLog(db, 'system.backup', audit);
      const archive = await client.dumpDataDir('gzip');
      fs.writeFileSync(partial, Buffer.from(await archive.arrayBuffer()));
    } finally {
      await client.close();
    }
  } finally {
    lock.release();
  }
}

async function restorePglite(dataDir: string, from: string, audit: AuditContext): Promise<RestoreResult> {
  const lock = acquireDataDirLock(dataDir);
  try {
    const stamp = timestampOf(audit.clock);
    const target = pgliteDirOf(dataDir);
    const staging = `${target}.restoring-${stamp}`;
    fs.rmSync(staging, { recursive: true, force: true });
    fs.mkdirSync(staging, { recursive: true });
    try {
      // Unpack into a fresh folder first, so a bad file leaves the current database untouched.
      const { client } = await openPgliteFolder(staging, new Blob([fs.readFileSync(from)]));
      await client.close();
    } catch (error) {
      fs.rmSync(staging, { recursive: true, force: true });
      throw new BackupError(`${from} could not be loaded as a PGlite data folder: ${(error as Error).message}`);
    }

    let previousDataDir: string | undefined;
    if (fs.existsSync(target)) {
      previousDataDir = `${target}.before-restore-${stamp}`;
      fs.renameSync(target, previousDataDir);
    }
    fs.renameSync(staging, target);
    try {
      const { client, db } = await openPgliteFolder(target);
      try {
        const inspected = await inspectRestored(db, audit);
        return { kind: 'pglite', ...inspected, previousDataDir };
      } finally {
        await client.close();
      }
    } catch (error) {
      // Put the previous database back rather than leave one that does not open.
      fs.renameSync(target, `${target}.failed-restore-${stamp}`);
      if (previousDataDir) fs.renameSync(previousDataDir, target);
      throw new BackupError(`The restored database did not open, so the previous one was put back: ${(error as Error).message}`);
    }
  } finally {
    lock.release();
  }
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

function runTool(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        const code = (error as NodeJS.ErrnoException).code;
        reject(
          code === 'ENOENT'
            ? new BackupError(`${file} was not found; install the PostgreSQL client (Debian: postgresql-client) or set PG_BIN_DIR`)
            : new BackupError(`${path.basename(file)} failed: ${stderr.trim() || error.message}`),
        );
      } else {
        resolve({ stdout, stderr });
      }
    });
  });
}

/** The connection for pg_dump/pg_restore: the password goes in PGPASSWORD, not on the command line where `ps` shows it. */
function libpqConnection(databaseUrl: string): { url: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl);
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (url.password) {
    env.PGPASSWORD = decodeURIComponent(url.password);
    url.password = '';
  }
  return { url: url.toString(), env };
}

function majorOf(versionText: string): number {
  const match = /(\d+)(?:\.\d+)?/.exec(versionText);
  return match ? Number(match[1]) : Number.NaN;
}

/**
 * pg_dump refuses a server newer than itself (it reads catalogs it does not know), so check first
 * and say which client to install rather than show its message.
 */
async function assertDumpCanServe(tool: string, databaseUrl: string): Promise<void> {
  const { stdout } = await runTool(tool, ['--version'], process.env);
  const toolMajor = majorOf(stdout.replace(/^[^)]*\)/, ''));
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let serverNumber: number;
  try {
    const result = await client.query<{ server_version_num: string }>('show server_version_num');
    serverNumber = Number(result.rows[0]?.server_version_num);
  } finally {
    await client.end();
  }
  const serverMajor = Math.floor(serverNumber / 10_000);
  if (Number.isNaN(toolMajor) || toolMajor < serverMajor) {
    throw new BackupError(
      `${tool} is version ${stdout.trim()}, too old for the PostgreSQL ${serverMajor} server; ` +
        `install postgresql-client-${serverMajor} and set PG_BIN_DIR=/usr/lib/postgresql/${serverMajor}/bin`,
    );
  }
}

function toolPath(name: 'pg_dump' | 'pg_restore', pgBinDir: string | undefined): string {
  return pgBinDir ? path.join(pgBinDir, name) : name;
}

async function withDatabase<T>(databaseUrl: string, work: (db: Database) => Promise<T>): Promise<T> {
  const handle = await openDatabase({ databaseUrl, poolSize: 2 });
  try {
    return await work(handle.db);
  } finally {
    await handle.close();
  }
}

async function backupPostgres(databaseUrl: string, partial: string, pgBinDir: string | undefined, audit: AuditContext): Promise<void> {
  const tool = toolPath('pg_dump', pgBinDir);
  await assertDumpCanServe(tool, databaseUrl);
  await withDatabase(databaseUrl, (db) => recordInAuditLog(db, 'system.backup', audit));
  const connection = libpqConnection(databaseUrl);
  await runTool(tool, ['--format=custom', `--file=${partial}`, `--dbname=${connection.url}`], connection.env);
}

async function restorePostgres(
  databaseUrl: string,
  from: string,
  pgBinDir: string | undefined,
  audit: AuditContext,
): Promise<RestoreResult> {
  // No version check here: pg_restore itself names an archive newer than it can read.
  const tool = toolPath('pg_restore', pgBinDir);
  const connection = libpqConnection(databaseUrl);
  await runTool(
    tool,
    ['--clean', '--if-exists', '--no-owner', '--single-transaction', '--exit-on-error', `--dbname=${connection.url}`, from],
    connection.env,
  );
  const inspected = await withDatabase(databaseUrl, (db) => inspectRestored(db, audit));
  return { kind: 'postgres', ...inspected, previousDataDir: undefined };
}
