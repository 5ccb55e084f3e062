import { and, asc, count, eq, gte, lt, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { zones } from '../zones/zones.table.js';
import { documents } from './documents.table.js';

export type DocumentRow = typeof documents.$inferSelect;
export type NewDocumentRow = typeof documents.$inferInsert;
export type ZoneNames = Pick<typeof zones.$inferSelect, 'id' | 'code' | 'nameZh' | 'nameEn'>;

export async function findZoneNames(executor: Executor, zoneId: string): Promise<ZoneNames | undefined> {
  const [row] = await executor
    .select({ id: zones.id, code: zones.code, nameZh: zones.nameZh, nameEn: zones.nameEn })
    .from(zones)
    .where(eq(zones.id, zoneId));
  return row;
}

/**
 * Serialises the numbering of one zone's documents of one kind until the end of the transaction, so
 * two documents issued at once never take the same number.
 */
export async function lockDocumentNumbering(executor: Executor, zoneId: string, kind: string): Promise<void> {
  await executor.execute(sql`select pg_advisory_xact_lock(hashtext(${`documents.number:${zoneId}:${kind}`}))`);
}

/** How many documents of this kind the zone issued in [from, to). */
export async function countDocumentsIssuedBetween(executor: Executor, zoneId: string, kind: string, from: Date, to: Date): Promise<number> {
  const [row] = await executor
    .select({ total: count() })
    .from(documents)
    .where(and(eq(documents.zoneId, zoneId), eq(documents.kind, kind), gte(documents.issuedAt, from), lt(documents.issuedAt, to)));
  return row?.total ?? 0;
}

export async function insertDocument(executor: Executor, values: NewDocumentRow): Promise<DocumentRow> {
  const [row] = await executor.insert(documents).values(values).returning();
  return row!;
}

export async function findDocumentOfZone(executor: Executor, zoneId: string, documentId: string): Promise<DocumentRow | undefined> {
  const [row] = await executor
    .select()
    .from(documents)
    .where(and(eq(documents.id, documentId), eq(documents.zoneId, zoneId)));
  return row;
}

/** The document with this verification code, with its issuing zone's names. */
export async function findDocumentByCode(
  executor: Executor,
  verificationCode: string,
): Promise<{ document: DocumentRow; zone: ZoneNames } | undefined> {
  const [row] = await executor
    .select({ document: documents, zone: { id: zones.id, code: zones.code, nameZh: zones.nameZh, nameEn: zones.nameEn } })
    .from(documents)
    .innerJoin(zones, eq(zones.id, documents.zoneId))
    .where(eq(documents.verificationCode, verificationCode));
  return row;
}

export async function findDocumentsOfSubject(executor: Executor, subjectType: string, subjectId: string): Promise<DocumentRow[]> {
  return executor
    .select()
    .from(documents)
    .where(and(eq(documents.subjectType, subjectType), eq(documents.subjectId, subjectId)))
    .orderBy(asc(documents.issuedAt), asc(documents.id));
}

export async function isIssuedFileOfZone(executor: Executor, zoneId: string, fileId: string): Promise<boolean> {
  const [row] = await executor
    .select({ id: documents.id })
    .from(documents)
    .where(and(eq(documents.zoneId, zoneId), eq(documents.fileId, fileId)))
    .limit(1);
  return row !== undefined;
}

/** Marks the document revoked unless it already is; answers whether this call revoked it. */
export async function markDocumentRevoked(executor: Executor, documentId: string, revokedAt: Date, reason: string): Promise<boolean> {
  const rows = await executor
    .update(documents)
    .set({ revokedAt, revokedReason: reason })
    .where(and(eq(documents.id, documentId), sql`${documents.revokedAt} is null`))
    .returning({ id: documents.id });
  return rows.length > 0;
}
