// EXPLAIN (ANALYZE, BUFFERS) of the SQL behind one GET /api/cases: the built repository functions run
// against a Drizzle instance whose logger records each statement, which is then explained with the
// same parameters. So the plans are of the statements the server sends, not of a hand-written copy.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * @param {{ root: string, kind: 'postgres' | 'pglite', client: unknown, query: (sql: string, params?: unknown[]) => Promise<any[]> }} database
 * @param {{ zoneId: string, today: string, status?: string, serviceItemId?: string, departmentId?: string, isOverdue?: boolean }} filter the query string of the request
 * @returns {Promise<Array<{ label: string, sql: string, params: unknown[], plan: string, planningMs: number, executionMs: number, plainMs: { p50: number, p95: number } }>>}
 */
export async function explainQueueRequest(database, filter) {
  const dist = (file) => pathToFileURL(path.join(database.root, 'apps/server/dist', file)).href;
  const repository = await import(dist('modules/cases/cases.repository.js'));
  const { OPEN_STATUSES } = await import(dist('modules/cases/cases.service.js'));
  const { drizzle } = await import(database.kind === 'postgres' ? 'drizzle-orm/node-postgres' : 'drizzle-orm/pglite');
  const statements = [];
  const db = drizzle(database.client, { logger: { logQuery: (sql, params) => statements.push({ sql, params }) } });

  // What listQueue in cases.service.ts asks the repository for.
  const queueFilter = {
    zoneId: filter.zoneId,
    statuses: filter.status ? [filter.status] : OPEN_STATUSES,
    serviceItemId: filter.serviceItemId,
    departmentId: filter.departmentId,
    light: filter.isOverdue ? 'red' : undefined,
    today: filter.today,
  };
  // Builds from before the counts were cached took no `withTotal` and always counted; later ones take
  // the total from the counts when the filter is a status alone, as listQueue does.
  const isTotalInCounts = !filter.serviceItemId && !filter.isOverdue;
  await repository.findQueuePage(db, queueFilter, 1, 20, !isTotalInCounts);
  await repository.countByStatus(db, filter.zoneId, filter.departmentId, OPEN_STATUSES);

  const labelOf = (sql) => (/group by/i.test(sql) ? 'counts by status' : /^select count\(\*\)/i.test(sql) ? 'total' : 'page of rows');
  const explained = [];
  for (const statement of statements) {
    // Twice: the first run warms the cache the way a server that is in use has it warm.
    await database.query(`EXPLAIN (ANALYZE, BUFFERS) ${statement.sql}`, statement.params);
    const rows = await database.query(`EXPLAIN (ANALYZE, BUFFERS) ${statement.sql}`, statement.params);
    const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
    const executionMs = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN);
    const planningMs = Number(/Planning Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN);
    // EXPLAIN ANALYZE times every row of every node, which inflates large scans; the plain statement
    // run 30 times (round trip from this process included) is the time the server actually waits.
    const runs = [];
    for (let run = 0; run < 30; run += 1) {
      const startedAt = performance.now();
      await database.query(statement.sql, statement.params);
      runs.push(performance.now() - startedAt);
    }
    runs.sort((a, b) => a - b);
    const plainMs = { p50: Number(runs[14].toFixed(2)), p95: Number(runs[28].toFixed(2)) };
    explained.push({
      label: labelOf(statement.sql),
      sql: statement.sql,
      params: statement.params,
      plan,
      planningMs,
      executionMs,
      plainMs,
    });
  }
  return explained;
}
