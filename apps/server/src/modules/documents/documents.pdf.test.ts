import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { generateVerificationCode, normaliseVerificationCode } from './documents.codes.js';
import { CjkFontNotFoundError, locateCjkFonts } from './documents.fonts.js';
import { chineseDate, renderDocumentPdf } from './documents.pdf.js';

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

describe('the printed verification URL', () => {
  it.skipIf(!hasPdftotext)('stays on one line whatever the code, so that it can be typed in from the paper', async () => {
    const fonts = locateCjkFonts();
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'yq-url-'));
    // The first code came out a hair wider than its box once shrunk, and was wrapped before the code;
    // the next are the widest and narrowest letters, then random ones.
    const codes = ['ONQHSZBUAVMWQ6MJBF5ONR2RGU', 'W'.repeat(26), 'I'.repeat(26), ...Array.from({ length: 8 }, () => generateVerificationCode())];
    for (const code of codes) {
      const verificationUrl = `https://yuanqu.example.cn/verify/${code}`;
      const pdf = await renderDocumentPdf(
        {
          authorityName: '咸阳高新区管委会',
          authorityNameEn: '',
          title: '建设工程规划许可证',
          documentNumber: '咸高证字〔2026〕1号',
          facts: [['办件编号', 'XYGX-2026-000001']],
          paragraphs: ['经审查，准予许可。'],
          issuerName: '咸阳高新区行政审批服务局',
          issuedOn: '2026-03-05',
          issuedAt: new Date('2026-03-05T02:00:00Z'),
          verificationUrl,
          verificationCode: code,
        },
        fonts,
      );
      const pdfPath = path.join(folder, `${code}.pdf`);
      fs.writeFileSync(pdfPath, pdf);
      const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', '-layout', pdfPath, '-']);
      expect(stdout, code).toContain(verificationUrl);
    }
  });
});
