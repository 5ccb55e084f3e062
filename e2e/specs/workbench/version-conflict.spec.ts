import { expect, test } from '@playwright/test';
import { apiSignIn } from '../../fixtures/api';
import { demoAccount } from '../../fixtures/demo-accounts';
import { WorkbenchCasePage } from '../../page-models/workbench-case-page';
import { actOnCase, PLANNING_PERMIT, signedInClient, submitCase } from './workbench-cases';

test('when someone else changed the case meanwhile, the step is refused with a clear "reload" message', async ({
  page,
  playwright,
  baseURL,
}) => {
  const applicant = await signedInClient(playwright.request, baseURL, 'junling.applicant');
  const submitted = await submitCase(applicant, PLANNING_PERMIT, '版本冲突测试项目');

  await apiSignIn(page.request, demoAccount('xy.clerk'));
  const casePage = new WorkbenchCasePage(page);
  await casePage.goto(submitted.id);
  await expect(casePage.status).toHaveText('待受理');

  // A colleague accepts the case while this page still shows it as submitted.
  const colleague = await signedInClient(playwright.request, baseURL, 'xy.clerk');
  await actOnCase(colleague, submitted.id, 'accept', {});

  await casePage.action('不予受理').click();
  await casePage.dialog.getByLabel('不予受理理由').fill('申请事项不属于本机关职权范围');
  await casePage.dialogButton('确认不予受理').click();
  const warning = casePage.dialog.getByRole('alert').filter({ hasText: '此办件已被他人修改' });
  await expect(warning).toBeVisible();
  await expect(warning).toContainText('请重新加载');
  // The page behind says so too, and the steps wait for the reload.
  await expect(page.locator('.version-conflict').first()).toBeVisible();

  await warning.getByRole('button', { name: '重新加载' }).click();
  // Refusing no longer applies to the accepted case: the dialog closes and the page shows the new state.
  await expect(casePage.dialog).toBeHidden();
  await expect(casePage.status).toHaveText('审查中');
  await expect(page.locator('.version-conflict')).toHaveCount(0);
  await expect(casePage.action('不予受理')).toHaveCount(0);
  await expect(casePage.timelineEvent('accepted')).toBeVisible();

  await colleague.request.dispose();
  await applicant.request.dispose();
});
