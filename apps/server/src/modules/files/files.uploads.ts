import fsPromises from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import { ERRORS, Server as TusServer, type ServerOptions, type Upload } from '@tus/server';
import { FileStore } from '@tus/file-store';
import type { ErrorBody, ErrorCode } from '@yuanqu/shared';
import { AppError } from '../../lib/errors.js';
import type { Actor, RequestMeta } from '../../lib/request-context.js';
import type { FilesService } from './files.service.js';

/** The upload metadata key that records who created an upload; set by the server, never the client. */
const OWNER_KEY = 'yq_owner';
/** Partial uploads nobody resumed for this long are removed. */
const UPLOAD_EXPIRY_MS = 3 * 24 * 60 * 60 * 1000;
const CLEANUP_INTERVAL_MS = 60 * 60 * 1000;
const MAX_NAME_LENGTH = 255;

export interface UploadEndpointOptions {
  /** Where partial uploads live: `<DATA_DIR>/uploads`. */
  directory: string;
  /** Public path of the endpoint, as the tus server writes it into `Location`. */
  path: string;
  maxUploadBytes: number;
}

interface RequestContext {
  actor: Actor;
  meta: RequestMeta;
  log: FastifyBaseLogger;
}

type TusRequest = Parameters<NonNullable<ServerOptions['onIncomingRequest']>>[0];

function errorReply(code: ErrorCode, status: number, message: string, requestId: string, fields?: AppError['fields']) {
  const body: ErrorBody = { error: { code, message, requestId } };
  if (fields && fields.length > 0) body.error.fields = fields;
  return { status_code: status, headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) };
}

/** Control characters and path separators out, length capped: the name is only ever shown and used to name downloads. */
export function cleanFileName(raw: string | null | undefined): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = (raw ?? '').replace(/[\u0000-\u001f\u007f/\\]/g, '_').trim();
  const name = cleaned === '' || cleaned === '.' || cleaned === '..' ? 'file' : cleaned;
  return [...name].slice(0, MAX_NAME_LENGTH).join('');
}

function isErrorCode(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

/**
 * The tus endpoint (resumable uploads, https://tus.io/protocols/resumable-upload) inside Fastify.
 *
 * - Fastify authenticates first (session + CSRF, like any write); the session travels to the tus
 *   hooks keyed by the raw request.
 * - Each upload records its creator; HEAD/PATCH/DELETE on someone else's upload is 404.
 * - When the last byte arrives, the files service checks and stores the file. The final PATCH
 *   (or the POST, for a one-request upload) answers 204/201 with `Upload-File-Id: <file id>`, or a
 *   coded JSON error (415 FILE_TYPE_NOT_ALLOWED, 413 FILE_TOO_LARGE) — the tus protocol allows
 *   no other channel, and tus clients hand a non-2xx reply to their error callback with its body.
 *   Either way the partial upload is gone afterwards.
 * - A complete upload that is still there when its HEAD comes is one whose server died while
 *   finishing it: it is dropped and the HEAD answers 404, so the client sends the file again
 *   rather than seeing "complete" without ever learning a file id.
 *
 * Nothing touches the disk until the first upload request (tests build many apps that never
 * upload). One app node only: tus's locks are in memory (several nodes need a shared locker).
 */
export function createUploadEndpoint(filesService: FilesService, options: UploadEndpointOptions) {
  const contexts = new WeakMap<IncomingMessage, RequestContext>();
  const finishing = new Set<string>();
  let tus: Promise<TusServer> | undefined;
  let cleanupTimer: NodeJS.Timeout | undefined;

  function contextOf(request: TusRequest): RequestContext {
    const raw = request.runtime?.node?.req as IncomingMessage | undefined;
    const context = raw ? contexts.get(raw) : undefined;
    // The Fastify route authenticates before handing over; a request without context is a wiring bug.
    if (!context) throw errorReply('AUTH_REQUIRED', 401, 'Sign in first', '');
    return context;
  }

  function pathOf(uploadId: string): string {
    return path.join(options.directory, uploadId);
  }

  async function discard(store: FileStore, uploadId: string): Promise<void> {
    await fsPromises.rm(pathOf(uploadId), { force: true });
    await store.configstore.delete(uploadId).catch((error: unknown) => {
      if (!isErrorCode(error, 'ENOENT')) throw error;
    });
  }

  async function createServer(): Promise<TusServer> {
    await fsPromises.mkdir(options.directory, { recursive: true, mode: 0o700 });
    // No tus expiration: with it, a one-request upload (POST) re-reads the upload after
    // onUploadFinish has removed it and answers 404. `sweepAbandoned` does the expiring instead.
    const store = new FileStore({ directory: options.directory });
    const server = new TusServer({
      path: options.path,
      datastore: store,
      maxSize: options.maxUploadBytes,
      relativeLocation: true,
      exposedHeaders: ['Upload-File-Id'],
      disableTerminationForFinishedUploads: true,

      async onIncomingRequest(request, uploadId) {
        const { actor, meta } = contextOf(request);
        if (request.method === 'POST') return;
        const info = await store.configstore.get(uploadId);
        if (!info) return; // tus answers 404 itself
        if (info.metadata?.[OWNER_KEY] !== actor.userId) throw errorReply('NOT_FOUND', 404, 'Upload not found', meta.requestId);
        if (request.method === 'HEAD' && info.size !== undefined && !finishing.has(uploadId)) {
          const stats = await fsPromises.stat(pathOf(uploadId)).catch(() => undefined);
          if (stats && stats.size === info.size) {
            await discard(store, uploadId);
            throw errorReply('NOT_FOUND', 404, 'This upload was never finished on the server; send the file again', meta.requestId);
          }
        }
      },

      async onUploadCreate(request, upload) {
        const { actor } = contextOf(request);
        // Only the name is kept from the client's metadata; types and limits it claims mean nothing.
        return { metadata: { filename: cleanFileName(upload.metadata?.filename), [OWNER_KEY]: actor.userId } };
      },

      async onUploadFinish(request, upload: Upload) {
        const { actor, meta, log } = contextOf(request);
        finishing.add(upload.id);
        try {
          const file = await filesService.acceptUpload(actor, meta, {
            path: pathOf(upload.id),
            originalName: cleanFileName(upload.metadata?.filename),
            uploadId: upload.id,
          });
          return { headers: { 'Upload-File-Id': file.id } };
        } catch (error) {
          if (error instanceof AppError) {
            log.info({ code: error.code, uploadId: upload.id }, 'upload refused');
            return errorReply(error.code, error.statusCode, error.message, meta.requestId, error.fields);
          }
          log.error({ err: error, uploadId: upload.id }, 'finishing an upload failed');
          return errorReply('INTERNAL', 500, 'Something went wrong on our side', meta.requestId);
        } finally {
          finishing.delete(upload.id);
          await discard(store, upload.id).catch((error: unknown) =>
            log.error({ err: error, uploadId: upload.id }, 'could not remove a finished upload'),
          );
        }
      },

      async onResponseError(request, error) {
        // More bytes than the cap (tus checks the declared length and counts the bytes) or than the upload declared.
        if ('status_code' in error && (error.body === ERRORS.ERR_MAX_SIZE_EXCEEDED.body || error.body === ERRORS.ERR_SIZE_EXCEEDED.body)) {
          const { meta, log } = contextOf(request);
          // An upload over the cap can never finish: drop what it sent so far.
          const uploadId = /\/([0-9a-f]{32})$/.exec(new URL(request.url).pathname)?.[1];
          if (uploadId)
            await discard(store, uploadId).catch((discardError: unknown) =>
              log.error({ err: discardError, uploadId }, 'could not remove an oversized upload'),
            );
          const message = `The upload is larger than it declared or than ${Math.floor(options.maxUploadBytes / 1024 / 1024)} MB, the most a file may be`;
          const reply = errorReply('FILE_TOO_LARGE', 413, message, meta.requestId, [{ field: 'file', reason: 'too_large' }]);
          return { status_code: reply.status_code, body: reply.body };
        }
        return undefined;
      },
    });
    const sweep = (): void => {
      sweepAbandoned(store).catch(() => undefined);
    };
    sweep();
    cleanupTimer = setInterval(sweep, CLEANUP_INTERVAL_MS).unref();
    return server;
  }

  /** Removes partial uploads created more than UPLOAD_EXPIRY_MS ago. */
  async function sweepAbandoned(store: FileStore): Promise<void> {
    const names = await fsPromises.readdir(options.directory);
    // Real time, not the app's clock: tus stamps `creation_date` with the real time.
    const cutoff = Date.now() - UPLOAD_EXPIRY_MS;
    for (const name of names) {
      const uploadId = /^([0-9a-f]{32})\.json$/.exec(name)?.[1];
      if (!uploadId || finishing.has(uploadId)) continue;
      const info = await store.configstore.get(uploadId);
      const createdAt = info?.creation_date ? Date.parse(info.creation_date) : Number.NaN;
      if (Number.isFinite(createdAt) && createdAt < cutoff) await discard(store, uploadId);
    }
  }

  function serverOnce(): Promise<TusServer> {
    tus ??= createServer().catch((error: unknown) => {
      tus = undefined;
      throw error;
    });
    return tus;
  }

  return {
    /** Hands an authenticated request to tus; Fastify no longer answers it. */
    async handle(request: FastifyRequest, reply: FastifyReply, actor: Actor, meta: RequestMeta): Promise<void> {
      const server = await serverOnce();
      contexts.set(request.raw, { actor, meta, log: request.log });
      reply.hijack();
      // Headers the onSend hook would have added, had Fastify sent the reply.
      reply.raw.setHeader('x-request-id', request.id);
      reply.raw.setHeader('cache-control', 'no-store');
      reply.raw.setHeader('x-content-type-options', 'nosniff');
      try {
        await server.handle(request.raw, reply.raw);
      } catch (error) {
        request.log.error({ err: error }, 'the upload endpoint failed');
        if (!reply.raw.headersSent) reply.raw.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        reply.raw.end(
          JSON.stringify({
            error: { code: 'INTERNAL', message: 'Something went wrong on our side', requestId: request.id },
          } satisfies ErrorBody),
        );
      }
    },

    /** Stops the hourly sweep of abandoned uploads. */
    close(): void {
      if (cleanupTimer) clearInterval(cleanupTimer);
    },
  };
}

export type UploadEndpoint = ReturnType<typeof createUploadEndpoint>;
