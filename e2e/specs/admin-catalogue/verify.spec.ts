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
  await expect(verify.status).toContainText('本文书由咸阳高新区出具，现行有效');
  await expect(page.getByRole('heading', { name: decision.title })).toBeVisible();
  await expect(page.getByText('出具机关')).toBeVisible();
  await verify.switchTo('EN');
  await expect(verify.status).toContainText('VALID');
  await expect(page.getByText('Issuing authority')).toBeVisible();
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
  await expect(verify.status).toContainText('2026/11/25');
  await expect(page.getByText('申请人以欺骗手段取得许可')).toBeVisible();
  await expect(page.getByText('XYGX-2026-000123')).toBeVisible();
  await verify.switchTo('EN');
  await expect(verify.status).toContainText('REVOKED');
});
