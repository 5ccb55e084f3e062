import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail, Rating, RectificationTask, SatisfactionRow } from '@yuanqu/shared';
import type { Role } from '@yuanqu/shared';
import { ADMIN_TOTP_SECRET, createTestApp, createZoneWithUsers, signIn, type Client, type TestApp } from '../../test/test-app.js';
import { createDepartment, createEnterprise, createServiceItem, createStoredFile, createUser, testScheduleFor2027 } from '../../test/factories.js';
import { auditEventsOf, expectError, requestSignedOut } from '../../test/route-helpers.js';

/** 10:00 in China on the given day. */
const chinaMorning = (day: string) => `${day}T02:00:00.000Z`;
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/** The same level on all four scores, unless told otherwise. */
function levels(overall: number, rest: Partial<{ speed: number; service: number; attitude: number; comment: string }> = {}) {
  return { overall, speed: overall, service: overall, attitude: overall, ...rest };
}

interface Applicant {
  client: Client;
  userId: string;
}

/**
 * A test app on a temporary data folder (decisions store their PDFs), a world per test: a zone with
 * its staff, an enterprise applicant and a service item; cases go through the real case routes.
 */
function useRatingsWorld(start: string) {
  const context = {} as { testApp: TestApp; dataDir: string };
  beforeAll(async () => {
    context.dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yuanqu-ratings-'));
    context.testApp = await createTestApp(start, { dataDir: context.dataDir });
  });
  afterAll(async () => {
    await context.testApp.close();
    fs.rmSync(context.dataDir, { recursive: true, force: true });
  });

  /**
   * A zone with a signed-in user per role. Signing admins in moves the clock past each TOTP step;
   * it is put back so that every rating of the file happens at the start time.
   */
  async function zoneWith(roles: Role[]) {
    const zone = await createZoneWithUsers(context.testApp, roles);
    context.testApp.clock.set(start);
    return zone;
  }

  async function setUpZone() {
    const { testApp } = context;
    const db = testApp.database.db;
    const world = await zoneWith(['clerk', 'approver', 'inspector', 'leader', 'system_admin']);
    const enterprise = await createEnterprise(db, world.zone.id, { name: '峻凌电子(咸阳)有限公司' });
    const applicant = await newApplicant(world.zone.id, enterprise.id);
    const item = await createServiceItem(db, world.zone.id, world.department.id);
    return { ...world, enterprise, applicant, item };
  }

  async function newApplicant(zoneId: string, enterpriseId: string | null = null): Promise<Applicant> {
    const user = await createUser(context.testApp.database.db, { zoneId, roles: ['applicant'], enterpriseId });
    return { client: await signIn(context.testApp, user.username), userId: user.id };
  }

  type World = Awaited<ReturnType<typeof setUpZone>>;

  async function submittedCase(world: World, applicant = world.applicant, item = world.item): Promise<CaseDetail> {
    const db = context.testApp.database.db;
    const [licence, plan] = [await createStoredFile(db, world.zone.id, applicant.userId), await createStoredFile(db, world.zone.id, applicant.userId)];
    const draft = await applicant.client.request({ method: 'POST', url: '/api/cases', payload: { serviceItemId: item.id, formData: { project_name: '电子元器件生产线' }, materials: { licence: licence.id, plan: plan.id } } });
    expect(draft.statusCode, draft.body).toBe(200);
    const submitted = await applicant.client.request({ method: 'POST', url: `/api/cases/${draft.json<CaseDetail>().id}/submit`, payload: { version: draft.json<CaseDetail>().version } });
    expect(submitted.statusCode, submitted.body).toBe(200);
    return submitted.json<CaseDetail>();
  }

  async function caseAction(client: Client, detail: CaseDetail, action: string, payload: Record<string, unknown> = {}): Promise<CaseDetail> {
    const response = await client.request({ method: 'POST', url: `/api/cases/${detail.id}/${action}`, payload: { version: detail.version, ...payload } });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<CaseDetail>();
  }

  /** Submitted, accepted by the window, decided by the department's approver: concluded. */
  async function concludedCase(world: World, options: { applicant?: Applicant; item?: typeof world.item; approver?: Client } = {}): Promise<CaseDetail> {
    const submitted = await submittedCase(world, options.applicant, options.item);
    const accepted = await caseAction(world.clients.clerk, submitted, 'accept');
    return caseAction(options.approver ?? world.clients.approver, accepted, 'decide', { decision: 'approved', reason: '材料齐全，符合法定条件' });
  }

  /** Submitted and not accepted (不予受理) by the window. */
  async function refusedCase(world: World, options: { applicant?: Applicant; item?: typeof world.item } = {}): Promise<CaseDetail> {
    const submitted = await submittedCase(world, options.applicant, options.item);
    return caseAction(world.clients.clerk, submitted, 'refuse', { reason: '申请事项不属于本机关职权范围' });
  }

  return { context, zoneWith, setUpZone, newApplicant, submittedCase, caseAction, concludedCase, refusedCase };
}

const rate = (client: Client, caseId: string, payload: Record<string, unknown>) => client.request({ method: 'POST', url: `/api/cases/${caseId}/ratings`, payload });
const tasksOf = async (client: Client) => {
  const response = await client.request({ method: 'GET', url: '/api/rectification-tasks' });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<RectificationTask[]>();
};
const returnVisit = (client: Client, taskId: string, payload: Record<string, unknown>) => client.request({ method: 'POST', url: `/api/rectification-tasks/${taskId}/return-visit`, payload });
const appeal = (client: Client, ratingId: string, payload: Record<string, unknown>) => client.request({ method: 'POST', url: `/api/ratings/${ratingId}/appeal`, payload });
const decideAppeal = (client: Client, ratingId: string, payload: Record<string, unknown>) => client.request({ method: 'POST', url: `/api/ratings/${ratingId}/appeal-decision`, payload });
const satisfaction = async (client: Client, by: string) => {
  const response = await client.request({ method: 'GET', url: `/api/ratings/satisfaction?by=${by}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<SatisfactionRow[]>();
};

describe('好差评 ratings routes', () => {
  // Tuesday 29 September 2026, the day before the National Day holiday (1–7 October).
  const world = useRatingsWorld(chinaMorning('2026-09-29'));
  const { context, zoneWith, setUpZone, newApplicant, submittedCase, caseAction, concludedCase, refusedCase } = world;

  describe('POST /api/cases/:id/ratings', () => {
    it('refuses a signed-out caller', async () => {
      expectError(await requestSignedOut(context.testApp, { method: 'POST', url: `/api/cases/${UNKNOWN_ID}/ratings`, payload: levels(5) }), 'AUTH_REQUIRED');
    });

    it('refuses staff: only the applicant rates', async () => {
      const zone = await setUpZone();
      const concluded = await concludedCase(zone);
      expectError(await rate(zone.clients.clerk, concluded.id, levels(5)), 'FORBIDDEN');
      expectError(await rate(zone.clients.approver, concluded.id, levels(5)), 'FORBIDDEN');
    });

    it('hides another zone’s case and another applicant’s case', async () => {
      const zone = await setUpZone();
      const concluded = await concludedCase(zone);
      const elsewhere = await zoneWith(['applicant']);
      expectError(await rate(elsewhere.clients.applicant, concluded.id, levels(5)), 'NOT_FOUND');
      const stranger = await newApplicant(zone.zone.id);
      expectError(await rate(stranger.client, concluded.id, levels(5)), 'NOT_FOUND');
      expectError(await rate(zone.applicant.client, UNKNOWN_ID, levels(5)), 'NOT_FOUND');
    });

    it('names every invalid field', async () => {
      const zone = await setUpZone();
      const concluded = await concludedCase(zone);
      const invalid = await rate(zone.applicant.client, concluded.id, { overall: 6, speed: 0, service: 'good', comment: '很'.repeat(501), stars: 5 });
      const error = expectError(invalid, 'VALIDATION_FAILED');
      expect(error.fields).toEqual(
        expect.arrayContaining([
          { field: 'body.overall', reason: 'maximum' },
          { field: 'body.speed', reason: 'minimum' },
          { field: 'body.service', reason: 'type' },
          { field: 'body.attitude', reason: 'required' },
          { field: 'body.comment', reason: 'maxLength' },
          { field: 'body.stars', reason: 'additionalProperties' },
        ]),
      );
      expectError(await rate(zone.applicant.client, 'case-1', levels(5)), 'VALIDATION_FAILED', 'params.id', 'format');
      expect(await ratingsOf(zone.applicant.client, concluded.id)).toEqual([]);
    });

    it('refuses a level the validator let through as Infinity', async () => {
      const zone = await setUpZone();
      const concluded = await concludedCase(zone);
      expectError(await rate(zone.applicant.client, concluded.id, { ...levels(5), overall: 'Infinity' }), 'VALIDATION_FAILED', 'body.overall', 'type');
      expect(await ratingsOf(zone.applicant.client, concluded.id)).toEqual([]);
    });

    it('refuses a rating before the case is concluded', async () => {
      const zone = await setUpZone();
      const submitted = await submittedCase(zone);
      expectError(await rate(zone.applicant.client, submitted.id, levels(4)), 'RATING_NOT_ALLOWED');
      const underReview = await caseAction(zone.clients.clerk, submitted, 'accept');
      expect(underReview.status).toBe('under_review');
      expectError(await rate(zone.applicant.client, submitted.id, levels(4)), 'RATING_NOT_ALLOWED');
      expect(await ratingsOf(zone.applicant.client, submitted.id)).toEqual([]);
    });

    it('records a good rating once and refuses a second', async () => {
      const zone = await setUpZone();
      const concluded = await concludedCase(zone);
      const response = await rate(zone.applicant.client, concluded.id, levels(4, { speed: 5, comment: '窗口服务热情，办理很快' }));
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json<Rating>()).toMatchObject({
        caseId: concluded.id,
        caseNumber: concluded.number,
        round: 1,
        overall: 4,
        speed: 5,
        service: 4,
        attitude: 4,
        comment: '窗口服务热情，办理很快',
        isBad: false,
        createdAt: '2026-09-29T02:00:00.000Z',
        appeal: null,
      });
      expect(await tasksOf(zone.clients.clerk)).toEqual([]);
      expectError(await rate(zone.applicant.client, concluded.id, levels(5)), 'RATING_NOT_ALLOWED');
      expect((await ratingsOf(zone.applicant.client, concluded.id)).map((rating) => rating.round)).toEqual([1]);
    });

    it('lets a colleague of the same enterprise rate, and a refused (不予受理) case be rated', async () => {
      const zone = await setUpZone();
      const refused = await refusedCase(zone);
      const colleague = await newApplicant(zone.zone.id, zone.enterprise.id);
      const response = await rate(colleague.client, refused.id, levels(3));
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json<Rating>()).toMatchObject({ round: 1, overall: 3, isBad: false });
    });

    it('opens a rectification task due five working days after the rating day, counted on the official calendar', async () => {
      const zone = await setUpZone();
      const concluded = await concludedCase(zone);
      const response = await rate(zone.applicant.client, concluded.id, levels(2, { attitude: 1, comment: '多次电话无人接听' }));
      expect(response.json<Rating>()).toMatchObject({ round: 1, overall: 2, isBad: true });
      const [task, ...others] = await tasksOf(zone.clients.clerk);
      expect(others).toEqual([]);
      // Rated Tuesday 29 September 2026 (the rating day not counted): 30 Sep is day 1; 1–7 October
      // are the National Day holiday; Thursday 8 and Friday 9 October are days 2 and 3; Saturday 10
      // October is a make-up working day (调休), day 4; Sunday 11 is off; Monday 12 October is day 5.
      expect(task).toMatchObject({
        caseId: concluded.id,
        caseNumber: concluded.number,
        serviceItemNameZh: '测试事项',
        department: { id: zone.department.id },
        rating: { id: response.json<Rating>().id, overall: 2, isBad: true },
        dueOn: '2026-10-12',
        status: 'open',
        returnVisitNote: null,
        returnVisitAt: null,
        followUpRating: null,
      });
      const actions = (await auditEventsOf(await auditorOf(zone.zone.id))).map((event) => event.action);
      expect(actions).toEqual(expect.arrayContaining(['rating.create', 'rectification.open']));
    });

    it('counts 非常不满意 as a bad review too', async () => {
      const zone = await setUpZone();
      const concluded = await concludedCase(zone);
      expect((await rate(zone.applicant.client, concluded.id, levels(1))).json<Rating>().isBad).toBe(true);
      expect((await tasksOf(zone.clients.clerk)).map((task) => [task.caseId, task.status])).toEqual([[concluded.id, 'open']]);
    });

    it('allows one follow-up rating, only after the return visit, which closes the task', async () => {
      const zone = await setUpZone();
      const concluded = await concludedCase(zone);
      const first = (await rate(zone.applicant.client, concluded.id, levels(2))).json<Rating>();
      expectError(await rate(zone.applicant.client, concluded.id, levels(4)), 'RATING_NOT_ALLOWED');
      expect((await ratingsOf(zone.applicant.client, concluded.id)).map((rating) => rating.returnVisitedAt)).toEqual([null]);
      const [task] = await tasksOf(zone.clients.clerk);
      const visited = await returnVisit(zone.clients.approver, task!.id, { note: '已电话回访，说明办理进度并致歉' });
      expect(visited.json<RectificationTask>()).toMatchObject({ status: 'visited', returnVisitNote: '已电话回访，说明办理进度并致歉', returnVisitAt: '2026-09-29T02:00:00.000Z' });
      // The applicant's page learns from the rating that it may rate again.
      expect((await ratingsOf(zone.applicant.client, concluded.id)).map((rating) => rating.returnVisitedAt)).toEqual(['2026-09-29T02:00:00.000Z']);
      const second = await rate(zone.applicant.client, concluded.id, levels(4, { comment: '回访后问题已解决' }));
      expect(second.json<Rating>()).toMatchObject({ round: 2, overall: 4, isBad: false });
      const [closed] = await tasksOf(zone.clients.clerk);
      expect(closed).toMatchObject({ id: task!.id, status: 'closed', rating: { id: first.id }, followUpRating: { round: 2, overall: 4 } });
      expectError(await rate(zone.applicant.client, concluded.id, levels(5)), 'RATING_NOT_ALLOWED');
      expect((await ratingsOf(zone.applicant.client, concluded.id)).map((rating) => [rating.round, rating.overall, rating.returnVisitedAt])).toEqual([
        [1, 2, '2026-09-29T02:00:00.000Z'],
        [2, 4, null],
      ]);
    });
  });

  async function ratingsOf(client: Client, caseId: string): Promise<Rating[]> {
    const response = await client.request({ method: 'GET', url: `/api/cases/${caseId}/ratings` });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<Rating[]>();
  }

  async function auditorOf(zoneId: string): Promise<Client> {
    const user = await createUser(context.testApp.database.db, { zoneId, roles: ['audit_admin'], totpSecret: ADMIN_TOTP_SECRET });
    return signIn(context.testApp, user.username, undefined, ADMIN_TOTP_SECRET);
  }

  describe('GET /api/cases/:id/ratings', () => {
    it('refuses a signed-out caller and roles that do not handle ratings', async () => {
      const zone = await setUpZone();
      expectError(await requestSignedOut(context.testApp, { method: 'GET', url: `/api/cases/${UNKNOWN_ID}/ratings` }), 'AUTH_REQUIRED');
      expectError(await zone.clients.inspector.request({ method: 'GET', url: `/api/cases/${UNKNOWN_ID}/ratings` }), 'FORBIDDEN');
    });

    it('names an invalid case id', async () => {
      const zone = await setUpZone();
      expectError(await zone.clients.clerk.request({ method: 'GET', url: '/api/cases/42/ratings' }), 'VALIDATION_FAILED', 'params.id', 'format');
    });

    it('shows the ratings to the applicant and the zone’s staff, never to another zone or another applicant', async () => {
      const zone = await setUpZone();
      const concluded = await concludedCase(zone);
      await rate(zone.applicant.client, concluded.id, levels(5));
      for (const client of [zone.applicant.client, zone.clients.clerk, zone.clients.leader, zone.clients.system_admin]) {
        expect((await ratingsOf(client, concluded.id)).map((rating) => [rating.caseNumber, rating.overall])).toEqual([[concluded.number, 5]]);
      }
      const elsewhere = await zoneWith(['clerk', 'applicant']);
      expectError(await elsewhere.clients.clerk.request({ method: 'GET', url: `/api/cases/${concluded.id}/ratings` }), 'NOT_FOUND');
      expectError(await elsewhere.clients.applicant.request({ method: 'GET', url: `/api/cases/${concluded.id}/ratings` }), 'NOT_FOUND');
    });

    it('keeps an applicant without an enterprise out of another such applicant’s case', async () => {
      const zone = await setUpZone();
      const loner = await newApplicant(zone.zone.id);
      const concluded = await concludedCase(zone, { applicant: loner });
      await rate(loner.client, concluded.id, levels(2, { comment: '个人意见' }));
      const otherLoner = await newApplicant(zone.zone.id);
      expectError(await otherLoner.client.request({ method: 'GET', url: `/api/cases/${concluded.id}/ratings` }), 'NOT_FOUND');
      expectError(await zone.applicant.client.request({ method: 'GET', url: `/api/cases/${concluded.id}/ratings` }), 'NOT_FOUND');
      expect(await ratingsOf(loner.client, concluded.id)).toHaveLength(1);
    });
  });

  describe('GET /api/rectification-tasks', () => {
    // The route takes no parameters, so there is no invalid request to send.
    it('refuses a signed-out caller, the applicant and the inspector', async () => {
      const zone = await setUpZone();
      expectError(await requestSignedOut(context.testApp, { method: 'GET', url: '/api/rectification-tasks' }), 'AUTH_REQUIRED');
      expectError(await zone.applicant.client.request({ method: 'GET', url: '/api/rectification-tasks' }), 'FORBIDDEN');
      expectError(await zone.clients.inspector.request({ method: 'GET', url: '/api/rectification-tasks' }), 'FORBIDDEN');
    });

    it('lists the zone’s tasks, open first, to the window and leaders; an approver sees their department’s only; another zone sees none', async () => {
      const zone = await setUpZone();
      const db = context.testApp.database.db;
      const otherDepartment = await createDepartment(db, zone.zone.id);
      const otherItem = await createServiceItem(db, zone.zone.id, otherDepartment.id);
      const otherApproverUser = await createUser(db, { zoneId: zone.zone.id, roles: ['approver'], departmentId: otherDepartment.id });
      const otherApprover = await signIn(context.testApp, otherApproverUser.username);

      const ours = await concludedCase(zone);
      const theirs = await concludedCase(zone, { item: otherItem, approver: otherApprover });
      await rate(zone.applicant.client, ours.id, levels(2));
      await rate(zone.applicant.client, theirs.id, levels(1));
      const [oursTask] = (await tasksOf(zone.clients.clerk)).filter((task) => task.caseId === ours.id);
      await returnVisit(zone.clients.approver, oursTask!.id, { note: '已回访' });
      await rate(zone.applicant.client, ours.id, levels(5));

      for (const client of [zone.clients.clerk, zone.clients.leader, zone.clients.system_admin]) {
        expect((await tasksOf(client)).map((task) => [task.caseId, task.status])).toEqual([
          [theirs.id, 'open'],
          [ours.id, 'closed'],
        ]);
      }
      expect((await tasksOf(zone.clients.approver)).map((task) => task.caseId)).toEqual([ours.id]);
      expect((await tasksOf(otherApprover)).map((task) => [task.caseId, task.department.id])).toEqual([[theirs.id, otherDepartment.id]]);
      const elsewhere = await zoneWith(['clerk']);
      expect(await tasksOf(elsewhere.clients.clerk)).toEqual([]);
    });
  });

  describe('POST /api/rectification-tasks/:id/return-visit', () => {
    async function openTask() {
      const zone = await setUpZone();
      const concluded = await concludedCase(zone);
      await rate(zone.applicant.client, concluded.id, levels(2));
      const [task] = await tasksOf(zone.clients.clerk);
      return { zone, concluded, task: task! };
    }

    it('refuses a signed-out caller, the applicant and a leader', async () => {
      const { zone, task } = await openTask();
      expectError(await requestSignedOut(context.testApp, { method: 'POST', url: `/api/rectification-tasks/${task.id}/return-visit`, payload: { note: '已回访' } }), 'AUTH_REQUIRED');
      expectError(await returnVisit(zone.applicant.client, task.id, { note: '已回访' }), 'FORBIDDEN');
      expectError(await returnVisit(zone.clients.leader, task.id, { note: '已回访' }), 'FORBIDDEN');
      expect((await tasksOf(zone.clients.clerk))[0]!.status).toBe('open');
    });

    it('hides another zone’s task', async () => {
      const { task } = await openTask();
      const elsewhere = await zoneWith(['clerk']);
      expectError(await returnVisit(elsewhere.clients.clerk, task.id, { note: '已回访' }), 'NOT_FOUND');
      expectError(await returnVisit(elsewhere.clients.clerk, UNKNOWN_ID, { note: '已回访' }), 'NOT_FOUND');
    });

    it('names an empty or missing note and a bad id', async () => {
      const { zone, task } = await openTask();
      expectError(await returnVisit(zone.clients.clerk, task.id, { note: '' }), 'VALIDATION_FAILED', 'body.note', 'minLength');
      expectError(await returnVisit(zone.clients.clerk, task.id, {}), 'VALIDATION_FAILED', 'body.note', 'required');
      expectError(await returnVisit(zone.clients.clerk, task.id, { note: 'x'.repeat(2001) }), 'VALIDATION_FAILED', 'body.note', 'maxLength');
      expectError(await returnVisit(zone.clients.clerk, 'task', { note: '已回访' }), 'VALIDATION_FAILED', 'params.id', 'format');
    });

    it('records the visit once, by the window or the department, not by another department’s approver', async () => {
      const { zone, task } = await openTask();
      const db = context.testApp.database.db;
      const otherDepartment = await createDepartment(db, zone.zone.id);
      const outsider = await signIn(context.testApp, (await createUser(db, { zoneId: zone.zone.id, roles: ['approver'], departmentId: otherDepartment.id })).username);
      expectError(await returnVisit(outsider, task.id, { note: '越权回访' }), 'FORBIDDEN');
      const visited = await returnVisit(zone.clients.clerk, task.id, { note: '窗口负责人上门回访' });
      expect(visited.statusCode, visited.body).toBe(200);
      expect(visited.json<RectificationTask>()).toMatchObject({ id: task.id, status: 'visited', returnVisitNote: '窗口负责人上门回访', followUpRating: null });
      expectError(await returnVisit(zone.clients.approver, task.id, { note: '再次回访' }), 'CONFLICT');
    });
  });

  describe('POST /api/ratings/:id/appeal and /appeal-decision', () => {
    async function badRating() {
      const zone = await setUpZone();
      const concluded = await concludedCase(zone);
      const rating = (await rate(zone.applicant.client, concluded.id, levels(1, { comment: '恶意差评' }))).json<Rating>();
      return { zone, concluded, rating };
    }

    it('refuses signed-out callers and the wrong roles', async () => {
      const { zone, rating } = await badRating();
      expectError(await requestSignedOut(context.testApp, { method: 'POST', url: `/api/ratings/${rating.id}/appeal`, payload: { reason: '恶意' } }), 'AUTH_REQUIRED');
      expectError(await requestSignedOut(context.testApp, { method: 'POST', url: `/api/ratings/${rating.id}/appeal-decision`, payload: { isUpheld: true, note: '属实' } }), 'AUTH_REQUIRED');
      expectError(await appeal(zone.applicant.client, rating.id, { reason: '恶意' }), 'FORBIDDEN');
      expectError(await appeal(zone.clients.leader, rating.id, { reason: '恶意' }), 'FORBIDDEN');
      await appeal(zone.clients.clerk, rating.id, { reason: '申请人因不予退费而报复性差评' });
      expectError(await decideAppeal(zone.clients.clerk, rating.id, { isUpheld: true, note: '属实' }), 'FORBIDDEN');
      expectError(await decideAppeal(zone.clients.approver, rating.id, { isUpheld: true, note: '属实' }), 'FORBIDDEN');
      expectError(await decideAppeal(zone.applicant.client, rating.id, { isUpheld: true, note: '属实' }), 'FORBIDDEN');
    });

    it('hides another zone’s rating', async () => {
      const { rating } = await badRating();
      const elsewhere = await zoneWith(['clerk', 'system_admin']);
      expectError(await appeal(elsewhere.clients.clerk, rating.id, { reason: '恶意' }), 'NOT_FOUND');
      expectError(await decideAppeal(elsewhere.clients.system_admin, rating.id, { isUpheld: true, note: '属实' }), 'NOT_FOUND');
    });

    it('names the invalid fields', async () => {
      const { zone, rating } = await badRating();
      expectError(await appeal(zone.clients.clerk, rating.id, {}), 'VALIDATION_FAILED', 'body.reason', 'required');
      expectError(await appeal(zone.clients.clerk, rating.id, { reason: '', extra: true }), 'VALIDATION_FAILED', 'body.extra', 'additionalProperties');
      expectError(await appeal(zone.clients.clerk, 'rating-1', { reason: '恶意' }), 'VALIDATION_FAILED', 'params.id', 'format');
      expectError(await decideAppeal(zone.clients.system_admin, rating.id, { isUpheld: 'perhaps', note: '属实' }), 'VALIDATION_FAILED', 'body.isUpheld', 'type');
      expectError(await decideAppeal(zone.clients.system_admin, rating.id, { isUpheld: true }), 'VALIDATION_FAILED', 'body.note', 'required');
    });

    it('appeals only a bad review, once, and only a pending appeal is decided', async () => {
      const zone = await setUpZone();
      const concluded = await concludedCase(zone);
      const good = (await rate(zone.applicant.client, concluded.id, levels(5))).json<Rating>();
      expectError(await appeal(zone.clients.clerk, good.id, { reason: '无理由' }), 'RATING_NOT_ALLOWED');
      expectError(await decideAppeal(zone.clients.system_admin, good.id, { isUpheld: true, note: '无' }), 'CONFLICT');

      const { zone: other, rating } = await badRating();
      const appealed = await appeal(other.clients.approver, rating.id, { reason: '申请人辱骂工作人员后给出差评' });
      expect(appealed.statusCode, appealed.body).toBe(200);
      expect(appealed.json<Rating>()).toMatchObject({ id: rating.id, caseNumber: rating.caseNumber, appeal: { status: 'pending', reason: '申请人辱骂工作人员后给出差评', decisionNote: null } });
      expectError(await appeal(other.clients.clerk, rating.id, { reason: '再次申诉' }), 'CONFLICT');
    });

    it('lets an approver appeal only a review of their own department’s case', async () => {
      const { zone, rating } = await badRating();
      const db = context.testApp.database.db;
      const otherDepartment = await createDepartment(db, zone.zone.id);
      const outsider = await signIn(context.testApp, (await createUser(db, { zoneId: zone.zone.id, roles: ['approver'], departmentId: otherDepartment.id })).username);
      expectError(await appeal(outsider, rating.id, { reason: '恶意差评' }), 'FORBIDDEN');
      expect((await appeal(zone.clients.approver, rating.id, { reason: '恶意差评' })).json<Rating>().appeal).toMatchObject({ status: 'pending' });
    });

    it('keeps the task open when an appeal is rejected, and closes it when upheld', async () => {
      const rejectedCase = await badRating();
      await appeal(rejectedCase.zone.clients.clerk, rejectedCase.rating.id, { reason: '恶意' });
      const rejected = await decideAppeal(rejectedCase.zone.clients.system_admin, rejectedCase.rating.id, { isUpheld: false, note: '差评有事实依据，驳回申诉' });
      expect(rejected.json<Rating>()).toMatchObject({ caseNumber: rejectedCase.concluded.number, appeal: { status: 'rejected', decisionNote: '差评有事实依据，驳回申诉' } });
      expect((await tasksOf(rejectedCase.zone.clients.clerk)).map((task) => task.status)).toEqual(['open']);
      expectError(await decideAppeal(rejectedCase.zone.clients.system_admin, rejectedCase.rating.id, { isUpheld: true, note: '改判' }), 'CONFLICT');

      const upheldCase = await badRating();
      await appeal(upheldCase.zone.clients.clerk, upheldCase.rating.id, { reason: '恶意' });
      const upheld = await decideAppeal(upheldCase.zone.clients.system_admin, upheldCase.rating.id, { isUpheld: true, note: '经核实属恶意差评' });
      expect(upheld.json<Rating>()).toMatchObject({ appeal: { status: 'upheld', decisionNote: '经核实属恶意差评' } });
      expect((await tasksOf(upheldCase.zone.clients.clerk)).map((task) => task.status)).toEqual(['closed']);
      // No follow-up rating on a review found malicious.
      expectError(await rate(upheldCase.zone.applicant.client, upheldCase.concluded.id, levels(1)), 'RATING_NOT_ALLOWED');
    });
  });

  describe('GET /api/ratings/satisfaction', () => {
    it('refuses a signed-out caller, the applicant and the inspector', async () => {
      const zone = await setUpZone();
      expectError(await requestSignedOut(context.testApp, { method: 'GET', url: '/api/ratings/satisfaction?by=item' }), 'AUTH_REQUIRED');
      expectError(await zone.applicant.client.request({ method: 'GET', url: '/api/ratings/satisfaction?by=item' }), 'FORBIDDEN');
      expectError(await zone.clients.inspector.request({ method: 'GET', url: '/api/ratings/satisfaction?by=item' }), 'FORBIDDEN');
    });

    it('names a missing or unknown grouping', async () => {
      const zone = await setUpZone();
      expectError(await zone.clients.leader.request({ method: 'GET', url: '/api/ratings/satisfaction?by=window' }), 'VALIDATION_FAILED', 'query.by');
      expectError(await zone.clients.leader.request({ method: 'GET', url: '/api/ratings/satisfaction' }), 'VALIDATION_FAILED', 'query.by', 'required');
    });

    it('counts the latest rating of each case, leaves upheld appeals out, and adds up by item, department and staff member', async () => {
      const zone = await setUpZone();
      const db = context.testApp.database.db;
      const departmentB = await createDepartment(db, zone.zone.id, { nameZh: '市场监督管理局' });
      const itemB = await createServiceItem(db, zone.zone.id, departmentB.id, { nameZh: '食品经营许可' });
      const approverBUser = await createUser(db, { zoneId: zone.zone.id, roles: ['approver'], departmentId: departmentB.id });
      const approverB = await signIn(context.testApp, approverBUser.username);
      const itemA = zone.item;

      // A1: item A, decided by approver A, 非常满意.
      const a1 = await concludedCase(zone);
      await rate(zone.applicant.client, a1.id, levels(5));
      // A2: item A, 非常不满意, appealed and upheld below: it leaves the statistics.
      const a2 = await concludedCase(zone);
      const malicious = (await rate(zone.applicant.client, a2.id, levels(1))).json<Rating>();
      // A3: item A, 不满意, then after the return visit 满意: only the follow-up counts.
      const a3 = await concludedCase(zone);
      await rate(zone.applicant.client, a3.id, levels(2));
      const a3Task = (await tasksOf(zone.clients.clerk)).find((task) => task.caseId === a3.id)!;
      await returnVisit(zone.clients.approver, a3Task.id, { note: '已回访整改' });
      await rate(zone.applicant.client, a3.id, levels(4));
      // B1: item B, decided by approver B, 基本满意.
      const b1 = await concludedCase(zone, { item: itemB, approver: approverB });
      await rate(zone.applicant.client, b1.id, levels(3));
      // B2: item B, refused by the window clerk, 不满意.
      const b2 = await refusedCase(zone, { item: itemB });
      await rate(zone.applicant.client, b2.id, levels(2));
      // A rated case of another zone never shows.
      const elsewhere = await setUpZone();
      const foreign = await concludedCase(elsewhere);
      await rate(elsewhere.applicant.client, foreign.id, levels(1));

      const itemRow = (key: string, ratings: number, satisfied: number, bad: number, averageOverall: number) => ({ key, ratings, satisfied, bad, averageOverall, rate: satisfied / ratings });
      const pick = (rows: SatisfactionRow[]) =>
        rows.map(({ key, ratings, satisfied, bad, averageOverall, rate: share }) => ({ key, ratings, satisfied, bad, averageOverall, rate: share })).sort((left, right) => left.key.localeCompare(right.key));
      const sorted = <T extends { key: string }>(rows: T[]) => [...rows].sort((left, right) => left.key.localeCompare(right.key));

      // Before the appeal: item A has A1 (5), A2 (1), A3 (4).
      expect(pick(await satisfaction(zone.clients.leader, 'item'))).toEqual(sorted([itemRow(itemA.id, 3, 2, 1, 3.33), itemRow(itemB.id, 2, 1, 1, 2.5)]));

      await appeal(zone.clients.approver, malicious.id, { reason: '恶意差评' });
      await decideAppeal(zone.clients.system_admin, malicious.id, { isUpheld: true, note: '经核实属恶意差评' });

      const byItem = await satisfaction(zone.clients.leader, 'item');
      expect(pick(byItem)).toEqual(sorted([itemRow(itemA.id, 2, 2, 0, 4.5), itemRow(itemB.id, 2, 1, 1, 2.5)]));
      expect(byItem.find((row) => row.key === itemB.id)).toMatchObject({ nameZh: '食品经营许可' });

      const byDepartment = await satisfaction(zone.clients.clerk, 'department');
      expect(pick(byDepartment)).toEqual(sorted([itemRow(zone.department.id, 2, 2, 0, 4.5), itemRow(departmentB.id, 2, 1, 1, 2.5)]));
      expect(byDepartment.find((row) => row.key === departmentB.id)).toMatchObject({ nameZh: '市场监督管理局' });

      // 办结人: approver A concluded A1 and A3, approver B concluded B1, the clerk refused B2.
      const byStaff = await satisfaction(zone.clients.system_admin, 'staff');
      expect(pick(byStaff)).toEqual(
        sorted([
          itemRow(zone.clients.approver.userId, 2, 2, 0, 4.5),
          itemRow(approverB.userId, 1, 1, 0, 3),
          itemRow(zone.clients.clerk.userId, 1, 0, 1, 2),
        ]),
      );

      for (const rows of [byItem, byDepartment, byStaff]) {
        const total = rows.reduce((sum, row) => ({ ratings: sum.ratings + row.ratings, satisfied: sum.satisfied + row.satisfied, bad: sum.bad + row.bad }), { ratings: 0, satisfied: 0, bad: 0 });
        expect(total).toEqual({ ratings: 4, satisfied: 3, bad: 1 });
      }
      expect(pick(await satisfaction(elsewhere.clients.leader, 'item'))).toEqual([itemRow(elsewhere.item.id, 1, 0, 1, 1)]);
    });
  });
});

describe('a rectification deadline in a year the calendar does not cover', () => {
  // Monday 28 December 2026; the 2027 schedule is not loaded yet.
  const { context, setUpZone, concludedCase } = useRatingsWorld(chinaMorning('2026-12-28'));

  it('waits for the year instead of guessing, and is computed once the year is loaded', async () => {
    const zone = await setUpZone();
    const concluded = await concludedCase(zone);
    await rate(zone.applicant.client, concluded.id, levels(2));
    expect((await tasksOf(zone.clients.clerk)).map((task) => task.dueOn)).toEqual([null]);

    const loaded = await zone.clients.system_admin.request({
      method: 'PUT',
      url: '/api/calendar/years/2027',
      payload: testScheduleFor2027(),
    });
    expect(loaded.statusCode, loaded.body).toBe(200);
    // 29, 30, 31 December; 1 January is a holiday; Monday 4 and Tuesday 5 January.
    expect((await tasksOf(zone.clients.clerk)).map((task) => task.dueOn)).toEqual(['2027-01-05']);
    expect(context.testApp.clock.now().toISOString()).toBe('2026-12-28T02:00:00.000Z');
  });
});
