import { DOCUMENT_KINDS, type DocumentKind, type DocumentSummary, type PublicDocument } from '@yuanqu/shared';
import type { Database, Executor } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import { ForbiddenError, NotFoundError, ValidationError, type FieldProblem } from '../../lib/errors.js';
import type { Actor, RequestMeta } from '../../lib/request-context.js';
import { hasAnyRole } from '../../lib/request-context.js';
import { chinaDateOf } from '../../lib/working-day-calendar.js';
import { appendAuditEvent } from '../audit/index.js';
import { readStoredFile, storeGeneratedFile, type FileStorage } from '../files/index.js';
import { generateVerificationCode, normaliseVerificationCode } from './documents.codes.js';
import { DocumentError } from './documents.errors.js';
import { cjkFonts, type CjkFontSet } from './documents.fonts.js';
import { renderDocumentPdf, type DocumentPicture, type DocumentSection } from './documents.pdf.js';
import * as repository from './documents.repository.js';

export interface IssueDocumentInput {
  zoneId: string;
  subjectType: string;
  subjectId: string;
  kind: 'decision' | 'certificate' | 'inspection_record' | 'correction_notice';
  title: string;
  /** headline facts for the verification page, e.g. { '办件编号': 'XYGX-2026-000001', '申请单位': '…', '事项': '…', '决定': '准予许可', '决定日期': '2026-03-05' } */
  facts: Record<string, string>;
  /** body paragraphs of the document in Chinese */
  paragraphs: string[];
  issuerName: string;
  ownerId: string;
  /** Printed after the body (not on the verification page); pictures are stored files of the zone. */
  sections?: IssueDocumentSection[];
}

/** A section of the printed document whose pictures name stored files (e.g. an inspection's snapshots). */
export interface IssueDocumentSection extends Omit<DocumentSection, 'pictures'> {
  pictures?: Array<{ fileId: string; caption: string }>;
}

/**
 * The fact that carries the document's number (文号). Given by the caller, it is used as the number
 * (a certificate numbered by its own register); otherwise one is assigned and added to the facts, so
 * the verification page shows the number printed on the paper.
 */
export const DOCUMENT_NUMBER_FACT = '文书编号';

/** The character of a document number (文号) that says its kind: 决字, 证字, 勘字, 补字. */
const NUMBER_KIND_CHARACTER: Record<DocumentKind, string> = {
  decision: '决',
  certificate: '证',
  inspection_record: '勘',
  correction_notice: '补',
};

/** Roles that may revoke a document of their zone. */
const REVOKING_ROLES = ['system_admin', 'approver'] as const;

/** China has kept UTC+8 without daylight saving since 1991. */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

function checkIssueInput(input: IssueDocumentInput): void {
  const problems: FieldProblem[] = [];
  if (!DOCUMENT_KINDS.includes(input.kind)) problems.push({ field: 'kind', reason: 'unknown' });
  if (!input.title.trim()) problems.push({ field: 'title', reason: 'required' });
  if (!input.issuerName.trim()) problems.push({ field: 'issuerName', reason: 'required' });
  for (const [label, value] of Object.entries(input.facts)) {
    if (!label.trim() || typeof value !== 'string') problems.push({ field: `facts.${label}`, reason: 'invalid' });
  }
  if (problems.length > 0) throw new ValidationError(problems, 'The document to issue is incomplete');
}

function toSummary(row: repository.DocumentRow): DocumentSummary {
  return {
    id: row.id,
    kind: row.kind as DocumentKind,
    title: row.title,
    verificationCode: row.verificationCode,
    fileId: row.fileId,
    issuedAt: row.issuedAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** A file name for the download: the title and number, without characters a file system refuses. */
function fileNameOf(title: string, documentNumber: string): string {
  return `${title}-${documentNumber}.pdf`.replace(/[\\/:*?"<>|\p{Cc}]/gu, '_');
}

/**
 * 电子证照 issued documents: renders the PDF (CJK font embedded, QR code to the public verification
 * page), stores it as a generated file, records it, and answers the public verification and
 * revocation. `fonts` is for tests; by default the system's CJK fonts are looked up once.
 */
export function createDocumentsService(
  db: Database,
  clock: Clock,
  storage: FileStorage,
  config: { publicUrl: string; fonts?: () => CjkFontSet },
) {
  const fontsOf = config.fonts ?? cjkFonts;
  const publicUrl = config.publicUrl.replace(/\/+$/, '');

  /** 文号 such as `咸阳高新区决字〔2026〕3号`: the zone's Chinese name, the kind, the year in China, a yearly sequence. */
  async function assignDocumentNumber(
    executor: Executor,
    zone: repository.ZoneNames,
    kind: DocumentKind,
    issuedOn: string,
  ): Promise<string> {
    const year = Number(issuedOn.slice(0, 4));
    await repository.lockDocumentNumbering(executor, zone.id, kind);
    const from = new Date(Date.UTC(year, 0, 1) - CHINA_OFFSET_MS);
    const to = new Date(Date.UTC(year + 1, 0, 1) - CHINA_OFFSET_MS);
    const issued = await repository.countDocumentsIssuedBetween(executor, zone.id, kind, from, to);
    return `${zone.nameZh}${NUMBER_KIND_CHARACTER[kind]}字〔${year}〕${issued + 1}号`;
  }

  return {
    /** The public URL a document's QR code opens. */
    verificationUrlOf(verificationCode: string): string {
      return `${publicUrl}/verify/${verificationCode}`;
    },

    /**
     * Issues a document in the caller's transaction (pass it as `executor`): numbers it, renders the
     * PDF, stores the file, records the document and audits `document.issue`. If the transaction
     * rolls back, no document exists (the stored bytes are left for the files module to collect).
     */
    async issueDocument(executor: Executor, input: IssueDocumentInput): Promise<{ id: string; verificationCode: string; fileId: string }> {
      checkIssueInput(input);
      return executor.transaction(async (tx) => {
        const zone = await repository.findZoneNames(tx, input.zoneId);
        if (!zone) throw new NotFoundError('Zone');
        const issuedAt = clock.now();
        const issuedOn = chinaDateOf(issuedAt);
        const documentNumber = input.facts[DOCUMENT_NUMBER_FACT]?.trim() || (await assignDocumentNumber(tx, zone, input.kind, issuedOn));
        const verificationCode = generateVerificationCode();
        const verificationUrl = `${publicUrl}/verify/${verificationCode}`;
        const sections: DocumentSection[] = [];
        for (const section of input.sections ?? []) {
          const pictures: DocumentPicture[] = [];
          for (const picture of section.pictures ?? []) {
            pictures.push({ bytes: await readStoredFile(tx, storage, input.zoneId, picture.fileId), caption: picture.caption });
          }
          sections.push({ ...section, pictures });
        }
        const pdf = await renderDocumentPdf(
          {
            authorityName: zone.nameZh,
            authorityNameEn: zone.nameEn,
            title: input.title.trim(),
            documentNumber,
            // The number is printed under the title; the table holds the rest.
            facts: Object.entries(input.facts).filter(([label]) => label !== DOCUMENT_NUMBER_FACT),
            paragraphs: input.paragraphs,
            issuerName: input.issuerName.trim(),
            issuedOn,
            issuedAt,
            verificationUrl,
            verificationCode,
            sections,
          },
          fontsOf(),
        );
        const file = await storeGeneratedFile(tx, storage, {
          zoneId: input.zoneId,
          ownerId: input.ownerId,
          originalName: fileNameOf(input.title.trim(), documentNumber),
          mimeType: 'application/pdf',
          detectedFormat: 'pdf',
          bytes: pdf,
        });
        const row = await repository.insertDocument(tx, {
          zoneId: input.zoneId,
          subjectType: input.subjectType,
          subjectId: input.subjectId,
          kind: input.kind,
          verificationCode,
          title: input.title.trim(),
          facts: { [DOCUMENT_NUMBER_FACT]: documentNumber, ...input.facts },
          fileId: file.id,
          issuedAt,
        });
        await appendAuditEvent(
          tx,
          {
            zoneId: input.zoneId,
            actorId: input.ownerId,
            action: 'document.issue',
            targetType: 'document',
            targetId: row.id,
            outcome: 'success',
            details: {
              kind: input.kind,
              title: row.title,
              documentNumber,
              subjectType: input.subjectType,
              subjectId: input.subjectId,
              fileId: file.id,
            },
          },
          clock,
        );
        return { id: row.id, verificationCode, fileId: file.id };
      });
    },

    /**
     * 撤销 withdraws a document of the actor's zone (system admin or approver); its verification page
     * then says revoked, with the reason. A document of another zone is not found; revoking twice is
     * DOCUMENT_REVOKED.
     */
    async revokeDocument(executor: Executor, actor: Actor, meta: RequestMeta, documentId: string, reason: string): Promise<void> {
      if (!hasAnyRole(actor, REVOKING_ROLES)) throw new ForbiddenError('Only a system admin or an approver may revoke a document');
      const trimmed = reason.trim();
      if (!trimmed) throw new ValidationError([{ field: 'body.reason', reason: 'blank' }]);
      await executor.transaction(async (tx) => {
        const row = await repository.findDocumentOfZone(tx, actor.zoneId, documentId);
        if (!row) throw new NotFoundError('Document');
        const revokedAt = clock.now();
        if (row.revokedAt || !(await repository.markDocumentRevoked(tx, row.id, revokedAt, trimmed))) {
          throw new DocumentError('DOCUMENT_REVOKED', 'The document is already revoked');
        }
        await appendAuditEvent(
          tx,
          {
            zoneId: actor.zoneId,
            actorId: actor.userId,
            actorName: actor.displayName,
            action: 'document.revoke',
            targetType: 'document',
            targetId: row.id,
            outcome: 'success',
            requestId: meta.requestId,
            ip: meta.ip,
            details: { kind: row.kind, title: row.title, documentNumber: row.facts[DOCUMENT_NUMBER_FACT] ?? null, reason: trimmed },
          },
          clock,
        );
      });
    },

    /** Whether the file is the PDF of a document this zone issued (service staff may read those). */
    async isIssuedFileOfZone(executor: Executor, zoneId: string, fileId: string): Promise<boolean> {
      return repository.isIssuedFileOfZone(executor, zoneId, fileId);
    },

    /** The documents issued for one subject (a case, …), oldest first. */
    async findDocumentsOf(executor: Executor, subjectType: string, subjectId: string): Promise<DocumentSummary[]> {
      const rows = await repository.findDocumentsOfSubject(executor, subjectType, subjectId);
      return rows.map(toSummary);
    },

    /** 电子证照核验 what anyone holding the code may see; an unknown or malformed code is not found. */
    async findPublicDocument(code: string): Promise<PublicDocument> {
      const verificationCode = normaliseVerificationCode(code);
      const found = verificationCode ? await repository.findDocumentByCode(db, verificationCode) : undefined;
      if (!found) throw new NotFoundError('Document');
      const { document, zone } = found;
      return {
        title: document.title,
        kind: document.kind as DocumentKind,
        zone: { nameZh: zone.nameZh, nameEn: zone.nameEn },
        facts: document.facts,
        issuedAt: document.issuedAt.toISOString(),
        status: document.revokedAt ? 'revoked' : 'valid',
        revokedAt: document.revokedAt?.toISOString() ?? null,
        revokedReason: document.revokedAt ? document.revokedReason : null,
      };
    },
  };
}

export type DocumentsService = ReturnType<typeof createDocumentsService>;
