import { loadConfig, ConfigError } from './plugins/config.js';
import { openDatabase } from './db/client.js';
import { DataDirLockedError } from './db/data-dir-lock.js';
import { describeDemoAccounts, seedDemoData } from './db/seed/demo-seed.js';
import { systemClock } from './lib/clock.js';
import { seedCalendar } from './modules/calendar/index.js';
import { buildApp } from './app.js';

/** Starts Yuanqu: checks the configuration, opens and migrates the database, seeds demo data once, listens. */
async function main(): Promise<void> {
  const startedAt = performance.now();
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, namedStatements: config.databaseNamedStatements });
  await database.migrate();
  await seedCalendar(database.db, systemClock.now());
  if (config.seedDemo) await seedDemoData(database.db, systemClock);
  const app = await buildApp({ config, database });
  // Sessions that were live when the process last stopped: recordings finalised, marked interrupted.
  const interrupted = await app.inspectionLive.recoverInterruptedSessions();
  if (interrupted.length > 0) app.log.warn({ inspections: interrupted.map((entry) => entry.inspectionId) }, 'live inspections interrupted by the last stop; they can be resumed with the same links');
  await app.listen({ port: config.port, host: config.host });
  // The outbox dispatcher: messages are written in the same transaction as the change they tell of.
  const dispatcher = setInterval(() => {
    app.notifications.dispatchPending().catch((error: unknown) => app.log.error({ err: error }, 'notification dispatch failed'));
  }, 5000);

  const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.dataDir}`;
  const lines = [
    '',
    `园区通 Yuanqu is running at ${config.publicUrl}  (ready in ${Math.round(performance.now() - startedAt)} ms)`,
    `  database: ${where}`,
    `  API docs: ${config.publicUrl}/api/docs`,
  ];
  if (config.seedDemo) {
    lines.push('', ...describeDemoAccounts().map((line) => `  ${line}`));
  }
  process.stdout.write(`${lines.join('\n')}\n\n`);

  let isClosing = false;
  const close = async (signal: string): Promise<void> => {
    if (isClosing) return;
    isClosing = true;
    app.log.info({ signal }, 'shutting down');
    clearInterval(dispatcher);
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void close('SIGINT'));
  process.on('SIGTERM', () => void close('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirLockedError) {
    process.stderr.write(`\n${error.message}\n\n`);
  } else {
    process.stderr.write(`\nYuanqu could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n\n`);
  }
  process.exit(1);
});
