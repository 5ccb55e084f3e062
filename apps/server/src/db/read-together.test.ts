import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../test/test-database.js';
import { zones } from '../modules/zones/zones.table.js';
import { readTogether, type Executor } from './client.js';

describe('readTogether', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });

  afterAll(async () => {
    await database.close();
  });

  /** Two reads that note when each starts and ends, and the answers they give. */
  async function twoReads(executor: Executor) {
    const steps: string[] = [];
    const read = (name: string) => async () => {
      steps.push(`${name} starts`);
      const [row] = await executor.select({ total: count() }).from(zones);
      steps.push(`${name} ends`);
      return `${name}: ${row?.total}`;
    };
    const answers = await readTogether(executor, [read('a'), read('b')]);
    return { steps, answers };
  }

  it('starts the reads together on the database', async () => {
    const { steps, answers } = await twoReads(database.db);
    expect(steps.slice(0, 2)).toEqual(['a starts', 'b starts']);
    expect(answers).toEqual(['a: 0', 'b: 0']);
  });

  it('runs them one after the other in a transaction, and answers in the same order', async () => {
    const { steps, answers } = await database.db.transaction((tx) => twoReads(tx));
    expect(steps).toEqual(['a starts', 'a ends', 'b starts', 'b ends']);
    expect(answers).toEqual(['a: 0', 'b: 0']);
  });
});
