import { expect, test } from '@playwright/test';
import { apiSignIn } from '../../fixtures/api';
import { demoAccount } from '../../fixtures/demo-accounts';
import { ApplicantApplicationPage, ApplicantCasePage, ApplicantServicesPage } from '../../page-models/applicant-pages';
import { chinaToday, fullDay } from '../../page-models/applicant-texts';
import { CREDIT_CODE, PNG_BYTES, pdfBytes } from './applicant-helpers';

const ITEM_NAME = '房屋建筑和市政基础设施工程竣工验收备案';
const ANSWERS = {
  申请单位名称: '峻凌电子(咸阳)有限公司',
  统一社会信用代码: CREDIT_CODE,
  联系人: '黄海',
  联系电话: '13800138000',
  项目名称: '峻凌电子二期厂房',
};

// The applicant's pages are made for a phone first.
test.use({ viewport: { width: 375, height: 812 } });

test.beforeEach(async ({ page }) => {
  await apiSignIn(page.request, demoAccount('junling.applicant'));
});

test('on a phone, an applicant finds the item, sees its due date, uploads two PDFs with progress, saves a draft and submits', async ({
  page,
}) => {
  const services = new ApplicantServicesPage(page);
  await services.goto();
  await expect(page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '办事' })).toBeVisible();
  await services.search('竣工验收');
  await services.itemCard(ITEM_NAME).click();
  await expect(services.heading(ITEM_NAME)).toBeVisible();

  // The due date is the calendar's answer for today in China plus the committed 3 working days.
  const due = await page.request.get(`/api/calendar/add-working-days?from=${chinaToday()}&days=3`);
  if (due.status() === 200) {
    const { date } = (await due.json()) as { date: string };
    await expect(services.dueBanner).toContainText(fullDay(date, 'zh-CN'));
  } else {
    expect(((await due.json()) as { error: { code: string } }).error.code).toBe('CALENDAR_YEAR_NOT_LOADED');
    await expect(page.getByRole('status')).toContainText(services.texts.calendarMissing);
  }
  await expect(page.getByText('工程竣工验收报告', { exact: true })).toBeVisible();

  await services.applyButton.click();
  await page.waitForURL(/\/my\/cases\/new\/[0-9a-f-]{36}$/);
  const application = new ApplicantApplicationPage(page);
  await expect(application.heading(application.texts.applicationTitle)).toBeVisible();
  await application.fill(ANSWERS);
  await application.pickDate('竣工验收日期', '2026-02-23');

  // Hold the bytes on their way, to see the progress bars, then let them through.
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route('**/api/uploads/*', async (route) => {
    if (route.request().method() === 'PATCH') await held;
    await route.continue();
  });
  await application.choose('营业执照', { name: '营业执照.pdf', mimeType: 'application/pdf', buffer: pdfBytes('Business licence') });
  await application.choose('工程竣工验收报告', {
    name: '竣工验收报告.pdf',
    mimeType: 'application/pdf',
    buffer: pdfBytes('Acceptance report'),
  });
  await expect(application.progress('营业执照')).toBeVisible();
  await expect(application.progress('工程竣工验收报告')).toBeVisible();
  await expect(application.saveDraftButton).toBeDisabled();
  release();
  await expect(application.uploadedFile('营业执照', '营业执照.pdf')).toBeVisible();
  await expect(application.uploadedFile('工程竣工验收报告', '竣工验收报告.pdf')).toBeVisible();
  await expect(application.progress('营业执照')).toHaveCount(0);

  await application.saveDraftButton.click();
  await expect(page.getByText(application.texts.saved)).toBeVisible();
  await page.waitForURL(/\/my\/cases\/[0-9a-f-]{36}\/edit$/);
  // The answers and files stayed on the page across the change of address.
  await expect(application.field('项目名称')).toHaveValue('峻凌电子二期厂房');
  await expect(application.uploadedFile('营业执照', '营业执照.pdf')).toBeVisible();

  const [submitted] = await Promise.all([
    page.waitForResponse((response) => /\/api\/cases\/[0-9a-f-]{36}\/submit$/.test(response.url())),
    application.submitButton.click(),
  ]);
  expect(submitted.status()).toBe(200);
  const { id, number } = (await submitted.json()) as { id: string; number: string };
  expect(number).toMatch(/^XH-\d{4}-\d{6}$/);
  await page.waitForURL(new RegExp(`/my/cases/${id}$`));

  const casePage = new ApplicantCasePage(page);
  await expect(casePage.heading(ITEM_NAME)).toBeVisible();
  await expect(casePage.status(casePage.texts.statusSubmitted)).toBeVisible();
  await expect(page.locator('.case-head').getByText(number, { exact: true })).toBeVisible();
  await expect(casePage.timeline.getByText(casePage.texts.submittedStep(number))).toBeVisible();
  await expect(casePage.timeline.getByText(casePage.texts.draftStep)).toBeVisible();
  await expect(page.getByRole('link', { name: '营业执照.pdf' })).toBeVisible();
  await expect(page.getByRole('link', { name: '竣工验收报告.pdf' })).toBeVisible();

  await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '我的办件' }).click();
  await expect(casePage.heading(casePage.texts.myCasesTitle)).toBeVisible();
  await expect(page.getByRole('link', { name: new RegExp(number) })).toContainText(casePage.texts.statusSubmitted);
});

test('a wrong format is refused on its own material, before sending and by the server; server field errors land on their fields', async ({
  page,
}) => {
  let uploadRequests = 0;
  page.on('request', (request) => {
    if (request.url().includes('/api/uploads')) uploadRequests += 1;
  });
  const services = new ApplicantServicesPage(page);
  await services.goto();
  await services.search('XYGX-JS-007');
  await services.itemCard(ITEM_NAME).click();
  await services.applyButton.click();
  const application = new ApplicantApplicationPage(page);
  const report = application.material('工程竣工验收报告');

  // A text file is not even sent: the material takes PDF only.
  await application.choose('工程竣工验收报告', { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a pdf') });
  await expect(report.getByRole('alert')).toContainText(application.texts.onlyFormats('PDF'));
  expect(uploadRequests).toBe(0);
  await expect(application.material('营业执照').getByRole('alert')).toHaveCount(0);

  // A text file named .pdf is sent, and the server, reading the content, refuses it.
  await application.choose('工程竣工验收报告', {
    name: 'fake.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('plain text pretending to be a PDF'),
  });
  await expect(report.getByRole('alert')).toContainText(application.texts.typeNotAllowed);
  await expect(report.getByRole('alert')).toContainText(application.texts.onlyFormats('PDF'));

  // A PNG named .pdf is a file the platform takes, but not this material: the server says so on save.
  await application.choose('工程竣工验收报告', { name: 'scan.pdf', mimeType: 'application/pdf', buffer: PNG_BYTES });
  await expect(application.uploadedFile('工程竣工验收报告', 'scan.pdf')).toBeVisible();
  await application.fill({ ...ANSWERS, 统一社会信用代码: '91350100M000100Y44' });
  await application.saveDraftButton.click();
  await expect(application.fieldError('统一社会信用代码')).toHaveText(application.texts.invalidCreditCode);
  await expect(application.field('项目名称')).toHaveValue('峻凌电子二期厂房');

  await application.field('统一社会信用代码').fill(CREDIT_CODE);
  await application.saveDraftButton.click();
  await expect(report.getByRole('alert')).toHaveText(application.texts.onlyFormats('PDF'));
  await expect(application.uploadedFile('工程竣工验收报告', 'scan.pdf')).toBeVisible();

  await application.choose('工程竣工验收报告', { name: '竣工验收报告.pdf', mimeType: 'application/pdf', buffer: pdfBytes('report') });
  await expect(application.uploadedFile('工程竣工验收报告', '竣工验收报告.pdf')).toBeVisible();
  await expect(report.getByRole('alert')).toHaveCount(0);
  await application.saveDraftButton.click();
  await expect(page.getByText(application.texts.saved)).toBeVisible();
});

test('an upload cut off by the network is resumed from where it stopped', async ({ page }) => {
  const services = new ApplicantServicesPage(page);
  await services.goto();
  await services.search('XYGX-JS-007');
  await services.itemCard(ITEM_NAME).click();
  await services.applyButton.click();
  const application = new ApplicantApplicationPage(page);

  let isOffline = true;
  await page.route('**/api/uploads/*', async (route) => {
    if (isOffline && route.request().method() === 'PATCH') await route.abort('internetdisconnected');
    else await route.continue();
  });
  await application.choose('营业执照', { name: '营业执照.pdf', mimeType: 'application/pdf', buffer: pdfBytes('licence') });
  // The client retries on its own for a few seconds before asking.
  await expect(application.material('营业执照').getByRole('alert')).toContainText(application.texts.interrupted, { timeout: 30_000 });

  isOffline = false;
  const resumed = page.waitForRequest((request) => request.method() === 'HEAD' && request.url().includes('/api/uploads/'));
  await application.material('营业执照').getByRole('button', { name: application.texts.retry }).click();
  await resumed;
  await expect(application.uploadedFile('营业执照', '营业执照.pdf')).toBeVisible();
  await expect(application.material('营业执照').getByRole('alert')).toHaveCount(0);
});

test('answers and uploaded files come back after the page is dropped, as a phone does when the camera opens', async ({ page }) => {
  const services = new ApplicantServicesPage(page);
  await services.goto();
  await services.search('XYGX-JS-007');
  await services.itemCard(ITEM_NAME).click();
  await services.applyButton.click();
  const application = new ApplicantApplicationPage(page);
  await application.fill({ 项目名称: '峻凌电子三期' });
  await application.choose('营业执照', { name: '营业执照.pdf', mimeType: 'application/pdf', buffer: pdfBytes('licence') });
  await expect(application.uploadedFile('营业执照', '营业执照.pdf')).toBeVisible();
  await expect
    .poll(() => page.evaluate(() => Object.keys(window.sessionStorage).filter((key) => key.startsWith('yuanqu.application.')).length))
    .toBe(1);

  // The page asks before unloading unsaved work; here the user (or the phone) goes ahead.
  page.on('dialog', (dialog) => void dialog.accept());
  await page.reload();
  await expect(page.getByRole('alert').filter({ hasText: /已恢复您在 .+ 未保存的内容/ })).toBeVisible();
  await expect(application.field('项目名称')).toHaveValue('峻凌电子三期');
  await expect(application.uploadedFile('营业执照', '营业执照.pdf')).toBeVisible();

  await application.saveDraftButton.click();
  await expect(page.getByText(application.texts.saved)).toBeVisible();
  await page.waitForURL(/\/my\/cases\/[0-9a-f-]{36}\/edit$/);
  await page.reload();
  await expect(application.field('项目名称')).toHaveValue('峻凌电子三期');
  await expect(application.uploadedFile('营业执照', '营业执照.pdf')).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: /已恢复/ })).toHaveCount(0);
});

test('a draft open in two tabs: the tab whose save was refused keeps its own change and does not undo the other tab’s', async ({
  page,
  context,
}) => {
  const services = new ApplicantServicesPage(page);
  await services.goto();
  await services.search('XYGX-JS-007');
  await services.itemCard(ITEM_NAME).click();
  await services.applyButton.click();
  const first = new ApplicantApplicationPage(page);
  await first.fill({ 项目名称: '峻凌电子一期', 联系人: '黄海' });
  await first.saveDraftButton.click();
  await expect(page.getByText(first.texts.saved)).toBeVisible();
  await page.waitForURL(/\/my\/cases\/[0-9a-f-]{36}\/edit$/);

  const otherTab = await context.newPage();
  await otherTab.goto(page.url());
  const second = new ApplicantApplicationPage(otherTab);
  await expect(second.field('项目名称')).toHaveValue('峻凌电子一期');

  await first.fill({ 项目名称: '峻凌电子二期' });
  await first.saveDraftButton.click();
  await expect(page.getByText(first.texts.saved).last()).toBeVisible();

  await second.fill({ 联系人: '王敏' });
  await second.saveDraftButton.click();
  await expect(otherTab.getByRole('alert').filter({ hasText: '办件已在别处修改过' })).toBeVisible();

  otherTab.on('dialog', (dialog) => void dialog.accept());
  await otherTab.reload();
  await expect(otherTab.getByRole('alert').filter({ hasText: '此后办件已在别处保存过' })).toBeVisible();
  await expect(second.field('项目名称')).toHaveValue('峻凌电子二期');
  await expect(second.field('联系人')).toHaveValue('王敏');

  await second.saveDraftButton.click();
  await expect(otherTab.getByText(second.texts.saved)).toBeVisible();
  await page.reload();
  await expect(first.field('项目名称')).toHaveValue('峻凌电子二期');
  await expect(first.field('联系人')).toHaveValue('王敏');
});
