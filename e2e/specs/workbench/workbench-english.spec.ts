import { expect, test } from '@playwright/test';
import { apiSignIn } from '../../fixtures/api';
import { demoAccount } from '../../fixtures/demo-accounts';
import { WorkbenchCasePage } from '../../page-models/workbench-case-page';
import { PAGE_LOAD_TIMEOUT, WorkbenchQueuePage } from '../../page-models/workbench-queue-page';
import { PLANNING_PERMIT, signedInClient, submitCase } from './workbench-cases';

test.use({ locale: 'en-US' });

test('in English, a clerk filters the queue and refuses a case with reasons', async ({ page, playwright, baseURL }) => {
  const applicant = await signedInClient(playwright.request, baseURL, 'junling.applicant');
  const submitted = await submitCase(applicant, PLANNING_PERMIT, 'Refusal test project');

  await page.addInitScript(() => window.localStorage.setItem('yuanqu.language', 'en-US'));
  await apiSignIn(page.request, demoAccount('xy.clerk'));
  const queue = new WorkbenchQueuePage(page);
  await queue.goto();
  await expect(page.getByRole('heading', { name: 'Case workbench' })).toBeVisible();
  await expect(queue.tab('To accept')).toBeVisible();

  // Red (overdue) only: the new case is not there; the filter is in the URL.
  await page.getByText('Red · overdue').click();
  await expect(page).toHaveURL(/[?&]light=red/);
  await expect(queue.row(submitted.number)).toHaveCount(0);
  await page.getByText('All', { exact: true }).click();
  await expect(page).not.toHaveURL(/light=/);

  await queue.search(submitted.number, { keyword: 'Keyword', query: 'Query' });
  await expect(page).toHaveURL(new RegExp(`[?&]q=${submitted.number}`));
  const row = queue.row(submitted.number);
  await expect(row).toContainText('Construction-project planning permit');
  await expect(row).toContainText('Not accepted yet');
  await expect(row).toContainText('To accept');

  // Keyboard: focus the row and open it with Enter.
  await row.focus();
  await page.keyboard.press('Enter');
  const casePage = new WorkbenchCasePage(page);
  await casePage.waitForCase();
  await expect(casePage.heading(submitted.number, 'en-US')).toBeVisible();
  await expect(casePage.section('Materials')).toContainText('SHA-256');

  await casePage.action('Do not accept').click();
  await casePage.dialogButton('Do not accept').click();
  await expect(casePage.dialog).toContainText('State the reasons');
  await casePage.dialog.getByLabel('Reasons for not accepting').fill('The matter is outside the powers of this authority.');
  // Esc does not throw the typed reasons away without asking.
  await page.keyboard.press('Escape');
  const discard = page.getByRole('dialog').filter({ hasText: 'Discard what you typed?' });
  await discard.getByRole('button', { name: 'Keep editing' }).click();
  await expect(discard).toBeHidden();
  await expect(casePage.dialog.getByLabel('Reasons for not accepting')).toHaveValue('The matter is outside the powers of this authority.');
  await casePage.dialog.getByLabel('Reasons for not accepting').focus();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByText('The case is not accepted')).toBeVisible();
  await expect(casePage.status).toHaveText('Not accepted');
  await expect(casePage.timelineEvent('refused')).toContainText('The matter is outside the powers of this authority.');
  await expect(page.getByText('This case is finished.')).toBeVisible();

  // Back to the same filtered list. The refused case is no longer open, but a whole case number finds its
  // case whatever its status, so the row is still there, now marked as not accepted.
  await page.getByRole('button', { name: 'Back to the workbench' }).click();
  await expect(page).toHaveURL(new RegExp(`/cases\\?q=${submitted.number}$`));
  await expect(page.getByLabel('Keyword', { exact: true })).toHaveValue(submitted.number);
  await expect(queue.row(submitted.number)).toContainText('Not accepted', { timeout: PAGE_LOAD_TIMEOUT });

  await applicant.request.dispose();
});
