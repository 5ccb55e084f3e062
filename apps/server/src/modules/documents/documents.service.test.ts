import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { eq } from 'drizzle-orm';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixedClock } from '../../lib/clock.js';
import { createTestApp, createZoneWithUsers, type Client, type TestApp } from '../../test/test-app.js';
import { auditEventsOf } from '../../test/route-helpers.js';
import { createFileStorage, storeGeneratedFile, type FileStorage } from '../files/index.js';
import { files } from '../files/files.table.js';
import { documents } from './documents.table.js';
import { createDocumentsService, type DocumentsService, type IssueDocumentInput } from './documents.service.js';

const run = promisify(execFile);

/** Whether a command-line tool is installed (poppler-utils, zbar-tools). */
async function hasTool(name: string): Promise<boolean> {
  try {
    await run('sh', ['-c', `command -v ${name}`]);
    return true;
  } catch {
    return false;
  }
}

const PUBLIC_URL = 'https://yuanqu.example.cn';
const [hasPoppler, hasZbar] = await Promise.all([
  hasTool('pdftotext').then(async (found) => found && (await hasTool('pdffonts')) && (await hasTool('pdftoppm'))),
  hasTool('zbarimg'),
]);

describe('documents service', () => {
  let testApp: TestApp;
  let storage: FileStorage;
  let service: DocumentsService;
  let workDir: string;
  let zone: { id: string; code: string; nameZh: string };
  let approver: Client;
  let auditor: Client;
  const clock = createFixedClock('2026-03-05T02:00:00.000Z');

  beforeAll(async () => {
    testApp = await createTestApp('2026-03-05T01:00:00.000Z');
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yq-documents-'));
    storage = createFileStorage({ dataDir: workDir });
    service = createDocumentsService(testApp.database.db, clock, storage, { publicUrl: `${PUBLIC_URL}/` });
    const setUp = await createZoneWithUsers(testApp, ['approver', 'audit_admin']);
    zone = setUp.zone;
    approver = setUp.clients.approver;
    auditor = setUp.clients.audit_admin;
  });
  afterAll(async () => {
    await testApp.close();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  function decisionInput(overrides: Partial<IssueDocumentInput> = {}): IssueDocumentInput {
    return {
      zoneId: zone.id,
      subjectType: 'case',
      subjectId: randomUUID(),
      kind: 'decision',
      title: '准予行政许可决定书',
      facts: {
        办件编号: 'XYGX-2026-000001',
        申请单位: '陕西秦创新材料科技有限公司',
        事项: '建设工程规划许可证核发',
        决定: '准予许可',
        决定日期: '2026-03-05',
      },
      paragraphs: [
        '陕西秦创新材料科技有限公司：',
        '你单位于2026年3月2日提出的建设工程规划许可证核发申请，本机关已于2026年3月2日受理。经审查，申请材料齐全、符合法定形式。',
        '根据《中华人民共和国行政许可法》第三十八条第一款的规定，本机关决定准予行政许可。',
      ],
      issuerName: '行政审批服务局',
      ownerId: approver.userId,
      ...overrides,
    };
  }

  /** The stored bytes of a file, read back through the storage under the key its row records. */
  async function storedBytesOf(fileId: string): Promise<{ bytes: Buffer; row: typeof files.$inferSelect }> {
    const [row] = await testApp.database.db.select().from(files).where(eq(files.id, fileId));
    expect(row, 'the file row').toBeDefined();
    const chunks: Buffer[] = [];
    for await (const chunk of await storage.open(row!.storageKey)) chunks.push(chunk as Buffer);
    return { bytes: Buffer.concat(chunks), row: row! };
  }

  async function writePdf(bytes: Buffer, name: string): Promise<string> {
    const file = path.join(workDir, name);
    await fs.promises.writeFile(file, bytes);
    return file;
  }

  it('issues a document: a stored PDF, a row with the facts and a number, and an audit record', async () => {
    const input = decisionInput();
    const issued = await service.issueDocument(testApp.database.db, input);
    expect(issued.verificationCode).toMatch(/^[A-Z2-7]{26}$/);

    const { bytes, row: fileRow } = await storedBytesOf(issued.fileId);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(fileRow).toMatchObject({
      zoneId: zone.id,
      ownerId: approver.userId,
      mimeType: 'application/pdf',
      detectedFormat: 'pdf',
      sizeBytes: bytes.length,
    });
    expect(fileRow.originalName).toBe(`准予行政许可决定书-${zone.nameZh}决字〔2026〕1号.pdf`);
    // Subsetted: the 20+ MB collection must not be embedded whole.
    expect(bytes.length).toBeLessThan(600_000);

    const [row] = await testApp.database.db.select().from(documents).where(eq(documents.id, issued.id));
    expect(row).toMatchObject({
      zoneId: zone.id,
      subjectType: 'case',
      subjectId: input.subjectId,
      kind: 'decision',
      title: '准予行政许可决定书',
      verificationCode: issued.verificationCode,
      fileId: issued.fileId,
      issuedAt: clock.now(),
      revokedAt: null,
    });
    expect(row!.facts).toEqual({ 文书编号: `${zone.nameZh}决字〔2026〕1号`, ...input.facts });

    const events = await auditEventsOf(auditor, { action: 'document.issue' });
    expect(events.find((event) => event.targetId === issued.id)).toMatchObject({
      action: 'document.issue',
      actorId: approver.userId,
      targetType: 'document',
      outcome: 'success',
      details: {
        kind: 'decision',
        fileId: issued.fileId,
        subjectId: input.subjectId,
        documentNumber: `${zone.nameZh}决字〔2026〕1号`,
      },
    });

    expect(await service.findDocumentsOf(testApp.database.db, 'case', input.subjectId)).toEqual([
      {
        id: issued.id,
        kind: 'decision',
        title: '准予行政许可决定书',
        verificationCode: issued.verificationCode,
        fileId: issued.fileId,
        issuedAt: clock.now().toISOString(),
        revokedAt: null,
      },
    ]);
  });

  it.skipIf(!hasPoppler)(
    'prints Chinese that a reader extracts exactly, in an embedded subsetted CJK font, with the verification URL',
    async () => {
      const issued = await service.issueDocument(
        testApp.database.db,
        decisionInput({ title: '建设工程规划许可证', kind: 'certificate', issuerName: '咸阳高新区行政审批服务局' }),
      );
      const pdfPath = await writePdf((await storedBytesOf(issued.fileId)).bytes, 'certificate.pdf');

      const { stdout: extracted } = await run('pdftotext', ['-enc', 'UTF-8', '-layout', pdfPath, '-']);
      const url = `${PUBLIC_URL}/verify/${issued.verificationCode}`;
      for (const expected of [
        zone.nameZh,
        '建设工程规划许可证',
        `${zone.nameZh}证字〔2026〕1号`,
        '陕西秦创新材料科技有限公司',
        '建设工程规划许可证核发',
        '准予许可',
        '咸阳高新区行政审批服务局',
        '2026年3月5日',
        '扫描二维码核验真伪 / Scan to verify',
        url,
        '(电子印章 演示)',
      ]) {
        expect(extracted, `the text layer holds ${expected}`).toContain(expected);
      }
      expect(extracted.replace(/\s+/g, '')).toContain('根据《中华人民共和国行政许可法》第三十八条第一款的规定，本机关决定准予行政许可。');

      const { stdout: fontList } = await run('pdffonts', [pdfPath]);
      const fontLines = fontList.split('\n').slice(2).filter(Boolean);
      expect(fontLines.length).toBeGreaterThan(0);
      for (const line of fontLines) {
        // name, type…, then "emb sub uni" as yes/no: every font embedded, subsetted, with a ToUnicode map.
        expect(line, line).toMatch(/^[A-Z]{6}\+\S*(CJK|SC|Hei)\S*\s.*\byes\s+yes\s+yes\b/);
      }
    },
  );

  it.skipIf(!hasPoppler)('prints the pictures of its sections from stored files of its own zone only', async () => {
    const photo = await QRCode.toBuffer('a stand-in photo', { type: 'png', margin: 1, scale: 6 });
    const store = (zoneId: string, ownerId: string) =>
      storeGeneratedFile(testApp.database.db, storage, { zoneId, ownerId, originalName: 'snapshot.png', mimeType: 'image/png', detectedFormat: 'png', bytes: photo });
    const own = await store(zone.id, approver.userId);
    const other = await createZoneWithUsers(testApp, ['approver']);
    const foreign = await store(other.zone.id, other.clients.approver.userId);
    const issued = await service.issueDocument(
      testApp.database.db,
      decisionInput({
        kind: 'inspection_record',
        title: '现场踏勘记录',
        sections: [
          {
            heading: '二、现场照片',
            pictures: [
              { fileId: own.id, caption: '照片1 本园区' },
              { fileId: foreign.id, caption: '照片2 其他园区' },
              { fileId: randomUUID(), caption: '照片3 不存在' },
            ],
          },
        ],
      }),
    );
    const pdfPath = await writePdf((await storedBytesOf(issued.fileId)).bytes, 'sections.pdf');
    const { stdout: text } = await run('pdftotext', ['-enc', 'UTF-8', '-layout', pdfPath, '-']);
    for (const caption of ['照片1 本园区', '照片2 其他园区', '照片3 不存在']) expect(text).toContain(caption);
    expect(text.match(/图片文件缺失/g)).toHaveLength(2);
    const { stdout: list } = await run('pdfimages', ['-list', pdfPath]);
    const sizes = list
      .split('\n')
      .filter((line) => /^\s*\d+\s+\d+\s+image\s/.test(line))
      .map((line) => line.trim().split(/\s+/).slice(3, 5).join('×'));
    // The zone's own photo (a QR-code stand-in: 6 px a module, a one-module margin), then the verification QR code.
    const side = (QRCode.create('a stand-in photo').modules.size + 2) * 6;
    expect(sizes).toEqual([`${side}×${side}`, expect.any(String)]);
  });

  it.skipIf(!hasPoppler || !hasZbar)('carries a QR code that decodes to the verification URL', async () => {
    const issued = await service.issueDocument(testApp.database.db, decisionInput());
    const pdfPath = await writePdf((await storedBytesOf(issued.fileId)).bytes, 'qr.pdf');
    await run('pdftoppm', ['-png', '-r', '150', '-f', '1', '-l', '1', pdfPath, path.join(workDir, 'qr')]);
    const image = fs.readdirSync(workDir).find((name) => name.startsWith('qr') && name.endsWith('.png'));
    const { stdout } = await run('zbarimg', ['--quiet', '--raw', path.join(workDir, image!)]);
    expect(stdout.trim().split('\n')).toEqual([`${PUBLIC_URL}/verify/${issued.verificationCode}`]);
  });

  it('numbers each kind by the year in China, and keeps a number the caller gives', async () => {
    const other = await createZoneWithUsers(testApp, ['approver']);
    const input = (overrides: Partial<IssueDocumentInput>) =>
      decisionInput({ zoneId: other.zone.id, ownerId: other.clients.approver.userId, ...overrides });
    const prefix = other.zone.nameZh;
    const numberOf = async (issued: { id: string }) => {
      const [row] = await testApp.database.db.select().from(documents).where(eq(documents.id, issued.id));
      return row!.facts['文书编号'];
    };
    expect(await numberOf(await service.issueDocument(testApp.database.db, input({})))).toBe(`${prefix}决字〔2026〕1号`);
    expect(await numberOf(await service.issueDocument(testApp.database.db, input({})))).toBe(`${prefix}决字〔2026〕2号`);
    expect(
      await numberOf(await service.issueDocument(testApp.database.db, input({ kind: 'correction_notice', title: '补正材料通知书' }))),
    ).toBe(`${prefix}补字〔2026〕1号`);
    expect(
      await numberOf(await service.issueDocument(testApp.database.db, input({ facts: { 文书编号: '陕规证字第610400202600001号' } }))),
    ).toBe('陕规证字第610400202600001号');

    const yearEnd = createFixedClock('2026-12-31T16:30:00.000Z'); // 2027-01-01 00:30 in China
    const nextYear = createDocumentsService(testApp.database.db, yearEnd, storage, { publicUrl: PUBLIC_URL });
    expect(await numberOf(await nextYear.issueDocument(testApp.database.db, input({})))).toBe(`${prefix}决字〔2027〕1号`);
  });

  it('issues inside the caller’s transaction: a rollback leaves no document, file row or audit record', async () => {
    const input = decisionInput();
    const failure = new Error('the case update failed after the document was issued');
    await expect(
      testApp.database.db.transaction(async (tx) => {
        await service.issueDocument(tx, input);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await service.findDocumentsOf(testApp.database.db, 'case', input.subjectId)).toEqual([]);
    const events = await auditEventsOf(auditor, { action: 'document.issue' });
    expect(events.filter((event) => event.details.subjectId === input.subjectId)).toEqual([]);
  });

  it('refuses to issue without a title or issuer, or for an unknown zone', async () => {
    await expect(service.issueDocument(testApp.database.db, decisionInput({ title: '  ' }))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [{ field: 'title', reason: 'required' }],
    });
    await expect(service.issueDocument(testApp.database.db, decisionInput({ issuerName: '' }))).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    await expect(service.issueDocument(testApp.database.db, decisionInput({ zoneId: randomUUID() }))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
