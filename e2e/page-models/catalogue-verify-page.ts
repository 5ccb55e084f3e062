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

  /** The value of a row of the document's details, by its label. */
  fact(label: string): Locator {
    return this.page
      .locator('.verify-facts > div')
      .filter({ has: this.page.getByRole('term').getByText(label, { exact: true }) })
      .getByRole('definition');
  }

  async switchTo(language: '中文' | 'EN'): Promise<void> {
    await this.page
      .getByRole('radiogroup', { name: /语言|Language/ })
      .getByText(language, { exact: true })
      .click();
  }
}
