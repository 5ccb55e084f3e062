#!/usr/bin/env node
/**
 * The operator's command line (SPEC §9): migrations, demo data, the first admin of a zone, audit
 * and recording verification, backup and restore. It reads the same environment as the server (DATA_DIR,
 * DATABASE_URL, …). Run it from the repository root with `npm run cli -- <command>`.
 */
import os from 'node:os';
import { Command, Option } from 'commander';
import { and, eq } from 'drizzle-orm';
import QRCode from 'qrcode';
import { ADMIN_ROLES, DEFAULT_SECURITY_POLICY, type AdminRole } from '@yuanqu/shared';
import { openDatabase, type DatabaseHandle } from './db/client.js';
import { backupDatabase, restoreDatabase } from './db/backup.js';
import { departments, userRoles, users, zones } from './db/schema.js';
import { describeDemoAccounts, seedDemoData } from './db/seed/demo-seed.js';
import { systemClock } from './lib/clock.js';
import { hashPassword } from './lib/password-hash.js';
import { appendAuditEvent, verifyAuditChain } from './modules/audit/index.js';
import { verifyRecordings } from './modules/inspection/index.js';
import { assertPasswordAllowed } from './modules/auth/password-policy.js';
import { createTotpSecret, totpUri } from './modules/auth/totp.js';
import { getSecurityPolicy } from './modules/security/security.service.js';
import { loadConfig, type AppConfig } from './plugins/config.js';

/** A refusal the operator can act on; printed as one line without a stack trace. */
class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

const USERNAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9._-]{2,31}$/;

function print(line = ''): void {
  process.stdout.write(`${line}\n`);
}

function operatorName(): string {
  try {
    return `cli:${os.userInfo().username}`;
  } catch {
    return 'cli';
  }
}

/** Where the command works, without the password of a URL. */
function describeTarget(config: AppConfig): string {
  if (!config.databaseUrl) return `embedded PGlite database in ${config.dataDir}`;
  const url = new URL(config.databaseUrl);
  return `PostgreSQL ${url.hostname}:${url.port || '5432'}${url.pathname}`;
}

async function withDatabase<T>(work: (handle: DatabaseHandle, config: AppConfig) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2, namedStatements: config.databaseNamedStatements });
  try {
    return await work(handle, config);
  } finally {
    await handle.close();
  }
}

/** One line for the operator: the cause of a wrapped query error, with a hint for the usual ones. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  const root = cause instanceof Error ? cause : error;
  const code = (root as { code?: unknown }).code;
  if (code === '42P01') return `${root.message} — the database has no tables yet; run \`migrate\` first`;
  if (code === 'ECONNREFUSED')
    return `cannot connect to the database (${root.message || code}); check DATABASE_URL and that PostgreSQL runs`;
  return root.message.replace(/\n\s*/g, '; ');
}

/** Wraps a command: exit status from its result, and a one-line message instead of a stack trace. */
function command<A extends unknown[]>(work: (...args: A) => Promise<number | void>): (...args: A) => Promise<void> {
  return async (...args) => {
    try {
      process.exitCode = (await work(...args)) ?? 0;
    } catch (error) {
      process.stderr.write(`error: ${describeError(error)}\n`);
      if (process.env.YUANQU_DEBUG && error instanceof Error) process.stderr.write(`${error.stack ?? ''}\n`);
      process.exitCode = 1;
    }
  };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  return new Promise((resolve, reject) => {
    process.stdout.write(question);
    let answer = '';
    const finish = (error?: Error): void => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stdout.write('\n');
      if (error) reject(error);
      else resolve(answer);
    };
    const onData = (data: string): void => {
      for (const character of data) {
        if (character === '\r' || character === '\n') return finish();
        if (character === '\u0003' || character === '\u0004') return finish(new CliError('cancelled'));
        if (character === '\u007f' || character === '\b') answer = answer.slice(0, -1);
        else answer += character;
      }
    };
    stdin.setRawMode(true);
    stdin.setEncoding('utf8');
    stdin.on('data', onData);
    stdin.resume();
  });
}

async function promptLine(question: string): Promise<string> {
  const { createInterface } = await import('node:readline/promises');
  const readline = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await readline.question(question);
  } finally {
    readline.close();
  }
}

/** The new admin's password: from stdin when asked to, otherwise typed twice at a terminal. Never a flag (it would show in `ps` and shell history). */
async function readNewPassword(isFromStdin: boolean): Promise<string> {
  if (isFromStdin) return (await readStdin()).replace(/\r?\n$/, '');
  if (!process.stdin.isTTY) throw new CliError('no terminal to ask for the password; pipe it in with --password-stdin');
  const password = await promptHidden('Password: ');
  const repeated = await promptHidden('Repeat the password: ');
  if (password !== repeated) throw new CliError('the two passwords differ');
  return password;
}

interface CreateAdminOptions {
  zone: string;
  zoneName?: string;
  zoneNameEn?: string;
  username: string;
  displayName: string;
  role: AdminRole;
  passwordStdin?: boolean;
}

async function createAdmin(options: CreateAdminOptions): Promise<void> {
  const username = options.username.toLowerCase();
  if (!USERNAME_PATTERN.test(username)) {
    throw new CliError('the user name must be 3–32 letters, digits, dots, dashes or underscores, starting with a letter or digit');
  }
  const displayName = options.displayName.trim();
  if (displayName.length === 0 || displayName.length > 64) throw new CliError('the display name must have 1–64 characters');
  const password = await readNewPassword(options.passwordStdin === true);
  if ([...password].length < DEFAULT_SECURITY_POLICY.passwordMinLength) {
    throw new CliError(`the password must have at least ${DEFAULT_SECURITY_POLICY.passwordMinLength} characters`);
  }
  const totpSecret = createTotpSecret();
  const clock = systemClock;

  const created = await withDatabase(async ({ db }) =>
    db.transaction(async (tx) => {
      let [zone] = await tx.select({ id: zones.id }).from(zones).where(eq(zones.code, options.zone)).limit(1);
      let isZoneCreated = false;
      if (!zone) {
        if (!options.zoneName) throw new CliError(`zone "${options.zone}" does not exist; add --zone-name <name> to create it`);
        [zone] = await tx
          .insert(zones)
          .values({ code: options.zone, nameZh: options.zoneName, nameEn: options.zoneNameEn ?? options.zoneName, createdAt: clock.now() })
          .returning({ id: zones.id });
        if (!zone) throw new CliError(`zone "${options.zone}" could not be created`);
        isZoneCreated = true;
      }
      // The command line exists to bootstrap a zone; later admins are managed in the app, where the
      // separation of duties and the audit trail of who created whom apply.
      const [holder] = await tx
        .select({ username: users.username })
        .from(users)
        .innerJoin(userRoles, eq(userRoles.userId, users.id))
        .where(and(eq(users.zoneId, zone.id), eq(userRoles.role, options.role)))
        .limit(1);
      if (holder) {
        throw new CliError(
          `zone "${options.zone}" already has an admin with role ${options.role} (${holder.username}); further admins are created in the app`,
        );
      }
      const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.username, username)).limit(1);
      if (taken) throw new CliError(`the user name "${username}" is taken`);

      try {
        assertPasswordAllowed(password, await getSecurityPolicy(tx, zone.id), username);
      } catch (error) {
        throw new CliError((error as Error).message);
      }
      const [office] = await tx
        .select({ id: departments.id })
        .from(departments)
        .where(and(eq(departments.zoneId, zone.id), eq(departments.code, 'office')))
        .limit(1);
      const now = clock.now();
      const [user] = await tx
        .insert(users)
        .values({
          zoneId: zone.id,
          kind: 'staff',
          username,
          displayName,
          departmentId: office?.id ?? null,
          passwordHash: await hashPassword(password),
          passwordChangedAt: now,
          // Admins must sign in with a second factor; the secret printed below is enrolled now.
          totpSecret,
          totpEnabledAt: now,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: users.id });
      if (!user) throw new CliError('the user could not be created');
      await tx.insert(userRoles).values({ userId: user.id, role: options.role });
      const actorName = operatorName();
      if (isZoneCreated) {
        await appendAuditEvent(
          tx,
          {
            zoneId: zone.id,
            actorName,
            action: 'zone.create',
            targetType: 'zone',
            targetId: zone.id,
            outcome: 'success',
            details: { code: options.zone, via: 'cli' },
          },
          clock,
        );
      }
      await appendAuditEvent(
        tx,
        {
          zoneId: zone.id,
          actorName,
          action: 'user.create',
          targetType: 'user',
          targetId: user.id,
          outcome: 'success',
          details: { username, roles: [options.role], via: 'cli' },
        },
        clock,
      );
      return { isZoneCreated };
    }),
  );

  const uri = totpUri(totpSecret, username);
  if (created.isZoneCreated) print(`Created zone ${options.zone}.`);
  print(`Created ${options.role} "${username}" in zone ${options.zone}.`);
  print('Admins sign in with a second factor. Add this account to an authenticator app now — the secret is not shown again:');
  print(`  secret:  ${totpSecret}`);
  print(`  URL:     ${uri}`);
  if (process.stdout.isTTY) print(await QRCode.toString(uri, { type: 'terminal', small: true }));
}

async function confirmRestore(config: AppConfig, from: string, isConfirmed: boolean): Promise<void> {
  if (isConfirmed) return;
  if (!process.stdin.isTTY) throw new CliError('restore replaces all data; pass --yes to confirm when not at a terminal');
  print(`This replaces ALL data of the ${describeTarget(config)} with ${from}.`);
  if (config.databaseUrl) print('Stop every app node first: writes made during the restore are lost.');
  const answer = await promptLine('Type "restore" to continue: ');
  if (answer.trim() !== 'restore') throw new CliError('restore cancelled');
}

/** The command tree; `main` runs it. */
export function buildCli(): Command {
  const program = new Command('yuanqu')
    .description('园区通 Yuanqu operator commands. Reads DATA_DIR / DATABASE_URL like the server.')
    .showHelpAfterError();

  program
    .command('migrate')
    .description('apply the database migrations')
    .action(
      command(async () => {
        await withDatabase(async (handle, config) => {
          await handle.migrate();
          print(`Migrations applied to the ${describeTarget(config)}.`);
        });
      }),
    );

  program
    .command('seed-demo')
    .description('load the demo zones, departments, enterprises and accounts (does nothing if present)')
    .action(
      command(async () => {
        await withDatabase(async (handle, config) => {
          await handle.migrate();
          const result = await seedDemoData(handle.db, systemClock);
          if (!result.isCreated) {
            print(`Demo data is already in the ${describeTarget(config)}; nothing written.`);
            return;
          }
          print(
            `Demo data written to the ${describeTarget(config)}: ${result.zones} zones, ${result.departments} departments, ` +
              `${result.enterprises} enterprises, ${result.users} accounts.`,
          );
          for (const line of describeDemoAccounts()) print(line);
        });
      }),
    );

  program
    .command('create-admin')
    .description("create a zone's first admin (system, security or audit admin) with a TOTP second factor")
    .requiredOption('--zone <code>', 'zone code, e.g. xianyang-hitech')
    .option('--zone-name <name>', 'Chinese name of the zone, to create it when it does not exist')
    .option('--zone-name-en <name>', 'English name of a zone being created')
    .requiredOption('--username <username>', 'sign-in name')
    .requiredOption('--display-name <name>', "the person's name")
    .addOption(new Option('--role <role>', 'admin role').choices([...ADMIN_ROLES]).makeOptionMandatory())
    .option('--password-stdin', 'read the password from standard input instead of asking')
    .action(command(async (options: CreateAdminOptions) => createAdmin(options)));

  program
    .command('verify-audit')
    .description('check the hash chain of the audit log; exit 1 when a record was changed, removed or moved')
    .action(
      command(async () =>
        withDatabase(async ({ db }) => {
          const result = await verifyAuditChain(db);
          if (result.isIntact) {
            print(`audit chain intact: ${result.checked} records`);
            return 0;
          }
          print(`audit chain NOT intact: ${result.checked} records checked, ${result.problems.length} problem(s)`);
          for (const problem of result.problems) print(`  seq ${problem.seq} ${problem.kind}: ${problem.message}`);
          return 1;
        }),
      ),
    );

  program
    .command('verify-recordings')
    .description('re-hash every inspection recording against its stored SHA-256; exit 1 when a file is missing or changed')
    .action(
      command(async () =>
        withDatabase(async ({ db }, config) => {
          const result = await verifyRecordings(db, config.media.recordingsDir);
          const inProgress = result.inProgress > 0 ? `, ${result.inProgress} still being recorded (not checked)` : '';
          if (result.isIntact) {
            print(`recordings intact: ${result.checked} files${inProgress}`);
            return 0;
          }
          print(`recordings NOT intact: ${result.checked} files checked${inProgress}, ${result.problems.length} problem(s)`);
          for (const problem of result.problems) print(`  ${problem.kind} inspection ${problem.inspectionId} segment ${problem.segment} (${problem.recordingId}): ${problem.message}`);
          return 1;
        }),
      ),
    );

  program
    .command('backup')
    .description('back up the whole database to one file (pg_dump custom format, or the PGlite data folder as .tar.gz)')
    .requiredOption('--out <file>', 'file to write; must not exist')
    .action(
      command(async (options: { out: string }) => {
        const config = loadConfig();
        const result = await backupDatabase({
          databaseUrl: config.databaseUrl,
          dataDir: config.dataDir,
          out: options.out,
          pgBinDir: process.env.PG_BIN_DIR,
          actorName: operatorName(),
        });
        print(`Backed up the ${describeTarget(config)} to ${result.file} (${result.bytes} bytes).`);
      }),
    );

  program
    .command('restore')
    .description('replace the database with a backup, then verify the audit chain')
    .requiredOption('--from <file>', 'backup file written by `backup`')
    .option('--yes', 'do not ask for confirmation')
    .action(
      command(async (options: { from: string; yes?: boolean }) => {
        const config = loadConfig();
        await confirmRestore(config, options.from, options.yes === true);
        const result = await restoreDatabase({
          databaseUrl: config.databaseUrl,
          dataDir: config.dataDir,
          from: options.from,
          pgBinDir: process.env.PG_BIN_DIR,
          actorName: operatorName(),
        });
        print(`Restored the ${describeTarget(config)} from ${options.from}.`);
        if (result.previousDataDir) print(`The previous database was moved to ${result.previousDataDir}.`);
        print('Rows per table:');
        for (const [table, total] of Object.entries(result.counts)) print(`  ${table.padEnd(24)} ${total}`);
        if (result.verification.isIntact) {
          print(`audit chain intact: ${result.verification.checked} records`);
          return 0;
        }
        print(`audit chain NOT intact: ${result.verification.checked} records checked`);
        for (const problem of result.verification.problems) print(`  seq ${problem.seq} ${problem.kind}: ${problem.message}`);
        return 1;
      }),
    );

  return program;
}

// `yuanqu verify-audit | head` closes the pipe early; that is not an error of the command.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

await buildCli().parseAsync(process.argv);
