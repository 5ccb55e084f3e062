import { expect, test } from '@playwright/test';
import { apiSignIn } from '../../fixtures/api';
import { demoAccount } from '../../fixtures/demo-accounts';
import { CatalogueCalendarPage } from '../../page-models/catalogue-calendar-page';

test('the calendar shows 2026’s holidays and make-up days, and warns that 2027 is not loaded', async ({ page }) => {
  // Late November 2026: the moment the 2027 schedule matters.
  await page.clock.setFixedTime(new Date('2026-11-26T10:00:00+08:00'));
  await apiSignIn(page.request, demoAccount('xy.sysadmin'));
  const calendar = new CatalogueCalendarPage(page);
  await calendar.goto();

  await expect(calendar.banner('2027 年的法定节假日安排尚未载入')).toBeVisible();
  await calendar.chooseYear(2026);
  await expect(calendar.holidayRow('春节')).toContainText('2月15日 – 2月23日');
  await expect(calendar.holidayRow('春节')).toContainText('共 9 天');
  await expect(calendar.holidayRow('春节')).toContainText('2月14日');
  await expect(calendar.holidayRow('国庆节')).toContainText('10月10日');
  await expect(calendar.day('2026-10-01')).toHaveAttribute('aria-label', '2026-10-01 国庆节 放假');
  await expect(calendar.day('2026-10-10')).toHaveAttribute('aria-label', '2026-10-10 国庆节 调休上班');
  await expect(calendar.day('2026-10-12')).not.toHaveClass(/calendar-day-holiday|calendar-day-workday/);

  // The notice's text fills the table for checking; nothing is saved here (other specs count on 2027 missing).
  await calendar.banner('2027 年').getByRole('button', { name: '载入 2027 年安排' }).click();
  await expect(calendar.drawer).toHaveAccessibleName('载入 2027 年安排');
  // A schedule without the statutory holidays is refused before it can count them as working days.
  await calendar.drawer.getByRole('textbox', { name: '依据' }).fill('国办发明电（测试）');
  await calendar.drawer.getByRole('button', { name: '保存 2027 年安排' }).click();
  await expect(calendar.drawer.getByRole('alert').filter({ hasText: '全年放假日期至少有 11 天（法定节假日），这里只有 0 天' })).toBeVisible();
  await calendar.drawer
    .getByRole('textbox', { name: '从通知粘贴' })
    .fill('一、元旦：1月1日（周五）至3日（周日）放假，共3天。\n二、春节：2月6日至14日放假调休，共9天。2月20日（周六）上班。');
  await calendar.drawer.getByRole('button', { name: '识别日期' }).click();
  await expect(calendar.drawer.getByText('识别出 12 个放假日、1 个调休上班日')).toBeVisible();
  await expect(calendar.drawer.getByText('放假 12 天，调休上班 1 天')).toBeVisible();
  // Cancel with a pasted notice asks first; 继续填写 keeps it, 放弃 closes.
  await calendar.drawer.getByRole('button', { name: /取\s*消/ }).click();
  await calendar.discardDialog.getByRole('button', { name: '继续填写' }).click();
  await expect(calendar.drawer.getByText('放假 12 天，调休上班 1 天')).toBeVisible();
  await page.keyboard.press('Escape');
  await calendar.discardDialog.getByRole('button', { name: '放弃' }).click();
  await expect(calendar.drawer).toBeHidden();
  await expect(calendar.banner('2027 年的法定节假日安排尚未载入')).toBeVisible();
});

test('the drawer is named as the button that opened it, and follows the year typed', async ({ page }) => {
  await page.clock.setFixedTime(new Date('2026-11-26T10:00:00+08:00'));
  await apiSignIn(page.request, demoAccount('xy.sysadmin'));
  const calendar = new CatalogueCalendarPage(page);
  await calendar.goto();
  await calendar.chooseYear(2026);

  await page.getByRole('button', { name: '修改 2026 年安排' }).click();
  await expect(calendar.drawer).toHaveAccessibleName('修改 2026 年安排');
  await expect(calendar.drawer.getByRole('button', { name: '保存 2026 年安排' })).toBeVisible();
  // Another year typed in: a year not loaded yet is loaded, not edited.
  await calendar.drawer.getByRole('spinbutton', { name: '年度' }).fill('2027');
  await expect(calendar.drawer).toHaveAccessibleName('载入 2027 年安排');
  // Nothing was typed but the year: closing asks (the year is an edit), and 放弃 closes.
  await page.keyboard.press('Escape');
  await calendar.discardDialog.getByRole('button', { name: '放弃' }).click();
  await expect(calendar.drawer).toBeHidden();

  // Opened and closed untouched: no question.
  await page.getByRole('button', { name: '载入新年度' }).click();
  await expect(calendar.drawer).toHaveAccessibleName('载入 2027 年安排');
  await calendar.drawer.getByRole('button', { name: /取\s*消/ }).click();
  await expect(calendar.drawer).toBeHidden();
  await expect(calendar.discardDialog).toHaveCount(0);
});
