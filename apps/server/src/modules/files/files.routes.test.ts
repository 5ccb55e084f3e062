import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Upload, type DetailedError } from 'tus-js-client';
import type { ErrorBody } from '@yuanqu/shared';
import { auditEvents, files } from '../../db/schema.js';
import { createTestApp, createZoneWithUsers, type Client, type TestApp } from '../../test/test-app.js';
import { expectError, requestSignedOut } from '../../test/route-helpers.js';
import { registerFileAccessRule } from './files.service.js';

/** The upload cap for these tests (the real one is 500 MB). */
const CAP_BYTES = 256 * 1024;

function sha256(bytes: Buffer | Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A file that starts like a PDF; its tail is random so every upload differs. */
function pdfBytes(size: number): Buffer {
  const header = Buffer.from('%PDF-1.7\n');
  return Buffer.concat([header, randomBytes(size - header.length)]);
}

const elfBytes = (): Buffer => fs.readFileSync('/bin/ls').subarray(0, 1024);

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

describe('files: tus uploads and downloads', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yuanqu-files-'));
  const uploadsDir = path.join(dataDir, 'uploads');
  const storageDir = path.join(dataDir, 'files');
  let testApp: TestApp;
  let baseUrl: string;

  beforeAll(async () => {
    testApp = await createTestApp(undefined, { dataDir, files: { maxUploadBytes: CAP_BYTES } });
    await testApp.app.listen({ port: 0, host: '127.0.0.1' });
    const address = testApp.app.server.address();
    if (!address || typeof address === 'string') throw new Error('not listening');
    baseUrl = `http://127.0.0.1:${address.port}`;
  });
  afterAll(async () => {
    await testApp.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  function headersOf(client: Client, withCsrf = true): Record<string, string> {
    return { cookie: client.cookie, ...(withCsrf ? { 'x-csrf-token': client.csrfToken } : {}) };
  }

  type TusOutcome = { fileId: string } | { status: number; body: string };

  /** Uploads with the real tus client, in chunks, as the browser does. */
  function uploadWithTus(client: Client, bytes: Buffer, filename: string, metadata: Record<string, string> = {}): Promise<TusOutcome> {
    return new Promise((resolve, reject) => {
      const upload = new Upload(bytes, {
        endpoint: `${baseUrl}/api/uploads`,
        headers: headersOf(client),
        metadata: { filename, ...metadata },
        chunkSize: 64 * 1024,
        retryDelays: [],
        onSuccess: ({ lastResponse }) => resolve({ fileId: lastResponse.getHeader('Upload-File-Id') ?? '' }),
        onError: (error) => {
          const response = (error as DetailedError).originalResponse;
          if (response) resolve({ status: response.getStatus(), body: response.getBody() });
          else reject(error);
        },
      });
      upload.start();
    });
  }

  async function uploadOk(client: Client, bytes: Buffer, filename: string): Promise<string> {
    const outcome = await uploadWithTus(client, bytes, filename);
    if (!('fileId' in outcome)) throw new Error(`upload failed: ${outcome.status} ${outcome.body}`);
    expect(outcome.fileId).toMatch(/^[0-9a-f-]{36}$/);
    return outcome.fileId;
  }

  async function createUpload(client: Client, length: number, filename = 'a.pdf'): Promise<string> {
    const response = await fetch(`${baseUrl}/api/uploads`, {
      method: 'POST',
      headers: {
        ...headersOf(client),
        'tus-resumable': '1.0.0',
        'upload-length': String(length),
        'upload-metadata': `filename ${base64(filename)}`,
      },
    });
    expect(response.status, await response.clone().text()).toBe(201);
    const location = response.headers.get('location')!;
    expect(location).toMatch(/^\/api\/uploads\/[0-9a-f]{32}$/);
    return location;
  }

  function leftoverUploads(): string[] {
    return fs.existsSync(uploadsDir) ? fs.readdirSync(uploadsDir) : [];
  }

  async function storedFileCount(ownerId: string): Promise<number> {
    return (await testApp.database.db.select().from(files).where(eq(files.ownerId, ownerId))).length;
  }

  async function auditOf(action: string, actorId: string) {
    return testApp.database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, action), eq(auditEvents.actorId, actorId)));
  }

  it('uploads in chunks with tus, stores the bytes under a generated name, and downloads the same bytes', async () => {
    const { clients } = await createZoneWithUsers(testApp, ['applicant']);
    const source = pdfBytes(200 * 1024);
    const fileId = await uploadOk(clients.applicant, source, '建设工程规划许可申请表 (final).pdf');

    const download = await clients.applicant.request({ method: 'GET', url: `/api/files/${fileId}` });
    expect(download.statusCode).toBe(200);
    expect(sha256(download.rawPayload)).toBe(sha256(source));
    expect(download.headers).toMatchObject({
      'content-type': 'application/pdf',
      'content-length': String(source.length),
      'x-content-type-options': 'nosniff',
      'content-disposition': `attachment; filename="___________ (final).pdf"; filename*=UTF-8''${encodeURIComponent('建设工程规划许可申请表')}%20%28final%29.pdf`,
    });

    const meta = await clients.applicant.request({ method: 'GET', url: `/api/files/${fileId}/meta` });
    expect(meta.json()).toEqual({
      id: fileId,
      originalName: '建设工程规划许可申请表 (final).pdf',
      sizeBytes: source.length,
      sha256: sha256(source),
      detectedFormat: 'pdf',
      mimeType: 'application/pdf',
      createdAt: testApp.clock.now().toISOString(),
    });

    const [row] = await testApp.database.db.select().from(files).where(eq(files.id, fileId));
    expect(row!.storageKey).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{32}$/);
    expect(sha256(fs.readFileSync(path.join(storageDir, row!.storageKey)))).toBe(sha256(source));
    expect(leftoverUploads()).toEqual([]);
    expect(await auditOf('file.upload', clients.applicant.userId)).toEqual([
      expect.objectContaining({ outcome: 'success', targetId: fileId, zoneId: row!.zoneId }),
    ]);
    expect(await auditOf('file.download', clients.applicant.userId)).toEqual([
      expect.objectContaining({ outcome: 'success', targetId: fileId }),
    ]);
  });

  it('takes the type from the content, not the name or the client’s claimed type', async () => {
    const { clients } = await createZoneWithUsers(testApp, ['applicant']);
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), randomBytes(4000)]);
    const outcome = await uploadWithTus(clients.applicant, jpeg, 'scan.pdf', {
      filetype: 'application/pdf',
      formats: 'exe',
      maxSizeMb: '9999',
    });
    expect(outcome).toHaveProperty('fileId');
    const fileId = (outcome as { fileId: string }).fileId;
    const meta = await clients.applicant.request({ method: 'GET', url: `/api/files/${fileId}/meta` });
    expect(meta.json()).toMatchObject({ originalName: 'scan.pdf', detectedFormat: 'jpg', mimeType: 'image/jpeg' });
    expect((await clients.applicant.request({ method: 'GET', url: `/api/files/${fileId}` })).headers['content-type']).toBe('image/jpeg');
  });

  it('finishes a one-request upload (creation with upload) with the file id in the 201 reply', async () => {
    const { clients } = await createZoneWithUsers(testApp, ['applicant']);
    const source = pdfBytes(10_000);
    const response = await fetch(`${baseUrl}/api/uploads`, {
      method: 'POST',
      headers: {
        ...headersOf(clients.applicant),
        'tus-resumable': '1.0.0',
        'upload-length': String(source.length),
        'upload-metadata': `filename ${base64('one.pdf')}`,
        'content-type': 'application/offset+octet-stream',
      },
      body: source,
    });
    expect(response.status).toBe(201);
    const fileId = response.headers.get('upload-file-id')!;
    const download = await clients.applicant.request({ method: 'GET', url: `/api/files/${fileId}` });
    expect(sha256(download.rawPayload)).toBe(sha256(source));
  });

  it('refuses an executable named .pdf with FILE_TYPE_NOT_ALLOWED, keeps none of its bytes and audits the refusal', async () => {
    const { clients } = await createZoneWithUsers(testApp, ['applicant']);
    const before = fs.existsSync(storageDir) ? fs.readdirSync(storageDir, { recursive: true }).length : 0;
    const outcome = await uploadWithTus(clients.applicant, elfBytes(), 'report.pdf', { filetype: 'application/pdf' });
    expect(outcome).toMatchObject({ status: 415 });
    const body = JSON.parse((outcome as { body: string }).body) as ErrorBody;
    expect(body.error).toMatchObject({ code: 'FILE_TYPE_NOT_ALLOWED', fields: [{ field: 'file', reason: 'format' }] });
    expect(body.error.message).toContain('elf');
    expect(await storedFileCount(clients.applicant.userId)).toBe(0);
    expect(leftoverUploads()).toEqual([]);
    expect(fs.existsSync(storageDir) ? fs.readdirSync(storageDir, { recursive: true }).length : 0).toBe(before);
    expect(await auditOf('file.upload', clients.applicant.userId)).toEqual([
      expect.objectContaining({ outcome: 'denied', details: expect.objectContaining({ code: 'FILE_TYPE_NOT_ALLOWED', seen: 'elf' }) }),
    ]);
  });

  it('refuses a file over the cap with FILE_TOO_LARGE, whether declared up front or sent with its length deferred', async () => {
    const { clients } = await createZoneWithUsers(testApp, ['applicant']);
    const declared = await fetch(`${baseUrl}/api/uploads`, {
      method: 'POST',
      headers: { ...headersOf(clients.applicant), 'tus-resumable': '1.0.0', 'upload-length': String(CAP_BYTES + 1) },
    });
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as ErrorBody).error).toMatchObject({
      code: 'FILE_TOO_LARGE',
      fields: [{ field: 'headers.upload-length', reason: 'too_large' }],
    });

    const deferred = await fetch(`${baseUrl}/api/uploads`, {
      method: 'POST',
      headers: { ...headersOf(clients.applicant), 'tus-resumable': '1.0.0', 'upload-defer-length': '1' },
    });
    expect(deferred.status).toBe(201);
    const patch = await fetch(`${baseUrl}${deferred.headers.get('location')}`, {
      method: 'PATCH',
      headers: {
        ...headersOf(clients.applicant),
        'tus-resumable': '1.0.0',
        'upload-offset': '0',
        'content-type': 'application/offset+octet-stream',
      },
      body: pdfBytes(CAP_BYTES + 1),
    });
    expect(patch.status).toBe(413);
    expect((JSON.parse(await patch.text()) as ErrorBody).error.code).toBe('FILE_TOO_LARGE');
    expect(leftoverUploads()).toEqual([]);

    const withClient = await uploadWithTus(clients.applicant, pdfBytes(CAP_BYTES + 1), 'big.pdf');
    expect(withClient).toMatchObject({ status: 413 });
    expect(await storedFileCount(clients.applicant.userId)).toBe(0);
  });

  it('shows a file only to its owner and to whom a registered rule allows; anyone else, in the zone or not, gets 404', async () => {
    const home = await createZoneWithUsers(testApp, ['applicant', 'clerk', 'audit_admin']);
    const neighbour = await createZoneWithUsers(testApp, ['applicant']);
    const other = await createZoneWithUsers(testApp, ['clerk']);
    const fileId = await uploadOk(home.clients.applicant, pdfBytes(5000), '营业执照.pdf');

    for (const client of [neighbour.clients.applicant, home.clients.clerk, other.clients.clerk]) {
      expectError(await client.request({ method: 'GET', url: `/api/files/${fileId}` }), 'NOT_FOUND');
      expectError(await client.request({ method: 'GET', url: `/api/files/${fileId}/meta` }), 'NOT_FOUND');
    }
    expectError(await home.clients.clerk.request({ method: 'GET', url: '/api/files/00000000-0000-4000-8000-000000000000' }), 'NOT_FOUND');
    expectError(await home.clients.clerk.request({ method: 'GET', url: '/api/files/not-a-uuid' }), 'VALIDATION_FAILED', 'params.id');
    expect(await auditOf('access.denied', home.clients.clerk.userId)).toContainEqual(
      expect.objectContaining({ targetType: 'file', targetId: fileId, outcome: 'denied' }),
    );

    // The cases module's kind of rule: staff of the zone whose work the file belongs to.
    const unregister = registerFileAccessRule(async (actor, file) => actor.roles.includes('clerk') && file.id === fileId);
    try {
      expect((await home.clients.clerk.request({ method: 'GET', url: `/api/files/${fileId}` })).statusCode).toBe(200);
      // A rule is never asked about another zone's file.
      expectError(await other.clients.clerk.request({ method: 'GET', url: `/api/files/${fileId}` }), 'NOT_FOUND');
    } finally {
      unregister();
    }
    expectError(await home.clients.clerk.request({ method: 'GET', url: `/api/files/${fileId}` }), 'NOT_FOUND');
  });

  it('keeps each partial upload to its creator: another user’s HEAD, PATCH and DELETE get 404', async () => {
    const { clients } = await createZoneWithUsers(testApp, ['applicant', 'clerk']);
    const location = await createUpload(clients.applicant, 5000);
    const tus = { 'tus-resumable': '1.0.0' };
    const head = await fetch(`${baseUrl}${location}`, { method: 'HEAD', headers: { ...headersOf(clients.clerk), ...tus } });
    expect(head.status).toBe(404);
    const patch = await fetch(`${baseUrl}${location}`, {
      method: 'PATCH',
      headers: { ...headersOf(clients.clerk), ...tus, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
      body: pdfBytes(5000),
    });
    expect(patch.status).toBe(404);
    const remove = await fetch(`${baseUrl}${location}`, { method: 'DELETE', headers: { ...headersOf(clients.clerk), ...tus } });
    expect(remove.status).toBe(404);

    const own = await fetch(`${baseUrl}${location}`, { method: 'HEAD', headers: { ...headersOf(clients.applicant), ...tus } });
    expect(own.status).toBe(200);
    expect(own.headers.get('upload-offset')).toBe('0');
    const abandon = await fetch(`${baseUrl}${location}`, { method: 'DELETE', headers: { ...headersOf(clients.applicant), ...tus } });
    expect(abandon.status).toBe(204);
    expect(leftoverUploads()).toEqual([]);
  });

  it('drops a complete upload its server never finished storing, so the client sends it again', async () => {
    const { clients } = await createZoneWithUsers(testApp, ['applicant']);
    const location = await createUpload(clients.applicant, 3000);
    // What a server killed between the last byte and storing the file leaves behind.
    fs.writeFileSync(path.join(uploadsDir, path.basename(location)), pdfBytes(3000));
    const head = await fetch(`${baseUrl}${location}`, {
      method: 'HEAD',
      headers: { ...headersOf(clients.applicant), 'tus-resumable': '1.0.0' },
    });
    expect(head.status).toBe(404);
    expect(leftoverUploads()).toEqual([]);
  });

  it('refuses the signed-out (401) and writes without the CSRF token (403)', async () => {
    const { clients } = await createZoneWithUsers(testApp, ['applicant']);
    const tus = { 'tus-resumable': '1.0.0' };
    const signedOut = await fetch(`${baseUrl}/api/uploads`, { method: 'POST', headers: { ...tus, 'upload-length': '10' } });
    expect(signedOut.status).toBe(401);
    expect(((await signedOut.json()) as ErrorBody).error.code).toBe('AUTH_REQUIRED');
    const location = await createUpload(clients.applicant, 10);
    expect((await fetch(`${baseUrl}${location}`, { method: 'HEAD', headers: tus })).status).toBe(401);
    expectError(
      await requestSignedOut(testApp, { method: 'GET', url: '/api/files/00000000-0000-4000-8000-000000000000' }),
      'AUTH_REQUIRED',
    );

    const noCsrf = await fetch(`${baseUrl}/api/uploads`, {
      method: 'POST',
      headers: { ...headersOf(clients.applicant, false), ...tus, 'upload-length': '10' },
    });
    expect(noCsrf.status).toBe(403);
    expect(((await noCsrf.json()) as ErrorBody).error.code).toBe('AUTH_CSRF_INVALID');
    const patchWithoutCsrf = await fetch(`${baseUrl}${location}`, {
      method: 'PATCH',
      headers: { ...headersOf(clients.applicant, false), ...tus, 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
      body: pdfBytes(10),
    });
    expect(patchWithoutCsrf.status).toBe(403);
    const head = await fetch(`${baseUrl}${location}`, { method: 'HEAD', headers: { ...headersOf(clients.applicant), ...tus } });
    expect(head.headers.get('upload-offset')).toBe('0');
  });

  it('documents the upload and download routes in OpenAPI', async () => {
    const document = (await testApp.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    expect(Object.keys(document.paths['/api/uploads'] ?? {})).toContain('post');
    // HEAD routes stay out of the document, as the app's own HEAD routes do; PATCH's description covers it.
    expect(Object.keys(document.paths['/api/uploads/{uploadId}'] ?? {})).toEqual(expect.arrayContaining(['patch', 'delete']));
    expect(Object.keys(document.paths['/api/files/{id}'] ?? {})).toContain('get');
    expect(Object.keys(document.paths['/api/files/{id}/meta'] ?? {})).toContain('get');
  });
});
