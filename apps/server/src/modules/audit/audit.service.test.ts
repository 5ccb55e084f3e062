import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../test/test-database.js';
import { createFixedClock } from '../../lib/clock.js';
import { appendAuditEvent, verifyAuditChain } from './audit.service.js';

describe('audit chain', () => {
  let database: TestDatabase;
  const clock = createFixedClock('2026-03-01T08:00:00.000Z');

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });

  it('appends linked records and verifies them intact', async () => {
    for (let index = 0; index < 5; index += 1) {
      clock.advance(1000);
      await appendAuditEvent(database.db, { zoneId: null, action: 'test.event', outcome: 'success', details: { index, b: 1, a: 2 } }, clock);
    }
    const result = await verifyAuditChain(database.db);
    expect(result).toEqual({ checked: 5, isIntact: true, problems: [] });
  });

  it('refuses UPDATE and DELETE from the application', async () => {
    const causeOf = (error: unknown): string => String((error as { cause?: Error }).cause?.message);
    const update = await database.db.execute(sql`update audit_events set action = 'x' where seq = 1`).catch(causeOf);
    const remove = await database.db.execute(sql`delete from audit_events where seq = 1`).catch(causeOf);
    const truncate = await database.db.execute(sql`truncate audit_events`).catch(causeOf);
    expect([update, remove, truncate]).toEqual([
      'audit_events is append-only (UPDATE refused)',
      'audit_events is append-only (DELETE refused)',
      'audit_events is append-only (TRUNCATE refused)',
    ]);
  });
});
