import { expect, type Download, type Locator } from '@playwright/test';
import { ApplicantApplicationPage, ApplicantCasePage, type FilePayload } from './applicant-pages';

/**
 * The applicant's application form as a person uses it: a material's file is picked through the
 * browser's file dialog, opened by the material's own 选择文件 / 更换文件 button.
 */
export class WholePathApplicationPage extends ApplicantApplicationPage {
  async chooseThroughDialog(material: string, file: FilePayload): Promise<void> {
    const button = this.material(material).getByRole('button', { name: /^(选择文件|更换文件)$/ });
    const [chooser] = await Promise.all([this.page.waitForEvent('filechooser'), button.click()]);
    await chooser.setFiles(file);
  }

  /** The correction notice's reason, shown on the material it names. */
  deficiencyNote(material: string): Locator {
    return this.material(material).getByRole('note');
  }
}

/** One of the applicant's cases: the correction notice, the decision document, the 好差评 form. */
export class WholePathCasePage extends ApplicantCasePage {
  get correctionNotice(): Locator {
    return this.page.getByRole('alert').filter({ hasText: this.texts.correctionTitle });
  }

  get answerCorrectionButton(): Locator {
    return this.page.getByRole('button', { name: this.texts.answerCorrection });
  }

  /** The case number as the case's header shows it. */
  async readCaseNumber(): Promise<string> {
    const number = this.page.locator('.case-head').getByText(/^[A-Z]+-\d{4}-\d{6}$/);
    await expect(number).toBeVisible();
    return (await number.innerText()).trim();
  }

  get resultCard(): Locator {
    return this.page.locator('.ant-card').filter({ has: this.page.locator('.ant-card-head-title', { hasText: '办理结果' }) });
  }

  /** Downloads an issued document's PDF by its 下载 PDF link. */
  async downloadDocument(title: string): Promise<Download> {
    const document = this.resultCard.locator('.case-document').filter({ hasText: title });
    const [download] = await Promise.all([this.page.waitForEvent('download'), document.getByRole('link', { name: '下载 PDF' }).click()]);
    return download;
  }

  verifyLink(title: string): Locator {
    return this.resultCard.locator('.case-document').filter({ hasText: title }).getByRole('link', { name: '扫码核验页' });
  }

  get ratingCard(): Locator {
    return this.page.locator('.ant-card').filter({ has: this.page.locator('.ant-card-head-title', { hasText: this.texts.rateTitle }) });
  }

  /** Picks a level (非常满意 … 非常不满意) for each aspect of the rating, by the aspect's name. */
  async chooseLevels(levels: Record<string, string>): Promise<void> {
    for (const [aspect, level] of Object.entries(levels)) {
      const choice = this.levels(aspect).getByText(level, { exact: true });
      await choice.click();
      await expect(this.levels(aspect).locator('.ant-radio-button-wrapper-checked')).toHaveText(level);
    }
  }
}
