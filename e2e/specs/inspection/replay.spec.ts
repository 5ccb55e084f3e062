import { expect, test } from '@playwright/test';
import { apiSignIn } from '../../fixtures/api';
import { demoAccount } from '../../fixtures/demo-accounts';

test('the demo’s finished inspection replays: the recording plays, its marks sit on the bar, the snapshot and the record open', async ({ page }) => {
  await apiSignIn(page.request, demoAccount('xy.inspector'));
  // The demo's inspection of 峻凌电子's first plant (the live-session spec concludes others).
  const listed = (await (await page.request.get('/api/inspections')).json()) as Array<{ caseNumber: string; site: { address: string } }>;
  const demo = listed.find((inspection) => inspection.site.address === '咸阳高新区中韩产业园峻凌电子一期厂房');
  expect(demo, 'the demo data has a finished inspection').toBeDefined();
  await page.goto('/inspections?tab=past');
  const row = page.getByRole('row').filter({ hasText: demo!.caseNumber });
  await expect(row).toContainText('合格');
  await row.getByRole('link', { name: '回放录像' }).click();

  await expect(page.getByRole('heading', { name: /^踏勘回放 · / })).toBeVisible();
  // The recording: one segment of about 30 s with its hash, playable in the page.
  await expect(page.locator('.replay-segments')).toContainText('第 1 段');
  const video = page.locator('.replay-video video');
  await expect.poll(() => video.evaluate((element: HTMLVideoElement) => element.readyState), { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
  const duration = await video.evaluate((element: HTMLVideoElement) => element.duration);
  expect(Math.abs(duration - 30)).toBeLessThan(1.5);
  // The four checklist marks and the snapshot are markers on the recording's bar.
  await expect(page.locator('.replay-bar .replay-marker-checklist')).toHaveCount(4);
  await expect(page.locator('.replay-bar .replay-marker-snapshot')).toHaveCount(1);

  // The timeline reads in plain words; the snapshot's picture loads.
  const events = page.locator('.replay-events');
  await expect(events).toContainText('东、南两侧退让用地红线约 15 米，与许可一致');
  await expect(events).toContainText('请把镜头对准楼号和层数标识。');
  const snapshot = page.locator('.live-snapshot img').first();
  await expect.poll(() => snapshot.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth)).toBe(1280);

  // Clicking a mark seeks the recording to its moment.
  await events.locator('.replay-event-seekable', { hasText: '北侧绿地与 48 个地面停车位已按方案建成' }).click();
  // (it plays on from there).
  await expect.poll(() => video.evaluate((element: HTMLVideoElement) => element.currentTime)).toBeGreaterThanOrEqual(22);
  expect(await video.evaluate((element: HTMLVideoElement) => element.currentTime)).toBeLessThan(27);

  // The location: on site, drawn without map tiles.
  await expect(page.locator('.live-card', { hasText: '位置核验' })).toContainText('在现场');

  await expect(events).toContainText('申请人 加入');

  // In English the phone is "Applicant", not the name the server stores.
  await page.evaluate(() => window.localStorage.setItem('yuanqu.language', 'en-US'));
  await page.reload();
  await expect(page.getByRole('heading', { name: /^Replay · / })).toBeVisible();
  await expect(events).toContainText('Applicant joined');
  await expect(events).not.toContainText('申请人');

  // The signed record.
  const href = await page.getByRole('link', { name: 'Inspection record' }).getAttribute('href');
  const pdf = await page.request.get(href!);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toContain('application/pdf');
});
