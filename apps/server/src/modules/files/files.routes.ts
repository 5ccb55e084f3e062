import path from 'node:path';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorReplySchema, idParamsSchema } from '@yuanqu/shared';
import { requestMeta, sessionOf } from '../auth/index.js';
import { FileError } from './files.errors.js';
import { fileMetaSchema, tusHeadersSchema, uploadIdParamsSchema, type FileMeta } from './files.schemas.js';
import type { FilesService, StoredFile } from './files.service.js';
import { createUploadEndpoint } from './files.uploads.js';

export const UPLOADS_PATH = '/api/uploads';

const errors = { 400: errorReplySchema, 401: errorReplySchema, 403: errorReplySchema, 404: errorReplySchema };
const uploadErrors = { ...errors, 409: errorReplySchema, 413: errorReplySchema, 415: errorReplySchema };

export interface FilesRoutesOptions {
  /** DATA_DIR: partial uploads live in `<dataDir>/uploads`. */
  dataDir: string;
}

function toFileMeta(file: StoredFile): FileMeta {
  return {
    id: file.id,
    originalName: file.originalName,
    sizeBytes: file.sizeBytes,
    sha256: file.sha256,
    detectedFormat: file.detectedFormat,
    mimeType: file.mimeType,
    createdAt: file.createdAt.toISOString(),
  };
}

/**
 * `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266): the plain name for old clients with
 * everything outside printable ASCII replaced, the exact name — Chinese included — for the rest.
 */
export function contentDispositionOf(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/**
 * Uploads (tus, resumable) and downloads. Every route needs a session; downloads are authorised
 * per file by the files service (owner, or a rule such as "attached to a case of your zone").
 */
export function filesRoutes(filesService: FilesService, options: FilesRoutesOptions): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['files'];
    const signedIn = app.authorize();
    const uploads = createUploadEndpoint(filesService, {
      directory: path.join(options.dataDir, 'uploads'),
      path: UPLOADS_PATH,
      maxUploadBytes: filesService.maxUploadBytes,
    });
    app.addHook('onClose', async () => uploads.close());

    // tus sends the bytes as this type; leave the body unread for the tus server to stream to disk.
    app.addContentTypeParser('application/offset+octet-stream', (_request, _payload, done) => done(null));

    const handOver = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
      await uploads.handle(request, reply, sessionOf(request).actor, requestMeta(request));
    };

    // The declared size is refused here, with a coded reply, before tus creates anything.
    const checkDeclaredLength = async (request: FastifyRequest): Promise<void> => {
      const declared = Number(request.headers['upload-length']);
      if (Number.isFinite(declared) && declared > filesService.maxUploadBytes) {
        throw new FileError('FILE_TOO_LARGE', `Files may be up to ${Math.floor(filesService.maxUploadBytes / 1024 / 1024)} MB`, [
          { field: 'headers.upload-length', reason: 'too_large' },
        ]);
      }
    };

    app.route({
      method: 'POST',
      url: UPLOADS_PATH,
      preHandler: [signedIn, checkDeclaredLength],
      schema: {
        tags,
        summary: 'tus: start a resumable upload',
        description:
          'tus 1.0.0 creation (and creation-with-upload). Send `Tus-Resumable: 1.0.0`, `Upload-Length` and `Upload-Metadata: filename <base64>`; ' +
          '`Location` names the upload. Only the file name is kept from the metadata: the type is detected from the content when the last byte arrives.',
        headers: tusHeadersSchema,
        response: {
          201: Type.Null({
            description: 'Created; `Location: /api/uploads/{uploadId}`. When the body held the whole file: `Upload-File-Id` as for PATCH.',
          }),
          ...uploadErrors,
        },
      },
      handler: handOver,
    });

    app.route({
      method: 'HEAD',
      url: `${UPLOADS_PATH}/:uploadId`,
      preHandler: signedIn,
      schema: {
        tags,
        summary: 'tus: how many bytes of an upload the server has (resume from `Upload-Offset`)',
        description:
          'Only the creator of an upload sees it. A complete upload whose server stopped while storing it answers 404: send the file again.',
        params: uploadIdParamsSchema,
        headers: tusHeadersSchema,
        response: { 200: Type.Null({ description: '`Upload-Offset` and `Upload-Length`' }), ...errors },
      },
      handler: handOver,
    });

    app.route({
      method: 'PATCH',
      url: `${UPLOADS_PATH}/:uploadId`,
      preHandler: signedIn,
      schema: {
        tags,
        summary: 'tus: send bytes from `Upload-Offset` (Content-Type: application/offset+octet-stream)',
        description:
          'The reply to the request that completes the upload is `204` with `Upload-File-Id: <file id>` once the file is checked and stored, or a coded JSON error: ' +
          '415 FILE_TYPE_NOT_ALLOWED (content is not pdf, jpg, png, ofd, dwg, docx, xlsx or zip — executables never are), 413 FILE_TOO_LARGE. The partial upload is removed either way. ' +
          'To resume, `HEAD /api/uploads/{uploadId}` answers `Upload-Offset` (HEAD routes are not listed in this document).',
        params: uploadIdParamsSchema,
        headers: tusHeadersSchema,
        response: { 204: Type.Null({ description: '`Upload-Offset`; on the last bytes also `Upload-File-Id`' }), ...uploadErrors },
      },
      handler: handOver,
    });

    app.route({
      method: 'DELETE',
      url: `${UPLOADS_PATH}/:uploadId`,
      preHandler: signedIn,
      schema: {
        tags,
        summary: 'tus: abandon an unfinished upload',
        params: uploadIdParamsSchema,
        headers: tusHeadersSchema,
        response: { 204: Type.Null({ description: 'Removed' }), ...errors },
      },
      handler: handOver,
    });

    app.get(
      '/api/files/:id',
      {
        preHandler: signedIn,
        schema: {
          tags,
          summary: 'Download a file (its owner, or staff whose work it belongs to)',
          description:
            'Sent as an attachment with the content type detected at upload. Another zone’s file, or one you may not see, is 404.',
          params: idParamsSchema,
          response: { 200: Type.Unsafe<unknown>({ type: 'string', format: 'binary', description: 'The bytes' }), ...errors },
        },
      },
      async (request, reply) => {
        const { file, stream } = await filesService.openDownload(sessionOf(request).actor, requestMeta(request), request.params.id);
        return reply
          .header('content-type', file.mimeType)
          .header('content-length', String(file.sizeBytes))
          .header('content-disposition', contentDispositionOf(file.originalName))
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "default-src 'none'; sandbox")
          .send(stream);
      },
    );

    app.get(
      '/api/files/:id/meta',
      {
        preHandler: signedIn,
        schema: {
          tags,
          summary: 'What a file is: name, size, SHA-256, detected format',
          params: idParamsSchema,
          response: { 200: fileMetaSchema, ...errors },
        },
      },
      async (request) => toFileMeta(await filesService.findReadableFile(sessionOf(request).actor, requestMeta(request), request.params.id)),
    );
  };
}
