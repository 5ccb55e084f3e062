import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import pg from 'pg';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from '../test/test-database.js';
import { openDatabase, type DatabaseHandle } from './client.js';
import { namedStatementClient } from './named-statements.js';
import { zones } from '../modules/zones/zones.table.js';

/** Drizzle's execute() is typed per driver; on node-postgres it answers pg's result. */
async function rowsOf<T>(query: Promise<unknown>): Promise<T[]> {
  return ((await query) as { rows: T[] }).rows;
}

interface PreparedRow {
  name: string;
  statement: string;
  executions: number;
}

/** The named statements of the connection the query runs on (a pool of one: always the same connection). */
async function preparedStatements(handle: DatabaseHandle): Promise<PreparedRow[]> {
  return rowsOf<PreparedRow>(
    handle.db.execute(
      sql`select name, statement, (generic_plans + custom_plans)::int as executions from pg_prepared_statements where not from_sql order by statement`,
    ),
  );
}

describe.skipIf(testDatabaseKind !== 'postgres')('named statements on PostgreSQL', () => {
  let database: TestDatabase;
  let single: DatabaseHandle;

  beforeAll(async () => {
    database = await createTestDatabase();
    single = await openDatabase({ databaseUrl: database.url, poolSize: 1 });
  });

  afterAll(async () => {
    await single.close();
    await database.close();
  });

  it('parses a parameterised query once on a connection and executes the named statement again', async () => {
    const byCode = (code: string) => single.db.select({ id: zones.id }).from(zones).where(eq(zones.code, code));
    expect(await byCode('NOPE-1')).toEqual([]);
    expect(await byCode('NOPE-2')).toEqual([]);
    const statements = (await preparedStatements(single)).filter((row) => row.statement.includes('from "zones"'));
    expect(statements).toHaveLength(1);
    expect(statements[0]!.name).toMatch(/^yq_[\w-]{24}$/);
    expect(statements[0]!.executions).toBe(2);
  });

  it('leaves statements without parameters unnamed, so several commands in one text still run', async () => {
    const before = (await preparedStatements(single)).length;
    await single.db.execute(sql.raw('create temporary table named_check (n int); insert into named_check values (1), (2)'));
    const [counted] = await rowsOf<{ total: number }>(single.db.execute(sql.raw('select count(*)::int as total from named_check')));
    expect(counted?.total).toBe(2);
    expect(await preparedStatements(single)).toHaveLength(before);
  });

  it('reports a statement that does not parse each time, and the connection goes on working', async () => {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      // 42601: syntax_error, from the Parse each time (not 26000, a statement the connection lacks).
      await expect(single.db.execute(sql`selec ${1}`)).rejects.toMatchObject({ cause: { code: '42601' } });
    }
    const [answered] = await rowsOf<{ answer: number }>(single.db.execute(sql`select ${41}::int + 1 as answer`));
    expect(answered?.answer).toBe(42);
  });

  it('names at most the given number of distinct texts and runs the others unnamed', async () => {
    const pool = new pg.Pool({ connectionString: database.url, max: 1, Client: namedStatementClient(2) });
    try {
      for (const offset of [1, 2, 3, 4]) {
        const { rows } = await pool.query<{ value: number }>(`select $1::int + ${offset} as value`, [10]);
        expect(rows[0]?.value).toBe(10 + offset);
      }
      const { rows } = await pool.query<{ statement: string }>(
        'select statement from pg_prepared_statements where not from_sql order by statement',
      );
      expect(rows.map((row) => row.statement)).toEqual(['select $1::int + 1 as value', 'select $1::int + 2 as value']);
    } finally {
      await pool.end();
    }
  });

  it('keeps a name the caller gave', async () => {
    const pool = new pg.Pool({ connectionString: database.url, max: 1, Client: namedStatementClient() });
    try {
      await pool.query({ name: 'callers_own', text: 'select $1::text as value', values: ['x'] });
      const { rows } = await pool.query<{ name: string }>('select name from pg_prepared_statements where not from_sql');
      expect(rows.map((row) => row.name)).toEqual(['callers_own']);
    } finally {
      await pool.end();
    }
  });

  it('can be turned off', async () => {
    const plain = await openDatabase({ databaseUrl: database.url, poolSize: 1, namedStatements: false });
    try {
      await plain.db.select({ id: zones.id }).from(zones).where(eq(zones.code, 'NOPE'));
      expect(await preparedStatements(plain)).toEqual([]);
    } finally {
      await plain.close();
    }
  });
});
