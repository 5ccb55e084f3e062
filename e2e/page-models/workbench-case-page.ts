import { expect, type Locator, type Page } from '@playwright/test';
import { PAGE_LOAD_TIMEOUT } from './workbench-queue-page';

/** One case on the workbench (`/cases/:caseId`): header actions, clock, sections, timeline, step dialogs. */
export class WorkbenchCasePage {
  constructor(readonly page: Page) {}

  async goto(caseId: string): Promise<void> {
    await this.page.goto(`/cases/${caseId}`);
    await this.waitForCase();
  }

  /** Waits for the case to be on screen (after a navigation). */
  async waitForCase(): Promise<void> {
    await expect(this.page.locator('.case-timeline')).toBeVisible({ timeout: PAGE_LOAD_TIMEOUT });
  }

  heading(caseNumber: string, language: 'zh-CN' | 'en-US' = 'zh-CN'): Locator {
    return this.page.getByRole('heading', { name: language === 'zh-CN' ? `办件 ${caseNumber}` : `Case ${caseNumber}` });
  }

  /** The status tag under the heading. */
  get status(): Locator {
    return this.page.locator('.ant-pro-page-container-content .ant-tag').first();
  }

  action(name: string): Locator {
    return this.page.locator('.ant-page-header-heading-extra').getByRole('button', { name, exact: true });
  }

  get dialog(): Locator {
    return this.page.getByRole('dialog');
  }

  dialogButton(name: string): Locator {
    return this.dialog.getByRole('button', { name, exact: true });
  }

  section(title: string): Locator {
    return this.page.locator('.case-section').filter({ has: this.page.locator('.ant-card-head-title', { hasText: title }) });
  }

  get timeline(): Locator {
    return this.page.locator('.case-timeline');
  }

  timelineEvent(action: string): Locator {
    return this.page.locator(`.case-event[data-action="${action}"]`);
  }

  /** Ticks a material or form answer in the correction notice and gives its reason. */
  async markDeficient(target: string, label: string, reason: string, reasonLabel: string): Promise<void> {
    const row = this.dialog.locator(`.deficiency-row[data-target="${target}"]`);
    await row.getByRole('checkbox', { name: new RegExp(label) }).check();
    const input = row.getByLabel(`${reasonLabel}：${label}`);
    await expect(input).toBeFocused();
    await input.fill(reason);
  }
}
