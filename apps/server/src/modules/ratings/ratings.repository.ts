import { and, desc, eq, inArray, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { serviceItems } from '../catalogue/catalogue.table.js';
import { caseEvents, cases } from '../cases/cases.table.js';
import { departments } from '../zones/zones.table.js';
import { caseRatings, rectificationTasks } from './ratings.table.js';

export type RatingRow = typeof caseRatings.$inferSelect;
export type TaskRow = typeof rectificationTasks.$inferSelect;

const caseForRating = {
  id: cases.id,
  zoneId: cases.zoneId,
  number: cases.number,
  status: cases.status,
  applicantId: cases.applicantId,
  enterpriseId: cases.enterpriseId,
  departmentId: cases.departmentId,
};

/** The case a rating is written for, locked so that two ratings of one case are written one after the other. */
export async function lockCaseForRating(executor: Executor, zoneId: string, caseId: string) {
  const [row] = await executor
    .select(caseForRating)
    .from(cases)
    .where(and(eq(cases.id, caseId), eq(cases.zoneId, zoneId)))
    .for('update');
  return row;
}

export async function findCaseForRating(executor: Executor, zoneId: string, caseId: string) {
  const [row] = await executor
    .select(caseForRating)
    .from(cases)
    .where(and(eq(cases.id, caseId), eq(cases.zoneId, zoneId)));
  return row;
}

export type CaseForRating = NonNullable<Awaited<ReturnType<typeof findCaseForRating>>>;

export async function findRatingsOfCase(executor: Executor, caseId: string): Promise<RatingRow[]> {
  return executor.select().from(caseRatings).where(eq(caseRatings.caseId, caseId)).orderBy(caseRatings.round);
}

export async function findRatingsOfCases(executor: Executor, caseIds: string[]): Promise<RatingRow[]> {
  if (caseIds.length === 0) return [];
  return executor.select().from(caseRatings).where(inArray(caseRatings.caseId, caseIds)).orderBy(caseRatings.caseId, caseRatings.round);
}

export async function insertRating(executor: Executor, row: typeof caseRatings.$inferInsert): Promise<RatingRow> {
  const [inserted] = await executor.insert(caseRatings).values(row).returning();
  return inserted!;
}

export async function updateRating(executor: Executor, ratingId: string, changes: Partial<RatingRow>): Promise<void> {
  await executor.update(caseRatings).set(changes).where(eq(caseRatings.id, ratingId));
}

/** A rating of the zone with its case's number and department, locked for an appeal or its decision. */
export async function lockRating(executor: Executor, zoneId: string, ratingId: string) {
  const [row] = await executor
    .select({ rating: caseRatings, caseNumber: cases.number, departmentId: cases.departmentId })
    .from(caseRatings)
    .innerJoin(cases, eq(cases.id, caseRatings.caseId))
    .where(and(eq(caseRatings.id, ratingId), eq(caseRatings.zoneId, zoneId)))
    .for('update', { of: caseRatings });
  return row;
}

export async function insertTask(executor: Executor, row: typeof rectificationTasks.$inferInsert): Promise<TaskRow> {
  const [inserted] = await executor.insert(rectificationTasks).values(row).returning();
  return inserted!;
}

export async function updateTask(executor: Executor, taskId: string, changes: Partial<TaskRow>): Promise<void> {
  await executor.update(rectificationTasks).set(changes).where(eq(rectificationTasks.id, taskId));
}

export async function findTaskOfCase(executor: Executor, caseId: string): Promise<TaskRow | undefined> {
  const [row] = await executor.select().from(rectificationTasks).where(eq(rectificationTasks.caseId, caseId)).orderBy(desc(rectificationTasks.createdAt)).limit(1);
  return row;
}

export async function lockTask(executor: Executor, zoneId: string, taskId: string): Promise<TaskRow | undefined> {
  const [row] = await executor.select().from(rectificationTasks).where(and(eq(rectificationTasks.id, taskId), eq(rectificationTasks.zoneId, zoneId))).for('update');
  return row;
}

/** Open tasks whose deadline waits for a calendar year to be loaded. */
export async function findTasksMissingDueDate(executor: Executor): Promise<TaskRow[]> {
  return executor
    .select()
    .from(rectificationTasks)
    .where(and(isNull(rectificationTasks.dueOn), ne(rectificationTasks.status, 'closed')));
}

export interface TaskFilter {
  /** Only this department's tasks. */
  departmentId?: string | undefined;
  /** Only this task. */
  taskId?: string;
}

/** A zone's rectification tasks with what a list shows of their case: open ones first, the most urgent first. */
export async function findTasks(executor: Executor, zoneId: string, filter: TaskFilter = {}) {
  const conditions: Array<SQL | undefined> = [eq(rectificationTasks.zoneId, zoneId)];
  if (filter.departmentId) conditions.push(eq(rectificationTasks.departmentId, filter.departmentId));
  if (filter.taskId) conditions.push(eq(rectificationTasks.id, filter.taskId));
  return executor
    .select({
      task: rectificationTasks,
      caseNumber: cases.number,
      itemNameZh: serviceItems.nameZh,
      itemNameEn: serviceItems.nameEn,
      department: { id: departments.id, nameZh: departments.nameZh, nameEn: departments.nameEn },
    })
    .from(rectificationTasks)
    .innerJoin(cases, eq(cases.id, rectificationTasks.caseId))
    .innerJoin(serviceItems, eq(serviceItems.id, cases.serviceItemId))
    .innerJoin(departments, eq(departments.id, rectificationTasks.departmentId))
    .where(and(...conditions))
    .orderBy(sql`${rectificationTasks.status} = 'closed'`, rectificationTasks.dueOn, rectificationTasks.createdAt);
}

export type TaskListRow = Awaited<ReturnType<typeof findTasks>>[number];

/** Ratings that count: the latest round of each case, without those an admin found malicious. */
const countedRatings = (zoneId: string) =>
  and(
    eq(caseRatings.zoneId, zoneId),
    or(isNull(caseRatings.appealStatus), ne(caseRatings.appealStatus, 'upheld')),
    sql`${caseRatings.round} = (select max(r.round) from case_ratings r where r.case_id = ${caseRatings.caseId})`,
  );

const aggregates = {
  ratings: sql<number>`count(*)::int`,
  satisfied: sql<number>`count(*) filter (where ${caseRatings.overall} >= 3)::int`,
  bad: sql<number>`count(*) filter (where ${caseRatings.isBad})::int`,
  averageOverall: sql<string | null>`avg(${caseRatings.overall})::numeric(4,2)::text`,
};

export async function satisfactionByItem(executor: Executor, zoneId: string) {
  return executor
    .select({ key: serviceItems.id, nameZh: serviceItems.nameZh, nameEn: serviceItems.nameEn, ...aggregates })
    .from(caseRatings)
    .innerJoin(cases, eq(cases.id, caseRatings.caseId))
    .innerJoin(serviceItems, eq(serviceItems.id, cases.serviceItemId))
    .where(countedRatings(zoneId))
    .groupBy(serviceItems.id);
}

export async function satisfactionByDepartment(executor: Executor, zoneId: string) {
  return executor
    .select({ key: departments.id, nameZh: departments.nameZh, nameEn: departments.nameEn, ...aggregates })
    .from(caseRatings)
    .innerJoin(cases, eq(cases.id, caseRatings.caseId))
    .innerJoin(departments, eq(departments.id, cases.departmentId))
    .where(countedRatings(zoneId))
    .groupBy(departments.id);
}

/**
 * By the staff member who concluded the case (办结人): the approver who decided it, or the clerk who
 * refused it (不予受理 ends a case too, and such a case may be rated).
 */
export async function satisfactionByStaff(executor: Executor, zoneId: string) {
  return executor
    .select({
      key: sql<string>`coalesce(${caseEvents.actorId}::text, '')`,
      nameZh: sql<string>`coalesce(max(${caseEvents.actorName}), '')`,
      nameEn: sql<string>`coalesce(max(${caseEvents.actorName}), '')`,
      ...aggregates,
    })
    .from(caseRatings)
    .innerJoin(caseEvents, and(eq(caseEvents.caseId, caseRatings.caseId), inArray(caseEvents.action, ['concluded', 'refused'])))
    .where(countedRatings(zoneId))
    .groupBy(caseEvents.actorId);
}
