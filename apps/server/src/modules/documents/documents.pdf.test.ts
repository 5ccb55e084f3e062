import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { generateVerificationCode, normaliseVerificationCode } from './documents.codes.js';
import { CjkFontNotFoundError, locateCjkFonts } from './documents.fonts.js';
import { chineseDate, renderDocumentPdf, type DocumentPdfContent } from './documents.pdf.js';

const run = promisify(execFile);
const hasPdftotext = await run('sh', ['-c', 'command -v pdftotext']).then(
  () => true,
  () => false,
);

describe('chineseDate', () => {
  it('writes the date the way a Chinese document does, without leading zeros', () => {
    expect(chineseDate('2026-03-05')).toBe('2026年3月5日');
    expect(chineseDate('2026-12-31')).toBe('2026年12月31日');
  });
});

describe('verification codes', () => {
  it('are 26 base32 characters carrying 128 bits', () => {
    const code = generateVerificationCode();
    expect(code).toMatch(/^[A-Z2-7]{26}$/);
    expect(generateVerificationCode(() => new Uint8Array(16))).toBe('A'.repeat(26));
    // 128 one-bits: 25 full characters and a last one holding the remaining 3 bits.
    expect(generateVerificationCode(() => new Uint8Array(16).fill(255))).toBe(`${'7'.repeat(25)}4`);
  });

  it('do not repeat', () => {
    const codes = new Set(Array.from({ length: 2000 }, () => generateVerificationCode()));
    expect(codes.size).toBe(2000);
  });

  it('are read back in any letter case, and anything else is no code', () => {
    const code = generateVerificationCode();
    expect(normaliseVerificationCode(` ${code.toLowerCase()} `)).toBe(code);
    expect(normaliseVerificationCode(code.slice(1))).toBeNull();
    expect(normaliseVerificationCode(`${code.slice(1)}0`)).toBeNull();
    expect(normaliseVerificationCode("' or 1=1 --")).toBeNull();
  });
});

describe('locateCjkFonts', () => {
  function folderWith(names: string[]): string {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'yq-fonts-'));
    for (const name of names) fs.writeFileSync(path.join(folder, name), 'font');
    return folder;
  }

  it('prefers each face in its own role and lets one face stand in for a missing one', () => {
    const folder = folderWith(['serif.ttc', 'sans.ttc']);
    const fonts = locateCjkFonts([
      { path: path.join(folder, 'serif.ttc'), postscriptName: 'Serif-Regular', roles: ['serif', 'serifBold', 'sans'] },
      { path: path.join(folder, 'serif-bold.ttc'), postscriptName: 'Serif-Bold', roles: ['serifBold'] },
      { path: path.join(folder, 'sans.ttc'), postscriptName: 'Sans-Regular', roles: ['sans', 'serif'] },
    ]);
    expect(fonts).toEqual({
      serif: { path: path.join(folder, 'serif.ttc'), postscriptName: 'Serif-Regular' },
      serifBold: { path: path.join(folder, 'serif.ttc'), postscriptName: 'Serif-Regular' },
      sans: { path: path.join(folder, 'sans.ttc'), postscriptName: 'Sans-Regular' },
    });
  });

  it('fails with every path it tried and what to install when no font exists', () => {
    const missing = path.join(os.tmpdir(), 'yq-no-such-font.ttc');
    const attempt = () => locateCjkFonts([{ path: missing, roles: ['serif', 'serifBold', 'sans'] }]);
    expect(attempt).toThrow(CjkFontNotFoundError);
    expect(attempt).toThrow(/fonts-noto-cjk/);
    expect(attempt).toThrow(missing);
  });

  it('finds a font with Chinese glyphs on this machine (CI installs Debian fonts-noto-cjk)', () => {
    const fonts = locateCjkFonts();
    for (const face of Object.values(fonts)) expect(fs.existsSync(face.path)).toBe(true);
  });
});

function sampleContent(overrides: Partial<DocumentPdfContent> = {}): DocumentPdfContent {
  const verificationCode = 'ONQHSZBUAVMWQ6MJBF5ONR2RGU';
  return {
    authorityName: '咸阳高新区管委会',
    authorityNameEn: '',
    title: '建设工程规划许可证',
    documentNumber: '咸高证字〔2026〕1号',
    facts: [['办件编号', 'XYGX-2026-000001']],
    paragraphs: ['经审查，准予许可。'],
    issuerName: '咸阳高新区行政审批服务局',
    issuedOn: '2026-03-05',
    issuedAt: new Date('2026-03-05T02:00:00Z'),
    verificationUrl: `https://yuanqu.example.cn/verify/${verificationCode}`,
    verificationCode,
    ...overrides,
  };
}

async function textAndPicturesOf(pdf: Buffer): Promise<{ pages: string[]; pictures: string[] }> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'yq-pdf-'));
  const pdfPath = path.join(folder, 'document.pdf');
  fs.writeFileSync(pdfPath, pdf);
  const { stdout: text } = await run('pdftotext', ['-enc', 'UTF-8', '-layout', pdfPath, '-']);
  const { stdout: list } = await run('pdfimages', ['-list', pdfPath]);
  // Lines of `pdfimages -list`: page, number, type, width, height, colour, components, bits, encoding…; masks are left out.
  const pictures = list
    .split('\n')
    .filter((line) => /^\s*\d+\s+\d+\s+image\s/.test(line))
    .map((line) => {
      const columns = line.trim().split(/\s+/);
      return `page ${columns[0]} ${columns[3]}×${columns[4]} ${columns[8]}`;
    });
  return { pages: text.split('\f').filter((page) => page.trim()), pictures };
}

describe('sections after the body', () => {
  it.skipIf(!hasPdftotext)('print tables across pages with their header on each, and pictures with captions; a broken picture says so', async () => {
    const photo = await QRCode.toBuffer('a stand-in photo', { type: 'png', margin: 1, scale: 10 });
    const rows = Array.from({ length: 40 }, (_, index) => [`检查项${index + 1}`, index % 2 ? '符合' : '有问题', `说明${index + 1}`, 'f'.repeat(64)]);
    const pdf = await renderDocumentPdf(
      sampleContent({
        sections: [
          {
            heading: '一、踏勘要点',
            table: { columns: [{ label: '要点', weight: 3 }, { label: '结论', weight: 1 }, { label: '说明', weight: 2 }, { label: 'SHA-256', weight: 3, isCode: true }], rows },
          },
          {
            heading: '二、现场照片',
            pictures: [
              { bytes: photo, caption: '照片1 · 录像第1段 00:18' },
              { bytes: Buffer.from('not a picture'), caption: '照片2' },
              { bytes: null, caption: '照片3' },
            ],
          },
          { heading: '三、录像文件', table: { columns: [{ label: '文件', weight: 1 }], rows: [] }, note: '本次踏勘未录像。' },
        ],
      }),
      locateCjkFonts(),
    );
    const { pages, pictures } = await textAndPicturesOf(pdf);
    expect(pages.length).toBeGreaterThan(1);
    const all = pages.join('\n');
    for (const row of rows) expect(all).toMatch(new RegExp(`${row[0]}\\s+${row[1]}\\s+${row[2]}\\s`));
    // The table's header opens each page it runs onto.
    const pagesWithRows = pages.filter((page) => /检查项\d+/.test(page));
    expect(pagesWithRows.length).toBeGreaterThan(1);
    for (const page of pagesWithRows) expect(page).toMatch(/要点\s+结论\s+说明\s+SHA-256/);
    for (const expected of ['二、现场照片', '照片1 · 录像第1段 00:18', '图片无法显示 / Picture cannot be shown', '图片文件缺失 / Picture file missing', '三、录像文件', '本次踏勘未录像。']) {
      expect(all).toContain(expected);
    }
    // The photo, then the QR code of the closing block.
    expect(pictures).toHaveLength(2);
    expect(pictures[0]).toMatch(/^page \d+ \d+×\d+ image$/);
  });
});

describe('the printed verification URL', () => {
  it.skipIf(!hasPdftotext)('stays on one line whatever the code, so that it can be typed in from the paper', async () => {
    const fonts = locateCjkFonts();
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'yq-url-'));
    // The first code came out a hair wider than its box once shrunk, and was wrapped before the code;
    // the next are the widest and narrowest letters, then random ones.
    const codes = ['ONQHSZBUAVMWQ6MJBF5ONR2RGU', 'W'.repeat(26), 'I'.repeat(26), ...Array.from({ length: 8 }, () => generateVerificationCode())];
    for (const code of codes) {
      const verificationUrl = `https://yuanqu.example.cn/verify/${code}`;
      const pdf = await renderDocumentPdf(sampleContent({ verificationUrl, verificationCode: code }), fonts);
      const pdfPath = path.join(folder, `${code}.pdf`);
      fs.writeFileSync(pdfPath, pdf);
      const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', '-layout', pdfPath, '-']);
      expect(stdout, code).toContain(verificationUrl);
    }
  });
});
