import { expect, test } from '@playwright/test';
import { apiSignIn } from '../../fixtures/api';
import { demoAccount } from '../../fixtures/demo-accounts';
import { ApplicantApplicationPage, ApplicantCasePage, ApplicantServicesPage } from '../../page-models/applicant-pages';
import { chinaToday, fullDay } from '../../page-models/applicant-texts';
import { pdfBytes } from './applicant-helpers';

const ITEM_NAME = 'Completion acceptance filing of buildings and municipal works';

test.use({ viewport: { width: 375, height: 812 } });

test('the applicant’s pages read in English: guide, due date, application, draft, my cases and messages', async ({ page }) => {
  await page.addInitScript(() => window.localStorage.setItem('yuanqu.language', 'en-US'));
  await apiSignIn(page.request, demoAccount('junling.applicant'));

  const services = new ApplicantServicesPage(page, 'en-US');
  await services.goto();
  await expect(page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'My cases' })).toBeVisible();
  await services.search('XYGX-JS-007');
  await services.itemCard(ITEM_NAME).click();
  await expect(services.heading(ITEM_NAME)).toBeVisible();
  const due = await page.request.get(`/api/calendar/add-working-days?from=${chinaToday()}&days=3`);
  if (due.status() === 200) {
    await expect(services.dueBanner).toContainText(fullDay(((await due.json()) as { date: string }).date, 'en-US'));
  } else {
    await expect(page.getByRole('status')).toContainText(services.texts.calendarMissing);
  }
  await expect(page.getByText('Completion acceptance report', { exact: true })).toBeVisible();
  await expect(page.getByText('Formats: PDF', { exact: true }).first()).toBeVisible();

  await services.applyButton.click();
  const application = new ApplicantApplicationPage(page, 'en-US');
  await expect(application.heading('Apply online')).toBeVisible();
  await application.fill({ 'Applicant organisation': 'Junling Electronics (Xianyang) Co., Ltd.', 'Contact person': 'Huang Hai' });
  await application.choose('Business licence', { name: 'licence.pdf', mimeType: 'application/pdf', buffer: pdfBytes('licence') });
  await expect(application.uploadedFile('Business licence', 'licence.pdf')).toBeVisible();
  await application.choose('Completion acceptance report', {
    name: 'report.docx',
    mimeType: 'application/octet-stream',
    buffer: Buffer.from('x'),
  });
  await expect(application.material('Completion acceptance report').getByRole('alert')).toContainText(application.texts.onlyFormats('PDF'));

  await application.submitButton.click();
  await expect(page.getByRole('button', { name: /items? still needs? your attention/ })).toBeVisible();
  await expect(application.fieldError('Project name')).toHaveText('Please fill this in');

  await application.saveDraftButton.click();
  await expect(page.getByText(application.texts.saved)).toBeVisible();
  await page.waitForURL(/\/my\/cases\/[0-9a-f-]{36}\/edit$/);

  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'My cases' }).click();
  const casePage = new ApplicantCasePage(page, 'en-US');
  await expect(casePage.heading('My cases')).toBeVisible();
  const draftCard = page
    .getByRole('link', { name: new RegExp(ITEM_NAME) })
    .filter({ hasText: casePage.texts.statusDraft })
    .first();
  await expect(draftCard).toContainText('Draft; numbered on submission');
  await draftCard.click();
  await expect(casePage.timeline.getByText(casePage.texts.draftStep)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Continue editing' })).toBeVisible();

  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Messages' }).click();
  await expect(casePage.heading(casePage.texts.messagesTitle)).toBeVisible();
  await expect(page.getByText(casePage.texts.developmentNote)).toBeVisible();
});
