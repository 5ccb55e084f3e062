import { expect, test } from '@playwright/test';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, zoneOf, type DemoAccount } from '../../fixtures/demo-accounts';
import { CASE_COUNT_ROLES, MENU_ITEMS, TEXTS, WORK_AREA_HEADINGS, type Language, type MenuItem } from '../../fixtures/texts';
import { AppShell } from '../../page-models/app-shell';
import { SignInPage } from '../../page-models/sign-in-page';

const ALL_MENU_ITEMS = [...new Set(Object.values(MENU_ITEMS).flat())] as MenuItem[];

/** What this account must (and must not) see in the shell, in the shell's current language. */
async function expectRoleView(shell: AppShell, account: DemoAccount): Promise<void> {
  const zone = zoneOf(account);
  await shell.expectZone(shell.language === 'zh-CN' ? zone.nameZh : zone.nameEn);
  await expect(shell.menuItem(shell.texts.home)).toBeVisible();

  const expectedItems = new Set(account.roles.flatMap((role) => MENU_ITEMS[role] ?? []));
  for (const item of ALL_MENU_ITEMS) {
    const menuItem = shell.menuItem(shell.texts[item]);
    if (expectedItems.has(item)) await expect(menuItem).toBeVisible();
    else await expect(menuItem).toHaveCount(0);
  }
  for (const role of account.roles) {
    const heading = WORK_AREA_HEADINGS[role]?.[shell.language];
    if (heading) await expect(shell.page.getByRole('heading', { name: heading })).toBeVisible();
  }
  if (account.roles.some((role) => CASE_COUNT_ROLES.includes(role))) {
    await expect(shell.page.getByRole('region', { name: shell.texts.caseCounts })).toBeVisible();
  }
  // Business areas that later releases build are not offered as dead links.
  await expect(shell.sideMenu.getByRole('menuitem')).toHaveCount(1 + expectedItems.size);
}

test.describe('signing in as each demo role', () => {
  for (const [index, account] of DEMO_ACCOUNTS.entries()) {
    const signInLanguage: Language = index % 2 === 0 ? 'zh-CN' : 'en-US';
    const otherLanguage: Language = signInLanguage === 'zh-CN' ? 'en-US' : 'zh-CN';

    test(`${account.username} (${account.roles.join(', ')}) signs in in ${signInLanguage}, then reads the shell in ${otherLanguage}`, async ({
      page,
    }) => {
      const zhSignIn = new SignInPage(page, 'zh-CN');
      await zhSignIn.goto();
      if (signInLanguage === 'en-US') await zhSignIn.chooseLanguage('en-US');
      const signInPage = new SignInPage(page, signInLanguage);
      await expect(signInPage.submit).toBeVisible();
      await signInPage.signIn(account.username, DEMO_PASSWORD, account.totpSecret);

      const shell = new AppShell(page, signInLanguage);
      await expectRoleView(shell, account);
      await expect(page.getByRole('button', { name: TEXTS[signInLanguage].userMenu })).toContainText(account.displayName);

      await shell.switchLanguage(otherLanguage);
      await expectRoleView(shell, account);
    });
  }
});
