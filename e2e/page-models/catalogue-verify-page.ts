import { expect, type Locator, type Page } from '@playwright/test';

/** 电子证照核验 (/verify/:code): public, phone first. */
export class CatalogueVerifyPage {
  constructor(readonly page: Page) {}

  async goto(code: string): Promise<void> {
    await this.page.goto(`/verify/${encodeURIComponent(code)}`);
    await expect(this.page.getByText('电子证照核验').or(this.page.getByText('Document verification')).first()).toBeVisible();
  }

  get status(): Locator {
    return this.page.getByRole('status');
  }

  async switchTo(language: '中文' | 'EN'): Promise<void> {
    await this.page
      .getByRole('radiogroup', { name: /语言|Language/ })
      .getByText(language, { exact: true })
      .click();
  }
}
