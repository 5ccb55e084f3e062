import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';
import { apiSignIn } from '../../fixtures/api';
import { demoAccount } from '../../fixtures/demo-accounts';
import { ApplicantApplicationPage, ApplicantCasePage } from '../../page-models/applicant-pages';
import { apiSubmitPlanningCase, apiWrite, pdfBytes, type CaseReply } from './applicant-helpers';

test.use({ viewport: { width: 375, height: 812 } });

/** A signed-in API client for a staff member, apart from the page's own session. */
async function staffClient(baseURL: string | undefined, username: string): Promise<{ request: APIRequestContext; csrfToken: string }> {
  const request = await playwrightRequest.newContext({ baseURL });
  const session = await apiSignIn(request, demoAccount(username));
  return { request, csrfToken: session.csrfToken };
}

test('a correction notice is answered on the same page, each deficiency shown beside what it names', async ({ page, baseURL }) => {
  const session = await apiSignIn(page.request, demoAccount('junling.applicant'));
  const submitted = await apiSubmitPlanningCase(page.request, session.csrfToken, '三期厂房（补正）');
  const clerk = await staffClient(baseURL, 'xy.clerk');
  await apiWrite<CaseReply>(clerk.request, clerk.csrfToken, `/api/cases/${submitted.id}/request-correction`, {
    version: submitted.version,
    deficiencies: [
      { target: 'form.land_area', reason: '用地面积与出让合同不一致' },
      { target: 'red_line', reason: '红线图缺少坐标' },
    ],
    note: '请一次补齐。',
  });
  await clerk.request.dispose();

  await page.goto(`/my/cases/${submitted.id}`);
  const casePage = new ApplicantCasePage(page);
  await expect(casePage.status(casePage.texts.statusCorrection)).toBeVisible();
  const notice = page.getByRole('alert').filter({ hasText: casePage.texts.correctionTitle });
  await expect(notice).toContainText('用地面积');
  await expect(notice).toContainText('用地面积与出让合同不一致');
  await expect(notice).toContainText('用地红线图');
  await page.getByRole('button', { name: casePage.texts.answerCorrection }).click();

  await page.waitForURL(new RegExp(`/my/cases/${submitted.id}/edit$`));
  const application = new ApplicantApplicationPage(page);
  await expect(application.field('项目名称')).toHaveValue('三期厂房（补正）');
  await expect(page.locator('.ant-form-item').filter({ has: application.field('用地面积') })).toContainText(
    application.texts.needs('用地面积与出让合同不一致'),
  );
  await expect(application.material('用地红线图')).toContainText(application.texts.needs('红线图缺少坐标'));
  await expect(application.material('营业执照').getByRole('note')).toHaveCount(0);

  await application.field('用地面积').fill('31880');
  // Sending with the map not yet replaced asks first, naming what the notice listed and is unchanged.
  await application.resubmitButton.click();
  const unchanged = page.getByRole('dialog').filter({ hasText: '补正通知中有 1 项您还没有修改' });
  await expect(unchanged).toContainText('没有修改：用地红线图');
  await unchanged.getByRole('button', { name: '返回修改' }).click();
  await expect(unchanged).toBeHidden();
  await expect(page).toHaveURL(new RegExp(`/my/cases/${submitted.id}/edit$`));
  await application.choose('用地红线图', {
    name: '红线图（含坐标）.pdf',
    mimeType: 'application/pdf',
    buffer: pdfBytes('red line with coordinates'),
  });
  await expect(application.uploadedFile('用地红线图', '红线图（含坐标）.pdf')).toBeVisible();
  await application.resubmitButton.click();

  await page.waitForURL(new RegExp(`/my/cases/${submitted.id}$`));
  await expect(casePage.status(casePage.texts.statusSubmitted)).toBeVisible();
  await expect(casePage.timeline.getByText(casePage.texts.correctedStep)).toBeVisible();
  await expect(page.getByRole('link', { name: '红线图（含坐标）.pdf' })).toBeVisible();
  await expect(page.getByText('31880 ㎡')).toBeVisible();
});

test('after the decision the applicant finds the document and rates the service; a submitted case can be withdrawn', async ({
  page,
  baseURL,
}) => {
  const session = await apiSignIn(page.request, demoAccount('junling.applicant'));
  const submitted = await apiSubmitPlanningCase(page.request, session.csrfToken, '三期配套（办结）');
  const clerk = await staffClient(baseURL, 'xy.clerk');
  const accepted = await apiWrite<CaseReply>(clerk.request, clerk.csrfToken, `/api/cases/${submitted.id}/accept`, {
    version: submitted.version,
  });
  await clerk.request.dispose();
  const approver = await staffClient(baseURL, 'xy.approver');
  await apiWrite<CaseReply>(approver.request, approver.csrfToken, `/api/cases/${submitted.id}/decide`, {
    version: accepted.version,
    decision: 'approved',
    reason: '材料齐全，符合规划条件',
  });
  await approver.request.dispose();

  await page.goto(`/my/cases/${submitted.id}`);
  const casePage = new ApplicantCasePage(page);
  await expect(page.getByText('准予许可', { exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: '下载 PDF' })).toHaveAttribute('href', /^\/api\/files\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('link', { name: '扫码核验页' })).toHaveAttribute('href', /^\/verify\/.+/);
  await expect(casePage.timeline.getByText('已办结：准予许可')).toBeVisible();

  await expect(page.getByText(casePage.texts.rateTitle)).toBeVisible();
  for (const aspect of casePage.texts.aspects) await casePage.levels(aspect).getByText(casePage.texts.satisfied, { exact: true }).click();
  await page.getByLabel('意见或建议（选填）').fill('窗口服务很耐心');
  await page.getByRole('button', { name: casePage.texts.rateSubmit }).click();
  await expect(page.getByText(casePage.texts.yourRating, { exact: true })).toBeVisible();
  await expect(page.getByText('“窗口服务很耐心”')).toBeVisible();
  await expect(page.getByRole('button', { name: casePage.texts.rateSubmit })).toHaveCount(0);

  const other = await apiSubmitPlanningCase(page.request, session.csrfToken, '四期（撤回）');
  await page.goto(`/my/cases/${other.id}`);
  await page.getByRole('button', { name: casePage.texts.withdraw }).click();
  await page.getByLabel(casePage.texts.withdrawReason).fill('信息填错，重新申请');
  await page.getByRole('button', { name: casePage.texts.withdrawConfirm }).click();
  await expect(casePage.status(casePage.texts.statusWithdrawn)).toBeVisible();
  await expect(casePage.timeline.getByText('信息填错，重新申请')).toBeVisible();
  await expect(page.getByRole('button', { name: casePage.texts.withdraw })).toHaveCount(0);
});
