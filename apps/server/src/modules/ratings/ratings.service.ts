import { BAD_RATING_MAX, type RateCaseBody, type Rating, type RectificationTask, type SatisfactionRow } from '@yuanqu/shared';
import { readTogether, type Database, type Executor } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors.js';
import type { Actor, RequestMeta } from '../../lib/request-context.js';
import { CalendarYearNotLoadedError, chinaDateOf, type WorkingDayCalendar } from '../../lib/working-day-calendar.js';
import { appendAuditEvent } from '../audit/index.js';
import type { CalendarService } from '../calendar/index.js';
import { findZoneSetting } from '../zones/index.js';
import * as repository from './ratings.repository.js';

/** Working days a department has to rectify after a bad review (SPEC §2: default 5), unless the zone set another. */
export const RECTIFICATION_DAYS = 5;

/** The zone setting that overrides RECTIFICATION_DAYS: `{ "rectificationDays": 1–30 }`. */
const RATINGS_SETTING = 'ratings';

const LEVELS = ['overall', 'speed', 'service', 'attitude'] as const;

/** Case states after which the applicant may rate: concluded (办结), delivered, or not accepted (不予受理 ends a case too). */
const RATEABLE_STATUSES: readonly string[] = ['concluded', 'delivered', 'refused'];

/** `task`: the case's rectification task, whose return visit belongs to the rating that opened it. */
function toRating(row: repository.RatingRow, caseNumber: string | null, task: repository.TaskRow | null | undefined = null): Rating {
  return {
    id: row.id,
    caseId: row.caseId,
    caseNumber,
    round: row.round,
    overall: row.overall,
    speed: row.speed,
    service: row.service,
    attitude: row.attitude,
    comment: row.comment,
    isBad: row.isBad,
    createdAt: row.createdAt.toISOString(),
    appeal: row.appealStatus ? { status: row.appealStatus as 'pending' | 'upheld' | 'rejected', reason: row.appealReason ?? '', decisionNote: row.appealDecisionNote } : null,
    returnVisitedAt: task?.ratingId === row.id ? (task.returnVisitAt?.toISOString() ?? null) : null,
  };
}

function toTask(row: repository.TaskListRow, ratingsOfCase: repository.RatingRow[]): RectificationTask {
  const first = ratingsOfCase.find((rating) => rating.id === row.task.ratingId);
  if (!first) throw new Error(`Rectification task ${row.task.id} lost its rating`);
  const followUp = ratingsOfCase.find((rating) => rating.round === first.round + 1);
  return {
    id: row.task.id,
    caseId: row.task.caseId,
    caseNumber: row.caseNumber,
    serviceItemNameZh: row.itemNameZh,
    serviceItemNameEn: row.itemNameEn,
    department: row.department,
    rating: toRating(first, row.caseNumber, row.task),
    dueOn: row.task.dueOn,
    status: row.task.status as RectificationTask['status'],
    returnVisitNote: row.task.returnVisitNote,
    returnVisitAt: row.task.returnVisitAt?.toISOString() ?? null,
    followUpRating: followUp ? toRating(followUp, row.caseNumber) : null,
    createdAt: row.task.createdAt.toISOString(),
  };
}

function toRow(row: { key: string; nameZh: string; nameEn: string; ratings: number; satisfied: number; bad: number; averageOverall: string | null }): SatisfactionRow {
  return { ...row, rate: row.ratings > 0 ? row.satisfied / row.ratings : null, averageOverall: row.averageOverall === null ? null : Number(row.averageOverall) };
}

/** Whether the case is the applicant's own or their enterprise's (an applicant without an enterprise sees only their own). */
function isOwnCase(actor: Actor, row: repository.CaseForRating): boolean {
  return row.applicantId === actor.userId || (actor.enterpriseId !== null && row.enterpriseId === actor.enterpriseId);
}

/**
 * The department an approver is limited to. Approvers review their own department's cases, so they
 * see and answer only its bad reviews; the window (clerk), leaders and the system admin see the zone.
 */
function departmentScopeOf(actor: Actor): string | undefined {
  const isZoneWide = actor.roles.some((role) => role === 'clerk' || role === 'leader' || role === 'system_admin');
  return actor.roles.includes('approver') && !isZoneWide ? (actor.departmentId ?? undefined) : undefined;
}

export function createRatingsService(db: Database, clock: Clock, calendar: CalendarService) {
  async function audit(executor: Executor, actor: Actor, meta: RequestMeta, action: string, targetType: string, targetId: string, details: Record<string, unknown>): Promise<void> {
    await appendAuditEvent(executor, { zoneId: actor.zoneId, actorId: actor.userId, actorName: actor.displayName, action, targetType, targetId, outcome: 'success', requestId: meta.requestId, ip: meta.ip, details }, clock);
  }

  async function rectificationDaysOf(executor: Executor, zoneId: string): Promise<number> {
    const stored = await findZoneSetting(executor, zoneId, RATINGS_SETTING);
    const days = stored ? Number((JSON.parse(stored) as { rectificationDays?: unknown }).rectificationDays) : NaN;
    return Number.isInteger(days) && days >= 1 && days <= 30 ? days : RECTIFICATION_DAYS;
  }

  /** The deadline, or null while the calendar lacks the year (filled in once it is loaded, never guessed). */
  function dueDateOf(workingDays: WorkingDayCalendar, ratedOn: string, days: number): string | null {
    try {
      return workingDays.addWorkingDays(ratedOn, days);
    } catch (error) {
      if (error instanceof CalendarYearNotLoadedError) return null;
      throw error;
    }
  }

  async function presentTask(executor: Executor, zoneId: string, taskId: string): Promise<RectificationTask> {
    const [row] = await repository.findTasks(executor, zoneId, { taskId });
    if (!row) throw new NotFoundError('Rectification task');
    return toTask(row, await repository.findRatingsOfCase(executor, row.task.caseId));
  }

  function assertInScope(actor: Actor, departmentId: string, what: string): void {
    const scope = departmentScopeOf(actor);
    if (scope !== undefined && scope !== departmentId) throw new ForbiddenError(`The ${what} belongs to another department`);
  }

  /** Computes the deadlines of open tasks opened while their year was not loaded. */
  async function recomputeMissingDueDates(): Promise<number> {
    const workingDays = await calendar.getCalendar();
    let updated = 0;
    for (const task of await repository.findTasksMissingDueDate(db)) {
      const dueOn = dueDateOf(workingDays, chinaDateOf(task.createdAt), await rectificationDaysOf(db, task.zoneId));
      if (dueOn) {
        await repository.updateTask(db, task.id, { dueOn });
        updated += 1;
      }
    }
    return updated;
  }

  // A newly loaded calendar year gives the tasks opened late in the old year their deadlines.
  calendar.onYearLoaded(() => recomputeMissingDueDates());

  return {
    /**
     * 好差评: the applicant rates a concluded case once, and once more after the return visit that
     * follows a bad review. A bad review (不满意 or 非常不满意) opens a rectification task due in
     * five working days.
     */
    async rateCase(actor: Actor, meta: RequestMeta, caseId: string, body: RateCaseBody): Promise<Rating> {
      // The validator turns the text "Infinity" into a number that passes the 1–5 bounds.
      const notLevels = LEVELS.filter((key) => !Number.isSafeInteger(body[key]));
      if (notLevels.length > 0) throw new ValidationError(notLevels.map((key) => ({ field: `body.${key}`, reason: 'type' })));
      const workingDays = await calendar.getCalendar();
      return db.transaction(async (tx) => {
        const row = await repository.lockCaseForRating(tx, actor.zoneId, caseId);
        if (!row || !isOwnCase(actor, row)) throw new NotFoundError('Case');
        if (!RATEABLE_STATUSES.includes(row.status)) throw new AppError('RATING_NOT_ALLOWED', 'A case can be rated once it is concluded');
        const previous = await repository.findRatingsOfCase(tx, caseId);
        const last = previous.at(-1);
        if (last) {
          const task = await repository.findTaskOfCase(tx, caseId);
          if (previous.length >= 2 || !last.isBad || task?.status !== 'visited') {
            throw new AppError('RATING_NOT_ALLOWED', previous.length >= 2 ? 'This case has been rated twice already' : 'You may rate again after the return visit');
          }
        }
        const now = clock.now();
        const isBad = body.overall <= BAD_RATING_MAX;
        const rating = await repository.insertRating(tx, {
          zoneId: actor.zoneId,
          caseId,
          raterId: actor.userId,
          round: previous.length + 1,
          overall: body.overall,
          speed: body.speed,
          service: body.service,
          attitude: body.attitude,
          comment: body.comment ?? null,
          isBad,
          createdAt: now,
        });
        await audit(tx, actor, meta, 'rating.create', 'case', caseId, { round: rating.round, overall: body.overall, isBad });
        if (rating.round === 2) {
          const task = (await repository.findTaskOfCase(tx, caseId))!;
          await repository.updateTask(tx, task.id, { status: 'closed', closedAt: now });
        } else if (isBad) {
          const dueOn = dueDateOf(workingDays, chinaDateOf(now), await rectificationDaysOf(tx, actor.zoneId));
          const task = await repository.insertTask(tx, { zoneId: actor.zoneId, caseId, ratingId: rating.id, departmentId: row.departmentId, dueOn, status: 'open', createdAt: now });
          await audit(tx, actor, meta, 'rectification.open', 'rectification_task', task.id, { caseId, dueOn });
        }
        return toRating(rating, row.number);
      });
    },

    async ratingsOfCase(actor: Actor, caseId: string): Promise<Rating[]> {
      const row = await repository.findCaseForRating(db, actor.zoneId, caseId);
      if (!row || (actor.kind === 'enterprise' && !isOwnCase(actor, row))) throw new NotFoundError('Case');
      const [ratings, task] = await readTogether(db, [() => repository.findRatingsOfCase(db, caseId), () => repository.findTaskOfCase(db, caseId)]);
      return ratings.map((rating) => toRating(rating, row.number, task));
    },

    async listTasks(actor: Actor): Promise<RectificationTask[]> {
      const rows = await repository.findTasks(db, actor.zoneId, { departmentId: departmentScopeOf(actor) });
      const ratings = await repository.findRatingsOfCases(db, [...new Set(rows.map((row) => row.task.caseId))]);
      return rows.map((row) =>
        toTask(
          row,
          ratings.filter((rating) => rating.caseId === row.task.caseId),
        ),
      );
    },

    /** 回访: the department records its return visit; the applicant may then rate once more. */
    async recordReturnVisit(actor: Actor, meta: RequestMeta, taskId: string, note: string): Promise<RectificationTask> {
      await db.transaction(async (tx) => {
        const task = await repository.lockTask(tx, actor.zoneId, taskId);
        if (!task) throw new NotFoundError('Rectification task');
        assertInScope(actor, task.departmentId, 'rectification task');
        if (task.status !== 'open') throw new AppError('CONFLICT', task.status === 'visited' ? 'The return visit is already recorded' : 'The task is closed');
        await repository.updateTask(tx, taskId, { status: 'visited', returnVisitNote: note, returnVisitAt: clock.now(), visitedBy: actor.userId });
        await audit(tx, actor, meta, 'rectification.return_visit', 'rectification_task', taskId, { caseId: task.caseId });
      });
      return presentTask(db, actor.zoneId, taskId);
    },

    /** Staff appeal a review they hold malicious; an admin decides. */
    async appeal(actor: Actor, meta: RequestMeta, ratingId: string, reason: string): Promise<Rating> {
      return db.transaction(async (tx) => {
        const found = await repository.lockRating(tx, actor.zoneId, ratingId);
        if (!found) throw new NotFoundError('Rating');
        const { rating, caseNumber, departmentId } = found;
        assertInScope(actor, departmentId, 'rated case');
        if (!rating.isBad) throw new AppError('RATING_NOT_ALLOWED', 'Only a bad review can be appealed');
        if (rating.appealStatus) throw new AppError('CONFLICT', 'This review has been appealed already');
        await repository.updateRating(tx, ratingId, { appealStatus: 'pending', appealReason: reason, appealedBy: actor.userId });
        await audit(tx, actor, meta, 'rating.appeal', 'rating', ratingId, { reason });
        return toRating({ ...rating, appealStatus: 'pending', appealReason: reason }, caseNumber, await repository.findTaskOfCase(tx, rating.caseId));
      });
    },

    async decideAppeal(actor: Actor, meta: RequestMeta, ratingId: string, isUpheld: boolean, note: string): Promise<Rating> {
      return db.transaction(async (tx) => {
        const found = await repository.lockRating(tx, actor.zoneId, ratingId);
        if (!found) throw new NotFoundError('Rating');
        const { rating, caseNumber } = found;
        if (rating.appealStatus !== 'pending') throw new AppError('CONFLICT', 'There is no pending appeal');
        if (rating.appealedBy === actor.userId) throw new ForbiddenError('The one who appealed cannot decide the appeal');
        const now = clock.now();
        const status = isUpheld ? 'upheld' : 'rejected';
        await repository.updateRating(tx, ratingId, { appealStatus: status, appealDecisionNote: note, appealDecidedBy: actor.userId, appealDecidedAt: now });
        const task = await repository.findTaskOfCase(tx, rating.caseId);
        if (isUpheld && task && task.status !== 'closed') await repository.updateTask(tx, task.id, { status: 'closed', closedAt: now });
        await audit(tx, actor, meta, 'rating.appeal_decision', 'rating', ratingId, { status, note });
        return toRating({ ...rating, appealStatus: status, appealDecisionNote: note }, caseNumber, task);
      });
    },

    async satisfaction(actor: Actor, by: 'item' | 'department' | 'staff'): Promise<SatisfactionRow[]> {
      const rows =
        by === 'item' ? await repository.satisfactionByItem(db, actor.zoneId) : by === 'department' ? await repository.satisfactionByDepartment(db, actor.zoneId) : await repository.satisfactionByStaff(db, actor.zoneId);
      return rows.map(toRow).sort((left, right) => right.ratings - left.ratings || left.nameZh.localeCompare(right.nameZh) || left.key.localeCompare(right.key));
    },

    recomputeMissingDueDates,
  };
}

export type RatingsService = ReturnType<typeof createRatingsService>;
