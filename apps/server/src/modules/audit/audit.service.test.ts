import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDatabase, type TestDatabase } from '../../test/test-database.js';
import { createFixedClock } from '../../lib/clock.js';
import { computeAuditHash } from './audit.chain.js';
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

  it('serialises concurrent appends, alone or inside transactions, into one unbroken chain', async () => {
    const before = await verifyAuditChain(database.db);
    const appends = Array.from({ length: 40 }, (_, index) =>
      index % 2 === 0
        ? appendAuditEvent(database.db, { zoneId: null, actorName: '并发', action: 'test.concurrent', outcome: 'success', details: { index } }, clock)
        : database.db.transaction(async (tx) => appendAuditEvent(tx, { zoneId: null, action: 'test.concurrent', outcome: 'success', details: { index } }, clock)),
    );
    const seqs = await Promise.all(appends);
    expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, index) => before.checked + 1 + index));
    expect(await verifyAuditChain(database.db)).toEqual({ checked: before.checked + 40, isIntact: true, problems: [] });
  });

  it('hashes in SQL exactly what verification hashes in Node', async () => {
    const details = { 名称: '峻凌电子(咸阳)有限公司', nested: { z: [1, 'two', null], a: true }, quote: 'say "hi"\\' };
    const seq = await appendAuditEvent(database.db, { zoneId: null, actorName: '王 小明', action: 'test.unicode', outcome: 'success', details }, clock);
    const selected = (await database.db.execute(sql`select * from audit_events where seq = ${seq}`)) as { rows: Array<Record<string, unknown>> };
    const row = selected.rows[0]!;
    expect(row.hash).toBe(
      computeAuditHash({
        occurredAt: new Date(String(row.occurred_at)),
        zoneId: null,
        actorId: null,
        actorName: '王 小明',
        action: 'test.unicode',
        targetType: null,
        targetId: null,
        outcome: 'success',
        requestId: null,
        ip: null,
        details,
        prevHash: row.prev_hash as string,
      }),
    );
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
