import { expect, type Locator, type Page } from '@playwright/test';

/** 工作日历 (/admin/calendar): the loaded years on a calendar and the loading of a new year. */
export class CatalogueCalendarPage {
  constructor(readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto('/admin/calendar');
    await expect(this.page.getByRole('heading', { name: '工作日历' })).toBeVisible();
  }

  async chooseYear(year: number): Promise<void> {
    await this.page.getByRole('radiogroup', { name: '年度' }).getByText(String(year), { exact: true }).click();
  }

  holidayRow(name: string): Locator {
    return this.page.getByRole('table', { name: /节假日/ }).getByRole('row', { name: new RegExp(`^${name}`) });
  }

  /** A day cell of the year calendar, by its date (`2026-10-01`). */
  day(date: string): Locator {
    return this.page.locator(`[data-date="${date}"]`);
  }

  banner(text: string | RegExp): Locator {
    return this.page.getByRole('alert').filter({ hasText: text });
  }

  /** The drawer, named as the button that opened it: 载入 a new year, 修改 a loaded one. */
  get drawer(): Locator {
    return this.page.getByRole('dialog', { name: /^(载入|修改) \d{4} 年安排$/ });
  }

  /** The question asked before what was typed in the drawer is dropped. */
  get discardDialog(): Locator {
    return this.page.getByRole('dialog').filter({ hasText: '放弃已填写的内容？' });
  }
}
