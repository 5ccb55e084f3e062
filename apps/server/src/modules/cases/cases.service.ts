import type {
  CaseAction,
  CaseActionBody,
  CaseDetail,
  CaseEvent,
  CaseQueue,
  CaseStatus,
  CaseSummary,
  DocumentSummary,
  FormData,
  ListCasesQuery,
  MyCaseSummary,
  ResubmitBody,
  Role,
  SaveDraftBody,
  ServiceItem,
  UpdateDraftBody,
} from '@yuanqu/shared';
import { CASE_STATUSES, CASE_SUBJECT_FIELDS } from '@yuanqu/shared';
import { randomUUID } from 'node:crypto';
import { and, eq, or, type SQL } from 'drizzle-orm';
import { readTogether, type Database, type Executor } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import { deadlineDates, pausedDaysBetween, readClock, type ClockState } from '../../lib/case-clock.js';
import { ForbiddenError, NotFoundError, ValidationError, type FieldProblem } from '../../lib/errors.js';
import type { Actor, RequestMeta } from '../../lib/request-context.js';
import { chinaDateOf, type WorkingDayCalendar } from '../../lib/working-day-calendar.js';
import { appendAuditEvent } from '../audit/index.js';
import type { CalendarService } from '../calendar/index.js';
import type { CatalogueService } from '../catalogue/index.js';
import { enqueueNotification } from '../notifications/index.js';
import { findZoneSetting } from '../zones/index.js';
import { checkFormData, checkMaterialKeys, normalizeFormData } from './case-form.js';
import type { DecisionFacts } from './decision-document.js';
import { CaseError } from './cases.errors.js';
import { cases } from './cases.table.js';
import * as repository from './cases.repository.js';
import { createZoneCache } from './zone-cache.js';

/** What the case workflow needs to know of an uploaded file. */
export interface CaseFile {
  id: string;
  originalName: string;
  sizeBytes: number;
  sha256: string;
  detectedFormat: string;
  createdAt: Date;
}

/** The files module, seen from cases (wired in app.ts). */
export interface CaseFileAccess {
  findOwnedFiles(executor: Executor, ownerId: string, fileIds: string[]): Promise<Map<string, CaseFile>>;
  findFilesByIds(executor: Executor, fileIds: string[]): Promise<Map<string, CaseFile>>;
  assertFileFitsMaterial(file: CaseFile, material: { key: string; formats: readonly string[]; maxSizeMb: number }, field: string): void;
}

/** Issues the decision document when a case concludes (the documents module, wired in app.ts). */
export type IssueDecisionDocument = (executor: Executor, input: DecisionFacts & { zoneId: string; caseId: string; ownerId: string; issuerName: string }) => Promise<void>;

export interface CasesDependencies {
  calendar: CalendarService;
  catalogue: CatalogueService;
  files: CaseFileAccess;
  issueDecisionDocument?: IssueDecisionDocument;
  /** The documents issued for a case (the documents module, wired in app.ts). */
  findCaseDocuments?: (executor: Executor, caseId: string) => Promise<DocumentSummary[]>;
}

/** The share of the limit at which the clock turns yellow, unless the zone set another. */
export const DEFAULT_WARN_SHARE = 0.8;

/**
 * How long the queue's tab counts and a zone's clock setting are reused before they are read again.
 * Changes made through this server show at once; changes made elsewhere (another server process on
 * the same database) within this time (docs/decisions.md).
 */
export const QUEUE_CACHE_MS = 5_000;

/** Statuses on the staff queue (open work). */
export const OPEN_STATUSES: readonly CaseStatus[] = ['submitted', 'correction_requested', 'accepted', 'inspection', 'under_review', 'suspended', 'concluded'];
/** Every status staff see (a draft is the applicant's alone). */
const STAFF_STATUSES: readonly CaseStatus[] = CASE_STATUSES.filter((status) => status !== 'draft');
/** A whole case number as it is printed (`XH-2026-000007`): a search for one looks past the open cases. */
const CASE_NUMBER_PATTERN = /^[A-Z][A-Z0-9]{0,9}-\d{4}-\d{6,}$/;

/** Who may read a zone's cases: the staff who work them and the leaders. Admin roles do not (三权分立). */
const CASE_READERS: readonly Role[] = ['clerk', 'inspector', 'approver', 'leader'];

interface Transition {
  from: readonly CaseStatus[];
  roles: readonly Role[];
}

/** Staff actions: the states they start from and the roles that may take them. */
const TRANSITIONS: Record<Exclude<CaseAction, 'withdraw'>, Transition> = {
  accept: { from: ['submitted'], roles: ['clerk'] },
  refuse: { from: ['submitted'], roles: ['clerk'] },
  requestCorrection: { from: ['submitted', 'under_review'], roles: ['clerk', 'approver'] },
  completeInspection: { from: ['inspection'], roles: ['inspector'] },
  suspend: { from: ['under_review'], roles: ['approver'] },
  resume: { from: ['suspended'], roles: ['approver'] },
  decide: { from: ['under_review'], roles: ['approver'] },
  deliver: { from: ['concluded'], roles: ['clerk'] },
};

function caseNumberPrefix(zoneCode: string): string {
  return zoneCode
    .split('-')
    .map((part) => part.charAt(0).toUpperCase())
    .join('');
}

/** Material key → file id, as rows in material key order (the order a case's materials are shown in). */
function attachedInKeyOrder(materials: Record<string, string>): Array<{ materialKey: string; fileId: string }> {
  return Object.entries(materials)
    .map(([materialKey, fileId]) => ({ materialKey, fileId }))
    .sort((a, b) => (a.materialKey < b.materialKey ? -1 : a.materialKey > b.materialKey ? 1 : 0));
}

function clockStateOf(row: ClockState): ClockState {
  return { limitDays: row.limitDays, acceptedOn: row.acceptedOn, pausedSince: row.pausedSince, pausedWorkingDays: row.pausedWorkingDays, concludedOn: row.concludedOn };
}

export function createCasesService(db: Database, clock: Clock, dependencies: CasesDependencies) {
  const { calendar: calendarService, catalogue, files } = dependencies;

  const warnShares = createZoneCache<number>(clock, QUEUE_CACHE_MS);
  const openCounts = createZoneCache<Record<string, number>>(clock, QUEUE_CACHE_MS);

  async function warnShareOf(executor: Executor, zoneId: string): Promise<number> {
    return warnShares.get(zoneId, '', async () => {
      const stored = await findZoneSetting(executor, zoneId, 'case_clock');
      const share = stored ? Number((JSON.parse(stored) as { warnShare?: unknown }).warnShare) : NaN;
      return share > 0 && share < 1 ? share : DEFAULT_WARN_SHARE;
    });
  }

  /** Open cases by status for the workbench's tabs (of one department, if given). */
  function countOpenCases(zoneId: string, departmentId: string | undefined): Promise<Record<string, number>> {
    return openCounts.get(zoneId, departmentId ?? '', () => repository.countByStatus(db, zoneId, departmentId, OPEN_STATUSES));
  }

  function toSummary(row: repository.CaseListRow, calendar: WorkingDayCalendar, warnShare: number): CaseSummary {
    const today = chinaDateOf(clock.now());
    return {
      id: row.case.id,
      number: row.case.number,
      status: row.case.status as CaseStatus,
      serviceItem: row.item,
      department: row.department,
      applicantName: row.applicantName,
      enterpriseName: row.enterpriseName,
      submittedAt: row.case.submittedAt?.toISOString() ?? null,
      clock: readClock(calendar, clockStateOf(row.case), today, warnShare),
      updatedAt: row.case.updatedAt.toISOString(),
    };
  }

  function toEvent(row: repository.CaseEventRow): CaseEvent {
    return {
      at: row.at.toISOString(),
      action: row.action,
      actorName: row.actorName,
      fromStatus: row.fromStatus as CaseStatus | null,
      toStatus: row.toStatus as CaseStatus | null,
      reason: row.reason,
      details: row.details,
    };
  }

  function canRead(actor: Actor, row: repository.CaseRow): boolean {
    if (actor.kind === 'enterprise') return row.applicantId === actor.userId || (actor.enterpriseId !== null && row.enterpriseId === actor.enterpriseId);
    return actor.roles.some((role) => CASE_READERS.includes(role));
  }

  interface DetailParts {
    /** In material key order. */
    materials: Array<{ materialKey: string; fileId: string }>;
    files: Map<string, CaseFile>;
    events: CaseEvent[];
    notice: repository.CorrectionNoticeRow | undefined;
    documents: DocumentSummary[];
  }

  function toDetail(row: repository.CaseSummaryRow, parts: DetailParts, calendar: WorkingDayCalendar, warnShare: number): CaseDetail {
    return {
      ...toSummary(row, calendar, warnShare),
      formData: row.case.formData,
      materials: parts.materials.flatMap((material) => {
        const file = parts.files.get(material.fileId);
        return file
          ? [{ materialKey: material.materialKey, fileId: file.id, fileName: file.originalName, sizeBytes: file.sizeBytes, sha256: file.sha256, detectedFormat: file.detectedFormat, uploadedAt: file.createdAt.toISOString() }]
          : [];
      }),
      correction: parts.notice && row.case.status === 'correction_requested' ? { issuedAt: parts.notice.issuedAt.toISOString(), deficiencies: parts.notice.deficiencies, note: parts.notice.note } : null,
      decision: (row.case.decision as CaseDetail['decision']) ?? null,
      decisionReason: row.case.decisionReason,
      delivery: row.case.deliveryMethod && row.case.deliveredAt ? { method: row.case.deliveryMethod as 'pickup' | 'post' | 'electronic', trackingNumber: row.case.deliveryTrackingNumber, deliveredAt: row.case.deliveredAt.toISOString() } : null,
      events: parts.events,
      documents: [...parts.documents].sort((a, b) => b.issuedAt.localeCompare(a.issuedAt)),
      version: row.case.version,
    };
  }

  /** Reads a case with everything its detail shows. */
  async function present(executor: Executor, actor: Actor, caseId: string): Promise<CaseDetail> {
    const row = await repository.findCaseSummary(executor, actor.zoneId, caseId);
    if (!row || !canRead(actor, row.case)) throw new NotFoundError('Case');
    const [materials, events, notice, calendar, warnShare, documents] = await readTogether(executor, [
      () => repository.findMaterials(executor, caseId),
      () => repository.findEvents(executor, caseId),
      () => repository.findOpenCorrectionNotice(executor, caseId),
      () => calendarService.getCalendar(),
      () => warnShareOf(executor, actor.zoneId),
      async () => (await dependencies.findCaseDocuments?.(executor, caseId)) ?? [],
    ]);
    const fileMap = await files.findFilesByIds(executor, materials.map((material) => material.fileId));
    return toDetail(row, { materials, files: fileMap, events: events.map(toEvent), notice, documents }, calendar, warnShare);
  }

  /** Form answers and materials checked against the item; attached files must be the applicant's own and fit. */
  async function checkApplication(executor: Executor, actor: Actor, item: ServiceItem, formData: FormData, materials: Record<string, string>, isSubmission: boolean): Promise<Map<string, CaseFile>> {
    const problems: FieldProblem[] = [...checkFormData(item.form, formData, isSubmission), ...checkMaterialKeys(item.materials, materials, isSubmission)];
    if (problems.length > 0) throw new ValidationError(problems, isSubmission ? 'The application is incomplete' : 'The draft has invalid answers');
    const fileIds = Object.values(materials);
    const owned = await files.findOwnedFiles(executor, actor.userId, fileIds);
    for (const material of item.materials) {
      const fileId = materials[material.key];
      if (!fileId) continue;
      const file = owned.get(fileId);
      if (!file) throw new ValidationError([{ field: `body.materials.${material.key}`, reason: 'file_not_found' }]);
      files.assertFileFitsMaterial(file, material, `body.materials.${material.key}`);
    }
    return owned;
  }

  function auditEntryOf(actor: Actor, meta: RequestMeta, row: repository.CaseRow, action: string, toStatus: CaseStatus | null, details: Record<string, unknown>) {
    return { zoneId: actor.zoneId, actorId: actor.userId, actorName: actor.displayName, action: `case.${action}`, targetType: 'case', targetId: row.id, outcome: 'success' as const, requestId: meta.requestId, ip: meta.ip, details: { number: row.number, from: row.status, to: toStatus, ...details } };
  }

  /**
   * The timeline event and the audit record of a step. The audit append locks the chain until the
   * transaction ends, so this comes last in a transaction.
   */
  async function record(executor: Executor, actor: Actor, meta: RequestMeta, row: repository.CaseRow, action: string, toStatus: CaseStatus | null, reason: string | null, details: Record<string, unknown> = {}): Promise<void> {
    const at = clock.now();
    await repository.insertEvent(executor, { caseId: row.id, at, actorId: actor.userId, actorName: actor.displayName, action, fromStatus: row.status, toStatus, reason, details });
    await appendAuditEvent(executor, auditEntryOf(actor, meta, row, action, toStatus, details), clock);
  }

  /** A text message to the applicant, if they gave a mobile number (looked up with the case's lock). */
  async function notifyApplicant(executor: Executor, locked: repository.LockedCase, row: repository.CaseRow, template: string, params: Record<string, string>): Promise<void> {
    if (!locked.applicantPhone) return;
    await enqueueNotification(executor, clock, { zoneId: row.zoneId, channel: 'sms', recipient: locked.applicantPhone, recipientUserId: row.applicantId, template, params: { zone: locked.applicantZoneNameZh, number: row.number ?? '', ...params } });
  }

  /**
   * Opens a transaction, locks the case, checks the version, role and state, and runs the change.
   * Once it has committed, the zone's tab counts are read again.
   */
  function actWith<L extends repository.LockedCase>(lock: (executor: Executor, zoneId: string, caseId: string) => Promise<L | undefined>) {
    return async <T>(
      actor: Actor,
      caseId: string,
      version: number,
      transition: Transition | null,
      change: (tx: Executor, row: repository.CaseRow, calendar: WorkingDayCalendar, locked: L) => Promise<T>,
    ): Promise<T> => {
      const calendar = await calendarService.getCalendar();
      const result = await db.transaction(async (tx) => {
        const locked = await lock(tx, actor.zoneId, caseId);
        const row = locked?.case;
        if (!locked || !row || !canRead(actor, row)) throw new NotFoundError('Case');
        if (transition) {
          if (!actor.roles.some((role) => transition.roles.includes(role))) throw new ForbiddenError(`This needs one of the roles: ${transition.roles.join(', ')}`);
          if (actor.roles.includes('approver') && !actor.roles.includes('clerk') && actor.departmentId && actor.departmentId !== row.departmentId) {
            throw new ForbiddenError('The case belongs to another department');
          }
        }
        if (row.version !== version) throw new CaseError('CASE_VERSION_CONFLICT', 'The case changed since you loaded it; reload and try again', [{ field: 'body.version', reason: String(row.version) }]);
        if (transition && !transition.from.includes(row.status as CaseStatus)) {
          throw new CaseError('CASE_INVALID_TRANSITION', `A case that is ${row.status} cannot take this step`);
        }
        return change(tx, row, calendar, locked);
      });
      openCounts.invalidate(actor.zoneId);
      return result;
    };
  }

  const act = actWith(repository.lockCaseWithContext);
  /** As `act`, with the case's materials and timeline read with its lock. */
  const actOnContents = actWith(repository.lockCaseWithContents);

  /** Stops the clock (correction after acceptance, special steps). */
  function pause(row: repository.CaseRow, today: string): Partial<typeof cases.$inferInsert> {
    return row.acceptedOn && !row.pausedSince ? { pausedSince: today, warnOn: null, dueOn: null } : {};
  }

  /** Restarts the clock, adding the working days it was stopped. */
  function resumeClock(row: repository.CaseRow, calendar: WorkingDayCalendar, today: string, warnShare: number): Partial<typeof cases.$inferInsert> {
    if (!row.pausedSince) return {};
    const pausedWorkingDays = row.pausedWorkingDays + pausedDaysBetween(calendar, row.pausedSince, today);
    const dates = deadlineDates(calendar, { ...clockStateOf(row), pausedSince: null, pausedWorkingDays }, warnShare);
    return { pausedSince: null, pausedWorkingDays, ...dates };
  }

  return {
    async createDraft(actor: Actor, meta: RequestMeta, body: SaveDraftBody): Promise<CaseDetail> {
      if (actor.kind !== 'enterprise') throw new ForbiddenError('Only an enterprise’s applicant applies');
      const item = await catalogue.getItem(actor.zoneId, body.serviceItemId, false);
      const formData = normalizeFormData(item.form, body.formData);
      const owned = await checkApplication(db, actor, item, formData, body.materials, false);
      const materials = attachedInKeyOrder(body.materials);
      const { row, event } = await db.transaction(async (tx) => {
        const now = clock.now();
        const event = { at: now, actorId: actor.userId, actorName: actor.displayName, action: 'draft_created', fromStatus: 'draft', toStatus: 'draft', reason: null, details: { serviceItem: item.code } };
        const row = await repository.insertDraft(
          tx,
          {
            id: randomUUID(),
            zoneId: actor.zoneId,
            serviceItemId: item.id,
            departmentId: item.departmentId,
            applicantId: actor.userId,
            enterpriseId: actor.enterpriseId,
            status: 'draft',
            formData,
            limitDays: item.committedLimitDays,
            createdAt: now,
            updatedAt: now,
          },
          materials,
          event,
        );
        await appendAuditEvent(tx, auditEntryOf(actor, meta, row, 'draft_created', 'draft', event.details), clock);
        return { row, event };
      });
      // The reply is made from the rows in hand: a new draft has no notice, decision or document yet,
      // and no clock (it starts at acceptance), so the zone's warning share is not needed.
      const { enterpriseName, ...stored } = row;
      const summary = { case: stored, item: { id: item.id, code: item.code, nameZh: item.nameZh, nameEn: item.nameEn }, department: item.department, applicantName: actor.displayName, enterpriseName };
      return toDetail(summary, { materials, files: owned, events: [toEvent({ ...event, id: 0, caseId: row.id })], notice: undefined, documents: [] }, await calendarService.getCalendar(), DEFAULT_WARN_SHARE);
    },

    async updateDraft(actor: Actor, meta: RequestMeta, caseId: string, body: UpdateDraftBody): Promise<CaseDetail> {
      await act(actor, caseId, body.version, null, async (tx, row) => {
        if (row.status !== 'draft') throw new CaseError('CASE_INVALID_TRANSITION', 'Only a draft can be edited');
        const item = await catalogue.getItem(actor.zoneId, row.serviceItemId, false, tx);
        const formData = normalizeFormData(item.form, body.formData);
        await checkApplication(tx, actor, item, formData, body.materials, false);
        const now = clock.now();
        await repository.updateCase(tx, row.id, { formData, updatedAt: now });
        await repository.replaceMaterials(tx, row.id, Object.entries(body.materials).map(([materialKey, fileId]) => ({ materialKey, fileId })), now);
        await appendAuditEvent(tx, { zoneId: actor.zoneId, actorId: actor.userId, actorName: actor.displayName, action: 'case.draft_saved', targetType: 'case', targetId: row.id, outcome: 'success', requestId: meta.requestId, ip: meta.ip }, clock);
      });
      return present(db, actor, caseId);
    },

    /** 申请 submits a draft: everything the item asks for must be there. Gives the case its number. */
    async submit(actor: Actor, meta: RequestMeta, caseId: string, version: number): Promise<CaseDetail> {
      return actOnContents(actor, caseId, version, null, async (tx, row, calendar, locked) => {
        if (actor.kind !== 'enterprise') throw new ForbiddenError('Only the applicant submits');
        if (row.status !== 'draft') throw new CaseError('CASE_INVALID_TRANSITION', 'Only a draft can be submitted');
        const item = await catalogue.getItem(actor.zoneId, row.serviceItemId, false, tx);
        const attached = locked.materials;
        const owned = await checkApplication(tx, actor, item, row.formData, Object.fromEntries(attached.map((material) => [material.materialKey, material.fileId])), true);
        const events = locked.events;
        const now = clock.now();
        const year = Number(chinaDateOf(now).slice(0, 4));
        // The number is taken as late as it can be: its counter row stays locked until COMMIT, and only
        // the text message and the audit append come after it.
        const number = await repository.numberAndSubmitDraft(tx, { caseId: row.id, zoneId: actor.zoneId, year, numberPrefix: `${caseNumberPrefix(locked.zoneCode)}-${year}-`, at: now, actorId: actor.userId, actorName: actor.displayName, fromStatus: row.status });
        if (number === undefined) throw new NotFoundError('Case');
        const submitted: repository.CaseRow = { ...row, status: 'submitted', number, submittedAt: now, updatedAt: now, version: row.version + 1 };
        await notifyApplicant(tx, locked, submitted, 'case.submitted', { item: item.nameZh });
        await appendAuditEvent(tx, auditEntryOf(actor, meta, { ...row, number }, 'submitted', 'submitted', { number }), clock);
        // The reply is made from the rows in hand: a draft has no correction notice, decision or document,
        // and the clock starts only at acceptance, so the zone's warning share is not needed.
        const timeline = [...events.map(toEvent), { at: now.toISOString(), action: 'submitted', actorName: actor.displayName, fromStatus: row.status as CaseStatus, toStatus: 'submitted' as const, reason: null, details: { number } }];
        return toDetail({ ...locked, case: submitted }, { materials: attached, files: owned, events: timeline, notice: undefined, documents: [] }, calendar, DEFAULT_WARN_SHARE);
      });
    },

    /** 补正 answers the correction notice with the corrected form and materials. */
    async resubmit(actor: Actor, meta: RequestMeta, caseId: string, body: ResubmitBody): Promise<CaseDetail> {
      const warnShare = await warnShareOf(db, actor.zoneId);
      await act(actor, caseId, body.version, null, async (tx, row, calendar) => {
        if (actor.kind !== 'enterprise') throw new ForbiddenError('Only the applicant answers a correction notice');
        if (row.status !== 'correction_requested') throw new CaseError('CASE_INVALID_TRANSITION', 'There is no open correction notice');
        const item = await catalogue.getItem(actor.zoneId, row.serviceItemId, true, tx);
        const formData = normalizeFormData(item.form, body.formData);
        await checkApplication(tx, actor, item, formData, body.materials, true);
        const now = clock.now();
        const today = chinaDateOf(now);
        const notice = await repository.findOpenCorrectionNotice(tx, row.id);
        if (notice) await repository.answerCorrectionNotice(tx, notice.id, now);
        const next: CaseStatus = row.acceptedOn ? 'under_review' : 'submitted';
        await repository.updateCase(tx, row.id, { status: next, formData, updatedAt: now, ...resumeClock(row, calendar, today, warnShare) });
        await repository.replaceMaterials(tx, row.id, Object.entries(body.materials).map(([materialKey, fileId]) => ({ materialKey, fileId })), now);
        await record(tx, actor, meta, row, 'corrected', next, null);
      });
      return present(db, actor, caseId);
    },

    /**
     * Deletes a draft that was never submitted (a submitted case is withdrawn instead, and keeps its
     * number and history). Only the applicant who started it may; the audit trail keeps the deletion,
     * the draft's own timeline goes with it, and its files stay the uploader's, as a file replaced in
     * a draft does (uploads are never deleted).
     */
    async deleteDraft(actor: Actor, meta: RequestMeta, caseId: string, version: number): Promise<void> {
      await act(actor, caseId, version, null, async (tx, row, _calendar, locked) => {
        if (actor.kind !== 'enterprise' || row.applicantId !== actor.userId) throw new ForbiddenError('Only the applicant who started a draft deletes it');
        if (row.status !== 'draft') throw new CaseError('CASE_INVALID_TRANSITION', 'Only a draft is deleted; a submitted case is withdrawn');
        const materials = await repository.findMaterials(tx, row.id);
        if (!(await repository.deleteDraft(tx, row.id))) throw new NotFoundError('Case');
        await appendAuditEvent(
          tx,
          auditEntryOf(actor, meta, row, 'draft_deleted', null, { serviceItem: locked.item.code, files: materials.map((material) => ({ materialKey: material.materialKey, fileId: material.fileId })) }),
          clock,
        );
      });
    },

    async withdraw(actor: Actor, meta: RequestMeta, caseId: string, body: CaseActionBody<'withdraw'>): Promise<CaseDetail> {
      await act(actor, caseId, body.version, null, async (tx, row) => {
        if (actor.kind !== 'enterprise') throw new ForbiddenError('Only the applicant withdraws');
        if (!['draft', 'submitted', 'correction_requested'].includes(row.status)) throw new CaseError('CASE_INVALID_TRANSITION', 'An accepted case cannot be withdrawn here');
        await repository.updateCase(tx, row.id, { status: 'withdrawn', updatedAt: clock.now() });
        await record(tx, actor, meta, row, 'withdrawn', 'withdrawn', body.reason);
      });
      return present(db, actor, caseId);
    },

    /** 受理: the clock starts; the acceptance day is not counted. */
    async accept(actor: Actor, meta: RequestMeta, caseId: string, body: CaseActionBody<'accept'>): Promise<CaseDetail> {
      const warnShare = await warnShareOf(db, actor.zoneId);
      await act(actor, caseId, body.version, TRANSITIONS.accept, async (tx, row, calendar, locked) => {
        const item = await catalogue.getItem(actor.zoneId, row.serviceItemId, true, tx);
        const now = clock.now();
        const acceptedOn = chinaDateOf(now);
        const next: CaseStatus = item.needsInspection ? 'inspection' : 'under_review';
        const dates = deadlineDates(calendar, { ...clockStateOf(row), acceptedOn }, warnShare);
        await repository.updateCase(tx, row.id, { status: next, acceptedAt: now, acceptedOn, ...dates, updatedAt: now });
        const reading = readClock(calendar, { ...clockStateOf(row), acceptedOn }, acceptedOn, warnShare);
        await notifyApplicant(tx, locked, row, 'case.accepted', { limit: String(row.limitDays), dueOn: dates.dueOn ?? '' });
        await record(tx, actor, meta, row, 'accepted', next, null, { dueOn: dates.dueOn, limitDays: row.limitDays, missingCalendarYear: reading.missingCalendarYear });
      });
      return present(db, actor, caseId);
    },

    /** 不予受理 with reasons. */
    async refuse(actor: Actor, meta: RequestMeta, caseId: string, body: CaseActionBody<'refuse'>): Promise<CaseDetail> {
      await act(actor, caseId, body.version, TRANSITIONS.refuse, async (tx, row, _calendar, locked) => {
        const now = clock.now();
        await repository.updateCase(tx, row.id, { status: 'refused', concludedAt: now, concludedOn: chinaDateOf(now), updatedAt: now });
        await notifyApplicant(tx, locked, row, 'case.refused', { reason: body.reason });
        await record(tx, actor, meta, row, 'refused', 'refused', body.reason);
      });
      return present(db, actor, caseId);
    },

    /** 一次性告知: one notice listing every deficiency; after acceptance it stops the clock. */
    async requestCorrection(actor: Actor, meta: RequestMeta, caseId: string, body: CaseActionBody<'requestCorrection'>): Promise<CaseDetail> {
      await act(actor, caseId, body.version, TRANSITIONS.requestCorrection, async (tx, row, _calendar, locked) => {
        const item = await catalogue.getItem(actor.zoneId, row.serviceItemId, true, tx);
        const targets = new Set([...item.materials.map((material) => material.key), ...item.form.map((field) => `form.${field.key}`)]);
        const unknown = body.deficiencies.findIndex((deficiency) => !targets.has(deficiency.target));
        if (unknown >= 0) throw new ValidationError([{ field: `body.deficiencies.${unknown}.target`, reason: 'unknown_target' }]);
        const now = clock.now();
        await repository.insertCorrectionNotice(tx, { caseId: row.id, issuedAt: now, issuedBy: actor.userId, deficiencies: body.deficiencies, note: body.note ?? null });
        await repository.updateCase(tx, row.id, { status: 'correction_requested', updatedAt: now, ...pause(row, chinaDateOf(now)) });
        await notifyApplicant(tx, locked, row, 'case.correction_requested', { count: String(body.deficiencies.length) });
        await record(tx, actor, meta, row, 'correction_requested', 'correction_requested', body.note ?? null, { deficiencies: body.deficiencies });
      });
      return present(db, actor, caseId);
    },

    /** Records an inspection done on site (the remote inspection records its own result). */
    async completeInspection(actor: Actor, meta: RequestMeta, caseId: string, body: CaseActionBody<'completeInspection'>): Promise<CaseDetail> {
      await act(actor, caseId, body.version, TRANSITIONS.completeInspection, async (tx, row) => {
        await repository.updateCase(tx, row.id, { status: 'under_review', updatedAt: clock.now() });
        await record(tx, actor, meta, row, 'inspection_completed', 'under_review', body.findings, { result: body.result });
      });
      return present(db, actor, caseId);
    },

    /**
     * The remote inspection concluded (both inspectors signed): the case moves to review, inside
     * the inspection module's transaction so the two cannot disagree.
     */
    async recordInspectionResult(executor: Executor, actor: Actor, meta: RequestMeta, caseId: string, outcome: { result: string; findings: string; inspectionId: string }): Promise<void> {
      const row = await repository.lockCase(executor, actor.zoneId, caseId);
      if (!row) throw new NotFoundError('Case');
      if (row.status !== 'inspection') throw new CaseError('CASE_INVALID_TRANSITION', `A case that is ${row.status} is not waiting for an inspection`);
      await repository.updateCase(executor, row.id, { status: 'under_review', updatedAt: clock.now() });
      await record(executor, actor, meta, row, 'inspection_completed', 'under_review', outcome.findings, { result: outcome.result, inspectionId: outcome.inspectionId });
      // The caller commits later: a queue read in between may keep the old counts for QUEUE_CACHE_MS.
      openCounts.invalidate(actor.zoneId);
    },

    /** 特殊环节 (expert review, hearing …): the clock stops. */
    async suspend(actor: Actor, meta: RequestMeta, caseId: string, body: CaseActionBody<'suspend'>): Promise<CaseDetail> {
      await act(actor, caseId, body.version, TRANSITIONS.suspend, async (tx, row) => {
        const now = clock.now();
        await repository.updateCase(tx, row.id, { status: 'suspended', updatedAt: now, ...pause(row, chinaDateOf(now)) });
        await record(tx, actor, meta, row, 'suspended', 'suspended', body.reason);
      });
      return present(db, actor, caseId);
    },

    async resume(actor: Actor, meta: RequestMeta, caseId: string, body: CaseActionBody<'resume'>): Promise<CaseDetail> {
      const warnShare = await warnShareOf(db, actor.zoneId);
      await act(actor, caseId, body.version, TRANSITIONS.resume, async (tx, row, calendar) => {
        const now = clock.now();
        await repository.updateCase(tx, row.id, { status: 'under_review', updatedAt: now, ...resumeClock(row, calendar, chinaDateOf(now), warnShare) });
        await record(tx, actor, meta, row, 'resumed', 'under_review', null);
      });
      return present(db, actor, caseId);
    },

    /** 决定 and 办结: approve or deny with reasons; the decision document is issued in the same transaction. */
    async decide(actor: Actor, meta: RequestMeta, caseId: string, body: CaseActionBody<'decide'>): Promise<CaseDetail> {
      await act(actor, caseId, body.version, TRANSITIONS.decide, async (tx, row, _calendar, locked) => {
        const now = clock.now();
        const concludedOn = chinaDateOf(now);
        await repository.updateCase(tx, row.id, { status: 'concluded', decision: body.decision, decisionReason: body.reason, concludedAt: now, concludedOn, updatedAt: now });
        await record(tx, actor, meta, row, 'concluded', 'concluded', body.reason, { decision: body.decision });
        if (dependencies.issueDecisionDocument) {
          const item = await catalogue.getItem(actor.zoneId, row.serviceItemId, true, tx);
          await dependencies.issueDecisionDocument(tx, {
            zoneId: actor.zoneId,
            caseId: row.id,
            number: row.number ?? '',
            item,
            applicantName: locked.applicantName,
            enterpriseName: locked.enterpriseName,
            decision: body.decision,
            reason: body.reason,
            submittedOn: row.submittedAt ? chinaDateOf(row.submittedAt) : null,
            acceptedOn: row.acceptedOn,
            concludedOn,
            ownerId: row.applicantId,
            // The item's department decides and seals; the approver's name is in the case's history.
            issuerName: item.department.nameZh,
          });
        }
        await notifyApplicant(tx, locked, row, 'case.concluded', { decision: body.decision === 'approved' ? '准予许可' : '不予许可' });
      });
      return present(db, actor, caseId);
    },

    /** 送达: pickup, post (with tracking number) or electronic. */
    async deliver(actor: Actor, meta: RequestMeta, caseId: string, body: CaseActionBody<'deliver'>): Promise<CaseDetail> {
      if (body.method === 'post' && !body.trackingNumber) throw new ValidationError([{ field: 'body.trackingNumber', reason: 'required' }]);
      await act(actor, caseId, body.version, TRANSITIONS.deliver, async (tx, row, _calendar, locked) => {
        const now = clock.now();
        await repository.updateCase(tx, row.id, { status: 'delivered', deliveryMethod: body.method, deliveryTrackingNumber: body.trackingNumber ?? null, deliveredAt: now, updatedAt: now });
        const methods = { pickup: '窗口领取', post: '邮寄', electronic: '电子送达' };
        await notifyApplicant(tx, locked, row, 'case.delivered', { method: methods[body.method], trackingNumber: body.trackingNumber ?? '' });
        await record(tx, actor, meta, row, 'delivered', 'delivered', null, { method: body.method, trackingNumber: body.trackingNumber ?? null });
      });
      return present(db, actor, caseId);
    },

    async getCase(actor: Actor, caseId: string): Promise<CaseDetail> {
      return present(db, actor, caseId);
    },

    /** The applicant's own cases (and their enterprise's), most recently changed first, each with its subject. */
    async listMyCases(actor: Actor, page: number, pageSize: number): Promise<{ items: MyCaseSummary[]; total: number; page: number; pageSize: number }> {
      const owner: SQL | undefined = actor.enterpriseId ? or(eq(cases.applicantId, actor.userId), eq(cases.enterpriseId, actor.enterpriseId)) : eq(cases.applicantId, actor.userId);
      const where = and(eq(cases.zoneId, actor.zoneId), owner);
      const [rows, total, calendar, warnShare] = await readTogether(db, [
        () => repository.findCaseSummaries(db, where, pageSize, (page - 1) * pageSize, CASE_SUBJECT_FIELDS),
        () => repository.countCases(db, where),
        () => calendarService.getCalendar(),
        () => warnShareOf(db, actor.zoneId),
      ]);
      return { items: rows.map((row) => ({ ...toSummary(row, calendar, warnShare), subject: row.subject })), total, page, pageSize };
    },

    /**
     * The staff queue with filters, most urgent first, and counts by status. The counts are those of
     * the last few seconds (`QUEUE_CACHE_MS`); when the filter is only a status or all open statuses
     * (of a department, maybe), the total is taken from them instead of counted.
     */
    async listQueue(actor: Actor, query: ListCasesQuery): Promise<CaseQueue> {
      if (!actor.roles.some((role) => CASE_READERS.includes(role))) throw new ForbiddenError('The case queue is for service staff');
      const page = query.page ?? 1;
      const pageSize = query.pageSize ?? 20;
      const today = chinaDateOf(clock.now());
      // Someone on the phone reads out a case number: without a status filter it finds the case even once it has ended.
      const asNumber = query.q?.trim().toUpperCase();
      const number = !query.status && asNumber && CASE_NUMBER_PATTERN.test(asNumber) ? asNumber : undefined;
      const filter: repository.QueueFilter = {
        zoneId: actor.zoneId,
        statuses: query.status ? [query.status] : number ? STAFF_STATUSES : OPEN_STATUSES,
        serviceItemId: query.serviceItemId,
        departmentId: query.departmentId,
        light: query.isOverdue ? 'red' : query.light,
        today,
        ...(number ? { number } : { q: query.q }),
      };
      const isTotalInCounts = !filter.serviceItemId && !filter.light && !filter.q && filter.statuses.every((status) => OPEN_STATUSES.includes(status as CaseStatus));
      const [found, counts, calendar, warnShare] = await readTogether(db, [
        () => repository.findQueuePage(db, filter, page, pageSize, !isTotalInCounts),
        () => countOpenCases(actor.zoneId, query.departmentId),
        () => calendarService.getCalendar(),
        () => warnShareOf(db, actor.zoneId),
      ]);
      const total = found.total ?? filter.statuses.reduce((sum, status) => sum + (counts[status] ?? 0), 0);
      return { items: found.rows.map((row) => toSummary(row, calendar, warnShare)), total, page, pageSize, counts };
    },

    /** After a calendar year is loaded: compute the deadlines that were waiting for it. */
    async recomputeMissingDeadlines(): Promise<number> {
      const calendar = await calendarService.getCalendar();
      let updated = 0;
      for (const row of await repository.findCasesMissingDeadline(db)) {
        const dates = deadlineDates(calendar, clockStateOf(row), await warnShareOf(db, row.zoneId));
        if (dates.dueOn) {
          await repository.setDeadlines(db, row.id, dates.warnOn, dates.dueOn);
          updated += 1;
        }
      }
      return updated;
    },

    /** Whether a staff member may read a file because it is attached to a case of their zone (for downloads). */
    async isFileReadableByStaff(actor: Actor, fileId: string): Promise<boolean> {
      return actor.roles.some((role) => CASE_READERS.includes(role)) && repository.isFileAttachedInZone(db, actor.zoneId, fileId);
    },
  };
}

export type CasesService = ReturnType<typeof createCasesService>;

