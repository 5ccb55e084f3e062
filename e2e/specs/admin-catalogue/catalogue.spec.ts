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
