import { expect, type Locator, type Page } from '@playwright/test';
import { waitForRateLimit } from '../fixtures/rate-limit';
import { TEXTS, type Language } from '../fixtures/texts';
import { freshTotpCode } from '../fixtures/totp';

/** The sign-in page and its steps (credentials, second factor). */
export class SignInPage {
  readonly texts: (typeof TEXTS)[Language];

  constructor(
    readonly page: Page,
    readonly language: Language = 'zh-CN',
  ) {
    this.texts = TEXTS[language];
  }

  get username(): Locator {
    return this.page.getByLabel(this.texts.username, { exact: true });
  }

  get password(): Locator {
    return this.page.getByLabel(this.texts.password, { exact: true });
  }

  get submit(): Locator {
    return this.page.getByRole('button', { name: this.texts.signIn, exact: true });
  }

  get code(): Locator {
    return this.page.getByLabel(this.texts.code, { exact: true });
  }

  get alert(): Locator {
    return this.page.getByRole('alert');
  }

  async goto(): Promise<void> {
    await this.page.goto('/sign-in');
    await expect(this.submit).toBeVisible();
  }

  /** Chooses the language with the switch on the sign-in page. */
  async chooseLanguage(language: Language): Promise<void> {
    await this.page.getByText(TEXTS[language].languageName, { exact: true }).click();
  }

  /** Fills and submits the form; waits out the server's sign-in rate limit if it answers 429. */
  async submitCredentials(username: string, password: string): Promise<number> {
    await this.username.fill(username);
    await this.password.fill(password);
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const [response] = await Promise.all([
        this.page.waitForResponse((candidate) => candidate.url().endsWith('/api/auth/sign-in') && candidate.request().method() === 'POST'),
        this.submit.click(),
      ]);
      if (!(await waitForRateLimit(response))) return response.status();
    }
    throw new Error('Sign-in stayed rate-limited');
  }

  async submitCode(code: string): Promise<number> {
    await this.code.fill(code);
    const [response] = await Promise.all([
      this.page.waitForResponse(
        (candidate) => candidate.url().endsWith('/api/auth/second-factor') && candidate.request().method() === 'POST',
      ),
      this.page.getByRole('button', { name: this.texts.verify, exact: true }).click(),
    ]);
    return response.status();
  }

  /** Signs in through the form, with the TOTP step for accounts that have a secret. */
  async signIn(username: string, password: string, totpSecret: string | null): Promise<void> {
    const status = await this.submitCredentials(username, password);
    expect(status, `sign-in of ${username}`).toBe(200);
    if (totpSecret) {
      await expect(this.code).toBeVisible();
      expect(await this.submitCode(await freshTotpCode(totpSecret))).toBe(200);
    }
    await this.page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
  }
}
