import { expect, type Locator, type Page } from '@playwright/test';
import { PAGE_LOAD_TIMEOUT } from './workbench-queue-page';

export type ChecklistMarkLabel = '符合' | '有问题' | '不适用';

/** 踏勘室 `/inspections/:id/live`: an inspector's console of a live remote inspection. */
export class InspectionConsolePage {
  constructor(readonly page: Page) {}

  async goto(inspectionId: string, caseNumber: string): Promise<void> {
    await this.page.goto(`/inspections/${inspectionId}/live`);
    await expect(this.page.getByText(`踏勘室 · ${caseNumber}`)).toBeVisible({ timeout: PAGE_LOAD_TIMEOUT });
  }

  /** Joins with the microphone and waits until the media link stands. */
  async join(): Promise<void> {
    await this.page.getByRole('button', { name: '加入踏勘' }).click();
    await expect(this.connectionTag).toHaveText('已连接', { timeout: 45_000 });
  }

  /** The live socket's state next to the heading (已连接, 正在连接踏勘室…, 踏勘已结束, …). */
  get connectionTag(): Locator {
    return this.page.locator('.ant-tag', { hasText: /^(已连接|正在连接踏勘室…|正在接入音视频…|连接中断，正在重连…)$/ });
  }

  card(title: string): Locator {
    return this.page.locator('.live-card').filter({ has: this.page.locator('.ant-card-head-title', { hasText: title }) });
  }

  button(name: string): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }

  get participants(): Locator {
    return this.card('参与人员');
  }

  /** A participant's row: 申请人（手机） or an inspector's name. */
  participant(name: string): Locator {
    return this.participants.locator('.ant-list-item', { hasText: name });
  }

  get quorum(): Locator {
    return this.participants.locator('.live-quorum');
  }

  /** The phone's picture. */
  get video(): Locator {
    return this.page.locator('.live-video video');
  }

  /** “录像中 mm:ss” over the picture while recording. */
  get recordingChip(): Locator {
    return this.page.locator('.live-chip-rec');
  }

  /** “未录制 · n 段” under the picture. */
  get recordingState(): Locator {
    return this.page.locator('.live-recording-state');
  }

  /** antd's toast (a refusal of the server, a confirmation). */
  toast(text: string | RegExp): Locator {
    return this.page.locator('.ant-message-notice', { hasText: text });
  }

  async startRecording(): Promise<void> {
    await this.button('开始录制').click();
  }

  get snapshots(): Locator {
    return this.card('现场照片');
  }

  /** The stored stills (not the ones on their way). */
  get snapshotThumbnails(): Locator {
    return this.snapshots.locator('figure.live-snapshot');
  }

  get checklist(): Locator {
    return this.card('踏勘要点');
  }

  checklistRow(itemText: string): Locator {
    return this.checklist.locator('.live-check', { hasText: itemText });
  }

  /** Marks a checklist item with a note and waits until the server stamped it. */
  async mark(itemText: string, mark: ChecklistMarkLabel, note: string): Promise<void> {
    const row = this.checklistRow(itemText);
    await row.locator('.ant-radio-button-wrapper', { hasText: mark }).click();
    await row.getByLabel('备注').fill(note);
    await row.getByRole('button', { name: '记录' }).click();
    await expect(row.getByRole('button', { name: '已记录' })).toBeVisible();
  }

  get location(): Locator {
    return this.card('位置核验');
  }

  /** 在现场 · 35 m / 不在现场 · 2.0 km / 无法判断. */
  get locationVerdict(): Locator {
    return this.location.locator('.location-map-facts .ant-tag');
  }

  /** Ends the session for everyone, through the confirmation dialog. */
  async endSession(): Promise<void> {
    await this.button('结束踏勘').click();
    const dialog = this.page.locator('.ant-modal-confirm');
    await expect(dialog).toContainText('结束后，所有人断开连接');
    await dialog.getByRole('button', { name: '结束踏勘' }).click();
  }

  get conclusion(): Locator {
    return this.card('踏勘结论');
  }

  /** Records the result with findings and signs it with the password. */
  async conclude(result: '合格' | '需整改' | '不合格', findings: string, password: string): Promise<void> {
    const card = this.conclusion;
    await card.locator('.ant-radio-button-wrapper', { hasText: new RegExp(`^${result}$`) }).click();
    await card.getByLabel('踏勘意见').fill(findings);
    await card.getByLabel('登录密码（签署）').fill(password);
    await card.getByRole('button', { name: '记录并签署' }).click();
  }

  /** The other inspector's signature; the form shows once the page has the recorded result. */
  async confirm(password: string): Promise<void> {
    const card = this.conclusion;
    const button = card.getByRole('button', { name: '核对无误，确认签署' });
    // The console reloads the inspection every 20 s: the colleague's result arrives with it.
    await expect(button).toBeVisible({ timeout: 45_000 });
    await card.getByLabel('登录密码（签署）').fill(password);
    await button.click();
  }

  /** 查看踏勘记录: the signed record's link. */
  get recordLink(): Locator {
    return this.conclusion.getByRole('link', { name: /查看踏勘记录/ });
  }
}
