import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, devices, expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import type { Inspection } from '@yuanqu/shared';
import { apiSignIn } from '../../fixtures/api';
import { DEMO_PASSWORD, demoAccount } from '../../fixtures/demo-accounts';
import { InspectionConsolePage } from '../../page-models/inspection-console-page';
import { bookLiveInspection, eventsOf, getJson, getLiveState, getTimeline } from '../../page-models/inspection-live-data';
import { InspectionPhonePage } from '../../page-models/inspection-phone-page';
import { NEAR_SITE, SITE } from './inspection-helpers';

/** The phone stands 35 m from the registered site, then walks 2 km north of it, then comes back. */
const AT_SITE = NEAR_SITE;
const TWO_KM_AWAY = { latitude: SITE.latitude + 0.018, longitude: SITE.longitude, accuracy: 15 };
/** The session records at least this long (SPEC: a real walk-through, not a blip). */
const MIN_RECORDED_SECONDS = 20;

interface Probe {
  streams: Array<{ codec_type: string; codec_name: string; width?: number; height?: number }>;
  format: { duration: string; format_name: string };
}

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}

let workDir = '';
let browser: Browser | null = null;
const contexts: BrowserContext[] = [];
const pages: Record<string, Page> = {};

// Chromium's fake camera plays a 1280×720 test picture; the fake microphone beeps. All three
// participants share this browser (Chromium takes the camera file as a launch flag, not per context).
test.beforeAll(async ({ browserName }, testInfo) => {
  test.skip(browserName !== 'chromium', 'the fake camera and microphone are Chromium flags');
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yuanqu-live-session-'));
  const camera = path.join(workDir, 'camera-720p.y4m');
  // Two seconds of 720p (83 MB uncompressed); Chromium plays the file in a loop.
  run('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=30', '-t', '2', '-pix_fmt', 'yuv420p', '-y', camera]);
  const configured = testInfo.project.use.launchOptions ?? {};
  browser = await chromium.launch({
    ...configured,
    executablePath: configured.executablePath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      ...(configured.args ?? []),
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${camera}`,
      '--allow-loopback-in-peer-connection',
      '--autoplay-policy=no-user-gesture-required',
      '--disable-features=LocalNetworkAccessChecks',
    ],
  });
});

// A failure keeps what the three screens showed.
test.afterEach(async ({ browserName }, testInfo) => {
  if (browserName === 'chromium' && testInfo.status !== testInfo.expectedStatus) {
    for (const [name, page] of Object.entries(pages)) {
      const file = testInfo.outputPath(`${name}.png`);
      if (await page.screenshot({ path: file, fullPage: true }).catch(() => null)) {
        await testInfo.attach(name, { path: file, contentType: 'image/png' });
      }
    }
  }
  for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
});

test.afterAll(async () => {
  await browser?.close();
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

test('a live remote inspection: two inspectors record the phone’s walk-through, check the location, sign, and the recording is the evidence', async ({
  playwright,
  baseURL,
}) => {
  test.setTimeout(240_000);
  if (!browser) throw new Error('the browser did not start');
  const booked = await bookLiveInspection(playwright.request, baseURL, '峻凌电子(咸阳)三期厂房');
  const [firstItem, secondItem] = booked.inspection.checklist;
  if (!firstItem || !secondItem) throw new Error('the service item needs two checklist items');
  expect(booked.inspection.inspectors.map((inspector) => inspector.displayName).sort()).toEqual(['李建国', '赵敏'].sort());

  const desktop = async (username: string): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser!.newContext({
      baseURL,
      viewport: { width: 1440, height: 1000 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
      reducedMotion: 'reduce',
      permissions: ['microphone'],
    });
    contexts.push(context);
    await apiSignIn(context.request, demoAccount(username));
    const page = await context.newPage();
    pages[username] = page;
    return { context, page };
  };

  // ---- The applicant's phone: a Pixel in Xianyang, at the site, opening the text message's link.
  const phoneContext = await browser.newContext({
    ...devices['Pixel 7'],
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    reducedMotion: 'reduce',
    permissions: ['camera', 'microphone', 'geolocation'],
    geolocation: AT_SITE,
  });
  contexts.push(phoneContext);
  // The slot is booked at least an hour ahead and the page opens the call 15 minutes before it:
  // the phone's clock (only the page's, not the server's) reads one minute before the slot.
  await phoneContext.clock.install({ time: Date.parse(booked.slotStart) - 60_000 });
  const phonePage = await phoneContext.newPage();
  pages.phone = phonePage;
  const phone = new InspectionPhonePage(phonePage);
  await phone.openAndEnterCall(booked.invitationPath);
  await expect(phone.chip('请稍候，踏勘人员即将加入')).toBeVisible({ timeout: 30_000 });

  // ---- One inspector alone: recording is refused, in the server's words.
  const first = await desktop('xy.inspector');
  const one = new InspectionConsolePage(first.page);
  await one.goto(booked.id, booked.caseNumber);
  await one.join();
  await expect(one.participant('申请人（手机）')).toContainText('在线', { timeout: 30_000 });
  await expect(one.quorum).toContainText('目前 1 名踏勘人员在场');
  await one.startRecording();
  await expect(one.toast('至少两名踏勘人员在场才能开始录像')).toBeVisible();
  await expect(one.recordingState).toContainText('未录制');
  await expect(one.recordingChip).toHaveCount(0);
  const refused = await getLiveState(first.context.request, booked.id);
  expect(refused).toMatchObject({ inspectorCount: 1, canRecord: false, isPhonePresent: true, recording: { state: 'off' } });
  expect(eventsOf(await getTimeline(first.context.request, booked.id), 'recording_started')).toHaveLength(0);

  // ---- The second inspector joins; recording starts.
  const second = await desktop('xy.inspector2');
  const two = new InspectionConsolePage(second.page);
  await two.goto(booked.id, booked.caseNumber);
  await two.join();
  await expect(one.quorum).toContainText('2 名踏勘人员在场');
  await expect(one.participant('赵敏')).toContainText('在线');
  await one.startRecording();
  await expect(one.recordingChip).toContainText(/录像中 \d\d:\d\d/, { timeout: 30_000 });
  await expect(two.recordingChip).toBeVisible();
  await expect(phone.chip('录像中')).toBeVisible();
  await expect(phone.chip('2 位踏勘人员在线')).toBeVisible();
  // The picture plays on the console.
  await expect.poll(() => one.video.evaluate((video: HTMLVideoElement) => video.videoWidth), { timeout: 20_000 }).toBeGreaterThan(0);

  // The phone is at the site: the console says so from the call's own location samples.
  await expect(one.locationVerdict).toHaveText(/^在现场 · \d+ m$/, { timeout: 30_000 });
  await expect(phone.chip('位置核验：在现场')).toBeVisible();
  await expect
    .poll(async () => eventsOf(await getTimeline(first.context.request, booked.id), 'location').map((event) => event.details.verdict), {
      timeout: 30_000,
    })
    .toContain('on_site');

  // A snapshot: the full-resolution still comes back as a thumbnail.
  await one.button('拍照').click();
  await expect(one.snapshotThumbnails).toHaveCount(1, { timeout: 20_000 });
  const thumbnail = one.snapshotThumbnails.first();
  await expect(thumbnail).toContainText(/录像 \d\d:\d\d · \d+×\d+/);
  await expect
    .poll(() => thumbnail.locator('img').evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth))
    .toBeGreaterThan(0);

  // Two checklist marks with notes, one by each inspector; each sees both, stamped on the recording's clock.
  // A phone whose link drops (on a loaded machine it can) pauses the recording until it is back, and a
  // mark made meanwhile is rightly "not during recording": the marks are made while it records.
  await expect(one.recordingChip).toBeVisible({ timeout: 30_000 });
  const firstNote = '退让距离约 12 米，与许可一致';
  const secondNote = '东侧外墙颜色与批准方案不一致，需申请人说明';
  await one.mark(firstItem.textZh, '符合', firstNote);
  await two.mark(secondItem.textZh, '有问题', secondNote);
  await expect(one.checklistRow(secondItem.textZh)).toContainText('赵敏');
  for (const [row, mark] of [
    [one.checklistRow(firstItem.textZh), '符合'],
    [one.checklistRow(secondItem.textZh), '有问题'],
  ] as const) {
    await expect(row.locator('.ant-tag')).toHaveText(mark);
    await expect(row.locator('.live-mark-moment').first()).toHaveText(/^录像 \d\d:\d\d$/);
  }
  await expect(one.checklist).toContainText('已核查 2/');

  // ---- The phone walks 2 km away: the next location sample turns the verdict; back at the site it turns again.
  await phoneContext.setGeolocation(TWO_KM_AWAY);
  await expect(one.locationVerdict).toHaveText('不在现场 · 2.0 km', { timeout: 30_000 });
  await expect(two.locationVerdict).toHaveText('不在现场 · 2.0 km', { timeout: 30_000 });
  await expect(phone.chip('位置核验：不在登记地点（约 2.0 km）')).toBeVisible();
  await phoneContext.setGeolocation(AT_SITE);
  await expect(one.locationVerdict).toHaveText(/^在现场 · \d+ m$/, { timeout: 30_000 });

  // At least 20 s on the recording's clock, as the console shows it.
  await expect(one.recordingChip).toHaveText(/录像中 (00:[2-5]\d|0[1-9]:\d\d)/, { timeout: 60_000 });

  // ---- The session ends for everyone.
  await one.endSession();
  for (const inspector of [one, two]) {
    await expect(inspector.page.locator('.ant-alert', { hasText: '踏勘已结束' })).toBeVisible({ timeout: 30_000 });
  }
  await expect(phone.afterCall).toContainText('踏勘已结束', { timeout: 30_000 });

  // What the server kept of the session.
  await expect
    .poll(async () => {
      const { segments } = await getTimeline(first.context.request, booked.id);
      return segments.length > 0 && segments.every((segment) => segment.status === 'final');
    })
    .toBe(true);
  const timeline = await getTimeline(first.context.request, booked.id);
  // One phone connection, one segment: a dropped and rejoined phone would show as a gap.
  expect(timeline.segments, `gaps: ${JSON.stringify(eventsOf(timeline, 'gap').map((gap) => gap.details))}`).toHaveLength(1);
  const [segment] = timeline.segments;
  if (!segment?.endedAt || !segment.sha256) throw new Error('the recording was not finalised');
  expect(eventsOf(timeline, 'recording_started')).toHaveLength(1);
  expect(eventsOf(timeline, 'session_ended')).toHaveLength(1);
  const marks = eventsOf(timeline, 'checklist_mark');
  expect(marks.map((mark) => [mark.details.itemKey, mark.details.mark, mark.details.note, mark.actorName, mark.segment])).toEqual([
    [firstItem.key, 'ok', firstNote, '李建国', 1],
    [secondItem.key, 'issue', secondNote, '赵敏', 1],
  ]);
  expect(marks.every((mark) => mark.offsetMs !== null && mark.offsetMs >= 0)).toBe(true);
  expect(timeline.snapshots).toHaveLength(1);
  expect(timeline.snapshots[0]).toMatchObject({ segment: 1, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
  const verdicts = eventsOf(timeline, 'location').map((event) => event.details);
  expect(verdicts.some((fix) => fix.verdict === 'off_site' && Math.abs((fix.distanceMeters ?? 0) - 2000) < 50)).toBe(true);
  expect(verdicts.at(-1)?.verdict).toBe('on_site');

  // ---- Conclusion 合格 with findings, signed by one inspector and confirmed by the other.
  const findings = '建筑位置、层数与规划许可一致，消防通道畅通；东侧外墙颜色待申请人说明。';
  await one.conclude('合格', findings, DEMO_PASSWORD);
  await expect(one.toast('已签署')).toBeVisible();
  await expect(one.conclusion.locator('.ant-list-item', { hasText: '李建国' })).toContainText('已签署');
  await expect(one.conclusion.locator('.ant-list-item', { hasText: '赵敏' })).toContainText('待签署');
  await two.confirm(DEMO_PASSWORD);
  await expect(two.conclusion).toContainText('踏勘已完成，《现场踏勘记录》已生成');
  await expect(two.conclusion).toContainText(findings);
  await expect(two.conclusion.locator('.ant-tag', { hasText: '合格' })).toBeVisible();
  const concluded = await getJson<Inspection>(second.context.request, `/api/inspections/${booked.id}`);
  expect(concluded).toMatchObject({ status: 'concluded', result: 'passed', findings });
  expect(concluded.inspectors.every((inspector) => inspector.confirmedAt !== null)).toBe(true);

  // The record: a PDF behind the console's link, naming the case.
  const href = await two.recordLink.getAttribute('href');
  expect(href).toBe(`/api/files/${concluded.record?.fileId}`);
  const pdf = await second.context.request.get(href!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toContain('application/pdf');
  const pdfBytes = await pdf.body();
  expect(pdfBytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const pdfFile = path.join(workDir, 'record.pdf');
  fs.writeFileSync(pdfFile, pdfBytes);
  // -raw: the text in the order it was drawn, so a table cell's wrapped lines stay together.
  const recordText = run('pdftotext', ['-raw', pdfFile, '-']);
  expect(recordText).toContain(booked.caseNumber);
  // It prints the checklist as marked, the snapshot and the recording's hash (a hash may wrap: compare without spaces).
  const recordWords = recordText.replace(/\s+/g, '');
  for (const expected of [firstItem.textZh, firstNote, secondNote, '有问题', segment.sha256, timeline.snapshots[0]!.sha256]) {
    expect(recordWords).toContain(expected.replace(/\s+/g, ''));
  }
  // Two pictures (a mask is listed on its own line): the snapshot, a JPEG, and the QR code.
  const pictures = run('pdfimages', ['-list', pdfFile])
    .split('\n')
    .filter((line) => /^\s*\d+\s+\d+\s+image\s/.test(line));
  expect(pictures.map((line) => line.trim().split(/\s+/)[8])).toEqual(['jpeg', 'image']);

  // ---- The recording: the file the server hands out is the one it hashed, with picture and sound,
  // as long as the server's own start and end say.
  const fileUrl = `/api/inspections/${booked.id}/recordings/${segment.id}/file`;
  expect(segment.url).toBe(fileUrl);
  const recording = await first.context.request.get(fileUrl);
  expect(recording.status()).toBe(200);
  expect(recording.headers()['content-type']).toBe('video/webm');
  const recordingBytes = await recording.body();
  expect(recordingBytes.length).toBe(segment.sizeBytes);
  expect(createHash('sha256').update(recordingBytes).digest('hex')).toBe(segment.sha256);
  const recordingFile = path.join(workDir, 'segment-1.webm');
  fs.writeFileSync(recordingFile, recordingBytes);
  const probe = JSON.parse(run('ffprobe', ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', recordingFile])) as Probe;
  const video = probe.streams.find((stream) => stream.codec_type === 'video');
  const audio = probe.streams.find((stream) => stream.codec_type === 'audio');
  expect(video, 'a video stream').toMatchObject({ codec_name: 'vp8' });
  expect(audio, 'an audio stream').toMatchObject({ codec_name: 'opus' });
  const recordedSeconds = (Date.parse(segment.endedAt) - Date.parse(segment.startedAt)) / 1000;
  expect(recordedSeconds).toBeGreaterThanOrEqual(MIN_RECORDED_SECONDS);
  expect(Math.abs((segment.durationMs ?? 0) - recordedSeconds * 1000)).toBeLessThanOrEqual(1);
  const fileSeconds = Number(probe.format.duration);
  expect(Math.abs(fileSeconds - recordedSeconds), `file ${fileSeconds} s, server ${recordedSeconds} s`).toBeLessThanOrEqual(2);
  test.info().annotations.push({
    type: 'recording',
    description: `${recordedSeconds.toFixed(1)} s by the server, ${fileSeconds.toFixed(1)} s in the file, ${video?.width}×${video?.height}`,
  });
});
