import { expect, test } from '@playwright/test';
import { invitationPath, NEAR_SITE, openInvitation } from './inspection-helpers';

const IPHONE_SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

// Chromium's fake camera and microphone; a prompt is accepted only where the context grants it.
test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--use-fake-device-for-media-stream',
      '--disable-features=LocalNetworkAccessChecks',
    ],
  },
});

test.describe('the applicant’s phone before the inspection', () => {
  test('explains why it needs the camera, microphone and location, then checks each with the fake camera', async ({
    browser,
    playwright,
    baseURL,
  }) => {
    const path = await invitationPath(playwright.request, baseURL);
    const context = await browser.newContext({
      ...PHONE,
      baseURL,
      permissions: ['camera', 'microphone', 'geolocation'],
      geolocation: NEAR_SITE,
      locale: 'zh-CN',
    });
    const page = await context.newPage();
    await openInvitation(context, page, path);

    await expect(page.getByRole('heading', { name: '您的踏勘预约' })).toBeVisible();
    await expect(page.getByText('建设工程规划条件核实')).toBeVisible();
    const why = page.getByRole('region', { name: '开始前，请允许以下三项权限' });
    await expect(why).toContainText('相机');
    await expect(why).toContainText('麦克风');
    await expect(why).toContainText('证明视频是在登记地点拍摄的');
    await expect(page.getByRole('heading', { name: '拍摄清单' })).toBeVisible();

    await page.getByRole('button', { name: '允许并检测设备' }).click();
    const checks = page.getByRole('region', { name: '设备检测' });
    await expect(checks.locator('.phone-check-ok')).toHaveCount(4, { timeout: 20_000 });
    await expect(checks).toContainText('您在登记地点附近');
    await expect(checks.getByRole('meter', { name: '麦克风' })).toBeVisible();

    // English and large text are one tap away.
    await page.getByText('EN', { exact: true }).click();
    await expect(page.getByRole('heading', { name: 'Your inspection' })).toBeVisible();
    await page.getByRole('button', { name: 'Large text' }).click();
    await expect(page.locator('.phone-inspect-large')).toBeVisible();
    await context.close();
  });

  test('a refused camera on an iPhone shows the steps for iOS Safari', async ({ browser, playwright, baseURL }) => {
    const path = await invitationPath(playwright.request, baseURL);
    // No permission granted: headless Chromium refuses the prompt, as a user tapping "Don't Allow".
    const context = await browser.newContext({ ...PHONE, baseURL, userAgent: IPHONE_SAFARI, permissions: [], locale: 'zh-CN' });
    const page = await context.newPage();
    await openInvitation(context, page, path);

    await page.getByRole('button', { name: '允许并检测设备' }).click();
    const checks = page.getByRole('region', { name: '设备检测' });
    await expect(checks).toContainText('未获得授权', { timeout: 20_000 });
    await expect(checks).toContainText('“Safari 浏览器”');
    await expect(checks).toContainText('网站设置');
    await expect(page.getByRole('button', { name: '进入视频踏勘' })).toBeDisabled();
    await expect(page.getByRole('button', { name: '重新检测' })).toBeVisible();
    await context.close();
  });
});
