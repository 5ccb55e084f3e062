import type { CreateDepartmentBody, Department, UpdateDepartmentBody, Zone } from '@yuanqu/shared';
import type { Database, Executor } from '../../db/client.js';
import type { Clock } from '../../lib/clock.js';
import { AppError, NotFoundError } from '../../lib/errors.js';
import type { Actor, RequestMeta } from '../../lib/request-context.js';
import { appendAuditEvent } from '../audit/index.js';
import * as repository from './zones.repository.js';

export function createZonesService(db: Database, clock: Clock) {
  async function audit(executor: Executor, actor: Actor, meta: RequestMeta, action: string, targetId: string, details: Record<string, unknown>): Promise<void> {
    await appendAuditEvent(
      executor,
      { zoneId: actor.zoneId, actorId: actor.userId, actorName: actor.displayName, action, targetType: 'department', targetId, outcome: 'success', requestId: meta.requestId, ip: meta.ip, details },
      clock,
    );
  }

  async function presentDepartment(executor: Executor, row: repository.DepartmentRow): Promise<Department> {
    return { id: row.id, code: row.code, nameZh: row.nameZh, nameEn: row.nameEn, userCount: await repository.countDepartmentMembers(executor, row.id) };
  }

  async function requireDepartment(executor: Executor, actor: Actor, departmentId: string): Promise<repository.DepartmentRow> {
    const row = await repository.findDepartmentInZone(executor, actor.zoneId, departmentId);
    if (!row) throw new NotFoundError('Department');
    return row;
  }

  return {
    async getZone(actor: Actor): Promise<Zone> {
      const zone = await repository.findZoneById(db, actor.zoneId);
      if (!zone) throw new NotFoundError('Zone');
      return { id: zone.id, code: zone.code, nameZh: zone.nameZh, nameEn: zone.nameEn };
    },

    async listDepartments(actor: Actor): Promise<Department[]> {
      return repository.findDepartmentsWithCounts(db, actor.zoneId);
    },

    async createDepartment(actor: Actor, meta: RequestMeta, body: CreateDepartmentBody): Promise<Department> {
      return db.transaction(async (tx) => {
        if (await repository.isDepartmentCodeTaken(tx, actor.zoneId, body.code)) {
          throw new AppError('DEPARTMENT_CODE_TAKEN', 'A department with this code exists', [{ field: 'body.code', reason: 'taken' }]);
        }
        const now = clock.now();
        const row = await repository.insertDepartment(tx, { zoneId: actor.zoneId, ...body, createdAt: now, updatedAt: now });
        await audit(tx, actor, meta, 'department.create', row.id, { ...body });
        return presentDepartment(tx, row);
      });
    },

    async updateDepartment(actor: Actor, meta: RequestMeta, departmentId: string, body: UpdateDepartmentBody): Promise<Department> {
      return db.transaction(async (tx) => {
        const before = await requireDepartment(tx, actor, departmentId);
        const row = await repository.updateDepartment(tx, departmentId, { ...body, updatedAt: clock.now() });
        await audit(tx, actor, meta, 'department.update', departmentId, { before: { nameZh: before.nameZh, nameEn: before.nameEn }, after: body });
        return presentDepartment(tx, row);
      });
    },

    /** A department that still has members cannot be removed; move them first. */
    async deleteDepartment(actor: Actor, meta: RequestMeta, departmentId: string): Promise<void> {
      await db.transaction(async (tx) => {
        const row = await requireDepartment(tx, actor, departmentId);
        const members = await repository.countDepartmentMembers(tx, departmentId);
        if (members > 0) throw new AppError('DEPARTMENT_IN_USE', `The department still has ${members} members`);
        await repository.deleteDepartment(tx, departmentId);
        await audit(tx, actor, meta, 'department.delete', departmentId, { code: row.code, nameZh: row.nameZh });
      });
    },
  };
}

export type ZonesService = ReturnType<typeof createZonesService>;
