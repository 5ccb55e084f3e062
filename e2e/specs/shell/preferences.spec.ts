import { expect, test } from '@playwright/test';
import { apiSignIn } from '../../fixtures/api';
import { demoAccount } from '../../fixtures/demo-accounts';
import { TEXTS } from '../../fixtures/texts';
import { AppShell } from '../../page-models/app-shell';
import { SignInPage } from '../../page-models/sign-in-page';

test('the language chosen on the sign-in page is remembered after a reload', async ({ page }) => {
  const signInPage = new SignInPage(page);
  await signInPage.goto();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await signInPage.chooseLanguage('en-US');

  const english = new SignInPage(page, 'en-US');
  await expect(english.submit).toBeVisible();
  await page.reload();
  await expect(english.username).toBeVisible();
  await expect(english.submit).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en-US');
  await expect(page).toHaveTitle(/Sign in/);
});

test('large-text mode from the sign-in page enlarges the form and is remembered', async ({ page }) => {
  const signInPage = new SignInPage(page);
  await signInPage.goto();
  const normalSize = await signInPage.username.evaluate((input) => parseFloat(getComputedStyle(input).fontSize));

  await page.getByRole('button', { name: '大字模式' }).click();
  await expect(page.getByRole('button', { name: '大字模式' })).toHaveAttribute('aria-pressed', 'true');
  await page.reload();
  await expect(page.getByRole('button', { name: '大字模式' })).toHaveAttribute('aria-pressed', 'true');
  const largeSize = await signInPage.username.evaluate((input) => parseFloat(getComputedStyle(input).fontSize));
  expect(largeSize).toBeGreaterThanOrEqual(normalSize + 2);
});

test('language and large text chosen in the user menu are remembered after a reload', async ({ page }) => {
  await apiSignIn(page.request, demoAccount('xy.inspector'));
  await page.goto('/');
  const shell = new AppShell(page);
  await shell.expectZone('咸阳高新区');
  const menuFontSize = () => shell.menuItem(shell.texts.home).evaluate((item) => parseFloat(getComputedStyle(item).fontSize));
  const normalSize = await menuFontSize();

  await shell.switchLanguage('en-US');
  await shell.toggleLargeText();
  await expect(page.locator('html')).toHaveClass(/large-text/);

  await page.reload();
  await shell.expectZone('Xianyang High-tech Zone');
  await expect(page.getByRole('region', { name: TEXTS['en-US'].caseCounts })).toBeVisible();
  await expect(page.locator('html')).toHaveClass(/large-text/);
  expect(await menuFontSize()).toBeGreaterThan(normalSize);

  await shell.openUserMenu();
  await expect(shell.largeTextItem()).toBeChecked();
  await expect(shell.languageItem('en-US')).toBeChecked();
});
