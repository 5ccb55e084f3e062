import { expect, test } from '@playwright/test';
import { apiSignIn } from '../../fixtures/api';
import { demoAccount } from '../../fixtures/demo-accounts';
import { WorkbenchCasePage } from '../../page-models/workbench-case-page';
import { WorkbenchOutboxPage } from '../../page-models/workbench-outbox-page';
import { WorkbenchQueuePage } from '../../page-models/workbench-queue-page';
import { ensureApplicantPhone, PLANNING_PERMIT, resubmitCase, signedInClient, submitCase } from './workbench-cases';

test('a clerk finds a new case in the queue, issues one correction notice, accepts it; the approver approves; the clerk delivers; the SMS are in the outbox', async ({
  page,
  playwright,
  baseURL,
}) => {
  test.setTimeout(240_000);
  await ensureApplicantPhone(playwright.request, baseURL);
  const applicant = await signedInClient(playwright.request, baseURL, 'junling.applicant');
  const submitted = await submitCase(applicant, PLANNING_PERMIT, '新型电子元器件生产线项目');

  // The queue: the new case is there, not yet counting time, and the tab counts match the server's.
  await apiSignIn(page.request, demoAccount('xy.clerk'));
  const queue = new WorkbenchQueuePage(page);
  await queue.goto();
  await expect(page.getByRole('heading', { name: '办件工作台' })).toBeVisible();
  const counts = ((await (await page.request.get('/api/cases', { params: { pageSize: 1 } })).json()) as { counts: Record<string, number> })
    .counts;
  expect(await queue.countOnTab('待受理')).toBe(counts.submitted);
  expect(counts.submitted).toBeGreaterThanOrEqual(1);
  const openTotal = Object.values(counts).reduce((sum, count) => sum + count, 0);
  expect(await queue.countOnTab('全部在办')).toBe(openTotal);

  await queue.tab('待受理').click();
  await expect(page).toHaveURL(/[?&]status=submitted/);
  await queue.search(submitted.number, { keyword: '关键词', query: '查询' });
  await expect(page).toHaveURL(new RegExp(`[?&]q=${submitted.number}`));
  await expect(queue.rows).toHaveCount(1);
  const row = queue.row(submitted.number);
  await expect(row).toContainText('建设工程规划许可证核发');
  await expect(row).toContainText('待受理');
  await expect(queue.light(row)).toHaveAttribute('data-light', 'idle');
  await expect(row).toContainText('未受理');

  // The filters survive a reload: they live in the URL.
  await queue.reload();
  await expect(queue.row(submitted.number)).toBeVisible();
  await expect(page.getByLabel('关键词', { exact: true })).toHaveValue(submitted.number);

  // One correction notice listing two deficiencies: a material and a form answer.
  await row.getByRole('link', { name: submitted.number }).click();
  const casePage = new WorkbenchCasePage(page);
  await casePage.waitForCase();
  await expect(casePage.heading(submitted.number)).toBeVisible();
  await expect(casePage.section('申请材料')).toContainText('总平面图.pdf');
  await expect(casePage.section('申请材料')).toContainText('SHA-256');
  await casePage.action('一次性告知补正').click();
  await expect(casePage.dialog).toContainText('一次性告知补正');
  await casePage.markDeficient('site_plan', '总平面图', '总平面图未标注尺寸和指北针', '补正原因');
  await casePage.markDeficient('form.project_name', '项目名称', '项目名称与备案证明不一致', '补正原因');
  await expect(casePage.dialog).toContainText('已选 2 项');
  await casePage.dialog.getByLabel('补充说明（选填）').fill('补正材料可在线上传');
  await casePage.dialogButton('发出补正通知').click();
  await expect(page.getByText('补正通知已发出')).toBeVisible();
  await expect(casePage.dialog).toBeHidden();
  await expect(casePage.status).toHaveText('待补正');
  const notice = casePage.section('补正通知（一次性告知）');
  await expect(notice).toContainText('总平面图：总平面图未标注尺寸和指北针');
  await expect(notice).toContainText('项目名称：项目名称与备案证明不一致');
  await expect(notice).toContainText('补正材料可在线上传');
  await expect(casePage.timelineEvent('correction_requested')).toContainText('需补正 2 项');
  await expect(casePage.timelineEvent('correction_requested')).toContainText('王晓燕');

  // The applicant corrects; the clerk sees it and accepts: the clock starts.
  await resubmitCase(applicant, submitted.id, PLANNING_PERMIT, '新型电子元器件生产线项目（一期）');
  await page.getByRole('button', { name: '刷新' }).click();
  await expect(casePage.status).toHaveText('待受理');
  await casePage.action('受理').click();
  await expect(casePage.dialog).toContainText(`受理办件 ${submitted.number}？`);
  await casePage.dialogButton('受理').click();
  await expect(page.getByText('已受理，开始计时')).toBeVisible();
  await expect(casePage.status).toHaveText('审查中');
  const clock = casePage.section('办理时限');
  await expect(clock.locator('[data-light]').first()).toHaveAttribute('data-light', /green|yellow|unknown/);
  await expect(clock).toContainText('承诺时限');
  await expect(casePage.timelineEvent('accepted')).toContainText('王晓燕');
  await expect(casePage.action('受理')).toHaveCount(0);

  // The planning bureau's approver approves; the decision document is issued.
  await apiSignIn(page.request, demoAccount('xy.approver'));
  await casePage.goto(submitted.id);
  await casePage.action('作出决定').click();
  await casePage.dialog.getByLabel('决定理由').fill('申请材料齐全，符合法定形式，经审查符合法定条件、标准');
  await casePage.dialogButton('作出决定并签发').click();
  await expect(page.getByText('已作出决定，决定书已签发')).toBeVisible();
  await expect(casePage.status).toHaveText('已办结');
  const documents = casePage.section('出具文书');
  await expect(documents).toContainText('准予行政许可决定书');
  await expect(documents.getByRole('link', { name: '下载 PDF' })).toHaveAttribute('href', /^\/api\/files\/[0-9a-f-]{36}$/);
  await expect(documents.getByRole('link', { name: '核验页面' })).toHaveAttribute('href', /^\/verify\/[A-Z0-9]+$/);
  await expect(casePage.timelineEvent('concluded')).toContainText('陈志强');

  // The clerk delivers it by post.
  await apiSignIn(page.request, demoAccount('xy.clerk'));
  await casePage.goto(submitted.id);
  await casePage.action('送达').click();
  await casePage.dialog.getByLabel('邮寄').check();
  await casePage.dialog.getByLabel('快递单号').fill('SF1234567890');
  await casePage.dialogButton('登记送达').click();
  await expect(page.getByText('已登记送达')).toBeVisible();
  await expect(casePage.status).toHaveText('已送达');
  await expect(casePage.section('办理结果')).toContainText('SF1234567890');
  await expect(casePage.timelineEvent('delivered')).toContainText('快递单号：SF1234567890');

  // The outbox: the development sender delivers nothing, so the applicant's SMS are read here.
  const outbox = new WorkbenchOutboxPage(page);
  await outbox.goto();
  await expect(page.getByText('开发环境：短信和邮件不会真正发出')).toBeVisible();
  await expect(outbox.message(`办件${submitted.number}需补正材料共2项`)).toContainText('短信');
  await expect(outbox.message(`办件${submitted.number}已受理`)).toBeVisible();
  await expect(outbox.message(`办件${submitted.number}已办结（准予许可）`)).toBeVisible();
  await expect(outbox.message(`办件${submitted.number}结果已送达（邮寄），快递单号SF1234567890`)).toContainText('已送达');

  await applicant.request.dispose();
});
