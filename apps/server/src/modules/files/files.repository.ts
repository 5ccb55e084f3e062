import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { files } from './files.table.js';

export type FileRow = typeof files.$inferSelect;
export type NewFileRow = typeof files.$inferInsert;

export async function insertFile(executor: Executor, values: NewFileRow): Promise<FileRow> {
  const [row] = await executor.insert(files).values(values).returning();
  return row!;
}

export async function findFileById(executor: Executor, id: string): Promise<FileRow | undefined> {
  const [row] = await executor.select().from(files).where(eq(files.id, id));
  return row;
}

export async function findFilesByIds(executor: Executor, ids: string[]): Promise<FileRow[]> {
  if (ids.length === 0) return [];
  return executor.select().from(files).where(inArray(files.id, ids));
}

export async function findFilesOfOwner(executor: Executor, ownerId: string, ids: string[]): Promise<FileRow[]> {
  if (ids.length === 0) return [];
  return executor
    .select()
    .from(files)
    .where(and(eq(files.ownerId, ownerId), inArray(files.id, ids)));
}
