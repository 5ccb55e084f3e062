import { expect, test } from '@playwright/test';
import { apiSignIn } from '../../fixtures/api';
import { DEMO_PASSWORD, demoAccount } from '../../fixtures/demo-accounts';
import { SignInPage } from '../../page-models/sign-in-page';

test('when the session ends under the user, the next action leads to sign-in and back', async ({ page }) => {
  const account = demoAccount('xy.approver');
  const session = await apiSignIn(page.request, account);
  await page.goto('/account/password');
  await expect(page.getByRole('heading', { name: '修改密码' })).toBeVisible();

  // The session ends elsewhere (here: signed out through the API, as a revocation would).
  const signOut = await page.request.post('/api/auth/sign-out', { headers: { 'x-csrf-token': session.csrfToken } });
  expect(signOut.status()).toBe(200);

  await page.getByLabel('当前密码').fill(DEMO_PASSWORD);
  await page.getByLabel('新密码', { exact: true }).fill('Another#Pass2026');
  await page.getByLabel('确认新密码').fill('Another#Pass2026');
  await page.getByRole('button', { name: '确认修改' }).click();

  await page.waitForURL('**/sign-in?next=%2Faccount%2Fpassword');
  await expect(page.getByRole('alert')).toHaveText('登录已过期，请重新登录。');

  const signInPage = new SignInPage(page);
  await signInPage.signIn(account.username, DEMO_PASSWORD, null);
  await expect(page).toHaveURL(/\/account\/password$/);
});

test('signing out returns to the sign-in page and the app no longer opens', async ({ page }) => {
  await apiSignIn(page.request, demoAccount('xy.investment'));
  await page.goto('/');
  await page.getByRole('button', { name: '用户菜单' }).click();
  await page.getByRole('menuitem', { name: '退出登录' }).click();
  await page.waitForURL('**/sign-in');
  await expect(page.getByRole('alert')).toHaveText('您已安全退出。');

  await page.goto('/');
  await page.waitForURL('**/sign-in');
  await expect(new SignInPage(page).submit).toBeVisible();
});
