import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq, sql } from 'drizzle-orm';
import { createTestApp, createZoneWithUsers, signIn, type Client, type TestApp } from '../../test/test-app.js';
import { createServiceItem, createStoredFile, createUser, createEnterprise, testScheduleFor2027 } from '../../test/factories.js';
import { verifyAuditChain } from '../audit/index.js';
import { auditEvents } from '../audit/audit.table.js';
import { files } from '../files/files.table.js';
import { outboxMessages } from '../notifications/notifications.table.js';
import { QUEUE_CACHE_MS } from './cases.service.js';

/** 10:00 in China on the given day. */
const chinaMorning = (day: string) => `${day}T02:00:00.000Z`;

describe('cases', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp(chinaMorning('2026-03-02'));
  });
  afterAll(async () => {
    await testApp.close();
  });

  async function setUp(itemOverrides: Parameters<typeof createServiceItem>[3] = {}) {
    const db = testApp.database.db;
    const world = await createZoneWithUsers(testApp, ['clerk', 'approver', 'inspector', 'leader', 'system_admin']);
    const enterprise = await createEnterprise(db, world.zone.id, { name: '峻凌电子(咸阳)有限公司' });
    const applicantUser = await createUser(db, { zoneId: world.zone.id, roles: ['applicant'], enterpriseId: enterprise.id, phone: '13800000001' });
    const applicant = await signIn(testApp, applicantUser.username);
    const item = await createServiceItem(db, world.zone.id, world.department.id, itemOverrides);
    const licence = await createStoredFile(db, world.zone.id, applicantUser.id, 'pdf');
    const plan = await createStoredFile(db, world.zone.id, applicantUser.id, 'pdf');
    return { ...world, applicant, applicantUser, item, licence, plan };
  }

  async function submitCase(world: Awaited<ReturnType<typeof setUp>>) {
    const draft = await world.applicant.request({
      method: 'POST',
      url: '/api/cases',
      payload: { serviceItemId: world.item.id, formData: { project_name: '新电子元器件生产线' }, materials: { licence: world.licence.id, plan: world.plan.id } },
    });
    expect(draft.statusCode).toBe(200);
    const submitted = await world.applicant.request({ method: 'POST', url: `/api/cases/${draft.json().id}/submit`, payload: { version: draft.json().version } });
    expect(submitted.statusCode).toBe(200);
    return submitted.json();
  }

  const act = (client: Client, caseId: string, action: string, payload: Record<string, unknown>) => client.request({ method: 'POST', url: `/api/cases/${caseId}/${action}`, payload });

  it('carries a case from application through correction, acceptance and decision to delivery', async () => {
    const world = await setUp();
    const submitted = await submitCase(world);
    expect(submitted).toMatchObject({ status: 'submitted', number: expect.stringMatching(/^[A-Z0-9]+-2026-\d{6}$/) });

    const correction = await act(world.clients.clerk, submitted.id, 'request-correction', {
      version: submitted.version,
      deficiencies: [
        { target: 'plan', reason: '平面图未标注尺寸' },
        { target: 'form.project_name', reason: '项目名称与备案不一致' },
      ],
    });
    expect(correction.json()).toMatchObject({ status: 'correction_requested', correction: { deficiencies: [{ target: 'plan' }, { target: 'form.project_name' }] } });

    const newPlan = await createStoredFile(testApp.database.db, world.zone.id, world.applicantUser.id, 'pdf');
    const corrected = await world.applicant.request({
      method: 'POST',
      url: `/api/cases/${submitted.id}/resubmit`,
      payload: { version: correction.json().version, formData: { project_name: '新型电子元器件生产线项目' }, materials: { licence: world.licence.id, plan: newPlan.id } },
    });
    expect(corrected.json()).toMatchObject({ status: 'submitted', correction: null, formData: { project_name: '新型电子元器件生产线项目' } });

    const accepted = await act(world.clients.clerk, submitted.id, 'accept', { version: corrected.json().version });
    // Accepted Monday 2 March 2026; 5 working days, the start day not counted: Monday 9 March.
    expect(accepted.json()).toMatchObject({ status: 'under_review', clock: { acceptedOn: '2026-03-02', dueOn: '2026-03-09', usedDays: 0, remainingDays: 5, light: 'green' } });

    const decided = await act(world.clients.approver, submitted.id, 'decide', { version: accepted.json().version, decision: 'approved', reason: '材料齐全，符合法定条件' });
    expect(decided.json()).toMatchObject({ status: 'concluded', decision: 'approved', documents: [{ kind: 'decision', revokedAt: null }] });
    const decisionPdf = await world.applicant.request({ method: 'GET', url: `/api/files/${decided.json().documents[0].fileId}` });
    expect(decisionPdf.statusCode).toBe(200);
    expect(decisionPdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const verified = await testApp.app.inject({ method: 'GET', url: `/api/public/documents/${decided.json().documents[0].verificationCode}` });
    expect(verified.json()).toMatchObject({ status: 'valid', facts: { 办件编号: submitted.number } });

    const delivered = await act(world.clients.clerk, submitted.id, 'deliver', { version: decided.json().version, method: 'post', trackingNumber: 'SF1234567890' });
    expect(delivered.json()).toMatchObject({ status: 'delivered', delivery: { method: 'post', trackingNumber: 'SF1234567890' } });
    expect(delivered.json().events.map((event: { action: string }) => event.action)).toEqual(['draft_created', 'submitted', 'correction_requested', 'corrected', 'accepted', 'concluded', 'delivered']);

    const applicantView = await world.applicant.request({ method: 'GET', url: `/api/cases/${submitted.id}` });
    expect(applicantView.json().status).toBe('delivered');

    const sms = await testApp.database.db.select().from(outboxMessages).where(eq(outboxMessages.recipientUserId, world.applicantUser.id));
    expect(sms.map((message) => message.template).sort()).toEqual(['case.accepted', 'case.concluded', 'case.correction_requested', 'case.delivered', 'case.submitted']);
    expect(sms.find((message) => message.template === 'case.correction_requested')?.body).toContain('需补正材料共2项');
  });

  it('refuses a submission that lacks a required material or answer, naming each', async () => {
    const world = await setUp();
    const draft = await world.applicant.request({ method: 'POST', url: '/api/cases', payload: { serviceItemId: world.item.id, formData: {}, materials: { licence: world.licence.id } } });
    expect(draft.statusCode).toBe(200);
    const refused = await world.applicant.request({ method: 'POST', url: `/api/cases/${draft.json().id}/submit`, payload: { version: draft.json().version } });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.fields).toEqual([
      { field: 'body.formData.project_name', reason: 'required' },
      { field: 'body.materials.plan', reason: 'required' },
    ]);
  });

  it('refuses another applicant’s file and a file of the wrong format', async () => {
    const world = await setUp();
    const other = await createUser(testApp.database.db, { zoneId: world.zone.id, roles: ['applicant'] });
    const othersFile = await createStoredFile(testApp.database.db, world.zone.id, other.id, 'pdf');
    const stolen = await world.applicant.request({ method: 'POST', url: '/api/cases', payload: { serviceItemId: world.item.id, formData: {}, materials: { licence: othersFile.id } } });
    expect(stolen.json().error).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'body.materials.licence', reason: 'file_not_found' }] });
    const image = await createStoredFile(testApp.database.db, world.zone.id, world.applicantUser.id, 'png');
    const wrongFormat = await world.applicant.request({ method: 'POST', url: '/api/cases', payload: { serviceItemId: world.item.id, formData: {}, materials: { plan: image.id } } });
    expect(wrongFormat.json().error).toMatchObject({ code: 'FILE_TYPE_NOT_ALLOWED', fields: [{ field: 'body.materials.plan' }] });
  });

  it('guards roles, zones, versions and states', async () => {
    const world = await setUp();
    const submitted = await submitCase(world);
    expect((await act(world.clients.leader, submitted.id, 'accept', { version: submitted.version })).json().error.code).toBe('FORBIDDEN');
    expect((await act(world.clients.clerk, submitted.id, 'accept', { version: submitted.version + 5 })).json().error.code).toBe('CASE_VERSION_CONFLICT');
    expect((await act(world.clients.approver, submitted.id, 'decide', { version: submitted.version, decision: 'approved', reason: 'x' })).json().error.code).toBe('CASE_INVALID_TRANSITION');
    expect((await world.clients.system_admin.request({ method: 'GET', url: `/api/cases/${submitted.id}` })).statusCode).toBe(404);
    const elsewhere = await createZoneWithUsers(testApp, ['clerk']);
    expect((await act(elsewhere.clients.clerk, submitted.id, 'accept', { version: submitted.version })).statusCode).toBe(404);
    expect((await elsewhere.clients.clerk.request({ method: 'GET', url: '/api/cases' })).json().items).toEqual([]);
    const signedOut = await testApp.app.inject({ method: 'POST', url: `/api/cases/${submitted.id}/accept`, payload: { version: 0 } });
    expect(signedOut.statusCode).toBe(401);
    const invalid = await act(world.clients.clerk, submitted.id, 'refuse', { version: submitted.version });
    expect(invalid.json().error.fields).toEqual([{ field: 'body.reason', reason: 'required' }]);
  });

  it('lists the queue most urgent first with counts and filters', async () => {
    const world = await setUp();
    const first = await submitCase(world);
    const second = await submitCase(world);
    await act(world.clients.clerk, first.id, 'accept', { version: first.version });
    const queue = await world.clients.clerk.request({ method: 'GET', url: '/api/cases' });
    expect(queue.json().counts).toEqual({ submitted: 1, under_review: 1 });
    expect(queue.json().items.map((entry: { id: string }) => entry.id)).toEqual([first.id, second.id]);
    const reviewing = await world.clients.clerk.request({ method: 'GET', url: '/api/cases?status=under_review' });
    expect(reviewing.json().items.map((entry: { id: string }) => entry.id)).toEqual([first.id]);
    const secondPage = await world.clients.clerk.request({ method: 'GET', url: '/api/cases?page=2&pageSize=1' });
    expect(secondPage.json()).toMatchObject({ items: [{ id: second.id, applicantName: world.applicantUser.displayName, enterpriseName: '峻凌电子(咸阳)有限公司' }], total: 2 });
    const found = await world.clients.clerk.request({ method: 'GET', url: `/api/cases?q=${encodeURIComponent('峻凌')}&pageSize=1&page=2` });
    expect(found.json()).toMatchObject({ items: [{ id: second.id }], total: 2 });
    const byNumber = await world.clients.clerk.request({ method: 'GET', url: `/api/cases?q=${second.number}` });
    expect(byNumber.json()).toMatchObject({ items: [{ id: second.id }], total: 1 });
    const pastTheEnd = await world.clients.clerk.request({ method: 'GET', url: `/api/cases?serviceItemId=${world.item.id}&page=3&pageSize=1` });
    expect(pastTheEnd.json()).toMatchObject({ items: [], total: 2 });
    const itemPage = await world.clients.clerk.request({ method: 'GET', url: `/api/cases?serviceItemId=${world.item.id}&page=2&pageSize=1` });
    expect(itemPage.json()).toMatchObject({ items: [{ id: second.id }], total: 2 });
    const noneOverdue = await world.clients.clerk.request({ method: 'GET', url: '/api/cases?isOverdue=true' });
    expect(noneOverdue.json()).toMatchObject({ items: [], total: 0 });
    const bad = await world.clients.clerk.request({ method: 'GET', url: '/api/cases?status=lost' });
    expect(bad.json().error.fields[0].field).toBe('query.status');
    // A whole case number read out on the phone finds the case after it has ended; other searches stay on the open cases.
    const third = await submitCase(world);
    await act(world.clients.clerk, third.id, 'refuse', { version: third.version, reason: '不属于本机关职权范围' });
    const ended = await world.clients.clerk.request({ method: 'GET', url: `/api/cases?q=${third.number.toLowerCase()}` });
    expect(ended.json()).toMatchObject({ items: [{ id: third.id, status: 'refused' }], total: 1 });
    const byName = await world.clients.clerk.request({ method: 'GET', url: `/api/cases?q=${encodeURIComponent('峻凌')}` });
    expect(byName.json().items.map((entry: { id: string }) => entry.id)).toEqual([first.id, second.id]);
    const inTab = await world.clients.clerk.request({ method: 'GET', url: `/api/cases?status=submitted&q=${third.number}` });
    expect(inTab.json()).toMatchObject({ items: [], total: 0 });
  });

  it('saves a draft before any file is attached, and attaches the files when it is saved again', async () => {
    const world = await setUp();
    const draft = await world.applicant.request({ method: 'POST', url: '/api/cases', payload: { serviceItemId: world.item.id, formData: { project_name: '二期厂房' }, materials: {} } });
    expect(draft.statusCode).toBe(200);
    expect(draft.json()).toMatchObject({ status: 'draft', formData: { project_name: '二期厂房' }, materials: [], events: [{ action: 'draft_created' }] });
    const saved = await world.applicant.request({
      method: 'PUT',
      url: `/api/cases/${draft.json().id}/draft`,
      payload: { formData: { project_name: '二期厂房' }, materials: { licence: world.licence.id }, version: draft.json().version },
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().materials.map((material: { materialKey: string }) => material.materialKey)).toEqual(['licence']);
  });

  it('lets the applicant who started a draft delete it, and no one else, and never a submitted case', async () => {
    const world = await setUp();
    const db = testApp.database.db;
    const draft = (
      await world.applicant.request({ method: 'POST', url: '/api/cases', payload: { serviceItemId: world.item.id, formData: { project_name: '二期厂房' }, materials: { licence: world.licence.id } } })
    ).json();
    const remove = (client: Client, caseId: string, query: string) => client.request({ method: 'DELETE', url: `/api/cases/${caseId}/draft${query}` });

    const signedOut = await testApp.app.inject({ method: 'DELETE', url: `/api/cases/${draft.id}/draft?version=${draft.version}` });
    expect(signedOut.statusCode).toBe(401);
    expect((await remove(world.clients.clerk, draft.id, `?version=${draft.version}`)).json().error.code).toBe('FORBIDDEN');
    // A colleague of the same enterprise sees the draft, but it is not theirs to delete.
    const colleague = await signIn(testApp, (await createUser(db, { zoneId: world.zone.id, roles: ['applicant'], enterpriseId: world.applicantUser.enterpriseId })).username);
    expect((await colleague.request({ method: 'GET', url: `/api/cases/${draft.id}` })).statusCode).toBe(200);
    expect((await remove(colleague, draft.id, `?version=${draft.version}`)).json().error.code).toBe('FORBIDDEN');
    const stranger = await signIn(testApp, (await createUser(db, { zoneId: world.zone.id, roles: ['applicant'] })).username);
    expect((await remove(stranger, draft.id, `?version=${draft.version}`)).statusCode).toBe(404);
    const elsewhere = await createZoneWithUsers(testApp, []);
    const applicantElsewhere = await signIn(testApp, (await createUser(db, { zoneId: elsewhere.zone.id, roles: ['applicant'] })).username);
    expect((await remove(applicantElsewhere, draft.id, `?version=${draft.version}`)).statusCode).toBe(404);
    expect((await remove(world.applicant, draft.id, '')).json().error.fields).toEqual([{ field: 'query.version', reason: 'required' }]);
    expect((await remove(world.applicant, draft.id, '?version=-1')).json().error.fields[0].field).toBe('query.version');
    expect((await remove(world.applicant, 'not-a-case', '?version=0')).json().error.fields[0].field).toBe('params.id');
    expect((await remove(world.applicant, draft.id, `?version=${draft.version + 1}`)).json().error.code).toBe('CASE_VERSION_CONFLICT');
    expect((await world.applicant.request({ method: 'GET', url: `/api/cases/${draft.id}` })).statusCode).toBe(200);

    const deleted = await remove(world.applicant, draft.id, `?version=${draft.version}`);
    expect(deleted.statusCode, deleted.body).toBe(200);
    expect(deleted.json()).toEqual({ ok: true });
    expect((await world.applicant.request({ method: 'GET', url: `/api/cases/${draft.id}` })).statusCode).toBe(404);
    expect((await world.applicant.request({ method: 'GET', url: '/api/cases/mine' })).json()).toMatchObject({ items: [], total: 0 });
    expect((await remove(world.applicant, draft.id, `?version=${draft.version}`)).statusCode).toBe(404);
    const events = await db.execute(sql`select count(*)::int as count from case_events where case_id = ${draft.id}`);
    expect((events as unknown as { rows: Array<{ count: number }> }).rows[0]?.count).toBe(0);
    // The audit trail keeps the deletion; the uploaded file stays its uploader's and can go into a new application.
    const audit = await db.select().from(auditEvents).where(eq(auditEvents.targetId, draft.id)).orderBy(asc(auditEvents.seq));
    expect(audit.map((entry) => entry.action)).toEqual(['case.draft_created', 'case.draft_deleted']);
    expect(audit[1]).toMatchObject({ actorId: world.applicantUser.id, outcome: 'success', details: { from: 'draft', to: null, files: [{ materialKey: 'licence', fileId: world.licence.id }] } });
    expect(await verifyAuditChain(db)).toMatchObject({ isIntact: true, problems: [] });
    const [file] = await db.select().from(files).where(eq(files.id, world.licence.id));
    expect(file?.ownerId).toBe(world.applicantUser.id);
    const again = await world.applicant.request({ method: 'POST', url: '/api/cases', payload: { serviceItemId: world.item.id, formData: {}, materials: { licence: world.licence.id } } });
    expect(again.statusCode).toBe(200);

    // A submitted case keeps its number and history: it is withdrawn, not deleted.
    const submitted = await submitCase(world);
    expect((await remove(world.applicant, submitted.id, `?version=${submitted.version}`)).json().error.code).toBe('CASE_INVALID_TRANSITION');
    const withdrawn = await act(world.applicant, submitted.id, 'withdraw', { version: submitted.version, reason: '信息填错' });
    expect(withdrawn.json()).toMatchObject({ status: 'withdrawn' });
  });

  it('gives each case on the applicant’s list its subject, so that two drafts of one item can be told apart', async () => {
    const world = await setUp();
    const shop = await createServiceItem(testApp.database.db, world.zone.id, world.department.id, {
      form: [{ key: 'premises', labelZh: '经营场所', labelEn: 'Premises', type: 'text', isRequired: false, maxLength: 100 }],
      materials: [],
    });
    const create = (serviceItemId: string, formData: Record<string, string>) => world.applicant.request({ method: 'POST', url: '/api/cases', payload: { serviceItemId, formData, materials: {} } });
    const first = (await create(world.item.id, { project_name: '一期厂房' })).json();
    testApp.clock.advance(60_000);
    const second = (await create(world.item.id, { project_name: '  二期厂房 ' })).json();
    testApp.clock.advance(60_000);
    const unnamed = (await create(world.item.id, { project_name: '   ' })).json();
    testApp.clock.advance(60_000);
    const premises = (await create(shop.id, { premises: '高新区世纪大道 55 号' })).json();
    const mine = await world.applicant.request({ method: 'GET', url: '/api/cases/mine' });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items.map((entry: { id: string; subject: string | null; status: string }) => [entry.id, entry.subject, entry.status])).toEqual([
      [premises.id, '高新区世纪大道 55 号', 'draft'],
      [unnamed.id, null, 'draft'],
      [second.id, '二期厂房', 'draft'],
      [first.id, '一期厂房', 'draft'],
    ]);
    expect(mine.json().items[2].updatedAt).not.toBe(mine.json().items[3].updatedAt);
  });

  it('answers a new draft and a submission with what reading the case gives', async () => {
    const world = await setUp();
    const draft = await world.applicant.request({
      method: 'POST',
      url: '/api/cases',
      payload: { serviceItemId: world.item.id, formData: { project_name: '新电子元器件生产线' }, materials: { plan: world.plan.id, licence: world.licence.id } },
    });
    expect(draft.json()).toEqual((await world.applicant.request({ method: 'GET', url: `/api/cases/${draft.json().id}` })).json());
    const submitted = await world.applicant.request({ method: 'POST', url: `/api/cases/${draft.json().id}/submit`, payload: { version: draft.json().version } });
    expect(submitted.json()).toMatchObject({ status: 'submitted', version: draft.json().version + 1, events: [{ action: 'draft_created' }, { action: 'submitted', details: { number: submitted.json().number } }] });
    expect(submitted.json()).toEqual((await world.applicant.request({ method: 'GET', url: `/api/cases/${draft.json().id}` })).json());
    const sms = await testApp.database.db.select().from(outboxMessages).where(eq(outboxMessages.recipientUserId, world.applicantUser.id));
    expect(sms.map((message) => [message.template, message.body.includes(submitted.json().number)])).toEqual([['case.submitted', true]]);
  });

  it('numbers concurrent submissions of a zone without gaps or repeats, and keeps the audit chain intact', async () => {
    const world = await setUp();
    const drafts = [];
    for (let index = 0; index < 12; index += 1) {
      const draft = await world.applicant.request({
        method: 'POST',
        url: '/api/cases',
        payload: { serviceItemId: world.item.id, formData: { project_name: `项目${index}` }, materials: { licence: world.licence.id, plan: world.plan.id } },
      });
      drafts.push(draft.json());
    }
    // One of them is submitted twice at once: exactly one of the two may win.
    const attempts = [...drafts, drafts[0]].map((draft) => world.applicant.request({ method: 'POST', url: `/api/cases/${draft.id}/submit`, payload: { version: draft.version } }));
    const replies = await Promise.all(attempts);
    expect(replies.map((reply) => reply.statusCode).sort()).toEqual([...Array(12).fill(200), 409]);
    const numbers = replies.filter((reply) => reply.statusCode === 200).map((reply) => reply.json().number as string);
    const sequence = numbers.map((number) => Number(number.slice(-6))).sort((a, b) => a - b);
    expect(sequence).toEqual(Array.from({ length: 12 }, (_, index) => sequence[0]! + index));
    expect(new Set(numbers.map((number) => number.slice(0, -6))).size).toBe(1);
    expect(await verifyAuditChain(testApp.database.db)).toMatchObject({ isIntact: true, problems: [] });
  });

  it('counts the tabs again at once after a change through the server, and within seconds after one made elsewhere', async () => {
    const world = await setUp();
    const first = await submitCase(world);
    await submitCase(world);
    const counts = async () => {
      const queue = (await world.clients.clerk.request({ method: 'GET', url: '/api/cases' })).json() as { counts: Record<string, number>; total: number };
      return { counts: queue.counts, total: queue.total };
    };
    expect(await counts()).toEqual({ counts: { submitted: 2 }, total: 2 });
    await act(world.clients.clerk, first.id, 'refuse', { version: first.version, reason: '不属于本事项受理范围' });
    expect(await counts()).toEqual({ counts: { submitted: 1 }, total: 1 });
    // Another server process on the same database: this one learns of the change when its counts expire.
    await testApp.database.db.execute(sql`update cases set status = 'withdrawn' where zone_id = ${world.zone.id} and status = 'submitted'`);
    expect(await counts()).toEqual({ counts: { submitted: 1 }, total: 1 });
    testApp.clock.advance(QUEUE_CACHE_MS);
    expect(await counts()).toEqual({ counts: {}, total: 0 });
  });
});

describe('the working-day clock of a case', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp(chinaMorning('2026-09-28'));
  });
  afterAll(async () => {
    await testApp.close();
  });

  async function acceptedCase(day: string, limitDays: number) {
    testApp.clock.set(chinaMorning(day));
    const db = testApp.database.db;
    const world = await createZoneWithUsers(testApp, ['clerk', 'approver']);
    const applicantUser = await createUser(db, { zoneId: world.zone.id, roles: ['applicant'] });
    const applicant = await signIn(testApp, applicantUser.username);
    const item = await createServiceItem(db, world.zone.id, world.department.id, { committedLimitDays: limitDays, statutoryLimitDays: 20 });
    const [licence, plan] = [await createStoredFile(db, world.zone.id, applicantUser.id), await createStoredFile(db, world.zone.id, applicantUser.id)];
    const draft = await applicant.request({ method: 'POST', url: '/api/cases', payload: { serviceItemId: item.id, formData: { project_name: '测试' }, materials: { licence: licence.id, plan: plan.id } } });
    const submitted = await applicant.request({ method: 'POST', url: `/api/cases/${draft.json().id}/submit`, payload: { version: draft.json().version } });
    const accepted = await world.clients.clerk.request({ method: 'POST', url: `/api/cases/${draft.json().id}/accept`, payload: { version: submitted.json().version } });
    return { ...world, applicant, applicantUser, caseId: draft.json().id as string, accepted: accepted.json() };
  }

  /** Moves the clock to 10:00 on `day`; sessions do not last for days, so everyone signs in again. */
  async function dayComes(day: string, world: Awaited<ReturnType<typeof acceptedCase>>) {
    testApp.clock.set(chinaMorning(day));
    return {
      clerk: await signIn(testApp, world.usernames.clerk),
      approver: await signIn(testApp, world.usernames.approver),
      applicant: await signIn(testApp, world.applicantUser.username),
    };
  }

  it('runs across National Day and its make-up Saturday, stopping while the applicant corrects', async () => {
    const world = await acceptedCase('2026-09-28', 5);
    const { applicantUser, zone, caseId, accepted } = world;
    // Monday 28 September; 5 working days: 29, 30 Sep, 8, 9, 10 (make-up Saturday) Oct.
    expect(accepted.clock).toMatchObject({ dueOn: '2026-10-10', remainingDays: 5 });
    let people = await dayComes('2026-09-30', world);
    const correction = await people.approver.request({ method: 'POST', url: `/api/cases/${caseId}/request-correction`, payload: { version: accepted.version, deficiencies: [{ target: 'plan', reason: '需加盖公章' }] } });
    expect(correction.json(), correction.body).toMatchObject({ clock: { usedDays: 2, remainingDays: 3, isPaused: true } });
    people = await dayComes('2026-10-09', world);
    const paused = await people.approver.request({ method: 'GET', url: `/api/cases/${caseId}` });
    expect(paused.json().clock).toMatchObject({ usedDays: 2, isPaused: true });
    const newPlan = await createStoredFile(testApp.database.db, zone.id, applicantUser.id);
    const resumed = await people.applicant.request({ method: 'POST', url: `/api/cases/${caseId}/resubmit`, payload: { version: paused.json().version, formData: { project_name: '测试' }, materials: { licence: paused.json().materials[0].fileId, plan: newPlan.id } } });
    // 8 and 9 October are out of the clock; it counts again from Saturday 10 October: 10, 12, 13.
    expect(resumed.json()).toMatchObject({ status: 'under_review', clock: { usedDays: 2, dueOn: '2026-10-13', isPaused: false, light: 'green' } });
    people = await dayComes('2026-10-12', world);
    const yellow = await people.applicant.request({ method: 'GET', url: `/api/cases/${caseId}` });
    expect(yellow.json().clock).toMatchObject({ usedDays: 4, remainingDays: 1, light: 'yellow' });
    people = await dayComes('2026-10-14', world);
    const red = await people.clerk.request({ method: 'GET', url: '/api/cases?isOverdue=true' });
    expect(red.json().items.map((entry: { id: string; clock: { light: string } }) => [entry.id, entry.clock.light])).toEqual([[caseId, 'red']]);
  });

  it('counts a case concluded after its due date as overdue, and one concluded in time as not', async () => {
    const late = await acceptedCase('2026-11-02', 2);
    const onTime = await acceptedCase('2026-11-02', 10);
    const people = await dayComes('2026-11-09', late);
    const approverOfOnTime = await signIn(testApp, onTime.usernames.approver);
    const decide = (client: typeof people.approver, caseId: string, version: number) =>
      client.request({ method: 'POST', url: `/api/cases/${caseId}/decide`, payload: { version, decision: 'approved', reason: '符合法定条件' } });
    expect((await decide(people.approver, late.caseId, late.accepted.version)).statusCode).toBe(200);
    expect((await decide(approverOfOnTime, onTime.caseId, onTime.accepted.version)).statusCode).toBe(200);
    const overdue = async (client: typeof people.clerk) => (await client.request({ method: 'GET', url: '/api/cases?status=concluded&isOverdue=true' })).json().items.map((entry: { id: string }) => entry.id);
    // Weeks later both due dates have passed; only the late one was overdue.
    const later = await dayComes('2026-11-30', late);
    expect(await overdue(later.clerk)).toEqual([late.caseId]);
    expect(await overdue(await signIn(testApp, onTime.usernames.clerk))).toEqual([]);
  });

  it('runs across the Spring Festival', async () => {
    const { accepted } = await acceptedCase('2026-02-12', 5);
    // Thursday 12 February: 13, 14 (make-up Saturday), then 24, 25, 26 February.
    expect(accepted.clock).toMatchObject({ acceptedOn: '2026-02-12', dueOn: '2026-02-26' });
  });

  it('shows an unknown clock for a year not loaded, and computes it once the year is loaded', async () => {
    const { clients, caseId, accepted } = await acceptedCase('2026-12-24', 10);
    expect(accepted.clock).toMatchObject({ dueOn: null, light: 'unknown', missingCalendarYear: 2027 });
    const admin = await createZoneWithUsers(testApp, ['system_admin']);
    const load = await admin.clients.system_admin.request({ method: 'PUT', url: '/api/calendar/years/2027', payload: testScheduleFor2027() });
    expect(load.statusCode).toBe(200);
    const after = await clients.clerk.request({ method: 'GET', url: `/api/cases/${caseId}` });
    // 25, 28, 29, 30, 31 Dec; 1 Jan is a holiday; 4, 5, 6, 7, 8 Jan.
    expect(after.json().clock).toMatchObject({ dueOn: '2027-01-08', light: 'green', missingCalendarYear: null });
  });
});
