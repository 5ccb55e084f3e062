import {
  CATALOGUE_IMPORT_MAX_BYTES,
  type ImportServiceItemsBody,
  type ImportServiceItemsReply,
  type ListServiceItemsQuery,
  type PartnerZone,
  type ServiceItem,
  type ServiceItemBody,
  type ServiceItemSummary,
} from '@yuanqu/shared';
import { readTogether, type Database, type Executor } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import { NotFoundError, ValidationError, AppError, type FieldProblem } from '../../lib/errors.js';
import type { Actor, RequestMeta } from '../../lib/request-context.js';
import { appendAuditEvent } from '../audit/index.js';
import { CatalogueError } from './catalogue.errors.js';
import { buildImportTemplate, CatalogueImportProblems, itemCodesOf, readCatalogueWorkbook, toImportEntries } from './catalogue.import.js';
import * as repository from './catalogue.repository.js';

/** The bytes of strict base64 (whitespace allowed), or null. */
function decodeBase64(text: string): Buffer | null {
  const compact = text.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return null;
  return Buffer.from(compact, 'base64');
}

type JoinedRow = { item: repository.ServiceItemRow; department: repository.DepartmentNames };

export function toServiceItem({ item, department }: JoinedRow): ServiceItem {
  return {
    id: item.id,
    code: item.code,
    nameZh: item.nameZh,
    nameEn: item.nameEn,
    departmentId: item.departmentId,
    department,
    kind: item.kind as ServiceItem['kind'],
    legalBasis: item.legalBasis,
    statutoryLimitDays: item.statutoryLimitDays,
    committedLimitDays: item.committedLimitDays,
    feeYuan: Number(item.feeYuan),
    feeNote: item.feeNote,
    materials: item.materials,
    form: item.form,
    needsInspection: item.needsInspection,
    inspectionChecklist: item.inspectionChecklist,
    shotList: item.shotList,
    partnerZoneIds: item.partnerZoneIds,
    isPublished: item.isPublished,
    updatedAt: item.updatedAt.toISOString(),
  };
}

function toSummary({ item, department }: JoinedRow): ServiceItemSummary {
  return {
    id: item.id,
    code: item.code,
    nameZh: item.nameZh,
    nameEn: item.nameEn,
    kind: item.kind as ServiceItem['kind'],
    department,
    committedLimitDays: item.committedLimitDays,
    statutoryLimitDays: item.statutoryLimitDays,
    feeYuan: Number(item.feeYuan),
    needsInspection: item.needsInspection,
    materialCount: item.materials.length,
    isPublished: item.isPublished,
  };
}

/** Rules a schema cannot say: keys unique, committed limit within the statutory one, a checklist when inspected. */
export function findServiceItemProblems(body: ServiceItemBody): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (body.committedLimitDays > body.statutoryLimitDays) problems.push({ field: 'body.committedLimitDays', reason: 'exceeds_statutory_limit' });
  for (const [list, entries] of [['materials', body.materials], ['form', body.form], ['inspectionChecklist', body.inspectionChecklist]] as const) {
    const seen = new Set<string>();
    entries.forEach((entry, index) => {
      if (seen.has(entry.key)) problems.push({ field: `body.${list}.${index}.key`, reason: 'duplicate' });
      seen.add(entry.key);
    });
  }
  body.form.forEach((field, index) => {
    if (field.type === 'select' && !field.options) problems.push({ field: `body.form.${index}.options`, reason: 'required' });
    // A range no answer fits would stop every applicant at a required field.
    if (field.min !== undefined && field.max !== undefined && field.min > field.max) problems.push({ field: `body.form.${index}.max`, reason: 'less_than_min' });
  });
  if (body.needsInspection && body.inspectionChecklist.length === 0) problems.push({ field: 'body.inspectionChecklist', reason: 'required' });
  return problems;
}

export function checkServiceItemBody(body: ServiceItemBody): void {
  const problems = findServiceItemProblems(body);
  if (problems.length > 0) throw new ValidationError(problems, 'The service item is inconsistent');
}

export function createCatalogueService(db: Database, clock: Clock) {
  async function requireItem(executor: Executor, zoneId: string, itemId: string): Promise<JoinedRow> {
    const row = await repository.findServiceItem(executor, zoneId, itemId);
    if (!row) throw new NotFoundError('Service item');
    return row;
  }

  async function checkReferences(executor: Executor, actor: Actor, body: ServiceItemBody, exceptId?: string): Promise<void> {
    if (await repository.isCodeTaken(executor, actor.zoneId, body.code, exceptId)) {
      throw new AppError('CONFLICT', 'An item with this code exists', [{ field: 'body.code', reason: 'taken' }]);
    }
    if (!(await repository.isDepartmentInZone(executor, actor.zoneId, body.departmentId))) {
      throw new ValidationError([{ field: 'body.departmentId', reason: 'not_found' }]);
    }
    const partners = body.partnerZoneIds.filter((id) => id !== actor.zoneId);
    const known = await repository.findZoneIds(executor, partners);
    const unknown = partners.findIndex((id) => !known.includes(id));
    if (unknown >= 0 || partners.length !== body.partnerZoneIds.length) {
      throw new ValidationError([{ field: `body.partnerZoneIds.${unknown >= 0 ? unknown : 0}`, reason: 'not_found' }]);
    }
  }

  async function audit(executor: Executor, actor: Actor, meta: RequestMeta, action: string, itemId: string, details: Record<string, unknown>): Promise<void> {
    await appendAuditEvent(
      executor,
      { zoneId: actor.zoneId, actorId: actor.userId, actorName: actor.displayName, action, targetType: 'service_item', targetId: itemId, outcome: 'success', requestId: meta.requestId, ip: meta.ip, details },
      clock,
    );
  }

  return {
    async listItems(zoneId: string, query: ListServiceItemsQuery, canSeeUnpublished: boolean) {
      const page = query.page ?? 1;
      const pageSize = query.pageSize ?? 20;
      const filter = { zoneId, q: query.q, departmentId: query.departmentId, kind: query.kind, needsInspection: query.needsInspection, includeUnpublished: canSeeUnpublished && query.includeUnpublished === true };
      const { rows, total } = await repository.findServiceItemsPage(db, filter, page, pageSize);
      return { items: rows.map(toSummary), total, page, pageSize };
    },

    /** An item as an applicant or the public sees it: unpublished items do not exist for them. */
    /** One item; `executor` lets a caller read it inside its own transaction. */
    async getItem(zoneId: string, itemId: string, canSeeUnpublished: boolean, executor: Executor = db): Promise<ServiceItem> {
      const row = await requireItem(executor, zoneId, itemId);
      if (!row.item.isPublished && !canSeeUnpublished) throw new NotFoundError('Service item');
      return toServiceItem(row);
    },

    async zoneIdOfCode(zoneCode: string): Promise<string> {
      const zone = await repository.findZoneByCode(db, zoneCode);
      if (!zone) throw new NotFoundError('Zone');
      return zone.id;
    },

    async createItem(actor: Actor, meta: RequestMeta, body: ServiceItemBody): Promise<ServiceItem> {
      checkServiceItemBody(body);
      return db.transaction(async (tx) => {
        await checkReferences(tx, actor, body);
        const now = clock.now();
        const row = await repository.insertServiceItem(tx, { ...body, feeNote: body.feeNote ?? null, zoneId: actor.zoneId, createdAt: now, updatedAt: now });
        await audit(tx, actor, meta, 'service_item.create', row.id, { code: body.code, nameZh: body.nameZh });
        return toServiceItem(await requireItem(tx, actor.zoneId, row.id));
      });
    },

    /** 发布 / 停用: whether applicants see the item. */
    async setPublished(actor: Actor, meta: RequestMeta, itemId: string, isPublished: boolean): Promise<ServiceItem> {
      return db.transaction(async (tx) => {
        const before = await requireItem(tx, actor.zoneId, itemId);
        if (before.item.isPublished !== isPublished) {
          await repository.updateServiceItem(tx, itemId, { isPublished, updatedAt: clock.now() });
          await audit(tx, actor, meta, isPublished ? 'service_item.publish' : 'service_item.unpublish', itemId, { code: before.item.code });
        }
        return toServiceItem(await requireItem(tx, actor.zoneId, itemId));
      });
    },

    /** The other zones, which may be named as partners that accept the zone's items (跨区通办). */
    async listPartnerZones(actor: Actor): Promise<PartnerZone[]> {
      return (await repository.findAllZones(db)).filter((zone) => zone.id !== actor.zoneId);
    },

    /** The Excel template: the zone's departments by name in a drop-down (codes beside them in the instructions), and the partner zones' codes. */
    async buildImportTemplate(actor: Actor): Promise<Buffer> {
      const [departments, zones] = await readTogether(db, [() => repository.findDepartmentsOfZone(db, actor.zoneId), () => repository.findAllZones(db)]);
      const ownZone = zones.find((zone) => zone.id === actor.zoneId);
      return buildImportTemplate({ zoneNameZh: ownZone?.nameZh ?? '', departments, partnerZones: zones.filter((zone) => zone !== ownZone) });
    },

    /**
     * 批量导入: upserts every item of the workbook by its code, in one transaction, or refuses the
     * whole file with each bad cell named (nothing is written then).
     */
    async importItems(actor: Actor, meta: RequestMeta, body: ImportServiceItemsBody): Promise<ImportServiceItemsReply> {
      const problems = new CatalogueImportProblems();
      const file = decodeBase64(body.contentBase64);
      if (!file) throw new CatalogueError('CATALOGUE_IMPORT_INVALID', 'The file is not base64', [{ field: 'body.contentBase64', reason: 'not_base64' }]);
      if (file.length > CATALOGUE_IMPORT_MAX_BYTES) {
        throw new CatalogueError('FILE_TOO_LARGE', `The workbook may be up to ${CATALOGUE_IMPORT_MAX_BYTES / 1024 / 1024} MB`, [{ field: 'body.contentBase64', reason: 'too_large' }]);
      }
      const workbook = await readCatalogueWorkbook(file, problems);
      if (!problems.isEmpty) throw new CatalogueError('CATALOGUE_IMPORT_INVALID', 'The workbook cannot be imported', problems.report());
      return db.transaction(async (tx) => {
        const [departments, zones, existingRows] = await readTogether(tx, [
          () => repository.findDepartmentsOfZone(tx, actor.zoneId),
          () => repository.findAllZones(tx),
          () => repository.findServiceItemsByCodes(tx, actor.zoneId, itemCodesOf(workbook)),
        ]);
        const existing = new Map(existingRows.map((row) => [row.code, row]));
        const entries = toImportEntries(workbook, { zoneId: actor.zoneId, departments, zones, existing }, problems, findServiceItemProblems);
        if (!problems.isEmpty) {
          throw new CatalogueError('CATALOGUE_IMPORT_INVALID', `The workbook has ${problems.list.length} bad cells`, problems.report());
        }
        const now = clock.now();
        const reply: ImportServiceItemsReply = { created: 0, updated: 0, items: [] };
        for (const { body: item, existingId } of entries) {
          const fields = { ...item, feeNote: item.feeNote ?? null, updatedAt: now };
          let id: string;
          if (existingId) {
            await repository.updateServiceItem(tx, existingId, fields);
            id = existingId;
            reply.updated += 1;
          } else {
            id = (await repository.insertServiceItem(tx, { ...fields, zoneId: actor.zoneId, createdAt: now })).id;
            reply.created += 1;
          }
          await audit(tx, actor, meta, existingId ? 'service_item.update' : 'service_item.create', id, { code: item.code, nameZh: item.nameZh, via: 'import', fileName: body.fileName });
          reply.items.push({ id, code: item.code, nameZh: item.nameZh, nameEn: item.nameEn, outcome: existingId ? 'updated' : 'created' });
        }
        await appendAuditEvent(
          tx,
          { zoneId: actor.zoneId, actorId: actor.userId, actorName: actor.displayName, action: 'service_item.import', targetType: 'service_catalogue', targetId: null, outcome: 'success', requestId: meta.requestId, ip: meta.ip, details: { fileName: body.fileName, bytes: file.length, created: reply.created, updated: reply.updated } },
          clock,
        );
        return reply;
      });
    },

    async updateItem(actor: Actor, meta: RequestMeta, itemId: string, body: ServiceItemBody): Promise<ServiceItem> {
      checkServiceItemBody(body);
      return db.transaction(async (tx) => {
        const before = await requireItem(tx, actor.zoneId, itemId);
        await checkReferences(tx, actor, body, itemId);
        await repository.updateServiceItem(tx, itemId, { ...body, feeNote: body.feeNote ?? null, updatedAt: clock.now() });
        const changed = (Object.keys(body) as Array<keyof ServiceItemBody>).filter((field) => JSON.stringify(body[field]) !== JSON.stringify(toServiceItem(before)[field]));
        await audit(tx, actor, meta, 'service_item.update', itemId, { code: body.code, changed });
        return toServiceItem(await requireItem(tx, actor.zoneId, itemId));
      });
    },
  };
}

export type CatalogueService = ReturnType<typeof createCatalogueService>;
