import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditEvents } from '../audit/audit.table.js';
import { createZoneWithUsers } from '../../test/test-app.js';
import { inspectionRecordings } from './inspection.table.js';
import {
  bookLiveInspection,
  chinaMorning,
  createLiveTestApp,
  joinWithMedia,
  LiveTestSocket,
  tinyJpeg,
  type LiveTestApp,
} from './inspection.live.test-support.js';

describe('the live inspection session', () => {
  let testApp: LiveTestApp;
  const closers: Array<() => Promise<void>> = [];
  const sockets: LiveTestSocket[] = [];

  beforeAll(async () => {
    // Tuesday 3 March 2026, 10:00 in China.
    testApp = await createLiveTestApp(chinaMorning('2026-03-03'));
  });
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    await Promise.all(closers.splice(0).map((close) => close().catch(() => undefined)));
  });
  afterAll(async () => {
    await testApp.close();
    testApp.remove();
  });

  async function open(url: string, cookie?: string, origin?: string): Promise<LiveTestSocket> {
    const socket = await LiveTestSocket.open(testApp.socketBase, url, cookie, origin);
    sockets.push(socket);
    return socket;
  }

  async function auditOf(caseId: string) {
    return testApp.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetType, 'case'), eq(auditEvents.targetId, caseId)));
  }

  it('refuses the signed out, other roles, another zone’s inspector, and tampered, forged or expired links at the signalling entry', async () => {
    const world = await bookLiveInspection(testApp);
    const other = await bookLiveInspection(testApp);
    const url = `/api/inspections/${world.inspection.id}/live`;

    expect(await (await open(url)).waitForClose()).toEqual({ code: 4401, reason: 'AUTH_REQUIRED' });
    expect(await (await open(url, world.clients.clerk.cookie)).waitForClose()).toEqual({ code: 4403, reason: 'FORBIDDEN' });
    expect(await (await open(url, world.applicant.cookie)).waitForClose()).toEqual({ code: 4403, reason: 'FORBIDDEN' });
    expect(await (await open(url, other.inspectors[0].cookie)).waitForClose()).toEqual({ code: 4404, reason: 'NOT_FOUND' });
    expect(await (await open(url, world.inspectors[0].cookie, 'https://evil.example')).waitForClose()).toEqual({
      code: 4403,
      reason: 'AUTH_CSRF_INVALID',
    });

    const tampered = `${world.token.slice(0, -2)}${world.token.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await (await open(`/api/public/inspections/${tampered}/live`)).waitForClose()).toEqual({
      code: 4403,
      reason: 'INSPECTION_LINK_INVALID',
    });
    // Another inspection's id put into this link: the signature no longer matches.
    const forged = world.token.replace(world.inspection.id, other.inspection.id);
    expect(await (await open(`/api/public/inspections/${forged}/live`)).waitForClose()).toEqual({
      code: 4403,
      reason: 'INSPECTION_LINK_INVALID',
    });
    testApp.clock.set(new Date(new Date(world.inspection.slotEnd).getTime() + 61 * 60_000));
    try {
      expect(await (await open(`/api/public/inspections/${world.token}/live`)).waitForClose()).toEqual({
        code: 4410,
        reason: 'INSPECTION_LINK_EXPIRED',
      });
    } finally {
      testApp.clock.set(chinaMorning('2026-03-03'));
    }

    // The HTTP side: signed out, applicant, another zone.
    const stateUrl = `/api/inspections/${world.inspection.id}/live-state`;
    expect((await testApp.app.inject({ method: 'GET', url: stateUrl })).statusCode).toBe(401);
    expect((await world.applicant.request({ method: 'GET', url: stateUrl })).statusCode).toBe(403);
    expect((await other.clients.clerk.request({ method: 'GET', url: stateUrl })).statusCode).toBe(404);
    expect((await world.applicant.request({ method: 'GET', url: `/api/inspections/${world.inspection.id}/timeline` })).statusCode).toBe(
      403,
    );
    const idle = await world.clients.leader.request({ method: 'GET', url: stateUrl });
    expect(idle.json()).toMatchObject({ status: 'scheduled', isOpen: false, participants: [], recording: { state: 'off' }, segments: [] });
    expect((await testApp.app.inject({ method: 'GET', url: `/api/public/inspections/${tampered}/live-config` })).json().error.code).toBe(
      'INSPECTION_LINK_INVALID',
    );
    // The socket addresses answer a plain GET with the connection settings.
    expect((await world.inspectors[0].request({ method: 'GET', url })).json()).toMatchObject({
      maxInspectors: 4,
      layout: [{ carries: 'phone-camera', direction: 'recvonly' }, {}, { carries: 'own-microphone' }, {}, {}, {}, {}],
    });
    expect((await other.inspectors[0].request({ method: 'GET', url })).statusCode).toBe(404);
    expect((await world.clients.clerk.request({ method: 'GET', url })).statusCode).toBe(403);
    expect(
      (await testApp.app.inject({ method: 'GET', url: `/api/public/inspections/${world.token}/live` })).json().layout[0],
    ).toMatchObject({ carries: 'phone-camera', direction: 'sendonly' });
    const config = await testApp.app.inject({ method: 'GET', url: `/api/public/inspections/${world.token}/live-config` });
    expect(config.json()).toMatchObject({
      iceServers: [],
      maxInspectors: 4,
      layout: [{ kind: 'video', direction: 'sendonly', carries: 'phone-camera' }, { kind: 'audio' }, {}, {}, {}, {}],
    });
  });

  it('refuses to record with one inspector (on two devices too) and records with two distinct inspectors', async () => {
    const world = await bookLiveInspection(testApp);
    const url = `/api/inspections/${world.inspection.id}/live`;

    const first = await open(url, world.inspectors[0].cookie);
    const welcome = await joinWithMedia(first, 'inspector', closers);
    expect(welcome).toMatchObject({
      role: 'inspector',
      participantId: world.inspectors[0].userId,
      config: { maxInspectors: 4 },
      session: { status: 'live', isOpen: true },
    });
    expect(welcome.config.layout.map((slot) => slot.carries)).toEqual([
      'phone-camera',
      'phone-microphone',
      'own-microphone',
      'inspector-microphone',
      'inspector-microphone',
      'inspector-microphone',
      'inspector-microphone',
    ]);
    first.send({ type: 'start-recording', ref: 'r1' });
    expect(await first.waitFor('error', (message) => message.ref === 'r1')).toMatchObject({
      for: 'start-recording',
      code: 'INSPECTION_RECORDING_NEEDS_TWO_INSPECTORS',
    });

    // The same inspector on a second device replaces the first socket: still one inspector.
    const again = await open(url, world.inspectors[0].cookie);
    await joinWithMedia(again, 'inspector', closers);
    expect(await first.waitForClose()).toEqual({ code: 4409, reason: 'replaced' });
    again.send({ type: 'start-recording', ref: 'r2' });
    expect(await again.waitFor('error', (message) => message.ref === 'r2')).toMatchObject({
      code: 'INSPECTION_RECORDING_NEEDS_TWO_INSPECTORS',
    });

    // A clerk's message types are refused on the phone's side too: the phone cannot start recording.
    const phone = await open(`/api/public/inspections/${world.token}/live`);
    await joinWithMedia(phone, 'phone', closers);
    phone.send({ type: 'start-recording', ref: 'p1' });
    expect(await phone.waitFor('error', (message) => message.ref === 'p1')).toMatchObject({ code: 'FORBIDDEN' });

    // An inspector of the zone who is not booked may join; with them, two distinct inspectors are present.
    const second = await open(url, world.zoneInspector.cookie);
    const secondWelcome = await joinWithMedia(second, 'inspector', closers);
    expect(secondWelcome.session.participants.map((participant) => participant.role).sort()).toEqual(['inspector', 'inspector', 'phone']);
    const present = await again.waitFor('participants', (message) => message.inspectorCount === 2);
    expect(present).toMatchObject({ canRecord: true, isPhonePresent: true });
    expect(present.participants.find((participant) => participant.participantId === world.zoneInspector.userId)).toMatchObject({
      isBooked: false,
    });
    expect(present.participants.find((participant) => participant.participantId === world.inspectors[0].userId)).toMatchObject({
      isBooked: true,
      inspectorSlot: expect.any(Number),
    });

    second.send({ type: 'start-recording', ref: 'r3' });
    // No media flows from werift: the recording waits for the phone's first keyframe.
    const recording = await again.waitFor('recording', (message) => message.recording.state !== 'off');
    expect(recording.recording).toMatchObject({ state: 'waiting_for_phone', startedBy: expect.any(String) });
    expect(second.received.some((message) => message.type === 'error')).toBe(false);
    const state = await world.clients.clerk.request({ method: 'GET', url: `/api/inspections/${world.inspection.id}/live-state` });
    expect(state.json()).toMatchObject({
      status: 'live',
      isOpen: true,
      inspectorCount: 2,
      canRecord: true,
      isPhonePresent: true,
      recording: { state: 'waiting_for_phone' },
    });
    const audit = await auditOf(world.caseId);
    expect(audit.find((entry) => entry.action === 'inspection.recording_started')?.details).toMatchObject({
      inspectionId: world.inspection.id,
      inspectorIds: expect.arrayContaining([world.inspectors[0].userId, world.zoneInspector.userId]),
    });

    again.send({ type: 'end-session', ref: 'end' });
    const ended = await phone.waitFor('session-ended');
    expect(ended).toMatchObject({ reason: 'ended_by_inspector', endedBy: expect.any(String), segments: [] });
    expect((await phone.waitForClose()).code).toBe(4000);
  });

  it('closes an inspector’s socket once their session is signed out, and the others see them leave', async () => {
    const world = await bookLiveInspection(testApp);
    const url = `/api/inspections/${world.inspection.id}/live`;
    const first = await open(url, world.inspectors[0].cookie);
    await joinWithMedia(first, 'inspector', closers);
    const second = await open(url, world.inspectors[1].cookie);
    await joinWithMedia(second, 'inspector', closers);
    await second.waitFor('participants', (message) => message.inspectorCount === 2);

    expect((await world.inspectors[0].request({ method: 'POST', url: '/api/auth/sign-out' })).statusCode).toBeLessThan(300);
    expect(await first.waitForClose()).toEqual({ code: 4401, reason: 'AUTH_REQUIRED' });
    expect(await second.waitFor('participants', (message) => message.inspectorCount === 1)).toMatchObject({ canRecord: false });
    expect(second.closed).toBeNull();
  });

  it('stores a requested snapshot with its hash, stamps checklist marks, chat, liveness codes and locations on the timeline, and chains the session into the audit trail', async () => {
    const world = await bookLiveInspection(testApp);
    const inspector = await open(`/api/inspections/${world.inspection.id}/live`, world.inspectors[0].cookie);
    await joinWithMedia(inspector, 'inspector', closers);

    inspector.send({ type: 'request-snapshot', ref: 's0', requestId: 'snap-000001' });
    expect(await inspector.waitFor('error', (message) => message.ref === 's0')).toMatchObject({ code: 'INSPECTION_PHONE_ABSENT' });

    const phone = await open(`/api/public/inspections/${world.token}/live`);
    const phoneWelcome = await joinWithMedia(phone, 'phone', closers);
    expect(phoneWelcome).toMatchObject({ role: 'phone', displayName: '申请人', session: { isPhonePresent: true } });

    inspector.send({ type: 'request-snapshot', ref: 's1', requestId: 'snap-000002' });
    const request = await phone.waitFor('snapshot-request');
    expect(request.uploadPath).toBe(`/api/public/inspections/${world.token}/snapshots/snap-000002`);

    const notJpeg = await testApp.app.inject({
      method: 'POST',
      url: request.uploadPath,
      headers: { 'content-type': 'image/jpeg' },
      payload: Buffer.from('%PDF-1.7 not a photo'),
    });
    expect(notJpeg.statusCode).toBe(415);
    const bytes = tinyJpeg();
    const uploaded = await testApp.app.inject({
      method: 'POST',
      url: request.uploadPath,
      headers: { 'content-type': 'image/jpeg' },
      payload: bytes,
    });
    expect(uploaded.statusCode).toBe(200);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    expect(uploaded.json().snapshot).toMatchObject({ requestId: 'snap-000002', sha256, sizeBytes: bytes.length, width: 320, height: 240 });
    const pushed = await inspector.waitFor('snapshot');
    expect(pushed.snapshot.sha256).toBe(sha256);
    const twice = await testApp.app.inject({
      method: 'POST',
      url: request.uploadPath,
      headers: { 'content-type': 'image/jpeg' },
      payload: bytes,
    });
    expect(twice.json().error.code).toBe('INSPECTION_SNAPSHOT_NOT_REQUESTED');
    const unasked = await testApp.app.inject({
      method: 'POST',
      url: `/api/public/inspections/${world.token}/snapshots/never-asked`,
      headers: { 'content-type': 'image/jpeg' },
      payload: bytes,
    });
    expect(unasked.statusCode).toBe(409);

    const download = await world.clients.approver.request({ method: 'GET', url: pushed.snapshot.url });
    expect(download.statusCode).toBe(200);
    expect(createHash('sha256').update(download.rawPayload).digest('hex')).toBe(sha256);
    expect((await world.applicant.request({ method: 'GET', url: pushed.snapshot.url })).statusCode).toBe(403);
    const elsewhere = await createZoneWithUsers(testApp, ['inspector']);
    expect((await elsewhere.clients.inspector.request({ method: 'GET', url: pushed.snapshot.url })).statusCode).toBe(404);

    inspector.send({ type: 'checklist-mark', ref: 'c1', itemKey: 'door_number', mark: 'ok', note: '门牌号 8 号清晰' });
    inspector.send({ type: 'checklist-mark', ref: 'c2', itemKey: 'no_such_item', mark: 'ok', note: '' });
    expect(await inspector.waitFor('error', (message) => message.ref === 'c2')).toMatchObject({ code: 'VALIDATION_FAILED' });
    inspector.send({ type: 'request-liveness-code', ref: 'l1' });
    const code = await phone.waitFor('liveness-code');
    expect(code.livenessCode.code).toMatch(/^\d{6}$/);
    phone.send({ type: 'chat', text: '我现在在大门口' });
    expect((await inspector.waitFor('event', (message) => message.event.kind === 'chat')).event).toMatchObject({
      actorName: '申请人',
      details: { role: 'phone', text: '我现在在大门口' },
    });
    phone.send({ type: 'location', latitude: 34.3107, longitude: 108.6743, accuracyMeters: 12 });
    expect((await inspector.waitFor('location')).location).toMatchObject({ verdict: 'on_site', distanceMeters: expect.any(Number) });
    inspector.send({ type: 'request-camera-switch' });
    await phone.waitFor('camera-switch-request');
    phone.send({ type: 'camera-switched', facing: 'user' });
    await inspector.waitFor('event', (message) => message.event.kind === 'camera_switched');
    phone.send({ type: 'nonsense' });
    expect(await phone.waitFor('error', (message) => message.for === 'nonsense')).toMatchObject({ code: 'VALIDATION_FAILED' });
    phone.sendRaw('{"type":');
    expect(await phone.waitFor('error', (message) => message.for === null)).toMatchObject({ code: 'VALIDATION_FAILED' });

    inspector.send({ type: 'end-session', reason: 'done' });
    await inspector.waitFor('session-ended');

    const timeline = await world.clients.leader.request({ method: 'GET', url: `/api/inspections/${world.inspection.id}/timeline` });
    expect(timeline.statusCode).toBe(200);
    const kinds = timeline.json().events.map((event: { kind: string }) => event.kind);
    // The test's clock stands still, so every event has the same time: they are listed in the order they happened.
    expect(new Set(timeline.json().events.map((event: { at: string }) => event.at)).size).toBe(1);
    expect(kinds).toEqual([
      'booked',
      'joined',
      'joined',
      'snapshot',
      'checklist_mark',
      'liveness_code',
      'chat',
      'location',
      'camera_switch_requested',
      'camera_switched',
      'session_ended',
    ]);
    expect(timeline.json().events.find((event: { kind: string }) => event.kind === 'checklist_mark')).toMatchObject({
      details: { itemKey: 'door_number', mark: 'ok', note: '门牌号 8 号清晰' },
    });
    expect(timeline.json().snapshots).toEqual([
      expect.objectContaining({ sha256, url: pushed.snapshot.url, requestedBy: expect.any(String) }),
    ]);

    const audit = await auditOf(world.caseId);
    expect(audit.find((entry) => entry.action === 'inspection.snapshot')?.details).toMatchObject({
      sha256,
      inspectionId: world.inspection.id,
    });
    expect(audit.find((entry) => entry.action === 'inspection.session_ended')?.details).toMatchObject({
      reason: 'done',
      timelineSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });

    // Ended, not concluded: the same link and the inspectors can resume it.
    const resumed = await open(`/api/public/inspections/${world.token}/live`);
    expect((await resumed.waitFor('welcome')).session).toMatchObject({ status: 'live', isOpen: true });
  });

  it('marks a session that was live when the server died as interrupted, recovers its partial recording, and lets the link rejoin', async () => {
    const world = await bookLiveInspection(testApp);
    const db = testApp.database.db;
    const { inspections } = await import('./inspection.table.js');
    const fs = await import('node:fs');
    const path = await import('node:path');
    // What a killed process leaves: status live, a segment row `recording`, its partial file.
    await db.update(inspections).set({ status: 'live', startedAt: testApp.clock.now() }).where(eq(inspections.id, world.inspection.id));
    const folder = path.join(testApp.recordingsDir, world.inspection.id);
    fs.mkdirSync(folder, { recursive: true });
    const partial = Buffer.from('not really webm, but the bytes up to the last flush');
    fs.writeFileSync(path.join(folder, 'segment-001.partial.webm'), partial);
    await db.insert(inspectionRecordings).values({
      inspectionId: world.inspection.id,
      segment: 1,
      kind: 'phone',
      path: `${world.inspection.id}/segment-001.webm`,
      startedAt: testApp.clock.now(),
      status: 'recording',
    });

    const recovered = await testApp.app.inspectionLive.recoverInterruptedSessions();
    expect(recovered.map((entry) => entry.inspectionId)).toContain(world.inspection.id);
    const [row] = await db.select().from(inspectionRecordings).where(eq(inspectionRecordings.inspectionId, world.inspection.id));
    // ffmpeg cannot remux garbage, so the file is kept as it was written.
    expect(row).toMatchObject({
      status: 'interrupted',
      sha256: createHash('sha256').update(partial).digest('hex'),
      sizeBytes: partial.length,
    });
    expect(fs.existsSync(path.join(folder, 'segment-001.webm'))).toBe(true);
    const state = await world.clients.clerk.request({ method: 'GET', url: `/api/inspections/${world.inspection.id}/live-state` });
    expect(state.json()).toMatchObject({
      status: 'interrupted',
      isOpen: false,
      segments: [{ segment: 1, status: 'interrupted', url: expect.any(String) }],
    });
    const audit = await auditOf(world.caseId);
    expect(audit.find((entry) => entry.action === 'inspection.session_interrupted')?.details).toMatchObject({ reason: 'server_restart' });

    // Staff of the zone download it; the recorded hash matches.
    const download = await world.clients.approver.request({ method: 'GET', url: state.json().segments[0].url });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('video/webm');
    expect(download.rawPayload.equals(partial)).toBe(true);
    const ranged = await world.clients.approver.request({
      method: 'GET',
      url: state.json().segments[0].url,
      headers: { range: 'bytes=4-9' },
    });
    expect(ranged.statusCode).toBe(206);
    expect(ranged.rawPayload.toString()).toBe(partial.subarray(4, 10).toString());
    expect((await world.applicant.request({ method: 'GET', url: state.json().segments[0].url })).statusCode).toBe(403);

    // A second recovery finds nothing; the phone rejoins and the session is live again.
    expect((await testApp.app.inspectionLive.recoverInterruptedSessions()).map((entry) => entry.inspectionId)).not.toContain(
      world.inspection.id,
    );
    const phone = await open(`/api/public/inspections/${world.token}/live`);
    expect((await phone.waitFor('welcome')).session).toMatchObject({ status: 'live', segments: [{ segment: 1 }] });
    const joined = (await world.clients.clerk.request({ method: 'GET', url: `/api/inspections/${world.inspection.id}/timeline` }))
      .json()
      .events.filter((event: { kind: string }) => event.kind === 'joined');
    expect(joined.at(-1)).toMatchObject({ details: { role: 'phone', isRejoin: false } });

    // Everyone leaves: after the idle time the session is interrupted (resumable), not ended.
    phone.close();
    await expect
      .poll(
        async () =>
          (await world.clients.clerk.request({ method: 'GET', url: `/api/inspections/${world.inspection.id}/live-state` })).json().status,
        { timeout: 5000 },
      )
      .toBe('interrupted');
  });
});
