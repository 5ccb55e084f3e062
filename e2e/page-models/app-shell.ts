import { expect, type Locator, type Page } from '@playwright/test';
import { TEXTS, type Language } from '../fixtures/texts';

/** The signed-in layout: header with brand and zone, side menu, user menu. */
export class AppShell {
  constructor(
    readonly page: Page,
    public language: Language = 'zh-CN',
  ) {}

  get texts(): (typeof TEXTS)[Language] {
    return TEXTS[this.language];
  }

  get header(): Locator {
    return this.page.getByRole('banner');
  }

  get sideMenu(): Locator {
    return this.page.locator('.ant-pro-sider').getByRole('menu');
  }

  menuItem(name: string): Locator {
    return this.sideMenu.getByRole('menuitem', { name, exact: true });
  }

  async expectZone(zoneName: string): Promise<void> {
    await expect(this.header.getByText(zoneName, { exact: true })).toBeVisible();
  }

  async openUserMenu(): Promise<void> {
    await this.header.getByRole('button', { name: this.texts.userMenu }).click();
    await expect(this.page.getByRole('menu').last()).toBeVisible();
  }

  get openDropdown(): Locator {
    return this.page.locator('.ant-dropdown:not(.ant-dropdown-hidden)');
  }

  userMenuItem(name: string): Locator {
    return this.openDropdown.getByRole('menuitem', { name, exact: true });
  }

  languageItem(language: Language): Locator {
    return this.openDropdown.getByRole('menuitemradio', { name: TEXTS[language].languageName, exact: true });
  }

  largeTextItem(): Locator {
    return this.openDropdown.getByRole('menuitemcheckbox', { name: this.texts.largeText, exact: true });
  }

  async switchLanguage(language: Language): Promise<void> {
    await this.openUserMenu();
    await this.languageItem(language).click();
    this.language = language;
    await expect(this.menuItem(this.texts.home)).toBeVisible();
  }

  async toggleLargeText(): Promise<void> {
    await this.openUserMenu();
    await this.largeTextItem().click();
  }

  async signOut(): Promise<void> {
    await this.openUserMenu();
    await this.userMenuItem(this.texts.signOut).click();
    await this.page.waitForURL('**/sign-in**');
  }
}
