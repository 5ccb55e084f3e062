import { and, asc, count, desc, eq, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { outboxMessages } from './notifications.table.js';

export type OutboxRow = typeof outboxMessages.$inferSelect;

export async function insertMessage(executor: Executor, row: typeof outboxMessages.$inferInsert): Promise<void> {
  await executor.insert(outboxMessages).values(row);
}

export async function findPending(executor: Executor, limit: number): Promise<OutboxRow[]> {
  return executor.select().from(outboxMessages).where(eq(outboxMessages.status, 'pending')).orderBy(asc(outboxMessages.createdAt)).limit(limit);
}

export async function markMessage(executor: Executor, id: string, changes: Partial<OutboxRow>): Promise<void> {
  await executor.update(outboxMessages).set(changes).where(eq(outboxMessages.id, id));
}

export async function findMessagesPage(executor: Executor, where: SQL | undefined, page: number, pageSize: number) {
  const rows = await executor.select().from(outboxMessages).where(where).orderBy(desc(outboxMessages.createdAt)).limit(pageSize).offset((page - 1) * pageSize);
  const [totalRow] = await executor.select({ total: count() }).from(outboxMessages).where(where);
  return { rows, total: totalRow?.total ?? 0 };
}

export function zoneFilter(zoneId: string): SQL | undefined {
  return eq(outboxMessages.zoneId, zoneId);
}

export function recipientFilter(zoneId: string, userId: string): SQL | undefined {
  return and(eq(outboxMessages.zoneId, zoneId), eq(outboxMessages.recipientUserId, userId));
}
