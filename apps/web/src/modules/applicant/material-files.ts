import type { Material, MaterialFormat } from '@yuanqu/shared';

/** The file-name endings of each accepted format; the server then checks the content itself. */
const EXTENSIONS: Record<MaterialFormat, readonly string[]> = {
  pdf: ['.pdf'],
  jpg: ['.jpg', '.jpeg'],
  png: ['.png'],
  ofd: ['.ofd'],
  dwg: ['.dwg'],
  docx: ['.docx'],
  xlsx: ['.xlsx'],
  zip: ['.zip'],
};

const BYTES_PER_MB = 1024 * 1024;

/** The `accept` attribute of a material's file input (the phone's picker offers only these). */
export function acceptAttributeOf(formats: readonly MaterialFormat[]): string {
  return formats.flatMap((format) => EXTENSIONS[format]).join(',');
}

/** How a material's formats read: "PDF、JPG" in Chinese, "PDF, JPG" in English. */
export function formatListOf(formats: readonly MaterialFormat[], language: string): string {
  return formats.map((format) => format.toUpperCase()).join(language.startsWith('zh') ? '、' : ', ');
}

/** Why a chosen file cannot be this material, before any byte is sent; null when it may be. */
export function checkFileForMaterial(
  file: { name: string; size: number },
  material: Pick<Material, 'formats' | 'maxSizeMb'>,
): 'format' | 'too_large' | 'empty' | null {
  const name = file.name.toLowerCase();
  if (!material.formats.some((format) => EXTENSIONS[format].some((extension) => name.endsWith(extension)))) return 'format';
  if (file.size === 0) return 'empty';
  if (file.size > material.maxSizeMb * BYTES_PER_MB) return 'too_large';
  return null;
}

/** A size for people: 820 B, 12.3 KB, 4.5 MB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < BYTES_PER_MB) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
  if (bytes < 1024 * BYTES_PER_MB) return `${(bytes / BYTES_PER_MB).toFixed(bytes < 10 * BYTES_PER_MB ? 1 : 0)} MB`;
  return `${(bytes / 1024 / BYTES_PER_MB).toFixed(1)} GB`;
}
