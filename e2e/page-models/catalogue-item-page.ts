import { expect, type Locator, type Page } from '@playwright/test';

/** 编辑事项 (/admin/catalogue/:itemId): every field of an item, saved from the bottom toolbar. */
export class CatalogueItemPage {
  constructor(readonly page: Page) {}

  get committedLimit(): Locator {
    return this.page.getByLabel('承诺时限');
  }

  get statutoryLimit(): Locator {
    return this.page.getByLabel('法定时限');
  }

  /** The item's Chinese name (each material has one too, further down). */
  get nameZh(): Locator {
    return this.page.locator('#basics').getByLabel('中文名称');
  }

  get feeNote(): Locator {
    return this.page.locator('#limits').getByLabel('收费说明');
  }

  /** 返回目录 in the page's header (the bottom toolbar has one too). */
  get backToList(): Locator {
    return this.page.getByRole('button', { name: /返回目录/ }).first();
  }

  /** The question asked before unsaved edits are left behind. */
  get discardDialog(): Locator {
    return this.page.getByRole('dialog').filter({ hasText: '放弃已填写的内容？' });
  }

  async save(): Promise<void> {
    await this.page
      .getByRole('button', { name: '保 存' })
      .or(this.page.getByRole('button', { name: '保存', exact: true }))
      .click();
  }

  async expectSaved(code: string): Promise<void> {
    await expect(this.page.getByText(`事项 ${code} 已保存`)).toBeVisible();
  }

  /** The error text antd shows under an input. */
  fieldError(input: Locator): Locator {
    return this.page.locator('.ant-form-item').filter({ has: input }).locator('.ant-form-item-explain-error');
  }
}
