import { expect, request as playwrightRequest, test, type Locator, type Page } from '@playwright/test';
import { apiSignIn } from '../../fixtures/api';
import { demoAccount } from '../../fixtures/demo-accounts';
import { ApplicantApplicationPage, ApplicantServicesPage } from '../../page-models/applicant-pages';
import { apiSubmitPlanningCase, apiWrite, findItem, type CaseReply } from './applicant-helpers';

// The phone the review measured on.
const PHONE = { width: 390, height: 844 };
test.use({ viewport: PHONE });

/** Something no other spec's data contains, so that a run over an older data folder still finds only this test's cases. */
const runMark = () => Date.now().toString(36);

/** The sticky bar of a page's actions, and its buttons. */
const actionBar = (page: Page): Locator => page.locator('.applicant-action-bar');

/** The bar is one row of buttons: all at the same height on the screen, the bar not much taller than a button. */
async function expectOneRow(page: Page): Promise<void> {
  const bar = await actionBar(page).boundingBox();
  const buttons = await actionBar(page)
    .getByRole('button')
    .evaluateAll((elements) => elements.map((element) => element.getBoundingClientRect().top));
  expect(buttons.length).toBeGreaterThan(1);
  expect(new Set(buttons.map(Math.round)).size).toBe(1);
  expect(bar!.height).toBeLessThanOrEqual(64);
  // With the tab bar under it: well under a fifth of the screen (it was a quarter with its notes stacked in it).
  const tabs = await page.getByRole('navigation', { name: '主导航' }).boundingBox();
  expect(bar!.height + tabs!.height).toBeLessThan(PHONE.height * 0.15);
  expect(bar!.y + bar!.height).toBeLessThanOrEqual(tabs!.y + 1);
}

test.describe('in Chinese', () => {
  let csrfToken = '';
  test.beforeEach(async ({ page }) => {
    csrfToken = (await apiSignIn(page.request, demoAccount('junling.applicant'))).csrfToken;
  });

  test('two drafts of one item are told apart in 我的办件, and a draft is deleted after a confirmation', async ({ page }) => {
    const item = await findItem(page.request, 'XYGX-GH-003');
    const mark = runMark();
    const first = await apiWrite<CaseReply>(page.request, csrfToken, '/api/cases', {
      serviceItemId: item.id,
      formData: { project_name: `一期厂房 ${mark}` },
      materials: {},
    });
    const second = await apiWrite<CaseReply>(page.request, csrfToken, '/api/cases', {
      serviceItemId: item.id,
      formData: { project_name: `二期厂房 ${mark}` },
      materials: {},
    });

    await page.goto('/my/cases');
    const firstCard = page.getByRole('link', { name: new RegExp(`一期厂房 ${mark}`) });
    const secondCard = page.getByRole('link', { name: new RegExp(`二期厂房 ${mark}`) });
    for (const card of [firstCard, secondCard]) {
      await expect(card).toContainText(item.nameZh);
      await expect(card).toContainText('草稿，未提交');
      await expect(card).toContainText(/最后保存于 \d{4}\/\d{2}\/\d{2} \d{2}:\d{2}/);
    }

    await firstCard.click();
    await page.waitForURL(new RegExp(`/my/cases/${first.id}$`));
    // A draft was never submitted: it is deleted, not withdrawn with a reason.
    await expect(actionBar(page).getByRole('button', { name: '撤回申请' })).toHaveCount(0);
    await expectOneRow(page);
    await actionBar(page).getByRole('button', { name: '删除草稿' }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: '删除这份草稿？' });
    await expect(dialog).toContainText('无法恢复');
    await dialog.getByRole('button', { name: '取消' }).click();
    await expect(dialog).toBeHidden();
    await expect(page).toHaveURL(new RegExp(`/my/cases/${first.id}$`));

    await actionBar(page).getByRole('button', { name: '删除草稿' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '确认删除' }).click();
    await page.waitForURL(/\/my\/cases$/);
    await expect(page.getByText('草稿已删除')).toBeVisible();
    await expect(firstCard).toHaveCount(0);
    await expect(secondCard).toBeVisible();
    expect((await page.request.get(`/api/cases/${first.id}`)).status()).toBe(404);
    expect((await page.request.get(`/api/cases/${second.id}`)).status()).toBe(200);
  });

  test('a search of several words finds the items that have all of them, in any order', async ({ page }) => {
    const services = new ApplicantServicesPage(page);
    await services.goto();
    await services.search('食品 经营');
    await expect(services.itemCard('食品经营许可')).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: '共 1 个事项' })).toBeVisible();
    await services.search('经营\u3000食品');
    await expect(services.itemCard('食品经营许可')).toBeVisible();
    await services.search('食品 备案');
    await expect(page.getByText('没有找到符合条件的事项')).toBeVisible();
    await expect(services.itemCard('食品经营许可')).toHaveCount(0);
  });

  test('a number out of range stays as typed and its field says why; the bar stays one row with the problem count in it', async ({
    page,
  }) => {
    const item = await findItem(page.request, 'XYGX-JS-002');
    await page.goto(`/my/cases/new/${item.id}`);
    const application = new ApplicantApplicationPage(page);
    await expect(application.heading(application.texts.applicationTitle)).toBeVisible();

    const months = application.field('设置期限（月）');
    await months.fill('48');
    await months.blur();
    await expect(months).toHaveValue('48');
    await expect(application.fieldError('设置期限（月）')).toHaveText('不能大于 36');
    const size = application.field('设施面积');
    await size.fill('0.05');
    await size.blur();
    await expect(size).toHaveValue('0.05');
    await expect(application.fieldError('设施面积')).toHaveText('不能小于 0.1 ㎡');
    await expectOneRow(page);

    // Submitting names the problems in the bar's one row; its count leads to the first of them.
    await application.submitButton.click();
    const problems = actionBar(page).getByRole('button', { name: /^还有 \d+ 处需要填写或修改，转到第一处$/ });
    await expect(problems).toBeVisible();
    await expectOneRow(page);
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await problems.click();
    await expect(application.field('申请单位名称')).toBeInViewport();
    await expect(months).toHaveValue('48');

    await months.fill('12');
    await expect(application.fieldError('设置期限（月）')).toHaveCount(0);
    await size.fill('2.5');
    await expect(application.fieldError('设施面积')).toHaveCount(0);
  });

  test('a case refused at the window says its time limit never started, instead of an empty card', async ({ page, baseURL }) => {
    const submitted = await apiSubmitPlanningCase(page.request, csrfToken, `四期（不予受理）${runMark()}`);
    const clerk = await playwrightRequest.newContext({ baseURL });
    const clerkSession = await apiSignIn(clerk, demoAccount('xy.clerk'));
    await apiWrite<CaseReply>(clerk, clerkSession.csrfToken, `/api/cases/${submitted.id}/refuse`, {
      version: submitted.version,
      reason: '不属于本机关职权范围',
    });
    await clerk.dispose();

    await page.goto(`/my/cases/${submitted.id}`);
    const timeLimit = page.locator('.ant-card').filter({ has: page.getByText('办理时限', { exact: true }) });
    await expect(timeLimit).toContainText('未予受理，办理时限没有开始计算');
    await expect(page.locator('.case-head').getByText('不予受理', { exact: true })).toBeVisible();
    // Nothing left to do on it: no bar.
    await expect(actionBar(page)).toHaveCount(0);
  });
});

test('in English: the number error, the draft’s delete and the never-started clock read in English', async ({ page, baseURL }) => {
  await page.addInitScript(() => window.localStorage.setItem('yuanqu.language', 'en-US'));
  const session = await apiSignIn(page.request, demoAccount('junling.applicant'));
  const item = await findItem(page.request, 'XYGX-JS-002');
  await page.goto(`/my/cases/new/${item.id}`);
  const application = new ApplicantApplicationPage(page, 'en-US');
  const months = application.field('Period (months)');
  await months.fill('0');
  await months.blur();
  await expect(months).toHaveValue('0');
  await expect(application.fieldError('Period (months)')).toHaveText('Must be at least 1');

  const draft = await apiWrite<CaseReply>(page.request, session.csrfToken, '/api/cases', {
    serviceItemId: item.id,
    formData: { location: `Century Avenue ${runMark()}` },
    materials: {},
  });
  await page.goto(`/my/cases/${draft.id}`);
  await actionBar(page).getByRole('button', { name: 'Delete draft' }).click();
  await page.getByRole('dialog').filter({ hasText: 'Delete this draft?' }).getByRole('button', { name: 'Delete' }).click();
  await page.waitForURL(/\/my\/cases$/);
  await expect(page.getByText('Draft deleted')).toBeVisible();

  const submitted = await apiSubmitPlanningCase(page.request, session.csrfToken, `Phase 5 ${runMark()}`);
  const clerk = await playwrightRequest.newContext({ baseURL });
  const clerkSession = await apiSignIn(clerk, demoAccount('xy.clerk'));
  await apiWrite<CaseReply>(clerk, clerkSession.csrfToken, `/api/cases/${submitted.id}/refuse`, {
    version: submitted.version,
    reason: 'Out of scope',
  });
  await clerk.dispose();
  await page.goto(`/my/cases/${submitted.id}`);
  await expect(page.getByText('Not accepted: the time limit never started')).toBeVisible();
});
