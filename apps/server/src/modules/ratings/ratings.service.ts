import { BAD_RATING_MAX, type RateCaseBody, type Rating, type RectificationTask, type SatisfactionRow } from '@yuanqu/shared';
import type { Database, Executor } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import { AppError, ForbiddenError, NotFoundError } from '../../lib/errors.js';
import type { Actor, RequestMeta } from '../../lib/request-context.js';
import { CalendarYearNotLoadedError, chinaDateOf } from '../../lib/working-day-calendar.js';
import { appendAuditEvent } from '../audit/index.js';
import type { CalendarService } from '../calendar/index.js';
import * as repository from './ratings.repository.js';

/** Working days a department has to rectify after a bad review, unless the zone set another. */
export const RECTIFICATION_DAYS = 5;

function toRating(row: repository.RatingRow, caseNumber: string | null): Rating {
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
  };
}

function toRow(row: { key: string; nameZh: string; nameEn: string; ratings: number; satisfied: number; bad: number; averageOverall: string | null }): SatisfactionRow {
  return { ...row, rate: row.ratings > 0 ? row.satisfied / row.ratings : null, averageOverall: row.averageOverall === null ? null : Number(row.averageOverall) };
}

export function createRatingsService(db: Database, clock: Clock, calendar: CalendarService) {
  async function audit(executor: Executor, actor: Actor, meta: RequestMeta, action: string, targetType: string, targetId: string, details: Record<string, unknown>): Promise<void> {
    await appendAuditEvent(executor, { zoneId: actor.zoneId, actorId: actor.userId, actorName: actor.displayName, action, targetType, targetId, outcome: 'success', requestId: meta.requestId, ip: meta.ip, details }, clock);
  }

  async function presentTask(executor: Executor, zoneId: string, taskId: string): Promise<RectificationTask> {
    const rows = await repository.findTasks(executor, zoneId, undefined);
    const row = rows.find((entry) => entry.task.id === taskId);
    if (!row) throw new NotFoundError('Rectification task');
    const ratings = await repository.findRatingsOfCase(executor, row.task.caseId);
    const first = ratings.find((rating) => rating.id === row.task.ratingId)!;
    const followUp = ratings.find((rating) => rating.round === first.round + 1);
    return {
      id: row.task.id,
      caseId: row.task.caseId,
      caseNumber: row.caseNumber,
      serviceItemNameZh: row.itemNameZh,
      serviceItemNameEn: row.itemNameEn,
      department: row.department,
      rating: toRating(first, row.caseNumber),
      dueOn: row.task.dueOn,
      status: row.task.status as RectificationTask['status'],
      returnVisitNote: row.task.returnVisitNote,
      returnVisitAt: row.task.returnVisitAt?.toISOString() ?? null,
      followUpRating: followUp ? toRating(followUp, row.caseNumber) : null,
      createdAt: row.task.createdAt.toISOString(),
    };
  }

  return {
    /**
     * 好差评: the applicant rates a concluded case once, and once more after the return visit that
     * follows a bad review. A bad review (不满意 or 非常不满意) opens a rectification task due in
     * five working days.
     */
    async rateCase(actor: Actor, meta: RequestMeta, caseId: string, body: RateCaseBody): Promise<Rating> {
      const workingDays = await calendar.getCalendar();
      return db.transaction(async (tx) => {
        const row = await repository.findCaseForRating(tx, actor.zoneId, caseId);
        const isOwn = row && (row.applicantId === actor.userId || (actor.enterpriseId !== null && row.enterpriseId === actor.enterpriseId));
        if (!row || !isOwn) throw new NotFoundError('Case');
        if (!['concluded', 'delivered', 'refused'].includes(row.status)) throw new AppError('RATING_NOT_ALLOWED', 'A case can be rated once it is concluded');
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
        const rating = await repository.insertRating(tx, { zoneId: actor.zoneId, caseId, raterId: actor.userId, round: previous.length + 1, ...body, comment: body.comment ?? null, isBad, createdAt: now });
        await audit(tx, actor, meta, 'rating.create', 'case', caseId, { round: rating.round, overall: body.overall, isBad });
        if (rating.round === 2) {
          const task = (await repository.findTaskOfCase(tx, caseId))!;
          await repository.updateTask(tx, task.id, { status: 'closed', closedAt: now });
        } else if (isBad) {
          let dueOn: string | null = null;
          try {
            dueOn = workingDays.addWorkingDays(chinaDateOf(now), RECTIFICATION_DAYS);
          } catch (error) {
            if (!(error instanceof CalendarYearNotLoadedError)) throw error;
          }
          const task = await repository.insertTask(tx, { zoneId: actor.zoneId, caseId, ratingId: rating.id, departmentId: row.departmentId, dueOn, status: 'open', createdAt: now });
          await audit(tx, actor, meta, 'rectification.open', 'rectification_task', task.id, { caseId, dueOn });
        }
        return toRating(rating, row.number);
      });
    },

    async ratingsOfCase(actor: Actor, caseId: string): Promise<Rating[]> {
      const row = await repository.findCaseForRating(db, actor.zoneId, caseId);
      if (!row) throw new NotFoundError('Case');
      if (actor.kind === 'enterprise' && row.applicantId !== actor.userId && row.enterpriseId !== actor.enterpriseId) throw new NotFoundError('Case');
      return (await repository.findRatingsOfCase(db, caseId)).map((rating) => toRating(rating, row.number));
    },

    async listTasks(actor: Actor): Promise<RectificationTask[]> {
      const departmentOnly = actor.roles.includes('approver') && !actor.roles.some((role) => ['clerk', 'leader', 'system_admin'].includes(role)) ? (actor.departmentId ?? undefined) : undefined;
      const rows = await repository.findTasks(db, actor.zoneId, departmentOnly);
      return Promise.all(rows.map((row) => presentTask(db, actor.zoneId, row.task.id)));
    },

    /** 回访: the department records its return visit; the applicant may then rate once more. */
    async recordReturnVisit(actor: Actor, meta: RequestMeta, taskId: string, note: string): Promise<RectificationTask> {
      await db.transaction(async (tx) => {
        const task = await repository.findTask(tx, actor.zoneId, taskId);
        if (!task) throw new NotFoundError('Rectification task');
        if (task.status !== 'open') throw new AppError('CONFLICT', 'The return visit is already recorded');
        await repository.updateTask(tx, taskId, { status: 'visited', returnVisitNote: note, returnVisitAt: clock.now(), visitedBy: actor.userId });
        await audit(tx, actor, meta, 'rectification.return_visit', 'rectification_task', taskId, { caseId: task.caseId });
      });
      return presentTask(db, actor.zoneId, taskId);
    },

    /** Staff appeal a review they hold malicious; an admin decides. */
    async appeal(actor: Actor, meta: RequestMeta, ratingId: string, reason: string): Promise<Rating> {
      return db.transaction(async (tx) => {
        const rating = await repository.findRating(tx, actor.zoneId, ratingId);
        if (!rating) throw new NotFoundError('Rating');
        if (!rating.isBad) throw new AppError('RATING_NOT_ALLOWED', 'Only a bad review can be appealed');
        if (rating.appealStatus) throw new AppError('CONFLICT', 'This review has been appealed already');
        await repository.updateRating(tx, ratingId, { appealStatus: 'pending', appealReason: reason, appealedBy: actor.userId });
        await audit(tx, actor, meta, 'rating.appeal', 'rating', ratingId, { reason });
        return toRating({ ...rating, appealStatus: 'pending', appealReason: reason }, null);
      });
    },

    async decideAppeal(actor: Actor, meta: RequestMeta, ratingId: string, isUpheld: boolean, note: string): Promise<Rating> {
      return db.transaction(async (tx) => {
        const rating = await repository.findRating(tx, actor.zoneId, ratingId);
        if (!rating) throw new NotFoundError('Rating');
        if (rating.appealStatus !== 'pending') throw new AppError('CONFLICT', 'There is no pending appeal');
        if (rating.appealedBy === actor.userId) throw new ForbiddenError('The one who appealed cannot decide the appeal');
        const now = clock.now();
        const status = isUpheld ? 'upheld' : 'rejected';
        await repository.updateRating(tx, ratingId, { appealStatus: status, appealDecisionNote: note, appealDecidedBy: actor.userId, appealDecidedAt: now });
        if (isUpheld) {
          const task = await repository.findTaskOfCase(tx, rating.caseId);
          if (task && task.status !== 'closed') await repository.updateTask(tx, task.id, { status: 'closed', closedAt: now });
        }
        await audit(tx, actor, meta, 'rating.appeal_decision', 'rating', ratingId, { status, note });
        return toRating({ ...rating, appealStatus: status, appealDecisionNote: note }, null);
      });
    },

    async satisfaction(actor: Actor, by: 'item' | 'department' | 'staff'): Promise<SatisfactionRow[]> {
      const rows =
        by === 'item' ? await repository.satisfactionByItem(db, actor.zoneId) : by === 'department' ? await repository.satisfactionByDepartment(db, actor.zoneId) : await repository.satisfactionByStaff(db, actor.zoneId);
      return rows.map(toRow).sort((left, right) => right.ratings - left.ratings || left.nameZh.localeCompare(right.nameZh));
    },
  };
}

export type RatingsService = ReturnType<typeof createRatingsService>;
