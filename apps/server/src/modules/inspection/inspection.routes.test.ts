import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createTestApp, createZoneWithUsers, signIn, type TestApp } from '../../test/test-app.js';
import { createEnterprise, createServiceItem, createStoredFile, createUser, TEST_PASSWORD } from '../../test/factories.js';
import { outboxMessages } from '../notifications/notifications.table.js';

/** 10:00 in China on the given day. */
const chinaMorning = (day: string) => `${day}T02:00:00.000Z`;
// A fictional pin for the applicant's plant in 咸阳高新区.
const site = { siteAddress: '咸阳高新区高新一路 8 号', siteLatitude: 34.3106, siteLongitude: 108.6742 };

describe('remote inspection booking and the phone link', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    // Tuesday 3 March 2026, 10:00 in China.
    testApp = await createTestApp(chinaMorning('2026-03-03'));
  });
  afterAll(async () => {
    await testApp.close();
  });

  /** A case of an item that needs an inspection, accepted by the clerk: it waits for its inspection. */
  async function caseAwaitingInspection() {
    const db = testApp.database.db;
    const world = await createZoneWithUsers(testApp, ['clerk', 'inspector', 'approver', 'leader']);
    const second = await createUser(db, { zoneId: world.zone.id, roles: ['inspector'], departmentId: world.department.id });
    const enterprise = await createEnterprise(db, world.zone.id, { name: '峻凌电子(咸阳)有限公司' });
    const applicantUser = await createUser(db, { zoneId: world.zone.id, roles: ['applicant'], enterpriseId: enterprise.id, phone: '13800000002' });
    const applicant = await signIn(testApp, applicantUser.username);
    const item = await createServiceItem(db, world.zone.id, world.department.id, {
      needsInspection: true,
      committedLimitDays: 5,
      shotList: [{ textZh: '从街道拍起，门牌号清晰可见', textEn: 'Start at the street with the door number visible' }],
    });
    const [licence, plan] = [await createStoredFile(db, world.zone.id, applicantUser.id), await createStoredFile(db, world.zone.id, applicantUser.id)];
    const draft = await applicant.request({ method: 'POST', url: '/api/cases', payload: { serviceItemId: item.id, formData: { project_name: '新厂房' }, materials: { licence: licence.id, plan: plan.id } } });
    const submitted = await applicant.request({ method: 'POST', url: `/api/cases/${draft.json().id}/submit`, payload: { version: draft.json().version } });
    const accepted = await world.clients.clerk.request({ method: 'POST', url: `/api/cases/${draft.json().id}/accept`, payload: { version: submitted.json().version } });
    expect(accepted.json().status).toBe('inspection');
    return { ...world, applicant, applicantUser, caseId: draft.json().id as string, secondInspectorId: second.id, secondInspectorUsername: second.username };
  }

  async function smsLinks(userId: string): Promise<string[]> {
    const messages = await testApp.database.db.select().from(outboxMessages).where(and(eq(outboxMessages.recipientUserId, userId)));
    return messages.flatMap((message) => /\/inspect\/(\S+)/.exec(message.body)?.[1] ?? []);
  }

  it('proposes the earliest slot with two inspectors, books it and texts the applicant a link that opens on the phone', async () => {
    const world = await caseAwaitingInspection();
    const proposal = await world.clients.clerk.request({ method: 'GET', url: `/api/cases/${world.caseId}/inspection-proposal` });
    expect(proposal.statusCode).toBe(200);
    // 10:00 now, an hour's lead: 11:00 the same day, inside the 5-day limit (due Tuesday 10 March).
    expect(proposal.json()).toMatchObject({ start: '2026-03-03T03:00:00.000Z', end: '2026-03-03T03:30:00.000Z', lastDay: '2026-03-10' });
    expect(proposal.json().inspectors).toHaveLength(2);

    const booked = await world.clients.clerk.request({
      method: 'POST',
      url: '/api/inspections',
      payload: { caseId: world.caseId, slotStart: proposal.json().start, inspectorIds: proposal.json().inspectors.map((inspector: { id: string }) => inspector.id), ...site },
    });
    expect(booked.statusCode).toBe(200);
    expect(booked.json()).toMatchObject({ status: 'scheduled', site: { address: site.siteAddress, radiusMeters: 300 }, location: { verdict: 'unknown' } });

    const [token] = await smsLinks(world.applicantUser.id);
    expect(token).toBeDefined();
    const phone = await testApp.app.inject({ method: 'GET', url: `/api/public/inspections/${token}` });
    expect(phone.statusCode).toBe(200);
    expect(phone.json()).toMatchObject({ status: 'scheduled', siteAddress: site.siteAddress, shotList: [{ textZh: '从街道拍起，门牌号清晰可见' }], expiresAt: '2026-03-03T04:30:00.000Z' });

    // On site, then 2 km north.
    const here = await testApp.app.inject({ method: 'POST', url: `/api/public/inspections/${token}/locations`, payload: { latitude: 34.3107, longitude: 108.6743, accuracyMeters: 10 } });
    expect(here.json()).toMatchObject({ verdict: 'on_site' });
    const away = await testApp.app.inject({ method: 'POST', url: `/api/public/inspections/${token}/locations`, payload: { latitude: 34.3286, longitude: 108.6742, accuracyMeters: 10 } });
    expect(away.json().verdict).toBe('off_site');
    const seen = await world.clients.inspector.request({ method: 'GET', url: `/api/inspections/${booked.json().id}` });
    expect(seen.json().location).toMatchObject({ verdict: 'off_site', trail: [{ distanceMeters: expect.any(Number) }, { distanceMeters: expect.any(Number) }] });
    expect(seen.json().location.distanceMeters).toBeGreaterThan(1950);
  });

  it('lists the earliest free slots to book or move an inspection, counting the one being moved as free', async () => {
    const world = await caseAwaitingInspection();
    const other = await caseAwaitingInspection();
    const url = `/api/cases/${world.caseId}/inspection-slots`;
    expect((await testApp.app.inject({ method: 'GET', url })).statusCode).toBe(401);
    expect((await world.applicant.request({ method: 'GET', url })).json().error.code).toBe('FORBIDDEN');
    expect((await world.clients.approver.request({ method: 'GET', url })).json().error.code).toBe('FORBIDDEN');
    expect((await other.clients.clerk.request({ method: 'GET', url })).json().error.code).toBe('NOT_FOUND');
    const invalid = await world.clients.clerk.request({ method: 'GET', url: `${url}?limit=0` });
    expect({ status: invalid.statusCode, field: invalid.json().error.fields[0].field }).toEqual({ status: 400, field: 'query.limit' });

    const listed = await world.clients.clerk.request({ method: 'GET', url: `${url}?limit=3` });
    expect(listed.statusCode).toBe(200);
    // 10:00 now, an hour's lead: 11:00, 11:30 and then 14:00 after the lunch break.
    expect(listed.json().map((slot: { start: string }) => slot.start)).toEqual(['2026-03-03T03:00:00.000Z', '2026-03-03T03:30:00.000Z', '2026-03-03T06:00:00.000Z']);
    for (const slot of listed.json()) expect(slot).toMatchObject({ lastDay: '2026-03-10', inspectors: [{ displayName: expect.any(String) }, { displayName: expect.any(String) }] });
    expect((await world.clients.clerk.request({ method: 'GET', url })).json()).toHaveLength(8);

    // Booked at 11:00 with the zone's two inspectors: moving it may keep 11:00, as the inspection itself holds that time.
    const [first] = listed.json() as Array<{ start: string; inspectors: Array<{ id: string }> }>;
    const booked = await world.clients.clerk.request({ method: 'POST', url: '/api/inspections', payload: { caseId: world.caseId, slotStart: first!.start, inspectorIds: first!.inspectors.map((inspector) => inspector.id), ...site } });
    expect(booked.statusCode).toBe(200);
    expect((await world.clients.inspector.request({ method: 'GET', url: `${url}?limit=1` })).json()[0].start).toBe('2026-03-03T03:00:00.000Z');
  });

  it('refuses a tampered link, another inspection’s link altered to this one, a replaced link and an expired one', async () => {
    const world = await caseAwaitingInspection();
    const proposal = (await world.clients.clerk.request({ method: 'GET', url: `/api/cases/${world.caseId}/inspection-proposal` })).json();
    const inspectorIds = proposal.inspectors.map((inspector: { id: string }) => inspector.id);
    const booked = (await world.clients.clerk.request({ method: 'POST', url: '/api/inspections', payload: { caseId: world.caseId, slotStart: proposal.start, inspectorIds, ...site } })).json();
    const [token] = await smsLinks(world.applicantUser.id);

    const tampered = `${token!.slice(0, -2)}${token!.endsWith('AA') ? 'BB' : 'AA'}`;
    expect((await testApp.app.inject({ method: 'GET', url: `/api/public/inspections/${tampered}` })).json().error.code).toBe('INSPECTION_LINK_INVALID');
    expect((await testApp.app.inject({ method: 'GET', url: '/api/public/inspections/nonsense' })).json().error.code).toBe('INSPECTION_LINK_INVALID');

    // Another zone's inspection cannot be reached by putting its id into this link.
    const other = await caseAwaitingInspection();
    const otherProposal = (await other.clients.clerk.request({ method: 'GET', url: `/api/cases/${other.caseId}/inspection-proposal` })).json();
    const otherBooked = (
      await other.clients.clerk.request({ method: 'POST', url: '/api/inspections', payload: { caseId: other.caseId, slotStart: otherProposal.start, inspectorIds: otherProposal.inspectors.map((inspector: { id: string }) => inspector.id), ...site } })
    ).json();
    const forged = token!.replace(booked.id, otherBooked.id);
    const forgedReply = await testApp.app.inject({ method: 'GET', url: `/api/public/inspections/${forged}` });
    expect(forgedReply.statusCode).toBe(403);
    expect(forgedReply.json().error.code).toBe('INSPECTION_LINK_INVALID');

    // Rescheduling voids the old link and texts a new one.
    const moved = await world.clients.clerk.request({
      method: 'POST',
      url: `/api/inspections/${booked.id}/reschedule`,
      payload: { version: booked.version, slotStart: '2026-03-04T06:00:00.000Z', inspectorIds, reason: '企业申请改期' },
    });
    expect(moved.json()).toMatchObject({ status: 'scheduled', slotStart: '2026-03-04T06:00:00.000Z', statusReason: '企业申请改期' });
    expect((await testApp.app.inject({ method: 'GET', url: `/api/public/inspections/${token}` })).json().error.code).toBe('INSPECTION_LINK_INVALID');
    const links = await smsLinks(world.applicantUser.id);
    expect(links).toHaveLength(2);
    expect((await testApp.app.inject({ method: 'GET', url: `/api/public/inspections/${links[1]}` })).statusCode).toBe(200);

    // An hour after the slot ends, the link has expired.
    testApp.clock.set('2026-03-04T07:31:00.000Z');
    const expired = await testApp.app.inject({ method: 'GET', url: `/api/public/inspections/${links[1]}` });
    expect(expired.statusCode).toBe(410);
    expect(expired.json().error.code).toBe('INSPECTION_LINK_EXPIRED');
    testApp.clock.set(chinaMorning('2026-03-03'));
  });

  it('guards roles, zones, slots and input', async () => {
    const world = await caseAwaitingInspection();
    const proposal = (await world.clients.clerk.request({ method: 'GET', url: `/api/cases/${world.caseId}/inspection-proposal` })).json();
    const inspectorIds = proposal.inspectors.map((inspector: { id: string }) => inspector.id);
    const payload = { caseId: world.caseId, slotStart: proposal.start, inspectorIds, ...site };

    expect((await testApp.app.inject({ method: 'POST', url: '/api/inspections', payload })).statusCode).toBe(401);
    expect((await world.applicant.request({ method: 'POST', url: '/api/inspections', payload })).statusCode).toBe(403);
    expect((await world.clients.approver.request({ method: 'POST', url: '/api/inspections', payload })).statusCode).toBe(403);
    const elsewhere = await createZoneWithUsers(testApp, ['clerk']);
    expect((await elsewhere.clients.clerk.request({ method: 'POST', url: '/api/inspections', payload })).statusCode).toBe(404);

    const oneInspector = await world.clients.clerk.request({ method: 'POST', url: '/api/inspections', payload: { ...payload, inspectorIds: [inspectorIds[0]] } });
    expect(oneInspector.statusCode).toBe(400);
    expect(oneInspector.json().error.fields).toEqual([{ field: 'body.inspectorIds', reason: expect.any(String) }]);
    const sunday = await world.clients.clerk.request({ method: 'POST', url: '/api/inspections', payload: { ...payload, slotStart: '2026-03-08T02:00:00.000Z' } });
    expect(sunday.json().error).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'body.slotStart', reason: 'outside_office_hours' }] });
    const notInspector = await world.clients.clerk.request({ method: 'POST', url: '/api/inspections', payload: { ...payload, inspectorIds: [inspectorIds[0], world.applicantUser.id] } });
    expect(notInspector.json().error.fields).toEqual([{ field: 'body.inspectorIds.1', reason: 'not_an_inspector' }]);
    const badSite = await world.clients.clerk.request({ method: 'POST', url: '/api/inspections', payload: { ...payload, siteLatitude: 134 } });
    expect(badSite.json().error.fields[0].field).toBe('body.siteLatitude');

    const booked = await world.clients.clerk.request({ method: 'POST', url: '/api/inspections', payload });
    expect(booked.statusCode).toBe(200);
    const twice = await world.clients.clerk.request({ method: 'POST', url: '/api/inspections', payload });
    expect(twice.json().error.code).toBe('INSPECTION_INVALID_TRANSITION');

    // The two inspectors are now taken at that time: the next proposal moves on.
    const other = await caseAwaitingInspection();
    expect((await elsewhere.clients.clerk.request({ method: 'GET', url: `/api/inspections/${booked.json().id}` })).statusCode).toBe(404);
    expect((await world.clients.leader.request({ method: 'GET', url: `/api/inspections/${booked.json().id}` })).statusCode).toBe(200);
    expect((await world.applicant.request({ method: 'GET', url: `/api/inspections/${booked.json().id}` })).statusCode).toBe(403);
    const list = await world.clients.inspector.request({ method: 'GET', url: '/api/inspections?from=2026-03-01T00:00:00.000Z' });
    expect(list.json().map((entry: { id: string }) => entry.id)).toEqual([booked.json().id]);
    expect(other.caseId).not.toBe(world.caseId);

    const cancelled = await world.clients.clerk.request({ method: 'POST', url: `/api/inspections/${booked.json().id}/convert-onsite`, payload: { version: booked.json().version, reason: '现场信号差，改为现场踏勘' } });
    expect(cancelled.json()).toMatchObject({ status: 'converted_onsite', statusReason: '现场信号差，改为现场踏勘' });
    const again = await world.clients.clerk.request({ method: 'POST', url: `/api/inspections/${booked.json().id}/cancel`, payload: { version: cancelled.json().version, reason: 'x' } });
    expect(again.json().error.code).toBe('INSPECTION_INVALID_TRANSITION');
  });

  it('concludes only when both booked inspectors sign with their passwords, then issues the record and moves the case to review', async () => {
    const world = await caseAwaitingInspection();
    const secondInspector = await signIn(testApp, world.secondInspectorUsername);
    const proposal = (await world.clients.clerk.request({ method: 'GET', url: `/api/cases/${world.caseId}/inspection-proposal` })).json();
    const booked = (
      await world.clients.clerk.request({ method: 'POST', url: '/api/inspections', payload: { caseId: world.caseId, slotStart: proposal.start, inspectorIds: proposal.inspectors.map((inspector: { id: string }) => inspector.id), ...site } })
    ).json();
    const [token] = await smsLinks(world.applicantUser.id);
    await testApp.app.inject({ method: 'POST', url: `/api/public/inspections/${token}/locations`, payload: { latitude: 34.3107, longitude: 108.6743, accuracyMeters: 8 } });

    const conclusion = { version: booked.version, result: 'passed', findings: '厂房布局与申报一致，消防通道畅通' };
    const wrongPassword = await world.clients.inspector.request({ method: 'POST', url: `/api/inspections/${booked.id}/conclude`, payload: { ...conclusion, password: 'not-my-password' } });
    expect(wrongPassword.json().error).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'body.password', reason: 'incorrect' }] });
    const clerkTries = await world.clients.clerk.request({ method: 'POST', url: `/api/inspections/${booked.id}/conclude`, payload: { ...conclusion, password: TEST_PASSWORD } });
    expect(clerkTries.statusCode).toBe(403);

    const first = await world.clients.inspector.request({ method: 'POST', url: `/api/inspections/${booked.id}/conclude`, payload: { ...conclusion, password: TEST_PASSWORD } });
    expect(first.json()).toMatchObject({ status: 'scheduled', result: 'passed', record: null });
    expect(first.json().inspectors.filter((inspector: { confirmedAt: string | null }) => inspector.confirmedAt)).toHaveLength(1);
    const stillWaiting = await world.clients.clerk.request({ method: 'GET', url: `/api/cases/${world.caseId}` });
    expect(stillWaiting.json().status).toBe('inspection');

    const second = await secondInspector.request({ method: 'POST', url: `/api/inspections/${booked.id}/confirm`, payload: { version: first.json().version, password: TEST_PASSWORD } });
    expect(second.statusCode).toBe(200);
    expect(second.json()).toMatchObject({ status: 'concluded', result: 'passed', record: { fileId: expect.any(String), verificationCode: expect.any(String) } });
    const pdf = await world.clients.inspector.request({ method: 'GET', url: `/api/files/${second.json().record.fileId}` });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const verified = await testApp.app.inject({ method: 'GET', url: `/api/public/documents/${second.json().record.verificationCode}` });
    expect(verified.json()).toMatchObject({ title: '现场踏勘记录', status: 'valid', facts: { 踏勘结论: '合格', 位置核验: expect.stringContaining('在现场') } });
    const caseAfter = await world.clients.clerk.request({ method: 'GET', url: `/api/cases/${world.caseId}` });
    expect(caseAfter.json().status).toBe('under_review');
    expect(caseAfter.json().events.at(-1)).toMatchObject({ action: 'inspection_completed' });
    // The link stops working once the inspection is over.
    expect((await testApp.app.inject({ method: 'GET', url: `/api/public/inspections/${token}` })).json().error.code).toBe('INSPECTION_LINK_EXPIRED');
  });

  it('proposes nothing when the zone has fewer than two inspectors', async () => {
    const db = testApp.database.db;
    const world = await createZoneWithUsers(testApp, ['clerk', 'inspector']);
    const applicantUser = await createUser(db, { zoneId: world.zone.id, roles: ['applicant'] });
    const applicant = await signIn(testApp, applicantUser.username);
    const item = await createServiceItem(db, world.zone.id, world.department.id, { needsInspection: true });
    const [licence, plan] = [await createStoredFile(db, world.zone.id, applicantUser.id), await createStoredFile(db, world.zone.id, applicantUser.id)];
    const draft = await applicant.request({ method: 'POST', url: '/api/cases', payload: { serviceItemId: item.id, formData: { project_name: '测试' }, materials: { licence: licence.id, plan: plan.id } } });
    const submitted = await applicant.request({ method: 'POST', url: `/api/cases/${draft.json().id}/submit`, payload: { version: draft.json().version } });
    await world.clients.clerk.request({ method: 'POST', url: `/api/cases/${draft.json().id}/accept`, payload: { version: submitted.json().version } });
    const proposal = await world.clients.clerk.request({ method: 'GET', url: `/api/cases/${draft.json().id}/inspection-proposal` });
    expect(proposal.statusCode).toBe(409);
    expect(proposal.json().error.code).toBe('INSPECTION_NO_SLOT');
  });
});
