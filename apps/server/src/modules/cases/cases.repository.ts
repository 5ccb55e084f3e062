import { and, asc, count, desc, eq, gte, ilike, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { serviceItems } from '../catalogue/catalogue.table.js';
import { enterprises, users } from '../users/users.table.js';
import { departments, zones } from '../zones/zones.table.js';
import { caseCounters, caseEvents, caseMaterials, cases, correctionNotices } from './cases.table.js';

export type CaseRow = typeof cases.$inferSelect;
export type CaseEventRow = typeof caseEvents.$inferSelect;
export type CorrectionNoticeRow = typeof correctionNotices.$inferSelect;

/** The columns a list needs, joined with the names it shows. */
const summaryColumns = {
  case: cases,
  item: { id: serviceItems.id, code: serviceItems.code, nameZh: serviceItems.nameZh, nameEn: serviceItems.nameEn },
  department: { id: departments.id, nameZh: departments.nameZh, nameEn: departments.nameEn },
  applicantName: users.displayName,
  enterpriseName: enterprises.name,
};

export type CaseSummaryRow = Awaited<ReturnType<typeof findCaseSummaries>>[number];

function summaryQuery(executor: Executor) {
  return executor
    .select(summaryColumns)
    .from(cases)
    .innerJoin(serviceItems, eq(serviceItems.id, cases.serviceItemId))
    .innerJoin(departments, eq(departments.id, cases.departmentId))
    .innerJoin(users, eq(users.id, cases.applicantId))
    .leftJoin(enterprises, eq(enterprises.id, cases.enterpriseId));
}

export interface QueueFilter {
  zoneId: string;
  statuses: readonly string[];
  serviceItemId?: string | undefined;
  departmentId?: string | undefined;
  /** Light on `today`: yellow = warn_on ≤ today ≤ due_on; red = due_on < today, or < concluded_on once concluded. */
  light?: 'green' | 'yellow' | 'red' | 'unknown' | undefined;
  today: string;
  q?: string | undefined;
}

function queueWhere(filter: QueueFilter): SQL | undefined {
  const pattern = filter.q ? `%${filter.q.replace(/[\\%_]/g, (character) => `\\${character}`)}%` : undefined;
  let light: SQL | undefined;
  switch (filter.light) {
    case 'red':
      // Overdue: still open past the due date, or concluded after it (a case concluded on time is not).
      light = or(and(isNull(cases.concludedOn), lt(cases.dueOn, filter.today)), lt(cases.dueOn, cases.concludedOn));
      break;
    case 'yellow':
      light = and(sql`${cases.warnOn} <= ${filter.today}`, gte(cases.dueOn, filter.today));
      break;
    case 'green':
      light = or(isNull(cases.acceptedOn), sql`${cases.warnOn} > ${filter.today}`);
      break;
    case 'unknown':
      light = and(sql`${cases.acceptedOn} is not null`, isNull(cases.dueOn), isNull(cases.pausedSince));
      break;
    case undefined:
      break;
  }
  return and(
    eq(cases.zoneId, filter.zoneId),
    inArray(cases.status, [...filter.statuses]),
    filter.serviceItemId ? eq(cases.serviceItemId, filter.serviceItemId) : undefined,
    filter.departmentId ? eq(cases.departmentId, filter.departmentId) : undefined,
    light,
    pattern ? or(ilike(cases.number, pattern), ilike(users.displayName, pattern), ilike(enterprises.name, pattern)) : undefined,
  );
}

/** A page of the staff queue: most urgent first (earliest due date), then oldest submission. */
export async function findQueuePage(executor: Executor, filter: QueueFilter, page: number, pageSize: number) {
  const where = queueWhere(filter);
  const rows = await summaryQuery(executor)
    .where(where)
    .orderBy(sql`${cases.dueOn} asc nulls last`, asc(cases.submittedAt), asc(cases.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  const [totalRow] = await executor
    .select({ total: count() })
    .from(cases)
    .innerJoin(users, eq(users.id, cases.applicantId))
    .leftJoin(enterprises, eq(enterprises.id, cases.enterpriseId))
    .where(where);
  return { rows, total: totalRow?.total ?? 0 };
}

export async function countByStatus(executor: Executor, zoneId: string, departmentId: string | undefined, statuses: readonly string[]): Promise<Record<string, number>> {
  const rows = await executor
    .select({ status: cases.status, total: count() })
    .from(cases)
    .where(and(eq(cases.zoneId, zoneId), inArray(cases.status, [...statuses]), departmentId ? eq(cases.departmentId, departmentId) : undefined))
    .groupBy(cases.status);
  return Object.fromEntries(rows.map((row) => [row.status, row.total]));
}

export async function findCaseSummaries(executor: Executor, where: SQL | undefined, limit: number, offset: number) {
  return summaryQuery(executor).where(where).orderBy(desc(cases.updatedAt)).limit(limit).offset(offset);
}

export async function countCases(executor: Executor, where: SQL | undefined): Promise<number> {
  const [row] = await executor.select({ total: count() }).from(cases).where(where);
  return row?.total ?? 0;
}

export async function findCaseSummary(executor: Executor, zoneId: string, caseId: string): Promise<CaseSummaryRow | undefined> {
  const [row] = await summaryQuery(executor).where(and(eq(cases.id, caseId), eq(cases.zoneId, zoneId)));
  return row;
}

/** Locks the case row for the rest of the transaction, so concurrent actions queue up. */
export async function lockCase(executor: Executor, zoneId: string, caseId: string): Promise<CaseRow | undefined> {
  const [row] = await executor.select().from(cases).where(and(eq(cases.id, caseId), eq(cases.zoneId, zoneId))).for('update');
  return row;
}

export async function insertCase(executor: Executor, row: typeof cases.$inferInsert): Promise<CaseRow> {
  const [inserted] = await executor.insert(cases).values(row).returning();
  return inserted!;
}

export async function updateCase(executor: Executor, caseId: string, changes: Partial<typeof cases.$inferInsert>): Promise<void> {
  await executor
    .update(cases)
    .set({ ...changes, version: sql`${cases.version} + 1` })
    .where(eq(cases.id, caseId));
}

export async function replaceMaterials(executor: Executor, caseId: string, materials: Array<{ materialKey: string; fileId: string }>, at: Date): Promise<void> {
  await executor.delete(caseMaterials).where(eq(caseMaterials.caseId, caseId));
  if (materials.length > 0) await executor.insert(caseMaterials).values(materials.map((material) => ({ caseId, ...material, attachedAt: at })));
}

export async function findMaterials(executor: Executor, caseId: string) {
  return executor.select().from(caseMaterials).where(eq(caseMaterials.caseId, caseId)).orderBy(asc(caseMaterials.materialKey));
}

export async function isFileAttachedInZone(executor: Executor, zoneId: string, fileId: string): Promise<boolean> {
  const [row] = await executor
    .select({ caseId: caseMaterials.caseId })
    .from(caseMaterials)
    .innerJoin(cases, eq(cases.id, caseMaterials.caseId))
    .where(and(eq(caseMaterials.fileId, fileId), eq(cases.zoneId, zoneId)))
    .limit(1);
  return row !== undefined;
}

export async function insertEvent(executor: Executor, event: typeof caseEvents.$inferInsert): Promise<void> {
  await executor.insert(caseEvents).values(event);
}

export async function findEvents(executor: Executor, caseId: string): Promise<CaseEventRow[]> {
  return executor.select().from(caseEvents).where(eq(caseEvents.caseId, caseId)).orderBy(asc(caseEvents.id));
}

export async function insertCorrectionNotice(executor: Executor, notice: typeof correctionNotices.$inferInsert): Promise<void> {
  await executor.insert(correctionNotices).values(notice);
}

export async function findOpenCorrectionNotice(executor: Executor, caseId: string): Promise<CorrectionNoticeRow | undefined> {
  const [row] = await executor
    .select()
    .from(correctionNotices)
    .where(and(eq(correctionNotices.caseId, caseId), isNull(correctionNotices.answeredAt)))
    .orderBy(desc(correctionNotices.issuedAt))
    .limit(1);
  return row;
}

export async function answerCorrectionNotice(executor: Executor, noticeId: string, at: Date): Promise<void> {
  await executor.update(correctionNotices).set({ answeredAt: at }).where(eq(correctionNotices.id, noticeId));
}

/** The next case number of a zone's year; the row lock serialises concurrent submissions. */
export async function nextCaseNumber(executor: Executor, zoneId: string, year: number): Promise<number> {
  const [row] = await executor
    .insert(caseCounters)
    .values({ zoneId, year, lastNumber: 1 })
    .onConflictDoUpdate({ target: [caseCounters.zoneId, caseCounters.year], set: { lastNumber: sql`${caseCounters.lastNumber} + 1` } })
    .returning({ lastNumber: caseCounters.lastNumber });
  return row!.lastNumber;
}

/** Open, accepted cases whose deadline could not be computed (a calendar year was missing). */
export async function findCasesMissingDeadline(executor: Executor): Promise<CaseRow[]> {
  return executor
    .select()
    .from(cases)
    .where(and(sql`${cases.acceptedOn} is not null`, isNull(cases.dueOn), isNull(cases.pausedSince), isNull(cases.concludedOn)));
}

export async function setDeadlines(executor: Executor, caseId: string, warnOn: string | null, dueOn: string | null): Promise<void> {
  await executor.update(cases).set({ warnOn, dueOn }).where(eq(cases.id, caseId));
}

export async function findApplicantContact(executor: Executor, userId: string): Promise<{ phone: string | null; zoneNameZh: string } | undefined> {
  const [row] = await executor.select({ phone: users.phone, zoneNameZh: zones.nameZh }).from(users).innerJoin(zones, eq(zones.id, users.zoneId)).where(eq(users.id, userId));
  return row;
}

export async function findZoneCode(executor: Executor, zoneId: string): Promise<string> {
  const [row] = await executor.select({ code: zones.code }).from(zones).where(eq(zones.id, zoneId));
  return row!.code;
}
