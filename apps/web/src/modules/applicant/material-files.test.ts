import { describe, expect, it } from 'vitest';
import { acceptAttributeOf, checkFileForMaterial, formatBytes, formatListOf } from './material-files';

const pdfOrJpg = { formats: ['pdf', 'jpg'] as const, maxSizeMb: 2 };

describe('checkFileForMaterial', () => {
  it('accepts a file of an accepted format within the size, whatever the case of its name', () => {
    expect(checkFileForMaterial({ name: '营业执照.PDF', size: 1000 }, { ...pdfOrJpg, formats: [...pdfOrJpg.formats] })).toBeNull();
    expect(checkFileForMaterial({ name: 'photo.jpeg', size: 1000 }, { ...pdfOrJpg, formats: [...pdfOrJpg.formats] })).toBeNull();
  });

  it('refuses another format, an empty file and one over the material’s limit', () => {
    const material = { ...pdfOrJpg, formats: [...pdfOrJpg.formats] };
    expect(checkFileForMaterial({ name: 'plan.docx', size: 1000 }, material)).toBe('format');
    expect(checkFileForMaterial({ name: 'pdf', size: 1000 }, material)).toBe('format');
    expect(checkFileForMaterial({ name: 'a.pdf', size: 0 }, material)).toBe('empty');
    expect(checkFileForMaterial({ name: 'a.pdf', size: 2 * 1024 * 1024 + 1 }, material)).toBe('too_large');
  });
});

describe('acceptAttributeOf and formatListOf', () => {
  it('lists the endings and the names', () => {
    expect(acceptAttributeOf(['pdf', 'jpg'])).toBe('.pdf,.jpg,.jpeg');
    expect(formatListOf(['pdf', 'dwg'], 'zh-CN')).toBe('PDF、DWG');
    expect(formatListOf(['pdf', 'dwg'], 'en-US')).toBe('PDF, DWG');
  });
});

describe('formatBytes', () => {
  it('rounds sensibly', () => {
    expect(formatBytes(820)).toBe('820 B');
    expect(formatBytes(12_600)).toBe('12 KB');
    expect(formatBytes(4.5 * 1024 * 1024)).toBe('4.5 MB');
  });
});
