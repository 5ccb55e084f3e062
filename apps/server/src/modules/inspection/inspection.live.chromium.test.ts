import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InspectionTimeline, LiveServerMessage } from '@yuanqu/shared';
import type { Client } from '../../test/test-app.js';
import { auditEvents } from '../audit/audit.table.js';
import { bookLiveInspection, chinaMorning, createLiveTestApp, type LiveTestApp } from './inspection.live.test-support.js';
import { verifyRecordings } from './inspection.recordings.js';
import { ffprobe, launchChromiumWithCamera, mediaSkipReason, videoAdvances, waitUntil } from '../../test/chromium-media.js';

/*
 * End to end through the real app: Chromium as two inspectors and the applicant's phone (fake
 * camera and microphone), speaking the live protocol over the app's WebSockets; the app's werift
 * engine forwards and records. Checks the recording with ffprobe and the evidence (hashes, gap,
 * timeline, verify-recordings). Skipped without /usr/bin/chromium or ffprobe, like the media tests.
 */

const skipReason = mediaSkipReason;
if (skipReason) console.warn(`inspection.live.chromium.test.ts skipped: ${skipReason} (apt-get install chromium ffmpeg)`);

const PAGE = readFileSync(path.join(import.meta.dirname, 'live-test-page.html'), 'utf8');

describe.skipIf(skipReason !== null)('a live inspection through the app, with Chromium', () => {
  let testApp: LiveTestApp;
  let browser: Browser;
  let base: string;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    testApp = await createLiveTestApp(chinaMorning('2026-03-03'));
    base = testApp.socketBase.replace(/^ws/, 'http');
    browser = await launchChromiumWithCamera(testApp.dataDir);
  }, 120_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close().catch(() => undefined);
    await testApp?.close();
    testApp?.remove();
  });

  /** A participant's page on the app's origin (the app serves no web build in tests). */
  async function openParticipant(client?: Client): Promise<Page> {
    const context = await browser.newContext({ bypassCSP: true });
    contexts.push(context);
    if (client) {
      const [name, value] = client.cookie.split('=') as [string, string];
      await context.addCookies([{ name, value, url: base }]);
    }
    const page = await context.newPage();
    // Any page of the app gives the origin; the participant is written into it (request interception would break WebSockets).
    await page.goto(`${base}/healthz`);
    await page.setContent(PAGE);
    return page;
  }

  const received = (page: Page) =>
    page.evaluate('window.live.state.received') as Promise<Array<LiveServerMessage | { type: 'closed'; code: number }>>;
  const send = (page: Page, message: object) => page.evaluate(`window.live.send(${JSON.stringify(message)})`);
  const start = (page: Page, role: 'phone' | 'inspector', socketPath: string) =>
    page.evaluate(`window.live.start(${JSON.stringify(role)}, ${JSON.stringify(socketPath)})`);
  async function lastOf<T extends LiveServerMessage['type']>(
    page: Page,
    type: T,
    predicate: (message: Extract<LiveServerMessage, { type: T }>) => boolean = () => true,
  ) {
    const all = (await received(page)).filter(
      (message): message is Extract<LiveServerMessage, { type: T }> =>
        message.type === type && predicate(message as Extract<LiveServerMessage, { type: T }>),
    );
    return all.at(-1) ?? null;
  }

  /** A booked inspection with both inspectors and the phone joined, the video flowing and segment 1 recording. */
  async function openRecordedSession() {
    const world = await bookLiveInspection(testApp);
    const inspectionPath = `/api/inspections/${world.inspection.id}/live`;
    const phonePath = `/api/public/inspections/${world.token}/live`;
    const inspectorA = await openParticipant(world.inspectors[0]);
    const inspectorB = await openParticipant(world.inspectors[1]);
    const phone = await openParticipant();
    const joinAll = async () => {
      await start(inspectorA, 'inspector', inspectionPath);
      await start(inspectorB, 'inspector', inspectionPath);
      await start(phone, 'phone', phonePath);
    };
    const recordingSegment = (segment: number) =>
      waitUntil(
        `segment ${segment} to record`,
        () =>
          lastOf(
            inspectorA,
            'recording',
            (message) => message.recording.state === 'recording' && message.recording.currentSegment?.segment === segment,
          ),
        60_000,
      );
    await joinAll();
    await waitUntil(
      'inspector A to decode the phone’s video',
      async () => ((await inspectorA.evaluate('window.live.stats()')) as { framesDecoded: number }).framesDecoded > 10,
      60_000,
    );
    await send(inspectorA, { type: 'start-recording', ref: 'rec' });
    await recordingSegment(1);
    return { world, phonePath, inspectorA, inspectorB, phone, joinAll, recordingSegment };
  }

  it('joins a phone and two inspectors through the signalling, records a few seconds in two segments across a phone drop, and leaves verifiable evidence', async () => {
    const { world, phonePath, inspectorA, inspectorB, phone, recordingSegment } = await openRecordedSession();

    await send(inspectorB, { type: 'request-snapshot', requestId: 'chromium-1' });
    const snapshot = await waitUntil('the phone’s snapshot', () => lastOf(inspectorB, 'snapshot'), 30_000);
    expect(snapshot.snapshot).toMatchObject({ requestId: 'chromium-1', segment: 1, width: expect.any(Number) });
    await send(inspectorA, { type: 'checklist-mark', itemKey: 'door_number', mark: 'ok', note: '门牌号清晰可见' });
    await videoAdvances(inspectorA, 90);
    // The media runs in the app's worker threads (MEDIA_WORKERS defaults to the CPUs), each reporting its event loop.
    const metrics = await testApp.app.inject({ url: '/metrics' });
    expect(metrics.body).toMatch(/^yuanqu_media_worker_eventloop_lag_seconds\{worker="0",stat="p99"\} \d/m);

    // The phone's link drops and rejoins: a second segment, the gap on the timeline.
    await phone.evaluate('window.live.drop()');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await start(phone, 'phone', phonePath);
    await recordingSegment(2);
    await videoAdvances(inspectorA, 90);

    await send(inspectorA, { type: 'end-session', reason: 'done' });
    const ended = await waitUntil('the session to end', () => lastOf(inspectorB, 'session-ended'), 60_000);
    expect(ended.segments.map((segment) => segment.segment)).toEqual([1, 2]);

    const timeline = (
      await world.clients.leader.request({ method: 'GET', url: `/api/inspections/${world.inspection.id}/timeline` })
    ).json<InspectionTimeline>();
    const gap = timeline.events.find((event) => event.kind === 'gap');
    expect(gap).toMatchObject({ segment: 2, details: { afterSegment: 1, beforeSegment: 2, gapMs: expect.any(Number) } });
    expect(timeline.events.find((event) => event.kind === 'checklist_mark')).toMatchObject({ segment: 1, offsetMs: expect.any(Number) });
    expect(timeline.segments).toHaveLength(2);
    for (const segment of timeline.segments) {
      expect(segment).toMatchObject({ status: 'final', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), url: expect.any(String) });
      const file = path.join(testApp.recordingsDir, world.inspection.id, `segment-00${segment.segment}.webm`);
      const probe = ffprobe(file);
      expect(probe.streams.map((stream) => `${stream.codec_type}/${stream.codec_name}`).sort()).toEqual(['audio/opus', 'video/vp8']);
      expect(Number(probe.format.duration)).toBeGreaterThan(1.5);
      const download = await world.clients.approver.request({ method: 'GET', url: segment.url! });
      expect(createHash('sha256').update(download.rawPayload).digest('hex')).toBe(segment.sha256);
      // Both inspectors spoke (fake microphones): one voice file each, hashed too.
      expect(segment.inspectorAudio.map((audio) => audio.inspectorId).sort()).toEqual(
        [world.inspectors[0].userId, world.inspectors[1].userId].sort(),
      );
      expect(segment.inspectorAudio.every((audio) => audio.sha256 && audio.url)).toBe(true);
    }
    expect(timeline.segments[1]?.gapBeforeMs).toBeGreaterThan(0);
    expect(await verifyRecordings(testApp.database.db, testApp.recordingsDir)).toMatchObject({ isIntact: true, checked: 6, inProgress: 0 });
  }, 240_000);

  it('finalises and hashes at once the segment a dead media worker was writing, and records on in a new segment when the pages rejoin', async () => {
    const { world, inspectorA, inspectorB, phone, joinAll, recordingSegment } = await openRecordedSession();
    await videoAdvances(inspectorA, 90);

    // An uncaught error in werift ends the worker thread that carries the session.
    const { slots } = testApp.engine as unknown as { slots: Array<{ worker: { terminate(): Promise<number> } } | null> };
    await Promise.all(slots.map((slot) => slot?.worker.terminate()));

    // Segment 1 is finalised now, not at the next start: interrupted, hashed, playable, chained into the audit
    // trail — the audit record is the recovery's last step.
    const recovery = await waitUntil(
      'segment 1 to be recovered into the audit trail',
      async () =>
        (await testApp.database.db.select().from(auditEvents).where(eq(auditEvents.targetId, world.caseId))).find(
          (entry) => entry.action === 'inspection.recording_recovered',
        ) ?? null,
      30_000,
    );
    const timelineOf = async () =>
      (await world.clients.leader.request({ method: 'GET', url: `/api/inspections/${world.inspection.id}/timeline` })).json<InspectionTimeline>();
    const first = (await timelineOf()).segments.find((segment) => segment.segment === 1);
    expect(first).toMatchObject({ status: 'interrupted', sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const firstFile = path.join(testApp.recordingsDir, world.inspection.id, 'segment-001.webm');
    expect(createHash('sha256').update(readFileSync(firstFile)).digest('hex')).toBe(first?.sha256);
    expect(ffprobe(firstFile).streams.map((stream) => stream.codec_type)).toContain('video');
    expect(recovery.details).toMatchObject({
      reason: 'media_worker_restart',
      segment: 1,
      recordings: expect.arrayContaining([{ path: `${world.inspection.id}/segment-001.webm`, sha256: first?.sha256 }]),
    });

    // The pages lost their connections with the worker; they join again and recording goes on in segment 2.
    for (const page of [inspectorA, inspectorB, phone]) await page.evaluate('window.live.drop()');
    await joinAll();
    await recordingSegment(2);
    await videoAdvances(inspectorA, 60);
    await send(inspectorA, { type: 'end-session', reason: 'done' });
    const ended = await waitUntil('the session to end', () => lastOf(inspectorB, 'session-ended'), 60_000);
    expect(ended.segments.map((segment) => [segment.segment, segment.status])).toEqual([
      [1, 'interrupted'],
      [2, 'final'],
    ]);
    const timeline = await timelineOf();
    expect(timeline.events.find((event) => event.kind === 'gap')).toMatchObject({ details: { afterSegment: 1, beforeSegment: 2 } });
    expect(await verifyRecordings(testApp.database.db, testApp.recordingsDir)).toMatchObject({ isIntact: true, inProgress: 0 });
  }, 240_000);
});
