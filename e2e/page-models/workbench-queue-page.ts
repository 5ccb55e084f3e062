import { expect, type Locator, type Page } from '@playwright/test';

/**
 * How long a page may take to appear after navigation: the first render of the workbench's tables
 * is heavy, and the specs share a busy machine with the server.
 */
export const PAGE_LOAD_TIMEOUT = 30_000;

/** The case queue (`/cases`): filters, status tabs with counts, the time-limit lights, the rows. */
export class WorkbenchQueuePage {
  constructor(readonly page: Page) {}

  async goto(search = ''): Promise<void> {
    await this.page.goto(`/cases${search}`);
    await this.waitForList();
  }

  /** Reloads the page (the filters come back from the URL). */
  async reload(): Promise<void> {
    await this.page.reload();
    await this.waitForList();
  }

  private async waitForList(): Promise<void> {
    await expect(this.rows.first().or(this.page.locator('.ant-table-tbody .ant-empty'))).toBeVisible({ timeout: PAGE_LOAD_TIMEOUT });
  }

  get rows(): Locator {
    return this.page
      .locator('.ant-table-tbody')
      .getByRole('row')
      .filter({ has: this.page.getByRole('cell') });
  }

  row(caseNumber: string): Locator {
    return this.rows.filter({ hasText: caseNumber });
  }

  /** A status tab, found by the start of its label (its count badge follows the label). */
  tab(label: string): Locator {
    return this.page.getByRole('tab', { name: new RegExp(`^${label}\\s*\\d*$`) });
  }

  async countOnTab(label: string): Promise<number> {
    const text = (await this.tab(label).innerText()).replace(label, '').trim();
    return Number(text);
  }

  async search(keyword: string, labels: { keyword: string; query: string }): Promise<void> {
    await this.page.getByLabel(labels.keyword, { exact: true }).fill(keyword);
    await this.page.getByRole('button', { name: labels.query }).click();
  }

  /** The clock light of a row: `green`, `yellow`, `red`, `unknown`, or `idle` before acceptance. */
  light(row: Locator): Locator {
    return row.locator('[data-light]').first();
  }
}
