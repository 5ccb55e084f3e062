import { expect, type Locator, type Page } from '@playwright/test';
import { PAGE_LOAD_TIMEOUT } from './workbench-queue-page';

/** The notification outbox (`/outbox`): every SMS and e-mail as sent. */
export class WorkbenchOutboxPage {
  constructor(readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto('/outbox');
    await expect(this.page.locator('.ant-table')).toBeVisible({ timeout: PAGE_LOAD_TIMEOUT });
  }

  get rows(): Locator {
    return this.page
      .locator('.ant-table-tbody')
      .getByRole('row')
      .filter({ has: this.page.getByRole('cell') });
  }

  message(text: string): Locator {
    return this.rows.filter({ hasText: text });
  }
}
