import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, test, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from '@playwright/test';
import chineseDays from 'chinese-days';
import { DEMO_PASSWORD, demoAccount } from '../../fixtures/demo-accounts';
import { AppShell } from '../../page-models/app-shell';
import { ApplicantServicesPage } from '../../page-models/applicant-pages';
import { CatalogueVerifyPage } from '../../page-models/catalogue-verify-page';
import { SignInPage } from '../../page-models/sign-in-page';
import { WholePathApplicationPage, WholePathCasePage } from '../../page-models/whole-path-applicant-pages';
import { WholePathRectificationPage } from '../../page-models/whole-path-rectification-page';
import { WorkbenchCasePage } from '../../page-models/workbench-case-page';
import { PAGE_LOAD_TIMEOUT, WorkbenchQueuePage } from '../../page-models/workbench-queue-page';
import { pdfBytes } from '../applicant/applicant-helpers';

/**
 * The whole 政务服务 path in the browser, each person in a browser of their own: the applicant
 * applies and uploads, the window (xy.clerk) sends one correction notice, the applicant corrects,
 * the window accepts, the planning bureau (xy.approver) approves, the decision PDF's QR code
 * verifies on the public page, the applicant gives a bad review, and the review's rectification
 * task is due five working days later on the official calendar.
 *
 * The e2e server runs on the real clock (playwright.config.ts fixes no time), so the deadline is
 * computed here from the day the rating was made, with the `chinese-days` package's calendar and
 * counting, not the server's.
 */

const run = promisify(execFile);

/** 建设用地规划许可证核发: the planning bureau's item (decided by xy.approver), no site inspection. */
const ITEM = { code: 'XYGX-GH-003', name: '建设用地规划许可证核发', document: '准予行政许可决定书' };
/** The demo applicant's enterprise (峻凌电子) as the seed registers it; the decision names it. */
const ENTERPRISE = { name: '峻凌电子(咸阳)有限公司', creditCode: '91610400MA6XJL017A' };
const PROJECT_NAME = '峻凌电子三期厂房用地（全流程）';
const RED_LINE_REASON = '红线图未标注界址点坐标，请补充后重新上传';
const DECISION_REASON = '申请材料齐全，符合法定形式，用地符合控制性详细规划';
const RATING_COMMENT = '补正来回两次，窗口电话一直占线';
/** SPEC §2: a bad review's rectification is due in 5 working days (the zone has no other setting). */
const RECTIFICATION_WORKING_DAYS = 5;

const PHONE: BrowserContextOptions = { viewport: { width: 375, height: 812 } };

async function signedInPage(
  browser: Browser,
  username: string,
  options: BrowserContextOptions = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const signIn = new SignInPage(page);
  await signIn.goto();
  await signIn.signIn(username, DEMO_PASSWORD, demoAccount(username).totpSecret);
  return { context, page };
}

/** A real JPEG, drawn and encoded by the browser's canvas. */
async function jpegBytes(page: Page, text: string): Promise<Buffer> {
  const dataUrl = await page.evaluate((label) => {
    const canvas = document.createElement('canvas');
    canvas.width = 480;
    canvas.height = 320;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('No 2D canvas');
    context.fillStyle = '#fffaf0';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.strokeStyle = '#b22222';
    context.lineWidth = 6;
    context.strokeRect(12, 12, canvas.width - 24, canvas.height - 24);
    context.fillStyle = '#222';
    context.font = '28px sans-serif';
    context.fillText(label, 40, 160);
    return canvas.toDataURL('image/jpeg', 0.85);
  }, text);
  const bytes = Buffer.from(dataUrl.replace(/^data:image\/jpeg;base64,/, ''), 'base64');
  expect([...bytes.subarray(0, 3)], 'a JPEG starts with FF D8 FF').toEqual([0xff, 0xd8, 0xff]);
  return bytes;
}

/** The text of a PDF (poppler's pdftotext), without the layout's spaces and line breaks. */
async function pdfText(pdfPath: string): Promise<string> {
  const { stdout } = await run('pdftotext', [pdfPath, '-']);
  return stdout.replace(/\s+/g, '');
}

/** What the QR code on a PDF's first page points at: rendered by poppler's pdftoppm, read by zbarimg. */
async function qrTargetOf(pdfPath: string): Promise<string> {
  const prefix = `${pdfPath}.page`;
  await run('pdftoppm', ['-png', '-r', '150', '-f', '1', '-l', '1', pdfPath, prefix]);
  const directory = path.dirname(pdfPath);
  const image = fs.readdirSync(directory).find((name) => name.startsWith(path.basename(prefix)) && name.endsWith('.png'));
  if (!image) throw new Error(`pdftoppm rendered no page of ${pdfPath}`);
  const { stdout } = await run('zbarimg', ['--quiet', '--raw', path.join(directory, image)]);
  const codes = stdout.trim().split('\n').filter(Boolean);
  expect(codes, 'one QR code on the first page').toHaveLength(1);
  return codes[0]!;
}

/** Today (or an instant's day) in China as YYYY-MM-DD. */
function chinaDay(instant: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** Whether chinese-days carries the State Council's schedule for the year (it lists the year's holidays). */
function isYearPublished(year: number): boolean {
  return chineseDays.getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0;
}

/**
 * The rectification deadline: `days` working days after the rating day (the day itself not
 * counted), or null when a year on the way has no published schedule — then the platform must not
 * guess a date either.
 */
function expectedDeadline(ratedOn: string, days: number): string | null {
  const due = chineseDays.findWorkday(days, ratedOn);
  for (let year = Number(ratedOn.slice(0, 4)); year <= Number(due.slice(0, 4)); year += 1) {
    if (!isYearPublished(year)) return null;
  }
  return due;
}

test('the whole path: apply with uploads, one correction notice, correct, accept, approve, verify the QR code, a bad review opens rectification', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(300_000);
  const contexts: BrowserContext[] = [];
  const workDir = test.info().outputPath('whole-path');
  fs.mkdirSync(workDir, { recursive: true });

  const applicant = await signedInPage(browser, 'junling.applicant', PHONE);
  contexts.push(applicant.context);
  const applicantPage = applicant.page;
  const application = new WholePathApplicationPage(applicantPage);
  const myCase = new WholePathCasePage(applicantPage);
  const mainNavigation = applicantPage.getByRole('navigation', { name: '主导航' });
  let caseId = '';
  let caseNumber = '';

  await test.step('1. the applicant applies for 建设用地规划许可证核发, uploads the materials resumably and submits', async () => {
    await mainNavigation.getByRole('link', { name: '办事' }).click();
    const services = new ApplicantServicesPage(applicantPage);
    await expect(services.heading(services.texts.servicesTitle)).toBeVisible();
    await services.search(ITEM.code);
    await services.itemCard(ITEM.name).click();
    await expect(services.heading(ITEM.name)).toBeVisible();
    await expect(applicantPage.getByText('用地红线图', { exact: true })).toBeVisible();
    await services.applyButton.click();
    await applicantPage.waitForURL(/\/my\/cases\/new\/[0-9a-f-]{36}$/);
    await expect(application.heading(application.texts.applicationTitle)).toBeVisible();

    await application.fill({
      申请单位名称: ENTERPRISE.name,
      统一社会信用代码: ENTERPRISE.creditCode,
      联系人: '黄海',
      联系电话: '13800000101',
      项目名称: PROJECT_NAME,
      用地面积: '32000',
    });

    // The uploads go through tus: a creation request, then the bytes in PATCH requests.
    const uploadRequests: Array<{ method: string; tus: string | undefined }> = [];
    applicantPage.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/uploads')) {
        uploadRequests.push({ method: request.method(), tus: request.headers()['tus-resumable'] });
      }
    });
    await application.chooseThroughDialog('营业执照', {
      name: '营业执照.jpg',
      mimeType: 'image/jpeg',
      buffer: await jpegBytes(applicantPage, 'Business licence · 峻凌电子'),
    });
    await application.chooseThroughDialog('国有建设用地使用权出让合同', {
      name: '国有建设用地使用权出让合同.pdf',
      mimeType: 'application/pdf',
      buffer: pdfBytes('Land-use right transfer contract'),
    });
    await application.chooseThroughDialog('用地红线图', {
      name: '用地红线图.pdf',
      mimeType: 'application/pdf',
      buffer: pdfBytes('Site boundary'),
    });
    await expect(application.uploadedFile('营业执照', '营业执照.jpg')).toBeVisible();
    await expect(application.uploadedFile('国有建设用地使用权出让合同', '国有建设用地使用权出让合同.pdf')).toBeVisible();
    await expect(application.uploadedFile('用地红线图', '用地红线图.pdf')).toBeVisible();
    expect(uploadRequests.filter((request) => request.method === 'POST')).toHaveLength(3);
    expect(uploadRequests.filter((request) => request.method === 'PATCH').length).toBeGreaterThanOrEqual(3);
    expect(uploadRequests.every((request) => request.tus === '1.0.0')).toBe(true);

    await application.submitButton.click();
    await applicantPage.waitForURL(/\/my\/cases\/[0-9a-f-]{36}$/);
    caseId = new URL(applicantPage.url()).pathname.split('/').at(-1)!;
    await expect(myCase.heading(ITEM.name)).toBeVisible();
    await expect(myCase.status(myCase.texts.statusSubmitted)).toBeVisible();
    caseNumber = await myCase.readCaseNumber();
    await expect(applicantPage.getByText(`已提交，办件编号 ${caseNumber}`)).toBeVisible();
    await expect(myCase.timeline.getByText(myCase.texts.submittedStep(caseNumber))).toBeVisible();
    await expect(applicantPage.getByRole('link', { name: '营业执照.jpg' })).toBeVisible();
    await expect(applicantPage.getByRole('link', { name: '用地红线图.pdf' })).toBeVisible();
  });

  const clerk = await signedInPage(browser, 'xy.clerk');
  contexts.push(clerk.context);
  const clerkCase = new WorkbenchCasePage(clerk.page);

  await test.step('2. the clerk opens the case from the workbench and sends one correction notice naming the site boundary map', async () => {
    await new AppShell(clerk.page).menuItem('办件工作台').click();
    await expect(clerk.page.getByRole('heading', { name: '办件工作台' })).toBeVisible({ timeout: PAGE_LOAD_TIMEOUT });
    const queue = new WorkbenchQueuePage(clerk.page);
    await queue.search(caseNumber, { keyword: '关键词', query: '查询' });
    await expect(queue.rows).toHaveCount(1, { timeout: PAGE_LOAD_TIMEOUT });
    const row = queue.row(caseNumber);
    await expect(row).toContainText(ITEM.name);
    await expect(row).toContainText('待受理');
    await clerk.page.screenshot({ path: '/tmp/whole-path-0-queue.png' });
    await row.getByRole('link', { name: caseNumber }).click();
    await clerkCase.waitForCase();
    await expect(clerkCase.heading(caseNumber)).toBeVisible();
    await expect(clerkCase.status).toHaveText('待受理');
    const materials = clerkCase.section('申请材料');
    await expect(materials).toContainText('营业执照.jpg');
    await expect(materials).toContainText('国有建设用地使用权出让合同.pdf');
    await expect(materials).toContainText('用地红线图.pdf');

    await clerkCase.action('一次性告知补正').click();
    await expect(clerkCase.dialog).toContainText('一次性告知补正');
    await clerkCase.markDeficient('red_line', '用地红线图', RED_LINE_REASON, '补正原因');
    await expect(clerkCase.dialog).toContainText('已选 1 项');
    await clerkCase.dialogButton('发出补正通知').click();
    await expect(clerk.page.getByText('补正通知已发出')).toBeVisible();
    await expect(clerkCase.dialog).toBeHidden();
    await expect(clerkCase.status).toHaveText('待补正');
    await expect(clerkCase.section('补正通知（一次性告知）')).toContainText(`用地红线图：${RED_LINE_REASON}`);
    await expect(clerkCase.timelineEvent('correction_requested')).toContainText('需补正 1 项');
    await expect(clerkCase.timelineEvent('correction_requested')).toContainText('王晓燕');
  });

  await test.step('3. the applicant reads the notice, replaces the map and resubmits', async () => {
    await mainNavigation.getByRole('link', { name: '我的办件' }).click();
    await expect(myCase.heading(myCase.texts.myCasesTitle)).toBeVisible();
    const listed = applicantPage.getByRole('link', { name: new RegExp(caseNumber) });
    await expect(listed).toContainText(myCase.texts.statusCorrection);
    await listed.click();
    await applicantPage.waitForURL(new RegExp(`/my/cases/${caseId}$`));
    await expect(myCase.status(myCase.texts.statusCorrection)).toBeVisible();
    await expect(myCase.correctionNotice).toContainText('以下 1 项需要补正');
    await expect(myCase.correctionNotice).toContainText(`用地红线图：${RED_LINE_REASON}`);
    await expect(myCase.timeline.getByText('窗口一次性告知需补正 1 项')).toBeVisible();
    await applicantPage.screenshot({ path: '/tmp/whole-path-1-correction-notice.png', fullPage: true });

    await myCase.answerCorrectionButton.click();
    await applicantPage.waitForURL(new RegExp(`/my/cases/${caseId}/edit$`));
    await expect(application.heading('补正材料')).toBeVisible();
    await expect(application.deficiencyNote('用地红线图')).toHaveText(application.texts.needs(RED_LINE_REASON));
    await expect(application.deficiencyNote('营业执照')).toHaveCount(0);
    await expect(application.field('项目名称')).toHaveValue(PROJECT_NAME);
    await expect(application.uploadedFile('营业执照', '营业执照.jpg')).toBeVisible();

    await application.chooseThroughDialog('用地红线图', {
      name: '用地红线图（含界址点坐标）.pdf',
      mimeType: 'application/pdf',
      buffer: pdfBytes('Site boundary with corner coordinates'),
    });
    await expect(application.uploadedFile('用地红线图', '用地红线图（含界址点坐标）.pdf')).toBeVisible();
    await application.resubmitButton.click();
    await applicantPage.waitForURL(new RegExp(`/my/cases/${caseId}$`));
    await expect(applicantPage.getByText('补正已提交，请等待窗口审核')).toBeVisible();
    await expect(myCase.status(myCase.texts.statusSubmitted)).toBeVisible();
    await expect(myCase.correctionNotice).toHaveCount(0);
    await expect(myCase.timeline.getByText(myCase.texts.correctedStep)).toBeVisible();
    await expect(applicantPage.getByRole('link', { name: '用地红线图（含界址点坐标）.pdf' })).toBeVisible();
    await expect(applicantPage.getByRole('link', { name: '用地红线图.pdf', exact: true })).toHaveCount(0);
  });

  await test.step('4. the clerk sees the corrected map and accepts the case', async () => {
    await clerk.page.getByRole('button', { name: '刷新' }).click();
    await expect(clerkCase.status).toHaveText('待受理');
    await expect(clerkCase.section('申请材料')).toContainText('用地红线图（含界址点坐标）.pdf');
    await expect(clerkCase.timelineEvent('corrected')).toBeVisible();
    await clerkCase.action('受理').click();
    await expect(clerkCase.dialog).toContainText(`受理办件 ${caseNumber}？`);
    await clerkCase.dialogButton('受理').click();
    await expect(clerk.page.getByText('已受理，开始计时')).toBeVisible();
    await expect(clerkCase.status).toHaveText('审查中');
    await expect(clerkCase.timelineEvent('accepted')).toContainText('王晓燕');
    await expect(clerkCase.action('受理')).toHaveCount(0);
  });

  const approver = await signedInPage(browser, 'xy.approver');
  contexts.push(approver.context);

  await test.step('5. the approver approves; the decision document is issued', async () => {
    await new AppShell(approver.page).menuItem('办件工作台').click();
    await expect(approver.page.getByRole('heading', { name: '办件工作台' })).toBeVisible({ timeout: PAGE_LOAD_TIMEOUT });
    const queue = new WorkbenchQueuePage(approver.page);
    await queue.search(caseNumber, { keyword: '关键词', query: '查询' });
    const row = queue.row(caseNumber);
    await expect(row).toContainText('审查中', { timeout: PAGE_LOAD_TIMEOUT });
    await row.getByRole('link', { name: caseNumber }).click();
    const approverCase = new WorkbenchCasePage(approver.page);
    await approverCase.waitForCase();
    await expect(approverCase.status).toHaveText('审查中');
    await approverCase.action('作出决定').click();
    await approverCase.dialog.getByLabel('决定理由').fill(DECISION_REASON);
    await approverCase.dialogButton('作出决定并签发').click();
    await expect(approver.page.getByText('已作出决定，决定书已签发')).toBeVisible();
    await expect(approverCase.status).toHaveText('已办结');
    const documents = approverCase.section('出具文书');
    await expect(documents).toContainText(ITEM.document);
    await expect(documents.getByRole('link', { name: '下载 PDF' })).toHaveAttribute('href', /^\/api\/files\/[0-9a-f-]{36}$/);
    await expect(approverCase.timelineEvent('concluded')).toContainText('陈志强');
  });

  await test.step('6. the decision PDF carries a QR code that verifies on the public page', async () => {
    await applicantPage.reload();
    await expect(myCase.status('已办结')).toBeVisible();
    await expect(myCase.resultCard.getByText('准予许可', { exact: true })).toBeVisible();
    await expect(myCase.resultCard).toContainText(`理由：${DECISION_REASON}`);
    await expect(myCase.timeline.getByText('已办结：准予许可')).toBeVisible();

    const download = await myCase.downloadDocument(ITEM.document);
    const pdfPath = path.join(workDir, 'decision.pdf');
    await download.saveAs(pdfPath);
    expect(fs.readFileSync(pdfPath).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = await pdfText(pdfPath);
    expect(text).toContain(ITEM.document);
    expect(text).toContain(caseNumber);
    expect(text).toContain(ENTERPRISE.name);

    const target = await qrTargetOf(pdfPath);
    const verifyUrl = new URL(target);
    expect(verifyUrl.origin).toBe(new URL(baseURL!).origin);
    expect(verifyUrl.pathname).toMatch(/^\/verify\/[A-Z0-9]+$/);
    // The page's own 扫码核验页 link leads to the same place as the printed code.
    await expect(myCase.verifyLink(ITEM.document)).toHaveAttribute('href', verifyUrl.pathname);

    // Anyone scanning it: a phone with nobody signed in.
    const visitor = await browser.newContext(PHONE);
    contexts.push(visitor);
    const visitorPage = await visitor.newPage();
    await visitorPage.goto(target);
    const verify = new CatalogueVerifyPage(visitorPage);
    await expect(verify.status).toContainText('有效');
    await expect(verify.status).toContainText('经核验，本文书真实有效');
    await expect(visitorPage.getByRole('heading', { name: ITEM.document })).toBeVisible();
    const fact = (label: string) =>
      visitorPage
        .locator('.verify-facts > div')
        .filter({ has: visitorPage.getByRole('term').getByText(label, { exact: true }) })
        .getByRole('definition');
    await expect(fact('办件编号')).toHaveText(caseNumber);
    await expect(fact('申请单位')).toHaveText(ENTERPRISE.name);
    await expect(fact('事项')).toHaveText(ITEM.name);
    await expect(fact('决定')).toHaveText('准予许可');
    await expect(fact('出具机关')).toHaveText('咸阳高新区');
    await expect(visitorPage.getByText(`核验码：${verifyUrl.pathname.replace('/verify/', '')}`)).toBeVisible();
    await visitorPage.screenshot({ path: '/tmp/whole-path-2-verify.png', fullPage: true });
  });

  let ratedOn = '';

  await test.step('7. the applicant rates the service 不满意 with a comment', async () => {
    await expect(myCase.ratingCard).toBeVisible();
    await myCase.chooseLevels({ 总体评价: '不满意', 办事速度: '不满意', 服务质量: '基本满意', 服务态度: '满意' });
    await myCase.ratingCard.getByLabel('意见或建议（选填）').fill(RATING_COMMENT);
    const [rated] = await Promise.all([
      applicantPage.waitForResponse(
        (response) => response.url().endsWith(`/api/cases/${caseId}/ratings`) && response.request().method() === 'POST',
      ),
      myCase.ratingCard.getByRole('button', { name: myCase.texts.rateSubmit }).click(),
    ]);
    expect(rated.status()).toBe(200);
    // The day the review was made, in China: the deadline counts from it.
    ratedOn = chinaDay(new Date(((await rated.json()) as { createdAt: string }).createdAt));
    await expect(applicantPage.getByText('感谢您的评价')).toBeVisible();
    await expect(myCase.ratingCard.getByText(myCase.texts.yourRating, { exact: true })).toBeVisible();
    await expect(myCase.ratingCard.getByText(`“${RATING_COMMENT}”`)).toBeVisible();
    await expect(myCase.ratingCard.getByRole('alert')).toHaveText('已转交办理部门整改，工作人员会回访您；回访后您可以在这里再评价一次。');
    await expect(myCase.ratingCard.getByRole('button', { name: myCase.texts.rateSubmit })).toHaveCount(0);
  });

  await test.step('8. the clerk finds the rectification task, due 5 working days after the rating on the official calendar', async () => {
    const expectedDue = expectedDeadline(ratedOn, RECTIFICATION_WORKING_DAYS);
    await new AppShell(clerk.page).menuItem('差评整改').click();
    const rectification = new WholePathRectificationPage(clerk.page);
    await rectification.waitForList();
    await rectification.filter('整改中').click();
    const task = rectification.task(caseNumber);
    await expect(task).toBeVisible({ timeout: PAGE_LOAD_TIMEOUT });
    await expect(task).toContainText(ITEM.name);
    await expect(task).toContainText('规划和自然资源局');
    await expect(task).toContainText('不满意');
    await expect(task).toContainText(RATING_COMMENT);
    await expect(task).toContainText('整改中');
    await expect(task).toContainText('尚未回访');
    const deadline = rectification.deadline(task);
    if (expectedDue) {
      // Shown as the browser's zh-CN date, e.g. 2026/12/04; still all 5 working days to go on the rating day.
      await expect(deadline).toContainText(expectedDue.replaceAll('-', '/'));
      if (chinaDay(new Date()) === ratedOn) await expect(deadline).toContainText(`剩 ${RECTIFICATION_WORKING_DAYS} 个工作日`);
    } else {
      await expect(deadline).toHaveText('期限未定（工作日历未加载）');
    }
    await task.scrollIntoViewIfNeeded();
    await clerk.page.screenshot({ path: '/tmp/whole-path-3-rectification.png', fullPage: true });
  });

  for (const context of contexts) await context.close();
});
