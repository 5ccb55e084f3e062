import { and, asc, desc, eq, gt, inArray, lt, ne, notInArray, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/client.js';
import { serviceItems } from '../catalogue/catalogue.table.js';
import { cases } from '../cases/cases.table.js';
import { enterprises, userRoles, users } from '../users/users.table.js';
import { departments, zones, zoneSettings } from '../zones/zones.table.js';
import { inspectionEvents, inspectionInspectors, inspectionLocations, inspectionRecordings, inspections } from './inspection.table.js';

export type InspectionRow = typeof inspections.$inferSelect;
export type LocationRow = typeof inspectionLocations.$inferSelect;
export type EventRow = typeof inspectionEvents.$inferSelect;
export type RecordingRow = typeof inspectionRecordings.$inferSelect;

/** Statuses that hold the inspectors' time. */
const HOLDING_STATUSES = ['scheduled', 'live', 'interrupted'];

export async function findCaseForInspection(executor: Executor, zoneId: string, caseId: string) {
  const [row] = await executor
    .select({
      id: cases.id,
      number: cases.number,
      status: cases.status,
      dueOn: cases.dueOn,
      applicantId: cases.applicantId,
      enterpriseName: enterprises.name,
      item: { id: serviceItems.id, nameZh: serviceItems.nameZh, nameEn: serviceItems.nameEn, needsInspection: serviceItems.needsInspection, checklist: serviceItems.inspectionChecklist, shotList: serviceItems.shotList },
      /** The item's department, which issues the inspection record. */
      departmentName: departments.nameZh,
    })
    .from(cases)
    .innerJoin(serviceItems, eq(serviceItems.id, cases.serviceItemId))
    .innerJoin(departments, eq(departments.id, serviceItems.departmentId))
    .leftJoin(enterprises, eq(enterprises.id, cases.enterpriseId))
    .where(and(eq(cases.id, caseId), eq(cases.zoneId, zoneId)));
  return row;
}
export type CaseForInspection = NonNullable<Awaited<ReturnType<typeof findCaseForInspection>>>;

/** The zone's active inspectors, least booked from `from` on first. */
export async function findInspectors(executor: Executor, zoneId: string): Promise<Array<{ id: string; displayName: string }>> {
  return executor
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, 'inspector')))
    .where(and(eq(users.zoneId, zoneId), eq(users.isDisabled, false)))
    .orderBy(asc(users.username));
}

/** The booked time of the given inspectors between two instants (other inspections than `except`). */
export async function findBusyIntervals(executor: Executor, inspectorIds: string[], from: Date, to: Date, except?: string) {
  if (inspectorIds.length === 0) return [];
  const conditions: SQL[] = [inArray(inspectionInspectors.inspectorId, inspectorIds), inArray(inspections.status, HOLDING_STATUSES), lt(inspections.slotStart, to), gt(inspections.slotEnd, from)];
  if (except) conditions.push(ne(inspections.id, except));
  return executor
    .select({ inspectorId: inspectionInspectors.inspectorId, start: inspections.slotStart, end: inspections.slotEnd })
    .from(inspectionInspectors)
    .innerJoin(inspections, eq(inspections.id, inspectionInspectors.inspectionId))
    .where(and(...conditions));
}

/** The id of the case's inspection that is not closed yet, if any. */
export async function findOpenInspectionId(executor: Executor, caseId: string): Promise<string | undefined> {
  const [row] = await executor
    .select({ id: inspections.id })
    .from(inspections)
    .where(and(eq(inspections.caseId, caseId), notInArray(inspections.status, ['concluded', 'cancelled', 'converted_onsite'])))
    .limit(1);
  return row?.id;
}

export async function hasOpenInspection(executor: Executor, caseId: string): Promise<boolean> {
  return (await findOpenInspectionId(executor, caseId)) !== undefined;
}

export async function insertInspection(executor: Executor, row: typeof inspections.$inferInsert): Promise<InspectionRow> {
  const [inserted] = await executor.insert(inspections).values(row).returning();
  return inserted!;
}

export async function updateInspection(executor: Executor, inspectionId: string, changes: Partial<typeof inspections.$inferInsert>): Promise<void> {
  await executor.update(inspections).set(changes).where(eq(inspections.id, inspectionId));
}

export async function replaceInspectors(executor: Executor, inspectionId: string, inspectorIds: string[]): Promise<void> {
  await executor.delete(inspectionInspectors).where(eq(inspectionInspectors.inspectionId, inspectionId));
  await executor.insert(inspectionInspectors).values(inspectorIds.map((inspectorId) => ({ inspectionId, inspectorId })));
}

export async function findInspection(executor: Executor, zoneId: string, inspectionId: string, forUpdate = false): Promise<InspectionRow | undefined> {
  const query = executor.select().from(inspections).where(and(eq(inspections.id, inspectionId), eq(inspections.zoneId, zoneId)));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

/** For the phone, which has no zone: the token names the inspection. */
export async function findInspectionById(executor: Executor, inspectionId: string): Promise<InspectionRow | undefined> {
  const [row] = await executor.select().from(inspections).where(eq(inspections.id, inspectionId));
  return row;
}

export async function findInspections(executor: Executor, zoneId: string, filter: { from?: Date; to?: Date; caseId?: string }): Promise<InspectionRow[]> {
  const conditions: SQL[] = [eq(inspections.zoneId, zoneId)];
  if (filter.from) conditions.push(gt(inspections.slotEnd, filter.from));
  if (filter.to) conditions.push(lt(inspections.slotStart, filter.to));
  if (filter.caseId) conditions.push(eq(inspections.caseId, filter.caseId));
  return executor.select().from(inspections).where(and(...conditions)).orderBy(asc(inspections.slotStart)).limit(500);
}

export async function findInspectorsOf(executor: Executor, inspectionIds: string[]) {
  if (inspectionIds.length === 0) return [];
  return executor
    .select({ inspectionId: inspectionInspectors.inspectionId, id: users.id, displayName: users.displayName, confirmedAt: inspectionInspectors.confirmedAt })
    .from(inspectionInspectors)
    .innerJoin(users, eq(users.id, inspectionInspectors.inspectorId))
    .where(inArray(inspectionInspectors.inspectionId, inspectionIds))
    .orderBy(asc(users.displayName));
}

export async function insertEvent(executor: Executor, event: typeof inspectionEvents.$inferInsert): Promise<void> {
  await executor.insert(inspectionEvents).values(event);
}

export async function insertLocation(executor: Executor, row: typeof inspectionLocations.$inferInsert): Promise<void> {
  await executor.insert(inspectionLocations).values(row);
}

export async function findLocations(executor: Executor, inspectionId: string): Promise<LocationRow[]> {
  return executor.select().from(inspectionLocations).where(eq(inspectionLocations.inspectionId, inspectionId)).orderBy(asc(inspectionLocations.at));
}

export async function findZoneNames(executor: Executor, zoneId: string) {
  const [row] = await executor.select({ nameZh: zones.nameZh, nameEn: zones.nameEn }).from(zones).where(eq(zones.id, zoneId));
  return row!;
}

/** The zone's key for invitation links, made on first use and kept in the database (every node shares it). */
export async function findOrCreateSecret(executor: Executor, zoneId: string, key: string, make: () => string): Promise<string> {
  await executor.insert(zoneSettings).values({ zoneId, key, value: make() }).onConflictDoNothing();
  const [row] = await executor
    .select({ value: zoneSettings.value })
    .from(zoneSettings)
    .where(and(eq(zoneSettings.zoneId, zoneId), eq(zoneSettings.key, key)));
  return row!.value;
}

export async function findPhone(executor: Executor, userId: string): Promise<string | null> {
  const [row] = await executor.select({ phone: users.phone }).from(users).where(eq(users.id, userId));
  return row?.phone ?? null;
}

export async function findPasswordHash(executor: Executor, userId: string): Promise<string | undefined> {
  const [row] = await executor.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, userId));
  return row?.passwordHash;
}

export async function setConfirmation(executor: Executor, inspectionId: string, inspectorId: string, at: Date | null): Promise<void> {
  await executor
    .update(inspectionInspectors)
    .set({ confirmedAt: at })
    .where(and(eq(inspectionInspectors.inspectionId, inspectionId), eq(inspectionInspectors.inspectorId, inspectorId)));
}

export async function clearConfirmations(executor: Executor, inspectionId: string): Promise<void> {
  await executor.update(inspectionInspectors).set({ confirmedAt: null }).where(eq(inspectionInspectors.inspectionId, inspectionId));
}

// ---- The live session: timeline, recordings, recovery ----

/** The session's timeline, oldest first; events of the same millisecond in the order they were written. */
export async function findEvents(executor: Executor, inspectionId: string): Promise<EventRow[]> {
  return executor
    .select()
    .from(inspectionEvents)
    .where(eq(inspectionEvents.inspectionId, inspectionId))
    .orderBy(asc(inspectionEvents.at), asc(inspectionEvents.seq));
}

export async function findEventsOfKind(executor: Executor, inspectionId: string, kinds: string[]): Promise<EventRow[]> {
  return executor
    .select()
    .from(inspectionEvents)
    .where(and(eq(inspectionEvents.inspectionId, inspectionId), inArray(inspectionEvents.kind, kinds)))
    .orderBy(asc(inspectionEvents.at), asc(inspectionEvents.seq));
}

/** The latest of the given kinds of event, if any. */
export async function findLatestEvent(executor: Executor, inspectionId: string, kinds: string[]): Promise<EventRow | undefined> {
  const [row] = await executor
    .select()
    .from(inspectionEvents)
    .where(and(eq(inspectionEvents.inspectionId, inspectionId), inArray(inspectionEvents.kind, kinds)))
    .orderBy(desc(inspectionEvents.at), desc(inspectionEvents.seq))
    .limit(1);
  return row;
}

export async function findEvent(executor: Executor, inspectionId: string, eventId: string, kind: string): Promise<EventRow | undefined> {
  const [row] = await executor
    .select()
    .from(inspectionEvents)
    .where(and(eq(inspectionEvents.id, eventId), eq(inspectionEvents.inspectionId, inspectionId), eq(inspectionEvents.kind, kind)));
  return row;
}

/** True when the file is a snapshot of an inspection of the zone. */
export async function isSnapshotFileOfZone(executor: Executor, zoneId: string, fileId: string): Promise<boolean> {
  const [row] = await executor
    .select({ id: inspectionEvents.id })
    .from(inspectionEvents)
    .innerJoin(inspections, eq(inspections.id, inspectionEvents.inspectionId))
    .where(and(eq(inspections.zoneId, zoneId), eq(inspectionEvents.kind, 'snapshot'), sql`${inspectionEvents.details}->>'fileId' = ${fileId}`))
    .limit(1);
  return row !== undefined;
}

/** Inserts a recording file, or updates the one at the same path (a segment that is finalised or recovered). */
export async function upsertRecording(executor: Executor, row: typeof inspectionRecordings.$inferInsert): Promise<RecordingRow> {
  const { id: _id, inspectionId: _inspection, path: _path, ...changes } = row;
  const [saved] = await executor
    .insert(inspectionRecordings)
    .values(row)
    .onConflictDoUpdate({ target: [inspectionRecordings.inspectionId, inspectionRecordings.path], set: changes })
    .returning();
  return saved!;
}

export async function findRecordings(executor: Executor, inspectionId: string): Promise<RecordingRow[]> {
  return executor
    .select()
    .from(inspectionRecordings)
    .where(eq(inspectionRecordings.inspectionId, inspectionId))
    .orderBy(asc(inspectionRecordings.segment), asc(inspectionRecordings.kind), asc(inspectionRecordings.startedAt));
}

export async function findRecording(executor: Executor, inspectionId: string, recordingId: string): Promise<RecordingRow | undefined> {
  const [row] = await executor
    .select()
    .from(inspectionRecordings)
    .where(and(eq(inspectionRecordings.id, recordingId), eq(inspectionRecordings.inspectionId, inspectionId)));
  return row;
}

/** Every recording file, for `verify-recordings`, in batches after the given id. */
export async function findRecordingBatch(executor: Executor, afterId: string | null, limit: number): Promise<RecordingRow[]> {
  const query = executor.select().from(inspectionRecordings);
  return (afterId ? query.where(gt(inspectionRecordings.id, afterId)) : query).orderBy(asc(inspectionRecordings.id)).limit(limit);
}

/** Inspections whose status says a session is running (after a crash: none really is). */
export async function findInspectionsWithStatus(executor: Executor, status: string): Promise<InspectionRow[]> {
  return executor.select().from(inspections).where(eq(inspections.status, status));
}
