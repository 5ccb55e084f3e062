import { expect, type Locator, type Page } from '@playwright/test';
import { APPLICANT_TEXTS, type ApplicantLanguage } from './applicant-texts';

/** A file for `setInputFiles`. */
export interface FilePayload {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

abstract class ApplicantPage {
  constructor(
    readonly page: Page,
    readonly language: ApplicantLanguage = 'zh-CN',
  ) {}

  get texts(): (typeof APPLICANT_TEXTS)[ApplicantLanguage] {
    return APPLICANT_TEXTS[this.language];
  }

  heading(name: string | RegExp): Locator {
    return this.page.getByRole('heading', { level: 1, name });
  }
}

/** 办事指南 (`/services`) and one item's guide (`/services/:id`). */
export class ApplicantServicesPage extends ApplicantPage {
  async goto(): Promise<void> {
    await this.page.goto('/services');
    await expect(this.heading(this.texts.servicesTitle)).toBeVisible();
  }

  async search(text: string): Promise<void> {
    const box = this.page.getByLabel(this.texts.search, { exact: true });
    await box.fill(text);
    await box.press('Enter');
  }

  itemCard(name: string): Locator {
    return this.page.getByRole('link', { name: new RegExp(name) });
  }

  get dueBanner(): Locator {
    return this.page.getByRole('status').filter({ hasText: this.texts.dueIfToday });
  }

  get applyButton(): Locator {
    return this.page.getByRole('button', { name: this.texts.apply });
  }
}

/** 在线申请 (`/my/cases/new/:itemId`, `/my/cases/:id/edit`). */
export class ApplicantApplicationPage extends ApplicantPage {
  field(label: string): Locator {
    return this.page.getByLabel(label, { exact: true });
  }

  async fill(answers: Record<string, string>): Promise<void> {
    for (const [label, value] of Object.entries(answers)) await this.field(label).fill(value);
  }

  /** antd's date picker takes typed text once it is open, and commits it on Enter. */
  async pickDate(label: string, day: string): Promise<void> {
    const input = this.field(label);
    await input.click();
    await input.pressSequentially(day);
    await input.press('Enter');
    await expect(input).toHaveValue(day);
  }

  /** One material's block: its requirements, its file, its progress and its problems. */
  material(name: string): Locator {
    return this.page.getByRole('region', { name, exact: true });
  }

  async choose(material: string, file: FilePayload): Promise<void> {
    await this.page.getByLabel(this.texts.uploadInput(material), { exact: true }).setInputFiles(file);
  }

  progress(material: string): Locator {
    return this.page.getByRole('progressbar', { name: this.texts.uploading(material) });
  }

  uploadedFile(material: string, fileName: string): Locator {
    return this.material(material).getByRole('link', { name: fileName });
  }

  get saveDraftButton(): Locator {
    return this.page.getByRole('button', { name: this.texts.saveDraft });
  }

  get submitButton(): Locator {
    return this.page.getByRole('button', { name: this.texts.submit, exact: true });
  }

  get resubmitButton(): Locator {
    return this.page.getByRole('button', { name: this.texts.resubmit });
  }

  /** The error shown under a form field. */
  fieldError(label: string): Locator {
    return this.page
      .locator('.ant-form-item')
      .filter({ has: this.page.getByLabel(label, { exact: true }) })
      .locator('.ant-form-item-explain-error');
  }
}

/** 我的办件 and one case (`/my/cases`, `/my/cases/:id`). */
export class ApplicantCasePage extends ApplicantPage {
  get timeline(): Locator {
    return this.page.locator('.ant-card').filter({ has: this.page.getByText(this.texts.timeline, { exact: true }) });
  }

  get caseNumber(): Locator {
    return this.page.getByText(/^[A-Z]+-\d{4}-\d{6}$/).first();
  }

  status(text: string): Locator {
    return this.page.locator('.case-head').getByText(text, { exact: true });
  }

  levels(aspect: string): Locator {
    return this.page.getByRole('radiogroup', { name: aspect });
  }
}
