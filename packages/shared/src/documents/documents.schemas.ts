import { Type, type Static } from '@sinclair/typebox';
import { uuidSchema } from '../common.js';

/**
 * 文书 kinds a zone issues as a PDF with a verification QR code: 决定书 decision, 证照 certificate,
 * 踏勘记录 inspection record, 补正通知书 correction notice.
 */
export const DOCUMENT_KINDS = ['decision', 'certificate', 'inspection_record', 'correction_notice'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
export const documentKindSchema = Type.Union(DOCUMENT_KINDS.map((kind) => Type.Literal(kind)));

/** Whether an issued document still stands: `revoked` once the zone has withdrawn it (撤销). */
export const DOCUMENT_STATUSES = ['valid', 'revoked'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];
export const documentStatusSchema = Type.Union(DOCUMENT_STATUSES.map((status) => Type.Literal(status)));

/** Longest revocation reason accepted; it is shown to anyone holding the code. */
export const DOCUMENT_REVOKE_REASON_MAX = 500;

/**
 * The code printed in a document's QR URL (`/verify/:code`): 26 base32 letters and digits for 128
 * random bits. Any string is accepted here so that a mistyped code reads as "not found" (404), not as a
 * malformed request; letter case does not matter.
 */
export const verificationCodeParamsSchema = Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }) });
export type VerificationCodeParams = Static<typeof verificationCodeParamsSchema>;

/** The key facts by label, in the order they were issued (`{ '办件编号': 'XYGX-2026-000001', … }`). */
export const documentFactsSchema = Type.Record(Type.String(), Type.String());

/**
 * 电子证照核验 what the public verification page shows for a code: enough to compare with the paper
 * in hand (title, issuing zone, facts, date) and whether the document still stands.
 */
export const publicDocumentSchema = Type.Object({
  title: Type.String(),
  kind: documentKindSchema,
  /** The issuing zone (authority). */
  zone: Type.Object({ nameZh: Type.String(), nameEn: Type.String() }),
  facts: documentFactsSchema,
  issuedAt: Type.String({ format: 'date-time' }),
  status: documentStatusSchema,
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  /** Why it was revoked; null while valid. */
  revokedReason: Type.Union([Type.String(), Type.Null()]),
});
export type PublicDocument = Static<typeof publicDocumentSchema>;

/** An issued document as its case (or other subject) lists it for staff and the applicant. */
export const documentSummarySchema = Type.Object({
  id: uuidSchema,
  kind: documentKindSchema,
  title: Type.String(),
  verificationCode: Type.String(),
  /** The PDF, downloadable through the files API. */
  fileId: uuidSchema,
  issuedAt: Type.String({ format: 'date-time' }),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type DocumentSummary = Static<typeof documentSummarySchema>;

/** 撤销 withdraw an issued document; the reason is published on the verification page. */
export const revokeDocumentBodySchema = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: DOCUMENT_REVOKE_REASON_MAX }) },
  { additionalProperties: false },
);
export type RevokeDocumentBody = Static<typeof revokeDocumentBodySchema>;
