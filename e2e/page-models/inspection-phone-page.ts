import { expect, type Locator, type Page } from '@playwright/test';

/** The applicant's phone page of a remote inspection (`/inspect/:token`): pre-check, then the call. */
export class InspectionPhonePage {
  constructor(readonly page: Page) {}

  /** Opens the link of the text message, checks camera, microphone and location, and enters the call. */
  async openAndEnterCall(invitationPath: string): Promise<void> {
    const response = await this.page.goto(invitationPath);
    expect(response?.status()).toBe(200);
    await expect(this.page.getByRole('heading', { name: '您的踏勘预约' })).toBeVisible();
    await this.page.getByRole('button', { name: '允许并检测设备' }).click();
    const checks = this.page.getByRole('region', { name: '设备检测' });
    await expect(checks.locator('.phone-check-ok')).toHaveCount(4, { timeout: 20_000 });
    await expect(checks).toContainText('您在登记地点附近');
    const enter = this.page.getByRole('button', { name: '进入视频踏勘' });
    await expect(enter).toBeEnabled();
    await enter.click();
  }

  /** The chips at the top of the call: connection, recording, inspectors, location. */
  get callStatus(): Locator {
    return this.page.locator('.phone-call-top');
  }

  chip(text: string | RegExp): Locator {
    return this.callStatus.locator('.phone-chip', { hasText: text });
  }

  /** The page after the call (ended, left, refused). */
  get afterCall(): Locator {
    return this.page.locator('.phone-card .ant-result');
  }
}
