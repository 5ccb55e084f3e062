import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../db/client.js';
import { seedCalendar } from '../modules/calendar/index.js';

/**
 * Which database the tests run on: `pglite` (embedded, in memory) unless TEST_DB=postgres, which
 * uses the server at TEST_DATABASE_URL. Every call makes a fresh, migrated database.
 */
export const testDatabaseKind: 'pglite' | 'postgres' = process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite';

export interface TestDatabase extends DatabaseHandle {
  /** The URL of the fresh PostgreSQL database (postgres only), for tests that open a second connection. */
  url: string | undefined;
}

function adminUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DB=postgres needs TEST_DATABASE_URL (a superuser URL, e.g. from .ci/start-postgres.sh)');
  return url;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (testDatabaseKind === 'pglite') {
    const handle = await openDatabase({ pgliteDir: 'memory://' });
    await handle.migrate();
    await seedCalendar(handle.db, new Date());
    return { ...handle, url: undefined };
  }
  const name = `yuanqu_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString(), poolSize: 5 });
  await handle.migrate();
  await seedCalendar(handle.db, new Date());
  return {
    ...handle,
    url: url.toString(),
    close: async () => {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: adminUrl() });
      await cleanup.connect();
      // The pool's end() resolves before the server has seen every connection go; dropping with
      // force meanwhile would kill them, and each would raise an error nobody listens for.
      for (let attempt = 0; attempt < 50; attempt += 1) {
        const { rows } = await cleanup.query<{ open: number }>('select count(*)::int as open from pg_stat_activity where datname = $1', [name]);
        if (rows[0]?.open === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
