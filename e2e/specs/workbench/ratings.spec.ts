import { expect, test } from '@playwright/test';
import { apiSignIn } from '../../fixtures/api';
import { demoAccount } from '../../fixtures/demo-accounts';
import { PAGE_LOAD_TIMEOUT } from '../../page-models/workbench-queue-page';
import { actOnCase, PLANNING_PERMIT, signedInClient, submitCase } from './workbench-cases';

test('a bad review opens a rectification task: the clerk records the return visit and appeals; the system admin upholds the appeal', async ({
  page,
  playwright,
  baseURL,
}) => {
  test.setTimeout(180_000);
  // A concluded case, rated 非常不满意 by the applicant.
  const applicant = await signedInClient(playwright.request, baseURL, 'junling.applicant');
  const submitted = await submitCase(applicant, PLANNING_PERMIT, '差评整改测试项目');
  const clerk = await signedInClient(playwright.request, baseURL, 'xy.clerk');
  const approver = await signedInClient(playwright.request, baseURL, 'xy.approver');
  await actOnCase(clerk, submitted.id, 'accept', {});
  await actOnCase(approver, submitted.id, 'decide', { decision: 'approved', reason: '符合法定条件' });
  const rated = await applicant.request.post(`/api/cases/${submitted.id}/ratings`, {
    data: { overall: 1, speed: 2, service: 1, attitude: 1, comment: '与办件无关的辱骂内容（测试）' },
    headers: { 'x-csrf-token': applicant.csrfToken },
  });
  expect(rated.status(), await rated.text()).toBe(200);

  await apiSignIn(page.request, demoAccount('xy.clerk'));
  await page.goto('/ratings/rectification');
  await expect(page.getByRole('heading', { name: '差评整改' })).toBeVisible({ timeout: PAGE_LOAD_TIMEOUT });
  const task = page.locator('.ant-table-tbody tr').filter({ hasText: submitted.number });
  await expect(task).toContainText('非常不满意', { timeout: PAGE_LOAD_TIMEOUT });
  await expect(task).toContainText('与办件无关的辱骂内容（测试）');
  await expect(task).toContainText('整改中');
  await expect(task).toContainText(/剩 \d+ 个工作日|今日到期|工作日历未加载/);

  await task.getByRole('button', { name: '登记回访' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('回访记录').fill('11 月 27 日电话回访黄先生，说明窗口已调整排班');
  await dialog.getByRole('button', { name: '登记回访' }).click();
  await expect(page.getByText('回访已登记')).toBeVisible();
  await expect(task).toContainText('已回访，待再评价');
  await expect(task).toContainText('说明窗口已调整排班');

  await task.getByRole('button', { name: '申诉' }).click();
  await dialog.getByLabel('申诉理由').fill('评价内容与办件无关，属恶意差评');
  await dialog.getByRole('button', { name: '提交申诉' }).click();
  await expect(page.getByText('申诉已提交，等待系统管理员裁定')).toBeVisible();
  await expect(task).toContainText('申诉待裁定');

  // The statistics count the bad review for now.
  await page.goto('/ratings');
  await expect(page.getByRole('heading', { name: '好差评统计' })).toBeVisible({ timeout: PAGE_LOAD_TIMEOUT });
  const itemRow = page.locator('.ant-table-tbody tr').filter({ hasText: '建设工程规划许可证核发' });
  await expect(itemRow).toBeVisible();
  await page.getByRole('tab', { name: '按部门' }).click();
  await expect(page).toHaveURL(/[?&]by=department/);
  await expect(page.locator('.ant-table-tbody tr').filter({ hasText: '规划和自然资源局' })).toBeVisible();

  // The system admin decides the appeal on the statistics page.
  await apiSignIn(page.request, demoAccount('xy.sysadmin'));
  await page.goto('/ratings');
  await expect(page.getByRole('heading', { name: '好差评统计' })).toBeVisible({ timeout: PAGE_LOAD_TIMEOUT });
  const appeal = page.locator('.ant-table-tbody tr').filter({ hasText: submitted.number });
  await expect(appeal).toContainText('评价内容与办件无关，属恶意差评');
  await appeal.getByRole('button', { name: '裁定' }).click();
  await dialog.getByLabel('申诉成立（差评不计入）').check();
  await dialog.getByLabel('裁定意见').fill('经核实评价内容与办件无关');
  await dialog.getByRole('button', { name: '提交裁定' }).click();
  await expect(page.getByText('已裁定')).toBeVisible();
  await expect(appeal).toHaveCount(0);

  for (const client of [applicant, clerk, approver]) await client.request.dispose();
});
