import { and, asc, count, eq, ilike, inArray, or, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { departments, zones } from '../zones/zones.table.js';
import { serviceItems } from './catalogue.table.js';

export type ServiceItemRow = typeof serviceItems.$inferSelect;
export type DepartmentNames = { id: string; nameZh: string; nameEn: string };

export interface ServiceItemFilter {
  zoneId: string;
  q?: string | undefined;
  departmentId?: string | undefined;
  kind?: string | undefined;
  needsInspection?: boolean | undefined;
  includeUnpublished: boolean;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/**
 * A search's words: split at any run of spaces (the full-width one too). People type "食品 经营" or
 * "building permit" and mean items that have every word, in any order.
 */
function searchWordsOf(text: string | undefined): string[] {
  return [...new Set((text ?? '').split(/[\s\u3000]+/).filter((word) => word !== ''))];
}

function whereOf(filter: ServiceItemFilter): SQL | undefined {
  const patterns = searchWordsOf(filter.q).map((word) => `%${escapeLike(word)}%`);
  return and(
    eq(serviceItems.zoneId, filter.zoneId),
    filter.includeUnpublished ? undefined : eq(serviceItems.isPublished, true),
    ...patterns.map((pattern) => or(ilike(serviceItems.nameZh, pattern), ilike(serviceItems.nameEn, pattern), ilike(serviceItems.code, pattern))),
    filter.departmentId ? eq(serviceItems.departmentId, filter.departmentId) : undefined,
    filter.kind ? eq(serviceItems.kind, filter.kind) : undefined,
    filter.needsInspection === undefined ? undefined : eq(serviceItems.needsInspection, filter.needsInspection),
  );
}

const withDepartment = { item: serviceItems, department: { id: departments.id, nameZh: departments.nameZh, nameEn: departments.nameEn } };

export async function findServiceItemsPage(executor: Executor, filter: ServiceItemFilter, page: number, pageSize: number) {
  const where = whereOf(filter);
  const rows = await executor
    .select(withDepartment)
    .from(serviceItems)
    .innerJoin(departments, eq(departments.id, serviceItems.departmentId))
    .where(where)
    .orderBy(asc(serviceItems.code))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const [totalRow] = await executor.select({ total: count() }).from(serviceItems).where(where);
  return { rows, total: totalRow?.total ?? 0 };
}

export async function findServiceItem(executor: Executor, zoneId: string, itemId: string) {
  const [row] = await executor
    .select(withDepartment)
    .from(serviceItems)
    .innerJoin(departments, eq(departments.id, serviceItems.departmentId))
    .where(and(eq(serviceItems.id, itemId), eq(serviceItems.zoneId, zoneId)));
  return row;
}

export async function isCodeTaken(executor: Executor, zoneId: string, code: string, exceptId?: string): Promise<boolean> {
  const [row] = await executor.select({ id: serviceItems.id }).from(serviceItems).where(and(eq(serviceItems.zoneId, zoneId), eq(serviceItems.code, code)));
  return row !== undefined && row.id !== exceptId;
}

export async function insertServiceItem(executor: Executor, row: typeof serviceItems.$inferInsert): Promise<ServiceItemRow> {
  const [inserted] = await executor.insert(serviceItems).values(row).returning();
  return inserted!;
}

export async function updateServiceItem(executor: Executor, itemId: string, changes: Partial<typeof serviceItems.$inferInsert>): Promise<void> {
  await executor.update(serviceItems).set(changes).where(eq(serviceItems.id, itemId));
}

export async function findZoneByCode(executor: Executor, code: string) {
  const [row] = await executor.select().from(zones).where(eq(zones.code, code));
  return row;
}

export async function findZoneIds(executor: Executor, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await executor.select({ id: zones.id }).from(zones);
  return rows.map((row) => row.id).filter((id) => ids.includes(id));
}

export async function isDepartmentInZone(executor: Executor, zoneId: string, departmentId: string): Promise<boolean> {
  const [row] = await executor.select({ id: departments.id }).from(departments).where(and(eq(departments.id, departmentId), eq(departments.zoneId, zoneId)));
  return row !== undefined;
}

export async function findDepartmentsOfZone(executor: Executor, zoneId: string) {
  return executor
    .select({ id: departments.id, code: departments.code, nameZh: departments.nameZh, nameEn: departments.nameEn })
    .from(departments)
    .where(eq(departments.zoneId, zoneId))
    .orderBy(asc(departments.code));
}

export async function findAllZones(executor: Executor) {
  return executor.select({ id: zones.id, code: zones.code, nameZh: zones.nameZh, nameEn: zones.nameEn }).from(zones).orderBy(asc(zones.code));
}

/** The zone's items with these codes (the ones an import updates). */
export async function findServiceItemsByCodes(executor: Executor, zoneId: string, codes: string[]): Promise<ServiceItemRow[]> {
  if (codes.length === 0) return [];
  return executor.select().from(serviceItems).where(and(eq(serviceItems.zoneId, zoneId), inArray(serviceItems.code, codes)));
}
