import { and, count, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { users } from '../users/users.table.js';
import { departments, zones, zoneSettings } from './zones.table.js';

export type DepartmentRow = typeof departments.$inferSelect;

export async function findZoneById(executor: Executor, zoneId: string) {
  const [row] = await executor.select().from(zones).where(eq(zones.id, zoneId));
  return row;
}

export async function findDepartmentsWithCounts(executor: Executor, zoneId: string) {
  return executor
    .select({ id: departments.id, code: departments.code, nameZh: departments.nameZh, nameEn: departments.nameEn, userCount: count(users.id) })
    .from(departments)
    .leftJoin(users, eq(users.departmentId, departments.id))
    .where(eq(departments.zoneId, zoneId))
    .groupBy(departments.id)
    .orderBy(departments.code);
}

export async function findDepartmentInZone(executor: Executor, zoneId: string, departmentId: string): Promise<DepartmentRow | undefined> {
  const [row] = await executor.select().from(departments).where(and(eq(departments.id, departmentId), eq(departments.zoneId, zoneId)));
  return row;
}

export async function isDepartmentCodeTaken(executor: Executor, zoneId: string, code: string): Promise<boolean> {
  const [row] = await executor.select({ id: departments.id }).from(departments).where(and(eq(departments.zoneId, zoneId), eq(departments.code, code)));
  return row !== undefined;
}

export async function insertDepartment(executor: Executor, row: typeof departments.$inferInsert): Promise<DepartmentRow> {
  const [inserted] = await executor.insert(departments).values(row).returning();
  return inserted!;
}

export async function updateDepartment(executor: Executor, departmentId: string, changes: Partial<typeof departments.$inferInsert>): Promise<DepartmentRow> {
  const [updated] = await executor.update(departments).set(changes).where(eq(departments.id, departmentId)).returning();
  return updated!;
}

export async function countDepartmentMembers(executor: Executor, departmentId: string): Promise<number> {
  const [row] = await executor.select({ total: count() }).from(users).where(eq(users.departmentId, departmentId));
  return row?.total ?? 0;
}

export async function deleteDepartment(executor: Executor, departmentId: string): Promise<void> {
  await executor.delete(departments).where(eq(departments.id, departmentId));
}

export async function countDepartments(executor: Executor, zoneId: string): Promise<number> {
  const [row] = await executor.select({ total: count() }).from(departments).where(eq(departments.zoneId, zoneId));
  return row?.total ?? 0;
}

export async function findZoneSetting(executor: Executor, zoneId: string, key: string): Promise<string | undefined> {
  const [row] = await executor
    .select({ value: zoneSettings.value })
    .from(zoneSettings)
    .where(and(eq(zoneSettings.zoneId, zoneId), eq(zoneSettings.key, key)));
  return row?.value;
}
