import type { BookInspectionBody, ConcludeInspectionBody, ConfirmInspectionBody, Inspection, InspectionReasonBody, InspectionStatus, ListInspectionsQuery, LocationFixBody, PhoneInspection, RescheduleInspectionBody, Role, SlotProposal } from '@yuanqu/shared';
import { readTogether, type Database, type Executor } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import type { Actor, RequestMeta } from '../../lib/request-context.js';
import { chinaDateOf, type WorkingDayCalendar } from '../../lib/working-day-calendar.js';
import { verifyPassword } from '../../lib/password-hash.js';
import { appendAuditEvent } from '../audit/index.js';
import type { CalendarService } from '../calendar/index.js';
import type { IssueDocumentSection } from '../documents/index.js';
import { enqueueNotification } from '../notifications/index.js';
import { newInvitationSecret, readInvitation, signInvitation } from './inspection.invitation.js';
import { distanceMeters, locationVerdict } from './inspection.location.js';
import { inspectionRecordSections } from './inspection.record.js';
import { chinaTime, DEFAULT_OFFICE_HOURS, findFreeSlots, type Interval } from './inspection.slots.js';
import * as repository from './inspection.repository.js';

/** Staff who book and run inspections; leaders read them. */
const BOOKERS: readonly Role[] = ['clerk', 'inspector'];
export const INSPECTION_READERS: readonly Role[] = ['clerk', 'inspector', 'approver', 'leader'];
const READERS = INSPECTION_READERS;

/** The link keeps working this long after the slot ends (a call that overruns, a rejoin). */
export const LINK_GRACE_MINUTES = 60;
const SECRET_KEY = 'inspection_invitation_secret';
/** Statuses after which nothing about the inspection changes, the live session included. */
export const CLOSED_INSPECTION_STATUSES: readonly InspectionStatus[] = ['concluded', 'cancelled', 'converted_onsite'];
const CLOSED = CLOSED_INSPECTION_STATUSES;

export class InspectionError extends AppError {}

function hasRole(actor: Actor, roles: readonly Role[]): boolean {
  return actor.roles.some((role) => roles.includes(role));
}

const RESULT_WORDS: Record<string, string> = { passed: '合格', needs_rectification: '需整改', failed: '不合格' };
const VERDICT_WORDS: Record<string, string> = { on_site: '在现场', off_site: '不在现场', unknown: '无法判断' };

/** What the inspection module needs of others (wired in app.ts). */
export interface InspectionDependencies {
  calendar: CalendarService;
  /** Moves the case to review, in the caller's transaction. */
  recordInspectionResult(executor: Executor, actor: Actor, meta: RequestMeta, caseId: string, outcome: { result: string; findings: string; inspectionId: string }): Promise<void>;
  /** Issues the 现场踏勘记录 PDF, in the caller's transaction. */
  issueRecord(
    executor: Executor,
    input: { zoneId: string; inspectionId: string; ownerId: string; issuerName: string; title: string; facts: Record<string, string>; paragraphs: string[]; sections: IssueDocumentSection[] },
  ): Promise<{ id: string; verificationCode: string; fileId: string }>;
  findRecord(executor: Executor, inspectionId: string): Promise<{ id: string; verificationCode: string; fileId: string } | undefined>;
  publicUrl: string;
}

export function createInspectionService(db: Database, clock: Clock, dependencies: InspectionDependencies) {
  const { calendar } = dependencies;
  const publicUrl = dependencies.publicUrl.replace(/\/+$/, '');

  async function audit(executor: Executor, actor: Actor, meta: RequestMeta, action: string, inspectionId: string, details: Record<string, unknown>): Promise<void> {
    await appendAuditEvent(
      executor,
      { zoneId: actor.zoneId, actorId: actor.userId, actorName: actor.displayName, action: `inspection.${action}`, targetType: 'inspection', targetId: inspectionId, outcome: 'success', requestId: meta.requestId, ip: meta.ip, details },
      clock,
    );
  }

  async function linkOf(executor: Executor, row: repository.InspectionRow): Promise<string> {
    const secret = await repository.findOrCreateSecret(executor, row.zoneId, SECRET_KEY, newInvitationSecret);
    const token = signInvitation(secret, { inspectionId: row.id, version: row.invitationVersion, expiresAt: new Date(row.slotEnd.getTime() + LINK_GRACE_MINUTES * 60_000) });
    return `${publicUrl}/inspect/${token}`;
  }

  /** Sends the applicant the link through the outbox, in the caller's transaction. */
  async function invite(executor: Executor, row: repository.InspectionRow, caseRow: repository.CaseForInspection, template: string): Promise<void> {
    const phone = await repository.findPhone(executor, caseRow.applicantId);
    if (!phone) return;
    const zone = await repository.findZoneNames(executor, row.zoneId);
    const start = new Date(row.slotStart.getTime() + 8 * 3_600_000).toISOString();
    await enqueueNotification(executor, clock, {
      zoneId: row.zoneId,
      channel: 'sms',
      recipient: phone,
      recipientUserId: caseRow.applicantId,
      template,
      params: { zone: zone.nameZh, number: caseRow.number ?? '', time: `${start.slice(5, 10).replace('-', '月')}日${start.slice(11, 16)}`, link: await linkOf(executor, row) },
    });
  }

  /**
   * Checks that the slot lies in office hours on a working day, in the future, with the inspectors
   * free. The caller reads the calendar before its transaction: reading it inside would wait for a
   * second connection, which the embedded database (one connection) never gives.
   */
  async function checkSlot(executor: Executor, workingCalendar: WorkingDayCalendar, actor: Actor, slotStart: Date, inspectorIds: string[], except?: string): Promise<Interval> {
    const slot = { start: slotStart, end: new Date(slotStart.getTime() + DEFAULT_OFFICE_HOURS.slotMinutes * 60_000) };
    const day = chinaDateOf(slotStart);
    const inHours = DEFAULT_OFFICE_HOURS.windows.some((window) => slot.start >= chinaTime(day, window.start) && slot.end <= chinaTime(day, window.end));
    if (slot.start <= clock.now() || !inHours || !workingCalendar.isWorkingDay(day)) {
      throw new ValidationError([{ field: 'body.slotStart', reason: 'outside_office_hours' }]);
    }
    const inspectors = await repository.findInspectors(executor, actor.zoneId);
    const known = new Set(inspectors.map((inspector) => inspector.id));
    const unknown = inspectorIds.findIndex((id) => !known.has(id));
    if (unknown >= 0) throw new ValidationError([{ field: `body.inspectorIds.${unknown}`, reason: 'not_an_inspector' }]);
    const taken = await repository.findBusyIntervals(executor, inspectorIds, slot.start, slot.end, except);
    if (taken.length > 0) throw new InspectionError('INSPECTION_SLOT_TAKEN', 'An inspector is already booked at that time', [{ field: 'body.inspectorIds', reason: 'busy' }]);
    return slot;
  }

  async function present(executor: Executor, row: repository.InspectionRow): Promise<Inspection> {
    const caseRow = await repository.findCaseForInspection(executor, row.zoneId, row.caseId);
    if (!caseRow) throw new NotFoundError('Case');
    const [inspectors, trail] = await readTogether(executor, [() => repository.findInspectorsOf(executor, [row.id]), () => repository.findLocations(executor, row.id)]);
    const site = { latitude: row.siteLatitude, longitude: row.siteLongitude, radiusMeters: row.siteRadiusMeters };
    const reading = locationVerdict(site, trail);
    return {
      id: row.id,
      caseId: row.caseId,
      caseNumber: caseRow.number,
      serviceItem: { id: caseRow.item.id, nameZh: caseRow.item.nameZh, nameEn: caseRow.item.nameEn },
      enterpriseName: caseRow.enterpriseName,
      status: row.status as InspectionStatus,
      slotStart: row.slotStart.toISOString(),
      slotEnd: row.slotEnd.toISOString(),
      site: { address: row.siteAddress, ...site },
      inspectors: inspectors.map((inspector) => ({ id: inspector.id, displayName: inspector.displayName, confirmedAt: inspector.confirmedAt?.toISOString() ?? null })),
      location: {
        verdict: reading.verdict,
        distanceMeters: reading.distanceMeters,
        trail: trail.map((fix) => ({ at: fix.at.toISOString(), latitude: fix.latitude, longitude: fix.longitude, accuracyMeters: fix.accuracyMeters, distanceMeters: Math.round(fix.distanceMeters) })),
      },
      checklist: caseRow.item.checklist,
      shotList: caseRow.item.shotList,
      statusReason: row.statusReason,
      result: row.result,
      findings: row.findings,
      record: (await dependencies.findRecord(executor, row.id).then((found) => (found ? { documentId: found.id, fileId: found.fileId, verificationCode: found.verificationCode } : null))) ?? null,
      version: row.version,
    };
  }

  /** Checks the signer is a booked inspector and re-entered the right password. */
  async function checkSigner(tx: Executor, actor: Actor, row: repository.InspectionRow, password: string): Promise<void> {
    const booked = await repository.findInspectorsOf(tx, [row.id]);
    if (!booked.some((inspector) => inspector.id === actor.userId)) throw new ForbiddenError('Only the inspectors booked for this inspection sign it');
    const hash = await repository.findPasswordHash(tx, actor.userId);
    if (!hash || !(await verifyPassword(password, hash))) throw new ValidationError([{ field: 'body.password', reason: 'incorrect' }], 'The password is not right');
  }

  /** Once every booked inspector signed: the record PDF, the case to review, the inspection concluded. */
  async function concludeIfSigned(tx: Executor, actor: Actor, meta: RequestMeta, row: repository.InspectionRow): Promise<void> {
    const signers = await repository.findInspectorsOf(tx, [row.id]);
    if (signers.length < 2 || signers.some((inspector) => !inspector.confirmedAt)) return;
    const caseRow = await repository.findCaseForInspection(tx, row.zoneId, row.caseId);
    if (!caseRow) throw new NotFoundError('Case');
    const trail = await repository.findLocations(tx, row.id);
    const reading = locationVerdict({ latitude: row.siteLatitude, longitude: row.siteLongitude, radiusMeters: row.siteRadiusMeters }, trail);
    const china = (instant: Date) => new Date(instant.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
    const sections = inspectionRecordSections({
      checklist: caseRow.item.checklist,
      events: await repository.findEventsOfKind(tx, row.id, ['checklist_mark', 'snapshot']),
      recordings: await repository.findRecordings(tx, row.id),
      inspectorNames: new Map(signers.map((inspector) => [inspector.id, inspector.displayName])),
    });
    const record = await dependencies.issueRecord(tx, {
      zoneId: row.zoneId,
      inspectionId: row.id,
      ownerId: caseRow.applicantId,
      issuerName: caseRow.departmentName,
      title: '现场踏勘记录',
      facts: {
        办件编号: caseRow.number ?? '',
        事项: caseRow.item.nameZh,
        申请单位: caseRow.enterpriseName ?? '',
        踏勘地点: row.siteAddress,
        踏勘时间: `${china(row.slotStart)}（北京时间）`,
        踏勘人员: signers.map((inspector) => inspector.displayName).join('、'),
        位置核验: `${VERDICT_WORDS[reading.verdict]}${reading.distanceMeters === null ? '' : `（距登记地点约 ${reading.distanceMeters} 米）`}`,
        踏勘结论: RESULT_WORDS[row.result ?? ''] ?? '',
      },
      paragraphs: [
        `${caseRow.enterpriseName ?? ''}申请的${caseRow.item.nameZh}（办件编号 ${caseRow.number ?? ''}），本机关于${china(row.slotStart)}以远程视频方式进行了现场踏勘。`,
        `踏勘意见：${row.findings ?? ''}`,
        `踏勘结论：${RESULT_WORDS[row.result ?? ''] ?? ''}。踏勘人员 ${signers.map((inspector) => inspector.displayName).join('、')} 已分别确认签署。`,
      ],
      sections,
    });
    const now = clock.now();
    await repository.updateInspection(tx, row.id, { status: 'concluded', concludedAt: now, recordDocumentId: record.id, version: row.version + 1, updatedAt: now });
    await repository.insertEvent(tx, { inspectionId: row.id, at: now, kind: 'concluded', actorId: actor.userId, actorName: actor.displayName, details: { result: row.result, documentId: record.id } });
    await dependencies.recordInspectionResult(tx, actor, meta, row.caseId, { result: row.result ?? '', findings: row.findings ?? '', inspectionId: row.id });
    await audit(tx, actor, meta, 'concluded', row.id, { result: row.result, documentId: record.id, verdict: reading.verdict });
  }

  async function requireReadable(actor: Actor, inspectionId: string): Promise<repository.InspectionRow> {
    if (!hasRole(actor, READERS)) throw new ForbiddenError('Only service staff see inspections');
    const row = await repository.findInspection(db, actor.zoneId, inspectionId);
    if (!row) throw new NotFoundError('Inspection');
    return row;
  }

  /** Locks an open inspection for a change by booking staff, checking the version it was seen at. */
  async function lockForChange(tx: Executor, actor: Actor, inspectionId: string, version: number): Promise<repository.InspectionRow> {
    if (!hasRole(actor, BOOKERS)) throw new ForbiddenError('Only the service centre books inspections');
    const row = await repository.findInspection(tx, actor.zoneId, inspectionId, true);
    if (!row) throw new NotFoundError('Inspection');
    if (row.version !== version) throw new InspectionError('CASE_VERSION_CONFLICT', 'The inspection changed since you loaded it', [{ field: 'body.version', reason: String(row.version) }]);
    if (CLOSED.includes(row.status as InspectionStatus)) throw new InspectionError('INSPECTION_INVALID_TRANSITION', `An inspection that is ${row.status} cannot change`);
    return row;
  }

  /** Reads the token of a phone's link: the inspection it names, if the link still stands. */
  async function fromToken(token: string): Promise<repository.InspectionRow> {
    const inspectionId = /^([0-9a-f-]{36})\./.exec(token)?.[1];
    const row = inspectionId ? await repository.findInspectionById(db, inspectionId) : undefined;
    if (!row) throw new InspectionError('INSPECTION_LINK_INVALID', 'This link does not open an inspection');
    const secret = await repository.findOrCreateSecret(db, row.zoneId, SECRET_KEY, newInvitationSecret);
    const claims = readInvitation(secret, token, clock.now());
    if (claims === 'expired') throw new InspectionError('INSPECTION_LINK_EXPIRED', 'This link has expired');
    if (typeof claims === 'string' || claims.version !== row.invitationVersion) throw new InspectionError('INSPECTION_LINK_INVALID', 'This link is not valid (replaced or altered)');
    if (CLOSED.includes(row.status as InspectionStatus)) throw new InspectionError('INSPECTION_LINK_EXPIRED', `The inspection is ${row.status}`);
    return row;
  }

  /** Free slots inside the case's deadline, least booked inspectors first; refuses with a reason when there is none. */
  async function freeSlotsFor(actor: Actor, caseId: string, limit: number): Promise<SlotProposal[]> {
    if (!hasRole(actor, BOOKERS)) throw new ForbiddenError('Only the service centre books inspections');
    const caseRow = await repository.findCaseForInspection(db, actor.zoneId, caseId);
    if (!caseRow) throw new NotFoundError('Case');
    const inspectors = await repository.findInspectors(db, actor.zoneId);
    const now = clock.now();
    const horizon = new Date(now.getTime() + 60 * 86_400_000);
    const moving = await repository.findOpenInspectionId(db, caseRow.id);
    const busyRows = await repository.findBusyIntervals(
      db,
      inspectors.map((inspector) => inspector.id),
      now,
      horizon,
      moving,
    );
    const busy = new Map<string, Interval[]>();
    for (const entry of busyRows) busy.set(entry.inspectorId, [...(busy.get(entry.inspectorId) ?? []), { start: entry.start, end: entry.end }]);
    // Least booked first, so the work spreads over the room's inspectors.
    const order = [...inspectors].sort((a, b) => (busy.get(a.id)?.length ?? 0) - (busy.get(b.id)?.length ?? 0));
    const slots = findFreeSlots({ calendar: await calendar.getCalendar(), now, hours: DEFAULT_OFFICE_HOURS, inspectorIds: order.map((inspector) => inspector.id), busy, lastDay: caseRow.dueOn }, limit);
    if (slots.length === 0) throw new InspectionError('INSPECTION_NO_SLOT', inspectors.length < 2 ? 'The zone has fewer than two inspectors' : 'No slot with two free inspectors before the due date');
    const names = new Map(inspectors.map((inspector) => [inspector.id, inspector.displayName]));
    return slots.map((slot) => ({ start: slot.start.toISOString(), end: slot.end.toISOString(), inspectors: slot.inspectorIds.map((id) => ({ id, displayName: names.get(id)! })), lastDay: caseRow.dueOn }));
  }

  return {
    /** The inspection a phone's link opens; refuses altered, replaced and expired links and closed inspections. */
    inspectionOfLink: fromToken,

    /** 预约 the earliest slot with two free inspectors that keeps the case inside its deadline. */
    async proposeSlot(actor: Actor, caseId: string): Promise<SlotProposal> {
      const [slot] = await freeSlotsFor(actor, caseId, 1);
      return slot!;
    },

    /**
     * The earliest free slots (at most `limit`) for booking or moving the case's inspection; the
     * inspection being moved does not count as keeping its own inspectors busy.
     */
    async freeSlots(actor: Actor, caseId: string, limit: number): Promise<SlotProposal[]> {
      return freeSlotsFor(actor, caseId, limit);
    },

    async book(actor: Actor, meta: RequestMeta, body: BookInspectionBody): Promise<Inspection> {
      if (!hasRole(actor, BOOKERS)) throw new ForbiddenError('Only the service centre books inspections');
      const workingCalendar = await calendar.getCalendar();
      const row = await db.transaction(async (tx) => {
        const caseRow = await repository.findCaseForInspection(tx, actor.zoneId, body.caseId);
        if (!caseRow) throw new NotFoundError('Case');
        if (caseRow.status !== 'inspection') throw new InspectionError('INSPECTION_INVALID_TRANSITION', 'Only a case waiting for its inspection can be booked');
        if (await repository.hasOpenInspection(tx, caseRow.id)) throw new InspectionError('INSPECTION_INVALID_TRANSITION', 'The case already has an inspection booked');
        const slot = await checkSlot(tx, workingCalendar, actor, new Date(body.slotStart), body.inspectorIds);
        const now = clock.now();
        const inserted = await repository.insertInspection(tx, {
          zoneId: actor.zoneId,
          caseId: caseRow.id,
          status: 'scheduled',
          slotStart: slot.start,
          slotEnd: slot.end,
          siteAddress: body.siteAddress,
          siteLatitude: body.siteLatitude,
          siteLongitude: body.siteLongitude,
          siteRadiusMeters: body.siteRadiusMeters ?? 300,
          createdAt: now,
          updatedAt: now,
        });
        await repository.replaceInspectors(tx, inserted.id, body.inspectorIds);
        await repository.insertEvent(tx, { inspectionId: inserted.id, at: now, kind: 'booked', actorId: actor.userId, actorName: actor.displayName, details: { slotStart: slot.start.toISOString(), inspectorIds: body.inspectorIds } });
        await audit(tx, actor, meta, 'booked', inserted.id, { caseNumber: caseRow.number, slotStart: slot.start.toISOString(), inspectorIds: body.inspectorIds });
        await invite(tx, inserted, caseRow, 'inspection.invited');
        return inserted;
      });
      return present(db, row);
    },

    async reschedule(actor: Actor, meta: RequestMeta, inspectionId: string, body: RescheduleInspectionBody): Promise<Inspection> {
      const workingCalendar = await calendar.getCalendar();
      const row = await db.transaction(async (tx) => {
        const current = await lockForChange(tx, actor, inspectionId, body.version);
        const slot = await checkSlot(tx, workingCalendar, actor, new Date(body.slotStart), body.inspectorIds, current.id);
        const changes = { status: 'scheduled', slotStart: slot.start, slotEnd: slot.end, invitationVersion: current.invitationVersion + 1, statusReason: body.reason, version: current.version + 1, updatedAt: clock.now() };
        await repository.updateInspection(tx, current.id, changes);
        await repository.replaceInspectors(tx, current.id, body.inspectorIds);
        await repository.insertEvent(tx, { inspectionId: current.id, at: clock.now(), kind: 'rescheduled', actorId: actor.userId, actorName: actor.displayName, details: { reason: body.reason, slotStart: slot.start.toISOString() } });
        await audit(tx, actor, meta, 'rescheduled', current.id, { reason: body.reason, from: current.slotStart.toISOString(), to: slot.start.toISOString() });
        const updated = { ...current, ...changes };
        const caseRow = await repository.findCaseForInspection(tx, actor.zoneId, current.caseId);
        if (caseRow) await invite(tx, updated, caseRow, 'inspection.rescheduled');
        return updated;
      });
      return present(db, row);
    },

    /** 取消 or 转现场踏勘: the inspection ends without a remote session, with the reason on record. */
    async close(actor: Actor, meta: RequestMeta, inspectionId: string, body: InspectionReasonBody, status: 'cancelled' | 'converted_onsite'): Promise<Inspection> {
      const row = await db.transaction(async (tx) => {
        const current = await lockForChange(tx, actor, inspectionId, body.version);
        const changes = { status, statusReason: body.reason, version: current.version + 1, updatedAt: clock.now() };
        await repository.updateInspection(tx, current.id, changes);
        await repository.insertEvent(tx, { inspectionId: current.id, at: clock.now(), kind: status, actorId: actor.userId, actorName: actor.displayName, details: { reason: body.reason } });
        await audit(tx, actor, meta, status, current.id, { reason: body.reason });
        return { ...current, ...changes };
      });
      return present(db, row);
    },

    async list(actor: Actor, query: ListInspectionsQuery): Promise<Inspection[]> {
      if (!hasRole(actor, READERS)) throw new ForbiddenError('Only service staff see inspections');
      const rows = await repository.findInspections(db, actor.zoneId, { from: query.from ? new Date(query.from) : undefined, to: query.to ? new Date(query.to) : undefined, caseId: query.caseId });
      const presented: Inspection[] = [];
      for (const row of rows) presented.push(await present(db, row));
      return presented;
    },

    async get(actor: Actor, inspectionId: string): Promise<Inspection> {
      return present(db, await requireReadable(actor, inspectionId));
    },

    /** The applicant's link (staff may resend it). */
    async invitationLink(actor: Actor, inspectionId: string): Promise<string> {
      if (!hasRole(actor, BOOKERS)) throw new ForbiddenError('Only the service centre sends invitations');
      return linkOf(db, await requireReadable(actor, inspectionId));
    },

    /** 踏勘结论 an inspector records the result and findings and signs them. */
    async conclude(actor: Actor, meta: RequestMeta, inspectionId: string, body: ConcludeInspectionBody): Promise<Inspection> {
      if (!actor.roles.includes('inspector')) throw new ForbiddenError('Only inspectors conclude an inspection');
      const row = await db.transaction(async (tx) => {
        const current = await repository.findInspection(tx, actor.zoneId, inspectionId, true);
        if (!current) throw new NotFoundError('Inspection');
        if (current.version !== body.version) throw new InspectionError('CASE_VERSION_CONFLICT', 'The inspection changed since you loaded it', [{ field: 'body.version', reason: String(current.version) }]);
        if (CLOSED.includes(current.status as InspectionStatus)) throw new InspectionError('INSPECTION_INVALID_TRANSITION', `An inspection that is ${current.status} cannot be concluded`);
        await checkSigner(tx, actor, current, body.password);
        const changes = { result: body.result, findings: body.findings, version: current.version + 1, updatedAt: clock.now() };
        await repository.updateInspection(tx, current.id, changes);
        // A changed result needs every signature again.
        await repository.clearConfirmations(tx, current.id);
        await repository.setConfirmation(tx, current.id, actor.userId, clock.now());
        await repository.insertEvent(tx, { inspectionId: current.id, at: clock.now(), kind: 'result_signed', actorId: actor.userId, actorName: actor.displayName, details: { result: body.result } });
        await audit(tx, actor, meta, 'result_signed', current.id, { result: body.result });
        const updated = { ...current, ...changes };
        await concludeIfSigned(tx, actor, meta, updated);
        return (await repository.findInspection(tx, actor.zoneId, current.id))!;
      });
      return present(db, row);
    },

    /** The other inspector signs the recorded result. */
    async confirm(actor: Actor, meta: RequestMeta, inspectionId: string, body: ConfirmInspectionBody): Promise<Inspection> {
      if (!actor.roles.includes('inspector')) throw new ForbiddenError('Only inspectors sign an inspection');
      const row = await db.transaction(async (tx) => {
        const current = await repository.findInspection(tx, actor.zoneId, inspectionId, true);
        if (!current) throw new NotFoundError('Inspection');
        if (current.version !== body.version) throw new InspectionError('CASE_VERSION_CONFLICT', 'The inspection changed since you loaded it', [{ field: 'body.version', reason: String(current.version) }]);
        if (CLOSED.includes(current.status as InspectionStatus) || !current.result) throw new InspectionError('INSPECTION_INVALID_TRANSITION', 'There is no result to sign');
        await checkSigner(tx, actor, current, body.password);
        await repository.setConfirmation(tx, current.id, actor.userId, clock.now());
        await repository.updateInspection(tx, current.id, { version: current.version + 1, updatedAt: clock.now() });
        await repository.insertEvent(tx, { inspectionId: current.id, at: clock.now(), kind: 'result_signed', actorId: actor.userId, actorName: actor.displayName, details: { result: current.result } });
        await audit(tx, actor, meta, 'result_signed', current.id, { result: current.result });
        await concludeIfSigned(tx, actor, meta, { ...current, version: current.version + 1 });
        return (await repository.findInspection(tx, actor.zoneId, current.id))!;
      });
      return present(db, row);
    },

    /** What the phone page shows for a link; refuses altered, replaced and expired links. */
    async forPhone(token: string): Promise<PhoneInspection> {
      const row = await fromToken(token);
      const caseRow = await repository.findCaseForInspection(db, row.zoneId, row.caseId);
      if (!caseRow) throw new InspectionError('INSPECTION_LINK_INVALID', 'The case is gone');
      return {
        status: row.status as InspectionStatus,
        serviceItem: { nameZh: caseRow.item.nameZh, nameEn: caseRow.item.nameEn },
        enterpriseName: caseRow.enterpriseName,
        caseNumber: caseRow.number,
        zone: await repository.findZoneNames(db, row.zoneId),
        slotStart: row.slotStart.toISOString(),
        slotEnd: row.slotEnd.toISOString(),
        siteAddress: row.siteAddress,
        shotList: caseRow.item.shotList,
        expiresAt: new Date(row.slotEnd.getTime() + LINK_GRACE_MINUTES * 60_000).toISOString(),
      };
    },

    /** A location fix from the phone; answers the verdict the inspectors see. */
    async reportLocation(token: string, fix: LocationFixBody): Promise<{ verdict: 'on_site' | 'off_site' | 'unknown'; distanceMeters: number | null }> {
      const row = await fromToken(token);
      const site = { latitude: row.siteLatitude, longitude: row.siteLongitude, radiusMeters: row.siteRadiusMeters };
      await repository.insertLocation(db, { inspectionId: row.id, at: clock.now(), latitude: fix.latitude, longitude: fix.longitude, accuracyMeters: fix.accuracyMeters ?? null, distanceMeters: distanceMeters(site, fix) });
      return locationVerdict(site, [{ ...fix, accuracyMeters: fix.accuracyMeters ?? null }]);
    },
  };
}

export type InspectionService = ReturnType<typeof createInspectionService>;
