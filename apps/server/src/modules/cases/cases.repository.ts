import { and, asc, count, desc, eq, getTableColumns, gte, ilike, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { readTogether, type Executor } from '../../db/client.js';
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

export type CaseSummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>['execute']>>[number];

function summaryQuery(executor: Executor) {
  return executor
    .select(summaryColumns)
    .from(cases)
    .innerJoin(serviceItems, eq(serviceItems.id, cases.serviceItemId))
    .innerJoin(departments, eq(departments.id, cases.departmentId))
    .innerJoin(users, eq(users.id, cases.applicantId))
    .leftJoin(enterprises, eq(enterprises.id, cases.enterpriseId));
}

/** The case columns a list row shows, its clock included: not the form, the decision or the delivery. */
const listCaseColumns = {
  id: cases.id,
  number: cases.number,
  status: cases.status,
  submittedAt: cases.submittedAt,
  updatedAt: cases.updatedAt,
  limitDays: cases.limitDays,
  acceptedOn: cases.acceptedOn,
  pausedSince: cases.pausedSince,
  pausedWorkingDays: cases.pausedWorkingDays,
  concludedOn: cases.concludedOn,
};

const listColumns = { ...summaryColumns, case: listCaseColumns };

export type CaseListRow = Awaited<ReturnType<ReturnType<typeof listQuery>['execute']>>[number];

/**
 * The rows of a list with the names they show, from `cases` or from a page of it that keeps that name.
 * (The joins repeat `summaryQuery`'s: drizzle's types do not carry a selection through a generic.)
 */
function listQuery(executor: Executor, from: typeof cases | ReturnType<typeof pageOfCases>) {
  return executor
    .select(listColumns)
    .from(from)
    .innerJoin(serviceItems, eq(serviceItems.id, cases.serviceItemId))
    .innerJoin(departments, eq(departments.id, cases.departmentId))
    .innerJoin(users, eq(users.id, cases.applicantId))
    .leftJoin(enterprises, eq(enterprises.id, cases.enterpriseId));
}

const queueOrder = [sql`${cases.dueOn} asc nulls last`, asc(cases.submittedAt), asc(cases.id)];

/**
 * One page of the queue's cases, named `cases` so that the joins and the order above read it as the
 * table: the page is chosen before anything is joined, so that only its rows are.
 */
function pageOfCases(executor: Executor, where: SQL | undefined, page: number, pageSize: number) {
  return executor
    .select({ ...listCaseColumns, serviceItemId: cases.serviceItemId, departmentId: cases.departmentId, applicantId: cases.applicantId, enterpriseId: cases.enterpriseId, dueOn: cases.dueOn })
    .from(cases)
    .where(where)
    .orderBy(...queueOrder)
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .as('cases');
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
  /** One whole case number: that case whatever its status (read through the zone's number index). */
  number?: string | undefined;
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
    filter.number ? eq(cases.number, filter.number) : undefined,
    pattern ? or(ilike(cases.number, pattern), ilike(users.displayName, pattern), ilike(enterprises.name, pattern)) : undefined,
  );
}

/**
 * A page of the staff queue: most urgent first (earliest due date), then oldest submission. The total
 * is counted unless the caller already knows it (`withTotal: false`); the count joins the applicant's
 * and enterprise's names only when the search needs them. (Not `count(*) over ()` with the page: that
 * makes a plan that reads the open cases in order and stops after the page read all of them.)
 */
export async function findQueuePage(executor: Executor, filter: QueueFilter, page: number, pageSize: number, withTotal = true) {
  const where = queueWhere(filter);
  // A search matches the applicant's and enterprise's names, so it needs them joined before the page is cut.
  const rows = filter.q
    ? listQuery(executor, cases)
        .where(where)
        .orderBy(...queueOrder)
        .limit(pageSize)
        .offset((page - 1) * pageSize)
    : listQuery(executor, pageOfCases(executor, where, page, pageSize)).orderBy(...queueOrder);
  if (!withTotal) return { rows: await rows, total: undefined };
  const counted = filter.q
    ? executor
        .select({ total: count() })
        .from(cases)
        .innerJoin(users, eq(users.id, cases.applicantId))
        .leftJoin(enterprises, eq(enterprises.id, cases.enterpriseId))
        .where(where)
    : executor.select({ total: count() }).from(cases).where(where);
  // On the pool the two run side by side, each on its own connection.
  const [pageRows, [totalRow]] = await readTogether(executor, [() => rows, () => counted]);
  return { rows: pageRows, total: totalRow?.total ?? 0 };
}

export async function countByStatus(executor: Executor, zoneId: string, departmentId: string | undefined, statuses: readonly string[]): Promise<Record<string, number>> {
  const rows = await executor
    .select({ status: cases.status, total: count() })
    .from(cases)
    .where(and(eq(cases.zoneId, zoneId), inArray(cases.status, [...statuses]), departmentId ? eq(cases.departmentId, departmentId) : undefined))
    .groupBy(cases.status);
  return Object.fromEntries(rows.map((row) => [row.status, row.total]));
}

/** The first of the subject fields answered (`CASE_SUBJECT_FIELDS`), blank answers passed over. */
function subjectOf(keys: readonly string[]) {
  return sql<string | null>`coalesce(${sql.join(
    keys.map((key) => sql`nullif(btrim(${cases.formData} ->> ${key}::text), '')`),
    sql`, `,
  )})`;
}

/** The applicant's list, most recently changed first, each case with its subject (see `subjectOf`). */
export async function findCaseSummaries(executor: Executor, where: SQL | undefined, limit: number, offset: number, subjectKeys: readonly string[]) {
  return executor
    .select({ ...listColumns, subject: subjectOf(subjectKeys) })
    .from(cases)
    .innerJoin(serviceItems, eq(serviceItems.id, cases.serviceItemId))
    .innerJoin(departments, eq(departments.id, cases.departmentId))
    .innerJoin(users, eq(users.id, cases.applicantId))
    .leftJoin(enterprises, eq(enterprises.id, cases.enterpriseId))
    .where(where)
    .orderBy(desc(cases.updatedAt), desc(cases.id))
    .limit(limit)
    .offset(offset);
}

export async function countCases(executor: Executor, where: SQL | undefined): Promise<number> {
  const [row] = await executor.select({ total: count() }).from(cases).where(where);
  return row?.total ?? 0;
}

export async function findCaseSummary(executor: Executor, zoneId: string, caseId: string): Promise<CaseSummaryRow | undefined> {
  const [row] = await summaryQuery(executor).where(and(eq(cases.id, caseId), eq(cases.zoneId, zoneId)));
  return row;
}

const applicantZones = alias(zones, 'applicant_zones');

/**
 * The case with the names its reply shows, its zone's code and the applicant's contact for text
 * messages, its row locked for the rest of the transaction (concurrent actions on it queue up).
 */
export async function lockCaseWithContext(executor: Executor, zoneId: string, caseId: string) {
  const [row] = await lockingQuery(executor, {}, zoneId, caseId);
  return row;
}

const contextColumns = { ...summaryColumns, zoneCode: zones.code, applicantPhone: users.phone, applicantZoneNameZh: applicantZones.nameZh };

function lockingQuery<T extends Record<string, SQL.Aliased | SQL>>(executor: Executor, extra: T, zoneId: string, caseId: string) {
  return executor
    .select({ ...contextColumns, ...extra })
    .from(cases)
    .innerJoin(serviceItems, eq(serviceItems.id, cases.serviceItemId))
    .innerJoin(departments, eq(departments.id, cases.departmentId))
    .innerJoin(users, eq(users.id, cases.applicantId))
    .leftJoin(enterprises, eq(enterprises.id, cases.enterpriseId))
    .innerJoin(zones, eq(zones.id, cases.zoneId))
    .innerJoin(applicantZones, eq(applicantZones.id, users.zoneId))
    .where(and(eq(cases.id, caseId), eq(cases.zoneId, zoneId)))
    .for('update', { of: cases });
}

/**
 * As `lockCaseWithContext`, with the case's materials (in material key order) and its timeline (in
 * order) read in the same statement, for a step that checks the one and answers with the other.
 */
export async function lockCaseWithContents(executor: Executor, zoneId: string, caseId: string) {
  const [row] = await lockingQuery(
    executor,
    {
      materials: sql<Array<{ materialKey: string; fileId: string }>>`coalesce((
        select json_agg(json_build_object('materialKey', m.material_key, 'fileId', m.file_id) order by m.material_key)
        from ${caseMaterials} m where m.case_id = ${cases.id}), '[]'::json)`,
      events: sql<Array<Omit<CaseEventRow, 'at'> & { at: string }>>`coalesce((
        select json_agg(json_build_object('id', e.id, 'caseId', e.case_id, 'at', e.at, 'actorId', e.actor_id, 'actorName', e.actor_name, 'action', e.action,
          'fromStatus', e.from_status, 'toStatus', e.to_status, 'reason', e.reason, 'details', e.details) order by e.id)
        from ${caseEvents} e where e.case_id = ${cases.id}), '[]'::json)`,
    },
    zoneId,
    caseId,
  );
  if (!row) return undefined;
  return { ...row, events: row.events.map((event): CaseEventRow => ({ ...event, at: new Date(event.at) })) };
}

export type LockedCase = NonNullable<Awaited<ReturnType<typeof lockCaseWithContext>>>;

/** Locks the case row for the rest of the transaction, so concurrent actions queue up. */
export async function lockCase(executor: Executor, zoneId: string, caseId: string): Promise<CaseRow | undefined> {
  const [row] = await executor.select().from(cases).where(and(eq(cases.id, caseId), eq(cases.zoneId, zoneId))).for('update');
  return row;
}

/**
 * A new draft with its materials and its first timeline event, in one statement (the materials and
 * the event are inserted by CTEs; their foreign keys are checked at the end of the statement, when
 * the case exists). Returns the case as stored, with its enterprise's name.
 */
export async function insertDraft(
  executor: Executor,
  row: typeof cases.$inferInsert & { id: string },
  materials: Array<{ materialKey: string; fileId: string }>,
  event: Omit<typeof caseEvents.$inferInsert, 'caseId'>,
): Promise<CaseRow & { enterpriseName: string | null }> {
  const timeline = executor.$with('timeline').as(executor.insert(caseEvents).values({ ...event, caseId: row.id }).returning({ id: caseEvents.id }));
  // A draft may be saved before any file is attached; an insert needs at least one row.
  const attach =
    materials.length > 0
      ? [
          executor.$with('attached').as(
            executor
              .insert(caseMaterials)
              .values(materials.map((material) => ({ caseId: row.id, ...material, attachedAt: row.createdAt })))
              .returning({ caseId: caseMaterials.caseId }),
          ),
        ]
      : [];
  const [inserted] = await executor
    .with(...attach, timeline)
    .insert(cases)
    .values(row)
    .returning({ ...getTableColumns(cases), enterpriseName: sql<string | null>`(select ${enterprises.name} from ${enterprises} where ${enterprises.id} = ${cases.enterpriseId})` });
  return inserted!;
}

/**
 * 提交: gives the draft the next number of its zone's year (prefix + at least six digits), marks it
 * submitted and adds the timeline event, in one statement. The counter's row stays locked until the
 * transaction ends, so numbers are gap-free and unique; call this last, just before the audit append.
 * Returns the number, or undefined if the case was not found.
 */
export async function numberAndSubmitDraft(
  executor: Executor,
  input: { caseId: string; zoneId: string; year: number; numberPrefix: string; at: Date; actorId: string; actorName: string; fromStatus: string },
): Promise<string | undefined> {
  const at = input.at.toISOString();
  const result = (await executor.execute(sql`
    with counter as (
      insert into ${caseCounters} (zone_id, year, last_number) values (${input.zoneId}, ${input.year}, 1)
      on conflict (zone_id, year) do update set last_number = ${caseCounters}.last_number + 1
      returning last_number
    ), submitted as (
      update ${cases}
      set status = 'submitted',
          number = ${input.numberPrefix}::text || lpad(counter.last_number::text, greatest(6, length(counter.last_number::text)), '0'),
          submitted_at = ${at}::timestamptz,
          updated_at = ${at}::timestamptz,
          version = ${cases}.version + 1
      from counter
      where ${cases}.id = ${input.caseId}
      returning ${cases}.id, ${cases}.number
    )
    insert into ${caseEvents} (case_id, at, actor_id, actor_name, action, from_status, to_status, reason, details)
    select submitted.id, ${at}::timestamptz, ${input.actorId}::uuid, ${input.actorName}::text, 'submitted', ${input.fromStatus}::text, 'submitted', null,
      jsonb_build_object('number', submitted.number)
    from submitted
    returning details ->> 'number' as number`)) as { rows: Array<{ number: string }> };
  return result.rows[0]?.number;
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

/**
 * Removes a draft: its materials' links and its timeline go with it (ON DELETE CASCADE); the uploaded
 * files stay their uploader's, as a file replaced in a draft does. Only a draft is removed; returns
 * whether it was.
 */
export async function deleteDraft(executor: Executor, caseId: string): Promise<boolean> {
  const removed = await executor
    .delete(cases)
    .where(and(eq(cases.id, caseId), eq(cases.status, 'draft')))
    .returning({ id: cases.id });
  return removed.length > 0;
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
