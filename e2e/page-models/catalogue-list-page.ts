import { expect, type Locator, type Page } from '@playwright/test';

/** 事项目录管理 (/admin/catalogue): the table of items and the Excel import dialog. */
export class CatalogueListPage {
  constructor(readonly page: Page) {}

  async goto(): Promise<void> {
    await this.page.goto('/admin/catalogue');
    await expect(this.page.getByRole('heading', { name: '事项目录管理' })).toBeVisible();
  }

  row(code: string): Locator {
    return this.page.getByRole('row', { name: new RegExp(code) });
  }

  async search(keyword: string): Promise<void> {
    await this.page.getByLabel('关键词').fill(keyword);
    await this.page
      .getByRole('button', { name: '查 询' })
      .or(this.page.getByRole('button', { name: '查询' }))
      .click();
  }

  async edit(code: string): Promise<void> {
    await this.row(code).getByRole('button', { name: '编辑' }).click();
    await expect(this.page.getByRole('heading', { name: /编辑事项/ })).toBeVisible();
  }

  get importDialog(): Locator {
    return this.page.getByRole('dialog', { name: '从 Excel 导入事项' });
  }

  /** Opens the import dialog, picks the workbook and presses 导入. */
  async importWorkbook(fileName: string, buffer: Buffer): Promise<void> {
    await this.page.getByRole('button', { name: '从 Excel 导入' }).click();
    await expect(this.importDialog).toBeVisible();
    await this.importDialog.locator('input[type="file"]').setInputFiles({
      name: fileName,
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer,
    });
    await this.importDialog
      .getByRole('button', { name: '导 入' })
      .or(this.importDialog.getByRole('button', { name: '导入', exact: true }))
      .click();
  }

  /** The table of cells to fix that a refused import shows. */
  get problems(): Locator {
    return this.importDialog.getByRole('table');
  }
}
