import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateVerificationCode, normaliseVerificationCode } from './documents.codes.js';
import { CjkFontNotFoundError, locateCjkFonts } from './documents.fonts.js';
import { chineseDate } from './documents.pdf.js';

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
