import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, createZone } from '../../test/factories.js';
import { createTestDatabase, type TestDatabase } from '../../test/test-database.js';
import { detectFileFormat } from './files.detection.js';
import { FileError } from './files.errors.js';
import { assertFileFitsMaterial, findFilesByIds, findOwnedFiles, storeGeneratedFile } from './files.service.js';
import { LocalDiskStorage } from './files.storage.js';

/** A zip archive with its entries stored (no compression): enough for format detection. */
function zipOf(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(entries)) {
    const nameBytes = Buffer.from(name, 'utf8');
    const data = Buffer.from(content, 'utf8');
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A real 1×1 grey PNG. */
export function tinyPng(): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', zlib.deflateSync(Buffer.from([0, 0x80]))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

const contentTypes = (main: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/main.xml" ContentType="${main}.main+xml"/></Types>`;

const samples: Record<string, Buffer> = {
  pdf: Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'),
  png: tinyPng(),
  jpg: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(64)]),
  dwg: Buffer.concat([Buffer.from('AC1032', 'latin1'), Buffer.alloc(128)]),
  zip: zipOf({ 'readme.txt': 'hello', 'plans/site.txt': 'plan' }),
  ofd: zipOf({ 'OFD.xml': '<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0"/>', 'Doc_0/Document.xml': '<ofd:Document/>' }),
  docx: zipOf({
    '[Content_Types].xml': contentTypes('application/vnd.openxmlformats-officedocument.wordprocessingml.document'),
    'word/document.xml': '<w:document/>',
  }),
  xlsx: zipOf({
    '[Content_Types].xml': contentTypes('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'),
    'xl/workbook.xml': '<workbook/>',
  }),
};

describe('assertFileFitsMaterial', () => {
  const material = { key: 'site_plan', formats: ['pdf', 'dwg'], maxSizeMb: 2 };

  it('accepts a file of an accepted format up to the size limit exactly', () => {
    expect(() =>
      assertFileFitsMaterial({ detectedFormat: 'pdf', sizeBytes: 2 * 1024 * 1024 }, material, 'body.materials.site_plan'),
    ).not.toThrow();
    expect(() => assertFileFitsMaterial({ detectedFormat: 'dwg', sizeBytes: 1 }, material, 'body.materials.site_plan')).not.toThrow();
  });

  it('refuses another format with FILE_TYPE_NOT_ALLOWED naming the field', () => {
    const refusal = (() => {
      try {
        assertFileFitsMaterial({ detectedFormat: 'png', sizeBytes: 10 }, material, 'body.materials.site_plan');
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(refusal).toBeInstanceOf(FileError);
    expect(refusal).toMatchObject({
      code: 'FILE_TYPE_NOT_ALLOWED',
      statusCode: 415,
      fields: [{ field: 'body.materials.site_plan', reason: 'format' }],
    });
  });

  it('does not take a zip-based format (OFD, docx) for a plain zip, nor the other way round', () => {
    expect(() =>
      assertFileFitsMaterial({ detectedFormat: 'ofd', sizeBytes: 10 }, { key: 'archive', formats: ['zip'], maxSizeMb: 5 }, 'f'),
    ).toThrow(FileError);
    expect(() =>
      assertFileFitsMaterial({ detectedFormat: 'zip', sizeBytes: 10 }, { key: 'licence', formats: ['ofd', 'docx'], maxSizeMb: 5 }, 'f'),
    ).toThrow(FileError);
  });

  it('refuses one byte over the limit with FILE_TOO_LARGE naming the field', () => {
    expect(() =>
      assertFileFitsMaterial({ detectedFormat: 'pdf', sizeBytes: 2 * 1024 * 1024 + 1 }, material, 'body.materials.site_plan'),
    ).toThrow(
      expect.objectContaining({
        code: 'FILE_TOO_LARGE',
        statusCode: 413,
        fields: [{ field: 'body.materials.site_plan', reason: 'too_large' }],
      }),
    );
  });
});

describe('detecting the format from the content', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'yuanqu-detect-'));
  afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

  function write(name: string, bytes: Buffer): string {
    const target = path.join(folder, name);
    fs.writeFileSync(target, bytes);
    return target;
  }

  it.each(Object.keys(samples))('recognises %s whatever the file is called', async (format) => {
    const detection = await detectFileFormat(write(`named-wrongly-${format}.txt`, samples[format]!));
    expect(detection).toMatchObject({ isAccepted: true, detected: { format } });
  });

  it('refuses an executable named .pdf, saying what it is', async () => {
    const elf = fs.readFileSync('/bin/ls').subarray(0, 1024);
    expect(await detectFileFormat(write('report.pdf', elf))).toEqual({ isAccepted: false, seen: 'elf' });
    const windows = Buffer.concat([
      Buffer.from('MZ'),
      Buffer.alloc(0x3a),
      Buffer.from([0x80, 0, 0, 0]),
      Buffer.alloc(0x40),
      Buffer.from('PE\0\0'),
      Buffer.alloc(64),
    ]);
    expect(await detectFileFormat(write('setup.pdf', windows))).toMatchObject({
      isAccepted: false,
      seen: expect.stringMatching(/^(exe|dll)$/),
    });
  });

  it('refuses a Java archive although it is a zip, and content of no known type', async () => {
    expect(await detectFileFormat(write('tool.zip', zipOf({ 'META-INF/MANIFEST.MF': 'Main-Class: Evil\n' })))).toEqual({
      isAccepted: false,
      seen: 'jar',
    });
    expect(await detectFileFormat(write('notes.pdf', Buffer.from('just some text, not a PDF')))).toEqual({ isAccepted: false, seen: null });
    expect(await detectFileFormat(write('empty.pdf', Buffer.alloc(0)))).toEqual({ isAccepted: false, seen: null });
  });
});

describe('local disk storage', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'yuanqu-storage-'));
  const storage = new LocalDiskStorage(root);
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('stores bytes, streams and files under generated two-level keys, never the original name', async () => {
    const fromBytes = await storage.put({ kind: 'bytes', bytes: Buffer.from('甲乙丙') });
    const fromStream = await storage.put({ kind: 'stream', stream: Readable.from([Buffer.from('abc'), Buffer.from('def')]) });
    const source = path.join(root, '..', `${path.basename(root)}-申请书.pdf`);
    fs.writeFileSync(source, 'moved');
    const fromFile = await storage.put({ kind: 'file', path: source });
    for (const stored of [fromBytes, fromStream, fromFile]) expect(stored.key).toMatch(/^([0-9a-f]{2})\/([0-9a-f]{2})\/\1\2[0-9a-f]{28}$/);
    expect(fs.existsSync(source)).toBe(false);
    expect(await text(await storage.open(fromBytes.key))).toBe('甲乙丙');
    expect(await text(await storage.open(fromStream.key, { start: 2, end: 4 }))).toBe('cde');
    expect(await text(await storage.open(fromFile.key))).toBe('moved');
    expect(await storage.stat(fromStream.key)).toEqual({ sizeBytes: 6 });
    const names = fs.readdirSync(root, { recursive: true }).map(String);
    expect(names.some((name) => name.includes('申请书') || name.endsWith('.partial'))).toBe(false);
  });

  it('deletes idempotently and answers null for a missing key', async () => {
    const stored = await storage.put({ kind: 'bytes', bytes: Buffer.from('x') });
    await storage.delete(stored.key);
    await storage.delete(stored.key);
    expect(await storage.stat(stored.key)).toBeNull();
    await expect(storage.open(stored.key)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('refuses keys that are not its own, so no path can escape the folder', async () => {
    await expect(storage.open('../../etc/passwd')).rejects.toThrow(/Not a storage key/);
    await expect(storage.stat('ab/cd/../../x')).rejects.toThrow(/Not a storage key/);
  });
});

describe('stored files in the database', () => {
  let database: TestDatabase;
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'yuanqu-generated-'));
  const storage = new LocalDiskStorage(root);
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('stores a generated file with its hash and finds it by id and by owner', async () => {
    const zone = await createZone(database.db);
    const owner = await createUser(database.db, { zoneId: zone.id, roles: ['applicant'] });
    const other = await createUser(database.db, { zoneId: zone.id, roles: ['applicant'] });
    const bytes = samples.pdf!;
    const file = await storeGeneratedFile(database.db, storage, {
      zoneId: zone.id,
      ownerId: owner.id,
      originalName: '准予许可决定书.pdf',
      mimeType: 'application/pdf',
      detectedFormat: 'pdf',
      bytes,
    });
    expect(file).toMatchObject({
      zoneId: zone.id,
      ownerId: owner.id,
      originalName: '准予许可决定书.pdf',
      sizeBytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      detectedFormat: 'pdf',
    });
    expect(file).not.toHaveProperty('storageKey');

    const unknown = '00000000-0000-4000-8000-000000000000';
    expect([...(await findFilesByIds(database.db, [file.id, unknown, 'not-a-uuid'])).keys()]).toEqual([file.id]);
    expect((await findOwnedFiles(database.db, owner.id, [file.id])).get(file.id)).toEqual(file);
    expect((await findOwnedFiles(database.db, other.id, [file.id])).size).toBe(0);
    expect((await findOwnedFiles(database.db, owner.id, [])).size).toBe(0);
  });
});
