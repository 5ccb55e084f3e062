/*
 * Child process of inspection.crash.chromium.test.ts: the whole app in a process of its own, so that
 * the test can kill it with SIGKILL in the middle of a recorded session and start it again on the
 * same database and data folder. Started as
 *   node --import tsx --conditions=yuanqu-source inspection.crash-server.test-support.ts
 * with an IPC channel and these settings in the environment:
 *   CRASH_DATA_DIR      the data folder (recordings; with PGlite also the database and its lock file)
 *   CRASH_DATABASE_URL  a PostgreSQL database (empty: the embedded PGlite in CRASH_DATA_DIR)
 *   CRASH_PORT          the port to listen on, on 127.0.0.1 (the same across restarts: the same links)
 *   CRASH_CLOCK         the app's fixed clock (ISO time); the media engine keeps the real one
 *   CRASH_BOOK          `1` on the first start: book an inspection and hand the test its ids, link and cookies
 * It starts as server.ts does — open, migrate, seed the calendar, build the app, recover the sessions
 * the last process left live, listen — with the media engine on loopback, then answers
 * `verify` (re-hash every recording against the database) and `stop` (a clean shutdown).
 */
import { buildApp } from '../../app.js';
import { openDatabase } from '../../db/client.js';
import { createFixedClock } from '../../lib/clock.js';
import { loadConfig } from '../../plugins/config.js';
import type { Client } from '../../test/test-app.js';
import { seedCalendar } from '../calendar/index.js';
import { bookLiveInspection, LOOPBACK_MEDIA_ENV } from './inspection.live.test-support.js';
import { verifyRecordings, type RecordingVerification } from './inspection.recordings.js';

/** A signed-in user as the test process needs it: its cookie works on every start (the sessions are in the database). */
export interface CrashServerClient {
  userId: string;
  cookie: string;
  csrfToken: string;
}

/** What the first start booked. */
export interface CrashServerWorld {
  inspectionId: string;
  caseId: string;
  /** The applicant's invitation token: the phone joins at `/api/public/inspections/<token>/live`. */
  token: string;
  /** The two booked inspectors. */
  inspectors: [CrashServerClient, CrashServerClient];
}

/** Child → test. */
export type CrashServerMessage =
  | {
      type: 'ready';
      pid: number;
      port: number;
      /** What `recoverInterruptedSessions()` found at this start. */
      recovered: Array<{ inspectionId: string; recovered: Array<{ path: string; sha256: string }> }>;
      world: CrashServerWorld | null;
    }
  | { type: 'verified'; verification: RecordingVerification }
  | { type: 'failed'; message: string };

/** Test → child. */
export type CrashServerOrder = { type: 'verify' } | { type: 'stop' };

function tell(message: CrashServerMessage): void {
  process.send?.(message);
}

const clientOf = (client: Client): CrashServerClient => ({ userId: client.userId, cookie: client.cookie, csrfToken: client.csrfToken });

async function main(): Promise<void> {
  const dataDir = process.env.CRASH_DATA_DIR;
  const databaseUrl = process.env.CRASH_DATABASE_URL || undefined;
  const port = Number(process.env.CRASH_PORT);
  if (!dataDir || !port || !process.env.CRASH_CLOCK || !process.send) {
    throw new Error(
      'usage: CRASH_DATA_DIR=… CRASH_PORT=… CRASH_CLOCK=… node --import tsx inspection.crash-server.test-support.ts (with an IPC channel)',
    );
  }
  const clock = createFixedClock(process.env.CRASH_CLOCK);
  const config = loadConfig({
    DATA_DIR: dataDir,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    PORT: String(port),
    HOST: '127.0.0.1',
    WEB_DIST_DIR: '/nonexistent',
    // Warnings and errors only: the recovery's warning, a failed remux, a recording error.
    LOG_LEVEL: 'warn',
    ...LOOPBACK_MEDIA_ENV,
  });
  // PGlite: the database folder and its lock file (a killed process leaves it; this open takes it over).
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 5 });
  await database.migrate();
  await seedCalendar(database.db, new Date());
  const app = await buildApp({ config, database, clock });
  const recovered = await app.inspectionLive.recoverInterruptedSessions();
  await app.listen({ host: config.host, port: config.port });

  let world: CrashServerWorld | null = null;
  if (process.env.CRASH_BOOK === '1') {
    const testApp = { app, database: { ...database, url: databaseUrl }, clock, close: () => app.close() };
    const booked = await bookLiveInspection(testApp);
    world = {
      inspectionId: booked.inspection.id,
      caseId: booked.caseId,
      token: booked.token,
      inspectors: [clientOf(booked.inspectors[0]), clientOf(booked.inspectors[1])],
    };
  }

  let isStopping = false;
  process.on('message', (order: CrashServerOrder) => {
    if (order.type === 'verify') {
      verifyRecordings(database.db, config.media.recordingsDir).then(
        (verification) => tell({ type: 'verified', verification }),
        (error: unknown) => tell({ type: 'failed', message: `verify: ${String(error)}` }),
      );
    } else if (order.type === 'stop' && !isStopping) {
      isStopping = true;
      void (async () => {
        await app.close();
        await database.close();
        process.exit(0);
      })();
    }
  });
  // The test went away without stopping this process: do not linger holding the port and the folder.
  process.on('disconnect', () => process.exit(1));
  tell({ type: 'ready', pid: process.pid, port, recovered, world });
}

main().catch((error: unknown) => {
  tell({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  process.exitCode = 1;
  // Let the IPC message go out before the process ends.
  setTimeout(() => process.exit(1), 200);
});
