import { Type, type Static } from '@sinclair/typebox';
import { uuidSchema } from '@yuanqu/shared';

// These belong in packages/shared/src/files once the web app uses them (the files engineer owns
// only this folder for now).

/** What a client may know of a stored file: never its storage key. */
export const fileMetaSchema = Type.Object({
  id: uuidSchema,
  /** The name the uploader's device gave it, shown and used to name downloads. */
  originalName: Type.String(),
  sizeBytes: Type.Integer({ minimum: 0 }),
  /** Hex SHA-256 of the content, computed by the server. */
  sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  /** Detected from the content: pdf, jpg, png, ofd, dwg, docx, xlsx or zip. */
  detectedFormat: Type.String(),
  mimeType: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type FileMeta = Static<typeof fileMetaSchema>;

/** A tus upload id: 32 hex digits the server generated. */
export const uploadIdParamsSchema = Type.Object({ uploadId: Type.String({ pattern: '^[0-9a-f]{32}$' }) });

/** The tus request headers, for the API documentation; the tus server checks them itself. */
export const tusHeadersSchema = Type.Object({
  'tus-resumable': Type.Optional(Type.String({ description: 'Protocol version: 1.0.0' })),
  'upload-length': Type.Optional(Type.String({ description: 'POST: total size in bytes' })),
  'upload-metadata': Type.Optional(Type.String({ description: 'POST: `filename <base64>`; every other key is ignored' })),
  'upload-offset': Type.Optional(Type.String({ description: 'PATCH: the offset the bytes start at (from HEAD)' })),
});
