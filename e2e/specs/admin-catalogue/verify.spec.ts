import { expect, test } from '@playwright/test';
import { apiSignIn } from '../../fixtures/api';
import { demoAccount } from '../../fixtures/demo-accounts';
import { CatalogueVerifyPage } from '../../page-models/catalogue-verify-page';

test.use({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });

test('a code that matches no document reads as not found, in Chinese and English', async ({ page }) => {
  const verify = new CatalogueVerifyPage(page);
  await verify.goto('NOSUCHCODE0000000000000000');
  await expect(page.getByRole('heading', { name: '未找到该核验码对应的文书' })).toBeVisible();
  await expect(page.getByText('核验码：NOSUCHCODE0000000000000000')).toBeVisible();
  await verify.switchTo('EN');
  await expect(page.getByRole('heading', { name: 'No document with this code' })).toBeVisible();
});

test('the decision document of a concluded case verifies as 有效', async ({ page, request }) => {
  // The demo seed concludes one of the applicant's cases with a decision document; its code is in the case.
  await apiSignIn(request, demoAccount('junling.applicant'));
  const mine = await request.get('/api/cases/mine', { params: { pageSize: 50 } });
  expect(mine.status()).toBe(200);
  const cases = ((await mine.json()) as { items: Array<{ id: string; status: string }> }).items;
  const concluded = cases.find((entry) => entry.status === 'concluded' || entry.status === 'delivered');
  expect(concluded, 'a concluded demo case').toBeDefined();
  const detail = (await (await request.get(`/api/cases/${concluded!.id}`)).json()) as {
    documents: Array<{ title: string; verificationCode: string }>;
  };
  const decision = detail.documents[0]!;

  const verify = new CatalogueVerifyPage(page);
  await verify.goto(decision.verificationCode);
  await expect(verify.status).toContainText('有效');
  await expect(verify.status).toContainText('经核验，本文书真实有效');
  await expect(page.getByRole('heading', { name: decision.title })).toBeVisible();
  // The issuing authority once, where the paper's seal is compared: not again in the banner.
  await expect(verify.fact('出具机关')).toHaveText('咸阳高新区');
  await expect(page.getByText('咸阳高新区', { exact: true })).toHaveCount(1);
  // One date format: the issue date and the decision date (a fact) read alike.
  const chineseDate = /^\d{4}年\d{1,2}月\d{1,2}日$/;
  await expect(verify.fact('出具日期')).toHaveText(chineseDate);
  await expect(verify.fact('决定日期')).toHaveText(chineseDate);
  await verify.switchTo('EN');
  await expect(verify.status).toContainText('VALID');
  await expect(verify.fact('Issuing authority')).toHaveText('Xianyang High-tech Zone');
  await expect(page.getByText('Xianyang High-tech Zone', { exact: true })).toHaveCount(1);
  const englishDate = /^[A-Z][a-z]+ \d{1,2}, \d{4}$/;
  await expect(verify.fact('Issued on')).toHaveText(englishDate);
  await expect(verify.fact('决定日期')).toHaveText(englishDate);
});

/**
 * Revoking the seeded document would change it for every later spec, so this one renders the reply
 * the server gives for a revoked document (documents.routes.test.ts covers the reply itself).
 */
const revokedDocument = {
  title: '食品经营许可决定书',
  kind: 'decision',
  zone: { nameZh: '咸阳高新区', nameEn: 'Xianyang High-tech Zone' },
  facts: { 办件编号: 'XYGX-2026-000123', 申请人: '峻凌电子（咸阳）有限公司', 事项: '食品经营许可' },
  issuedAt: '2026-11-20T02:00:00.000Z',
  status: 'revoked',
  revokedAt: '2026-11-25T03:00:00.000Z',
  revokedReason: '申请人以欺骗手段取得许可',
};

test('a revoked document shows 已撤销 with the reason and the date', async ({ page }) => {
  await page.route('**/api/public/documents/REVOKEDCODE', (route) => route.fulfill({ json: revokedDocument }));
  const verify = new CatalogueVerifyPage(page);
  await verify.goto('REVOKEDCODE');
  await expect(verify.status).toContainText('已撤销');
  await expect(verify.status).toContainText('本文书已于2026年11月25日撤销，不再有效');
  await expect(verify.fact('出具日期')).toHaveText('2026年11月20日');
  await expect(page.getByText('申请人以欺骗手段取得许可')).toBeVisible();
  await expect(page.getByText('XYGX-2026-000123')).toBeVisible();
  await verify.switchTo('EN');
  await expect(verify.status).toContainText('REVOKED');
  await expect(verify.status).toContainText('Revoked on November 25, 2026');
  await expect(verify.fact('Issued on')).toHaveText('November 20, 2026');
});
