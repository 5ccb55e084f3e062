/**
 * Files (SPEC §9): resumable uploads (tus at /api/uploads), the format detected from the content
 * and checked against what the platform accepts, a size cap, bytes kept outside the web root under
 * generated names behind `FileStorage`, and downloads authorised per zone, per owner and per
 * registered rule (the cases module adds "attached to a case of your zone").
 *
 * How a client learns the file id: the tus request that delivers the last byte answers with
 * `Upload-File-Id`. A refused type or size comes back on that same request as a coded JSON error
 * (415 FILE_TYPE_NOT_ALLOWED, 413 FILE_TOO_LARGE); nothing of the file is kept.
 */
export {
  assertFileFitsMaterial,
  createFilesService,
  findFilesByIds,
  findOwnedFiles,
  MAX_UPLOAD_BYTES,
  readStoredFile,
  registerFileAccessRule,
  storeGeneratedFile,
  type FileAccessRule,
  type FilesService,
  type FilesServiceOptions,
  type StoredFile,
} from './files.service.js';
export { createFileStorage, LocalDiskStorage, type ByteRange, type FileStorage, type StorageSource } from './files.storage.js';
export { detectFileFormat, FORMAT_MIME_TYPES, type DetectedFormat } from './files.detection.js';
export { FileError } from './files.errors.js';
export { filesRoutes, UPLOADS_PATH, type FilesRoutesOptions } from './files.routes.js';
export { fileMetaSchema, type FileMeta } from './files.schemas.js';
