import ExcelJS from 'exceljs';
import { expect, test } from '@playwright/test';
import { apiSignIn } from '../../fixtures/api';
import { demoAccount } from '../../fixtures/demo-accounts';
import { CatalogueItemPage } from '../../page-models/catalogue-item-page';
import { CatalogueListPage } from '../../page-models/catalogue-list-page';

/** The Chinese headers of the import template (the columns the workbook must have). */
const ITEM_HEADERS = [
  '事项编码',
  '事项名称',
  '英文名称',
  '实施部门',
  '事项类型',
  '设定依据',
  '法定时限（工作日）',
  '承诺时限（工作日）',
  '收费（元）',
  '是否踏勘',
  '踏勘要点',
  '是否发布',
];
const MATERIAL_HEADERS = ['事项编码', '材料名称', '英文名称', '是否必需', '材料形式', '允许格式', '大小上限（MB）'];

/** A workbook as an admin fills in the template, made here with exceljs. */
async function workbook(items: unknown[][], materials: unknown[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const itemSheet = book.addWorksheet('事项');
  itemSheet.addRow(ITEM_HEADERS);
  items.forEach((row) => itemSheet.addRow(row));
  const materialSheet = book.addWorksheet('材料');
  materialSheet.addRow(MATERIAL_HEADERS);
  materials.forEach((row) => materialSheet.addRow(row));
  return Buffer.from(await book.xlsx.writeBuffer());
}

test.beforeEach(async ({ page }) => {
  await apiSignIn(page.request, demoAccount('xy.sysadmin'));
});

test('the system admin changes an item’s committed time limit and it stays saved', async ({ page }) => {
  const list = new CatalogueListPage(page);
  const item = new CatalogueItemPage(page);
  await list.goto();
  await expect(list.row('XYGX-GH-003')).toContainText('5 / 20 个工作日');
  await list.edit('XYGX-GH-003');

  // More than the statutory limit is refused before anything is sent.
  await item.committedLimit.fill('25');
  await item.save();
  await expect(item.fieldError(item.committedLimit)).toHaveText('承诺时限不能超过法定时限');

  await item.committedLimit.fill('4');
  await item.save();
  await item.expectSaved('XYGX-GH-003');

  await page.reload();
  await expect(item.committedLimit).toHaveValue('4');
  await list.goto();
  await expect(list.row('XYGX-GH-003')).toContainText('4 / 20 个工作日');
});

test('the item editor asks before unsaved edits are left behind, and not once they are saved or undone', async ({ page }) => {
  const list = new CatalogueListPage(page);
  const item = new CatalogueItemPage(page);
  await list.goto();
  await list.edit('XYGX-GH-001');
  const original = await item.nameZh.inputValue();
  const itemUrl = page.url();

  // Back to the list with a name typed: asked, and 继续填写 keeps the page and the text.
  await item.nameZh.fill(`${original}（修订稿）`);
  await item.backToList.click();
  await expect(item.discardDialog).toContainText('离开此页后，尚未保存的修改不会保留。');
  await item.discardDialog.getByRole('button', { name: '继续填写' }).click();
  await expect(item.discardDialog).toBeHidden();
  expect(page.url()).toBe(itemUrl);
  await expect(item.nameZh).toHaveValue(`${original}（修订稿）`);

  // A reload gets the browser's own question; staying keeps the text.
  const browserDialogs: string[] = [];
  page.once('dialog', (dialog) => {
    browserDialogs.push(dialog.type());
    void dialog.dismiss();
  });
  await page.evaluate(() => window.location.reload());
  await expect.poll(() => browserDialogs).toEqual(['beforeunload']);
  await expect(item.nameZh).toHaveValue(`${original}（修订稿）`);

  // The menu to another page: asked again, and 放弃 goes there and drops the edit.
  await page.getByRole('menuitem', { name: '工作日历' }).click();
  await item.discardDialog.getByRole('button', { name: '放弃' }).click();
  await expect(page).toHaveURL(/\/admin\/calendar$/);
  await page.goto(itemUrl);
  await expect(item.nameZh).toHaveValue(original);

  // An edit typed and taken back leaves nothing to lose: no question.
  await item.nameZh.fill(`${original}X`);
  await item.nameZh.fill(original);
  await item.backToList.click();
  await expect(page.getByRole('heading', { name: '事项目录管理' })).toBeVisible();
  await expect(item.discardDialog).toHaveCount(0);

  // Saved edits neither.
  await list.edit('XYGX-GH-003');
  await item.feeNote.fill('免费办理');
  await item.save();
  await item.expectSaved('XYGX-GH-003');
  await item.backToList.click();
  await expect(page.getByRole('heading', { name: '事项目录管理' })).toBeVisible();
  await expect(item.discardDialog).toHaveCount(0);

  // A new item counts too.
  await page.goto('/admin/catalogue/new');
  await page.locator('#basics').getByLabel('事项编码').fill('E2E-UNSAVED');
  await item.backToList.click();
  await expect(item.discardDialog).toBeVisible();
});

test('the import template offers the departments by name, and the import maps a chosen name to its department', async ({ page }) => {
  const response = await page.request.get('/api/service-items/import-template');
  expect(response.status()).toBe(200);
  const template = new ExcelJS.Workbook();
  await template.xlsx.load((await response.body()) as unknown as ExcelJS.Buffer);
  const items = template.getWorksheet('事项')!;
  const headers: string[] = [];
  items.getRow(1).eachCell((cell, column) => {
    headers[column] = String(cell.value).replace(/\*$/, '');
  });
  const formula = String(items.getRow(2).getCell(headers.indexOf('实施部门')).dataValidation.formulae?.[0]);
  const [, sheet = '', first = '0', last = '0'] = /^'(.+)'!\$A\$(\d+):\$A\$(\d+)$/.exec(formula) ?? [];
  const offered: string[] = [];
  for (let row = Number(first); row <= Number(last); row += 1)
    offered.push(String(template.getWorksheet(sheet)!.getRow(row).getCell(1).value));
  expect(offered).toContain('规划和自然资源局');
  expect(offered).toContain('建设和交通局（重点项目办）');
  expect(offered).not.toContain('planning');

  // The template filled in with a name from the list.
  const stamp = Date.now().toString(36).toUpperCase();
  const filled: Record<string, string | number> = {
    事项编码: `E2E-${stamp}-D`,
    事项名称: '临时占道审批',
    英文名称: 'Approval of temporary road use',
    实施部门: '规划和自然资源局',
    事项类型: '行政许可',
    设定依据: '《测试条例》第五条',
    '法定时限（工作日）': 20,
    '承诺时限（工作日）': 5,
    是否发布: '否',
  };
  for (const [header, value] of Object.entries(filled)) items.getRow(2).getCell(headers.indexOf(header)).value = value;
  const list = new CatalogueListPage(page);
  await list.goto();
  await list.importWorkbook('template.xlsx', Buffer.from(await template.xlsx.writeBuffer()));
  await expect(list.importDialog.getByText('导入完成：新增 1 项，更新 0 项')).toBeVisible();
  await list.importDialog.getByRole('button', { name: /完\s*成/ }).click();
  await list.search(`E2E-${stamp}-D`);
  await expect(list.row(`E2E-${stamp}-D`)).toContainText('规划和自然资源局');
});

test('an Excel workbook imports new items; a workbook with bad cells lists them and imports nothing', async ({ page }) => {
  const list = new CatalogueListPage(page);
  await list.goto();

  const stamp = Date.now().toString(36).toUpperCase();
  const bad = await workbook(
    [
      [`E2E-${stamp}-1`, '坏事项一', 'Bad item one', 'planning', '行政许可', '《测试条例》', 10, 15, 0, '否', '', '否'],
      [`E2E-${stamp}-2`, '坏事项二', 'Bad item two', 'no-such-department', '行政审批', '《测试条例》', 10, 5, 0, '否', '', '否'],
    ],
    [[`E2E-${stamp}-9`, '营业执照', 'Business licence', '是', '复印件', 'pdf', 10]],
  );
  await list.importWorkbook('bad.xlsx', bad);
  await expect(list.importDialog.getByText('文件中有错误，未导入任何事项')).toBeVisible();
  const problems = list.problems;
  await expect(problems.getByRole('row', { name: /事项 2 承诺时限（工作日） 承诺时限不能超过法定时限/ })).toBeVisible();
  await expect(problems.getByRole('row', { name: /事项 3 实施部门 找不到对应的记录/ })).toBeVisible();
  await expect(problems.getByRole('row', { name: /事项 3 事项类型 取值不在允许范围内/ })).toBeVisible();
  await expect(problems.getByRole('row', { name: /材料 2 事项编码 事项表中没有这个事项编码/ })).toBeVisible();
  await list.importDialog.getByRole('button', { name: /取\s*消/ }).click();
  await list.search(`E2E-${stamp}`);
  await expect(page.locator('.ant-table-placeholder .ant-empty-description')).toHaveText('暂无数据');
  await expect(list.row(`E2E-${stamp}`)).toHaveCount(0);

  const good = await workbook(
    [
      [
        `E2E-${stamp}-1`,
        '园区企业技术中心认定',
        'Recognition of an enterprise technology centre',
        'planning',
        '行政确认',
        '《测试条例》第三条',
        20,
        10,
        0,
        '否',
        '',
        '是',
      ],
      [
        `E2E-${stamp}-2`,
        '临时用电审批',
        'Approval of temporary power use',
        '建设和交通局（重点项目办）',
        '公共服务',
        '《测试条例》第四条',
        10,
        3,
        0,
        '是',
        '临时用电设施已设置|Temporary power installed',
        '否',
      ],
    ],
    [
      [`E2E-${stamp}-1`, '申请书', 'Application letter', '是', '原件', 'pdf', 10],
      [`E2E-${stamp}-2`, '用电方案', 'Power plan', '是', '电子件', 'pdf, dwg', 50],
    ],
  );
  await list.page.getByRole('button', { name: '从 Excel 导入' }).click();
  await list.importDialog
    .locator('input[type="file"]')
    .setInputFiles({ name: 'good.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: good });
  await list.importDialog.getByRole('button', { name: /^导\s*入$/ }).click();
  await expect(list.importDialog.getByText('导入完成：新增 2 项，更新 0 项')).toBeVisible();
  await list.importDialog.getByRole('button', { name: /完\s*成/ }).click();

  await list.search(`E2E-${stamp}`);
  await expect(list.row(`E2E-${stamp}-1`)).toContainText('园区企业技术中心认定');
  await expect(list.row(`E2E-${stamp}-1`)).toContainText('已发布');
  await expect(list.row(`E2E-${stamp}-2`)).toContainText('临时用电审批');
  await expect(list.row(`E2E-${stamp}-2`)).toContainText('需踏勘');
  await expect(list.row(`E2E-${stamp}-2`)).toContainText('未发布');
});
