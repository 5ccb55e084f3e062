import fsPromises from 'node:fs/promises';
import { fileTypeFromFile } from 'file-type';
import type { MaterialFormat } from '@yuanqu/shared';

/** A format the platform accepts, as detected from a file's content. */
export interface DetectedFormat {
  format: MaterialFormat;
  mimeType: string;
}

/** What the content turned out to be: an accepted format, or a refusal naming what was seen (`elf`, `exe`, … or null when unknown). */
export type Detection = { isAccepted: true; detected: DetectedFormat } | { isAccepted: false; seen: string | null };

/** MIME types of the accepted formats; OFD (GB/T 33190) has no registered type, `application/ofd` is the one in use. */
export const FORMAT_MIME_TYPES: Record<MaterialFormat, string> = {
  pdf: 'application/pdf',
  jpg: 'image/jpeg',
  png: 'image/png',
  ofd: 'application/ofd',
  dwg: 'image/vnd.dwg',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  zip: 'application/zip',
};

/** file-type's extension → our format. Everything else (executables, macro documents, jar, apk, …) is refused. */
const ACCEPTED_EXTENSIONS: Readonly<Record<string, MaterialFormat>> = {
  pdf: 'pdf',
  jpg: 'jpg',
  png: 'png',
  dwg: 'dwg',
  docx: 'docx',
  xlsx: 'xlsx',
  zip: 'zip',
};

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
/** The end record is 22 bytes plus a comment of up to 65 535. */
const END_RECORD_SEARCH_BYTES = 22 + 0xffff;
/** Enough for tens of thousands of entry names; a bigger directory is read no further. */
const CENTRAL_DIRECTORY_READ_LIMIT = 4 * 1024 * 1024;

/**
 * The entry names of a zip archive, from its central directory. Returns null when the archive is
 * not readable as a plain zip (zip64, damaged): the caller then treats it as an ordinary zip.
 */
export async function readZipEntryNames(filePath: string): Promise<string[] | null> {
  const handle = await fsPromises.open(filePath, 'r');
  try {
    const { size } = await handle.stat();
    const tailLength = Math.min(size, END_RECORD_SEARCH_BYTES);
    const tail = Buffer.alloc(tailLength);
    await handle.read(tail, 0, tailLength, size - tailLength);
    let endAt = -1;
    for (let index = tailLength - 22; index >= 0; index -= 1) {
      if (tail.readUInt32LE(index) === END_OF_CENTRAL_DIRECTORY) {
        endAt = index;
        break;
      }
    }
    if (endAt < 0) return null;
    const directorySize = tail.readUInt32LE(endAt + 12);
    const directoryOffset = tail.readUInt32LE(endAt + 16);
    if (directoryOffset === 0xffffffff || directoryOffset + directorySize > size) return null;
    const length = Math.min(directorySize, CENTRAL_DIRECTORY_READ_LIMIT);
    const directory = Buffer.alloc(length);
    await handle.read(directory, 0, length, directoryOffset);
    const names: string[] = [];
    let at = 0;
    while (at + 46 <= length && directory.readUInt32LE(at) === CENTRAL_DIRECTORY_ENTRY) {
      const nameLength = directory.readUInt16LE(at + 28);
      const extraLength = directory.readUInt16LE(at + 30);
      const commentLength = directory.readUInt16LE(at + 32);
      if (at + 46 + nameLength > length) break;
      names.push(directory.toString('utf8', at + 46, at + 46 + nameLength));
      at += 46 + nameLength + extraLength + commentLength;
    }
    return names;
  } finally {
    await handle.close();
  }
}

/**
 * Detects the format of a file from its content, never its name. An OFD document is a zip with
 * `OFD.xml` at its root (GB/T 33190-2016 §7.1); other zips stay `zip`.
 */
export async function detectFileFormat(filePath: string): Promise<Detection> {
  const result = await fileTypeFromFile(filePath);
  if (!result) return { isAccepted: false, seen: null };
  const format = ACCEPTED_EXTENSIONS[result.ext];
  if (!format) return { isAccepted: false, seen: result.ext };
  if (format === 'zip') {
    const names = await readZipEntryNames(filePath);
    if (names?.some((name) => name.toLowerCase() === 'ofd.xml'))
      return { isAccepted: true, detected: { format: 'ofd', mimeType: FORMAT_MIME_TYPES.ofd } };
  }
  return { isAccepted: true, detected: { format, mimeType: FORMAT_MIME_TYPES[format] } };
}
