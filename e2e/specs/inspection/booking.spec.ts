import { expect, test } from '@playwright/test';
import { apiSignIn } from '../../fixtures/api';
import { demoAccount } from '../../fixtures/demo-accounts';
import { SITE } from './inspection-helpers';

test('a clerk books the proposed slot with two inspectors for the case waiting for its inspection, and gets the link and QR code', async ({
  page,
}) => {
  await apiSignIn(page.request, demoAccount('xy.clerk'));
  await page.goto('/inspections?tab=to-book');
  await expect(page.getByRole('heading', { name: '远程踏勘' })).toBeVisible();
  await expect(page.getByRole('menuitem', { name: '远程踏勘' })).toBeVisible();

  const row = page.getByRole('row').filter({ hasText: '建设工程规划条件核实' });
  await expect(row).toBeVisible();
  await row.getByRole('button', { name: '预约踏勘' }).click();

  const drawer = page.getByRole('dialog');
  await expect(drawer).toContainText('推荐时段');
  // The proposal names two inspectors and keeps the case's deadline.
  await expect(drawer.locator('.inspection-proposal .ant-tag-blue')).toHaveCount(2);
  await expect(drawer).toContainText('在办理时限内');

  // A position that is not one is refused in the form, before anything is sent.
  await drawer.getByLabel('踏勘地点').fill(SITE.address);
  await drawer.getByLabel('登记位置坐标（WGS-84）').fill('north of the river');
  await drawer.getByRole('button', { name: '预约并发送邀请' }).click();
  await expect(drawer).toContainText('请输入“纬度, 经度”');

  await drawer.getByLabel('登记位置坐标（WGS-84）').fill(`${SITE.latitude}, ${SITE.longitude}`);
  await drawer.getByRole('button', { name: '预约并发送邀请' }).click();
  await expect(page.getByText('已预约，邀请短信已发送给申请人')).toBeVisible();

  // The appointment with its link: the QR code and the text of the link, which opens /inspect/<token>.
  await expect(drawer).toContainText('已预约');
  await expect(drawer).toContainText(SITE.address);
  await expect(drawer.getByLabel('踏勘邀请二维码')).toBeVisible();
  await expect(drawer.locator('.inspection-invitation-url')).toContainText('/inspect/');
  await expect(drawer.getByRole('button', { name: '改期' })).toBeVisible();
  await expect(drawer.getByRole('button', { name: '转现场踏勘' })).toBeVisible();
  const firstTime = await drawer.locator('.inspection-appointment').textContent();

  // Moving it: the dialog offers the earliest free slots; a click fills in the day, time and inspectors.
  await drawer.getByRole('button', { name: '改期' }).click();
  const dialog = page.locator('.ant-modal').filter({ hasText: '确认改期' });
  const slots = dialog.getByRole('group', { name: '空闲时段（点选即填入日期、时间和踏勘人员）' }).getByRole('button');
  await expect(slots.first()).toBeVisible();
  expect(await slots.count()).toBeGreaterThanOrEqual(2);
  const picked = (await slots.nth(1).textContent()) ?? '';
  await slots.nth(1).click();
  await expect(slots.nth(1)).toHaveAttribute('aria-pressed', 'true');
  await expect(dialog.locator('.ant-select-selection-item').first()).not.toBeEmpty();
  await dialog.getByLabel('原因').fill('申请人当天上午需接待检查，申请改到下一时段');
  await page.screenshot({ path: test.info().outputPath('reschedule-dialog.png') });
  await dialog.getByRole('button', { name: '确认改期' }).click();
  await expect(page.getByText('已改期，新的链接已发送，旧链接失效')).toBeVisible();
  await expect(drawer.locator('.inspection-appointment')).not.toHaveText(firstTime ?? '');
  await expect(drawer.locator('.inspection-appointment')).toContainText(picked.split(/\s/).pop() ?? picked);

  // The calendar lists it as upcoming.
  await page.locator('.ant-drawer-close').click();
  await page.getByRole('tab', { name: /即将进行/ }).click();
  await expect(page.getByRole('row').filter({ hasText: '建设工程规划条件核实' })).toContainText('已预约');
});
