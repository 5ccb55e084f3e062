import { expect, type Locator, type Page } from '@playwright/test';
import { PAGE_LOAD_TIMEOUT } from './workbench-queue-page';

/** 差评整改 (`/ratings/rectification`): the tasks bad reviews open, their deadline and status. */
export class WholePathRectificationPage {
  constructor(readonly page: Page) {}

  get heading(): Locator {
    return this.page.getByRole('heading', { name: '差评整改' });
  }

  async waitForList(): Promise<void> {
    await expect(this.heading).toBeVisible({ timeout: PAGE_LOAD_TIMEOUT });
    await expect(this.rows.first().or(this.page.locator('.ant-table-tbody .ant-empty'))).toBeVisible({ timeout: PAGE_LOAD_TIMEOUT });
  }

  /** One option of the status filter above the table (its label is followed by a count). */
  filter(label: string): Locator {
    return this.page.locator('.ant-segmented-item').filter({ hasText: new RegExp(`^${label} \\d+$`) });
  }

  get rows(): Locator {
    return this.page
      .locator('.ant-table-tbody')
      .getByRole('row')
      .filter({ has: this.page.getByRole('cell') });
  }

  task(caseNumber: string): Locator {
    return this.rows.filter({ has: this.page.getByRole('link', { name: caseNumber, exact: true }) });
  }

  /** The 整改期限 cell of a task (the third column): the due date and, while open, the working days left. */
  deadline(task: Locator): Locator {
    return task.getByRole('cell').nth(2);
  }
}
