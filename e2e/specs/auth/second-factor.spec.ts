import { expect, test } from '@playwright/test';
import * as OTPAuth from 'otpauth';
import { apiCreateUser, apiSignIn } from '../../fixtures/api';
import { DEMO_PASSWORD, demoAccount, NEW_USER_PASSWORD } from '../../fixtures/demo-accounts';
import { freshTotpCode, wrongTotpCode } from '../../fixtures/totp';
import { AppShell } from '../../page-models/app-shell';
import { SignInPage } from '../../page-models/sign-in-page';

test('an admin must enter the TOTP code; a wrong code is refused with a message', async ({ page }) => {
  const admin = demoAccount('xy.secadmin');
  const secret = admin.totpSecret ?? '';
  const signInPage = new SignInPage(page);
  await signInPage.goto();

  expect(await signInPage.submitCredentials(admin.username, DEMO_PASSWORD)).toBe(200);
  await expect(page.getByRole('heading', { name: '两步验证' })).toBeVisible();
  await expect(signInPage.code).toBeFocused();

  expect(await signInPage.submitCode(wrongTotpCode(secret))).toBe(401);
  await expect(signInPage.alert).toContainText(signInPage.texts.wrongCode);

  expect(await signInPage.submitCode(await freshTotpCode(secret))).toBe(200);
  await page.waitForURL('/');
  const shell = new AppShell(page);
  await expect(shell.menuItem('安全策略')).toBeVisible();
});

test('a new admin enrols an authenticator from the QR step at first sign-in', async ({ page, playwright, baseURL }) => {
  const sysadminContext = await playwright.request.newContext({ baseURL });
  const sysadmin = await apiSignIn(sysadminContext, demoAccount('xy.sysadmin'));
  const username = `e2e.auditor.${Date.now().toString(36)}`;
  await apiCreateUser(sysadminContext, sysadmin.csrfToken, {
    username,
    displayName: '测试审计员',
    roles: ['audit_admin'],
    password: NEW_USER_PASSWORD,
  });
  await sysadminContext.dispose();

  const signInPage = new SignInPage(page);
  await signInPage.goto();
  expect(await signInPage.submitCredentials(username, NEW_USER_PASSWORD)).toBe(200);
  await expect(page.getByRole('heading', { name: '绑定身份验证器' })).toBeVisible();
  await expect(page.getByRole('img', { name: '两步验证二维码' })).toBeVisible();

  const secret = ((await page.getByTestId('second-factor-secret').textContent()) ?? '').replace(/\s/g, '');
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  const code = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate();
  await signInPage.code.fill(code);
  await page.getByRole('button', { name: '完成绑定' }).click();

  await page.waitForURL('/');
  await expect(new AppShell(page).menuItem('审计日志')).toBeVisible();
});
