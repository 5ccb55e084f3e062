import { expect, type Locator, type Page } from '@playwright/test';

/** The audit log page (`/admin/audit`). */
export class AuditLogPage {
  constructor(readonly page: Page) {}

  get rows(): Locator {
    return this.page
      .locator('.ant-table-tbody')
      .getByRole('row')
      .filter({ has: this.page.getByRole('cell') });
  }

  get verifyButton(): Locator {
    return this.page.getByRole('button', { name: '校验完整性' });
  }

  get exportLink(): Locator {
    return this.page.getByRole('link', { name: '导出 CSV' });
  }

  async filterByAction(action: string): Promise<void> {
    await this.page.getByLabel('操作', { exact: true }).fill(action);
    const [response] = await Promise.all([
      this.page.waitForResponse(
        (candidate) => candidate.url().includes('/api/audit-events?') && candidate.url().includes(`action=${encodeURIComponent(action)}`),
      ),
      this.page.getByRole('button', { name: '查询' }).click(),
    ]);
    expect(response.status()).toBe(200);
  }
}
