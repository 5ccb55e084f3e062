import { expect, test } from '@playwright/test';
import { apiCreateUser, apiSignIn } from '../../fixtures/api';
import { DEMO_PASSWORD, demoAccount, NEW_USER_PASSWORD } from '../../fixtures/demo-accounts';
import { TEXTS } from '../../fixtures/texts';
import { AppShell } from '../../page-models/app-shell';
import { SignInPage } from '../../page-models/sign-in-page';

test('five wrong passwords lock the account; the security admin unlocks it', async ({ page, browser, playwright, baseURL }) => {
  // A dedicated account, so that locking it cannot disturb the other specs.
  const sysadminContext = await playwright.request.newContext({ baseURL });
  const sysadmin = await apiSignIn(sysadminContext, demoAccount('xy.sysadmin'));
  const username = `e2e.lock.${Date.now().toString(36)}`;
  await apiCreateUser(sysadminContext, sysadmin.csrfToken, {
    username,
    displayName: '锁定测试',
    roles: ['clerk'],
    password: NEW_USER_PASSWORD,
  });
  await sysadminContext.dispose();

  const signInPage = new SignInPage(page);
  await signInPage.goto();
  for (let attempt = 1; attempt <= 4; attempt += 1) {
    expect(await signInPage.submitCredentials(username, `wrong-password-${attempt}`)).toBe(401);
    await expect(signInPage.alert).toHaveText(signInPage.texts.wrongCredentials);
  }
  expect(await signInPage.submitCredentials(username, 'wrong-password-5')).toBe(423);
  await expect(signInPage.alert).toContainText(signInPage.texts.locked);

  // Even the right password is refused while the lock lasts, with the time it ends.
  expect(await signInPage.submitCredentials(username, NEW_USER_PASSWORD)).toBe(423);
  await expect(signInPage.alert).toContainText(/账户已锁定，请于 .+ 后再试/);

  const securityPage = await browser.newPage();
  const securitySignIn = new SignInPage(securityPage);
  await securitySignIn.goto();
  const secadmin = demoAccount('xy.secadmin');
  await securitySignIn.signIn(secadmin.username, DEMO_PASSWORD, secadmin.totpSecret);
  await new AppShell(securityPage).menuItem('用户管理').click();
  await securityPage.getByLabel('关键词').fill(username);
  await securityPage.getByRole('button', { name: '查询' }).click();
  const row = securityPage.getByRole('row', { name: new RegExp(username.replace(/\./g, '\\.')) });
  await expect(row.getByText('已锁定')).toBeVisible();
  await row.getByRole('button', { name: '解锁' }).click();
  await securityPage.getByRole('tooltip').getByRole('button', { name: '确定' }).click();
  await expect(securityPage.getByText('账户已解锁')).toBeVisible();
  await expect(row.getByText('正常')).toBeVisible();
  // Back to the first window: a window left in the background gets no animation frames.
  await page.bringToFront();
  await securityPage.close();

  await signInPage.signIn(username, NEW_USER_PASSWORD, null);
  await expect(page.getByRole('region', { name: TEXTS['zh-CN'].caseCounts })).toBeVisible();
});
