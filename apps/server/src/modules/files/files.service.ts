import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsPromises from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { pipeline } from 'node:stream/promises';
import { MATERIAL_FORMATS } from '@yuanqu/shared';
import type { Database, Executor } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import { NotFoundError } from '../../lib/errors.js';
import type { Actor, RequestMeta } from '../../lib/request-context.js';
import { appendAuditEvent } from '../audit/index.js';
import { detectFileFormat } from './files.detection.js';
import { FileError } from './files.errors.js';
import type { FileStorage } from './files.storage.js';
import * as repository from './files.repository.js';

/** The global cap on one upload (a 200 MB drawing fits with room to spare); materials set lower caps of their own. */
export const MAX_UPLOAD_BYTES = 500 * 1024 * 1024;

const BYTES_PER_MB = 1024 * 1024;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An uploaded or generated file as the other modules see it (the storage key stays inside this module). */
export interface StoredFile {
  id: string;
  zoneId: string;
  ownerId: string;
  originalName: string;
  sizeBytes: number;
  sha256: string;
  /** Detected from the content: one of MATERIAL_FORMATS. */
  detectedFormat: string;
  mimeType: string;
  createdAt: Date;
}

/**
 * Decides whether `actor` may read `file`, for files of the actor's own zone that the actor does
 * not own (owners may always read theirs; other zones never). The cases module registers "attached
 * to a case of your zone that you may see". Rules are asked in turn; the first `true` allows.
 */
export type FileAccessRule = (actor: Actor, file: StoredFile, executor: Executor) => Promise<boolean>;

const registeredRules = new Set<FileAccessRule>();

/**
 * Adds an access rule for every app in this process (a rule gets the database it should use as
 * its third argument). Registering the same function twice has no effect. Returns a function
 * that removes it again (tests).
 */
export function registerFileAccessRule(rule: FileAccessRule): () => void {
  registeredRules.add(rule);
  return () => {
    registeredRules.delete(rule);
  };
}

function toStoredFile(row: repository.FileRow): StoredFile {
  return {
    id: row.id,
    zoneId: row.zoneId,
    ownerId: row.ownerId,
    originalName: row.originalName,
    sizeBytes: row.sizeBytes,
    sha256: row.sha256,
    detectedFormat: row.detectedFormat,
    mimeType: row.mimeType,
    createdAt: row.createdAt,
  };
}

function mapById(rows: repository.FileRow[]): Map<string, StoredFile> {
  return new Map(rows.map((row) => [row.id, toStoredFile(row)]));
}

function validIds(fileIds: string[]): string[] {
  return [...new Set(fileIds.filter((id) => UUID_PATTERN.test(id)))];
}

/** The files of `ownerId` among `fileIds` (others are simply absent from the map). */
export async function findOwnedFiles(executor: Executor, ownerId: string, fileIds: string[]): Promise<Map<string, StoredFile>> {
  return mapById(await repository.findFilesOfOwner(executor, ownerId, validIds(fileIds)));
}

/** The files among `fileIds`, whoever owns them (the caller checks access); unknown ids are absent. */
export async function findFilesByIds(executor: Executor, fileIds: string[]): Promise<Map<string, StoredFile>> {
  return mapById(await repository.findFilesByIds(executor, validIds(fileIds)));
}

/**
 * Checks a file against a material's accepted formats and size; throws FILE_TYPE_NOT_ALLOWED /
 * FILE_TOO_LARGE with the field named. Formats match exactly: an OFD or a docx is a zip inside,
 * yet a material that accepts `zip` does not thereby accept them.
 */
export function assertFileFitsMaterial(
  file: Pick<StoredFile, 'detectedFormat' | 'sizeBytes'>,
  material: { key: string; formats: readonly string[]; maxSizeMb: number },
  field: string,
): void {
  if (!material.formats.includes(file.detectedFormat)) {
    throw new FileError(
      'FILE_TYPE_NOT_ALLOWED',
      `Material ${material.key} accepts ${material.formats.join(', ')}; this file is ${file.detectedFormat}`,
      [{ field, reason: 'format' }],
    );
  }
  if (file.sizeBytes > material.maxSizeMb * BYTES_PER_MB) {
    throw new FileError('FILE_TOO_LARGE', `Material ${material.key} accepts files up to ${material.maxSizeMb} MB`, [
      { field, reason: 'too_large' },
    ]);
  }
}

async function sha256OfFile(filePath: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(fs.createReadStream(filePath), hash);
  return hash.digest('hex');
}

/** Records the file row; if that fails the stored bytes are removed again, so no key is left without a row. */
async function insertStoredFile(
  executor: Executor,
  storage: FileStorage,
  key: string,
  values: Omit<repository.NewFileRow, 'storageKey'>,
  audit?: (tx: Executor, row: repository.FileRow) => Promise<void>,
): Promise<StoredFile> {
  try {
    const row = await executor.transaction(async (tx) => {
      const inserted = await repository.insertFile(tx, { ...values, storageKey: key });
      await audit?.(tx, inserted);
      return inserted;
    });
    return toStoredFile(row);
  } catch (error) {
    await storage.delete(key);
    throw error;
  }
}

/**
 * Saves bytes the server made itself (e.g. a generated PDF) as a file owned by `ownerId`. The
 * caller audits the action that produced them. Called inside a transaction that later rolls
 * back, the bytes stay in the storage without a row (harmless; a sweep can remove such keys).
 */
export async function storeGeneratedFile(
  db: Executor,
  storage: FileStorage,
  input: { zoneId: string; ownerId: string; originalName: string; mimeType: string; detectedFormat: string; bytes: Buffer },
): Promise<StoredFile> {
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  const stored = await storage.put({ kind: 'bytes', bytes: input.bytes });
  return insertStoredFile(db, storage, stored.key, {
    zoneId: input.zoneId,
    ownerId: input.ownerId,
    originalName: input.originalName,
    sizeBytes: stored.sizeBytes,
    sha256,
    detectedFormat: input.detectedFormat,
    mimeType: input.mimeType,
  });
}

/**
 * The bytes of a stored file of the zone, for the server's own use (e.g. a photo printed into a
 * generated PDF); the caller decides who sees the result. Null when the file or its bytes are gone.
 */
export async function readStoredFile(executor: Executor, storage: FileStorage, zoneId: string, fileId: string): Promise<Buffer | null> {
  const row = (await repository.findFilesByIds(executor, validIds([fileId])))[0];
  if (!row || row.zoneId !== zoneId) return null;
  try {
    return await buffer(await storage.open(row.storageKey));
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return null;
    throw error;
  }
}

export interface FilesServiceOptions {
  /** Cap on one upload, in bytes (default MAX_UPLOAD_BYTES). */
  maxUploadBytes?: number;
  /** Access rules of this app only, asked before the registered ones. */
  accessRules?: FileAccessRule[];
}

/** A finished upload, as the upload endpoint hands it over. */
export interface FinishedUpload {
  /** Where the complete bytes are; the service takes the file over (moves or deletes it). */
  path: string;
  originalName: string;
  /** The tus upload id, for the audit trail. */
  uploadId: string;
}

export function createFilesService(db: Database, clock: Clock, storage: FileStorage, options: FilesServiceOptions = {}) {
  const maxUploadBytes = options.maxUploadBytes ?? MAX_UPLOAD_BYTES;
  const ownRules = options.accessRules ?? [];

  async function mayRead(actor: Actor, file: StoredFile): Promise<boolean> {
    if (file.zoneId !== actor.zoneId) return false;
    if (file.ownerId === actor.userId) return true;
    for (const rule of [...ownRules, ...registeredRules]) {
      if (await rule(actor, file, db)) return true;
    }
    return false;
  }

  async function refuseUpload(
    actor: Actor,
    meta: RequestMeta,
    upload: FinishedUpload,
    error: FileError,
    details: Record<string, unknown>,
  ): Promise<never> {
    await appendAuditEvent(
      db,
      {
        zoneId: actor.zoneId,
        actorId: actor.userId,
        actorName: actor.displayName,
        action: 'file.upload',
        targetType: 'upload',
        targetId: upload.uploadId,
        outcome: 'denied',
        requestId: meta.requestId,
        ip: meta.ip,
        details: { code: error.code, originalName: upload.originalName, ...details },
      },
      clock,
    );
    throw error;
  }

  async function readableRow(actor: Actor, meta: RequestMeta, fileId: string): Promise<repository.FileRow> {
    const row = await repository.findFileById(db, fileId);
    if (!row) throw new NotFoundError('File');
    if (await mayRead(actor, toStoredFile(row))) return row;
    await appendAuditEvent(
      db,
      {
        zoneId: actor.zoneId,
        actorId: actor.userId,
        actorName: actor.displayName,
        action: 'access.denied',
        targetType: 'file',
        targetId: row.id,
        outcome: 'denied',
        requestId: meta.requestId,
        ip: meta.ip,
        details: { code: 'NOT_FOUND', isSameZone: row.zoneId === actor.zoneId },
      },
      clock,
    );
    throw new NotFoundError('File');
  }

  return {
    maxUploadBytes,

    /**
     * Turns a finished upload into a stored file: checks its size, detects its format from the
     * content (refusing executables and anything unknown), hashes it, moves it into the storage,
     * and records it with its owner and zone taken from the session. On a refusal the bytes are
     * left where they are for the caller to delete.
     */
    async acceptUpload(actor: Actor, meta: RequestMeta, upload: FinishedUpload): Promise<StoredFile> {
      const { size } = await fsPromises.stat(upload.path);
      if (size > maxUploadBytes) {
        const error = new FileError('FILE_TOO_LARGE', `Files may be up to ${Math.floor(maxUploadBytes / BYTES_PER_MB)} MB`, [
          { field: 'file', reason: 'too_large' },
        ]);
        return refuseUpload(actor, meta, upload, error, { sizeBytes: size });
      }
      const detection = await detectFileFormat(upload.path);
      if (!detection.isAccepted) {
        const seen = detection.seen ?? 'of an unknown type';
        const error = new FileError('FILE_TYPE_NOT_ALLOWED', `The content is ${seen}; accepted are ${MATERIAL_FORMATS.join(', ')}`, [
          { field: 'file', reason: 'format' },
        ]);
        return refuseUpload(actor, meta, upload, error, { sizeBytes: size, seen: detection.seen });
      }
      const sha256 = await sha256OfFile(upload.path);
      const stored = await storage.put({ kind: 'file', path: upload.path });
      return insertStoredFile(
        db,
        storage,
        stored.key,
        {
          zoneId: actor.zoneId,
          ownerId: actor.userId,
          originalName: upload.originalName,
          sizeBytes: stored.sizeBytes,
          sha256,
          detectedFormat: detection.detected.format,
          mimeType: detection.detected.mimeType,
          createdAt: clock.now(),
        },
        async (tx, row) => {
          await appendAuditEvent(
            tx,
            {
              zoneId: actor.zoneId,
              actorId: actor.userId,
              actorName: actor.displayName,
              action: 'file.upload',
              targetType: 'file',
              targetId: row.id,
              outcome: 'success',
              requestId: meta.requestId,
              ip: meta.ip,
              details: {
                originalName: row.originalName,
                sizeBytes: row.sizeBytes,
                sha256,
                detectedFormat: row.detectedFormat,
                uploadId: upload.uploadId,
              },
            },
            clock,
          );
        },
      );
    },

    /**
     * The file if `actor` may read it. Another zone's file, or one no rule lets the actor see, is
     * "not found" — a refusal would reveal that it exists. Refusals are audited.
     */
    async findReadableFile(actor: Actor, meta: RequestMeta, fileId: string): Promise<StoredFile> {
      return toStoredFile(await readableRow(actor, meta, fileId));
    },

    /** Opens a readable file for download and records the download in the audit trail. */
    async openDownload(actor: Actor, meta: RequestMeta, fileId: string): Promise<{ file: StoredFile; stream: Readable }> {
      const row = await readableRow(actor, meta, fileId);
      const file = toStoredFile(row);
      const stream = await storage.open(row.storageKey);
      try {
        await appendAuditEvent(
          db,
          {
            zoneId: actor.zoneId,
            actorId: actor.userId,
            actorName: actor.displayName,
            action: 'file.download',
            targetType: 'file',
            targetId: file.id,
            outcome: 'success',
            requestId: meta.requestId,
            ip: meta.ip,
            details: { originalName: file.originalName, sizeBytes: file.sizeBytes },
          },
          clock,
        );
      } catch (error) {
        stream.destroy();
        throw error;
      }
      return { file, stream };
    },
  };
}

export type FilesService = ReturnType<typeof createFilesService>;
