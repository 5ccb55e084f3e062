import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  auditEventSchema,
  auditVerificationSchema,
  errorReplySchema,
  listAuditEventsQuerySchema,
  pageOf,
  type AuditEvent,
  type AuditOutcome,
  type ListAuditEventsQuery,
} from '@yuanqu/shared';
import { requestMeta, sessionOf } from '../auth/index.js';
import { appendAuditEvent, verifyAuditChain } from './audit.service.js';
import * as repository from './audit.repository.js';

const errors = { 400: errorReplySchema, 401: errorReplySchema, 403: errorReplySchema };

function toAuditEvent(row: repository.AuditRow): AuditEvent {
  return {
    seq: row.seq,
    occurredAt: row.occurredAt.toISOString(),
    actorId: row.actorId,
    actorName: row.actorName,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    outcome: row.outcome as AuditOutcome,
    requestId: row.requestId,
    ip: row.ip,
    details: row.details,
    hash: row.hash,
  };
}

function filterOf(zoneId: string, query: Omit<ListAuditEventsQuery, 'page' | 'pageSize'>): repository.AuditFilter {
  return {
    zoneId,
    from: query.from ? new Date(query.from) : undefined,
    to: query.to ? new Date(query.to) : undefined,
    actor: query.actor,
    action: query.action,
    outcome: query.outcome,
  };
}

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  // A leading = + - @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The audit log is the audit admin's alone (三权分立): browse, verify, export. */
export const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const auditAdmin = app.authorize({ roles: ['audit_admin'] });
  const tags = ['audit'];

  app.get('/api/audit-events', { preHandler: auditAdmin, schema: { tags, summary: '审计日志 Browse the zone’s audit trail', querystring: listAuditEventsQuerySchema, response: { 200: pageOf(auditEventSchema), ...errors } } }, async (request) => {
    const page = request.query.page ?? 1;
    const pageSize = request.query.pageSize ?? 20;
    const { rows, total } = await repository.findAuditPage(app.db, filterOf(sessionOf(request).actor.zoneId, request.query), page, pageSize);
    return { items: rows.map(toAuditEvent), total, page, pageSize };
  });

  app.get('/api/audit-events/verification', { preHandler: auditAdmin, schema: { tags, summary: '校验完整性 Verify the whole hash chain', response: { 200: auditVerificationSchema, ...errors } } }, async () =>
    verifyAuditChain(app.db),
  );

  app.get(
    '/api/audit-events/export.csv',
    {
      preHandler: auditAdmin,
      schema: { tags, summary: '导出 Export the filtered audit trail as CSV', querystring: Type.Omit(listAuditEventsQuerySchema, ['page', 'pageSize']), produces: ['text/csv'], response: { 200: Type.String(), ...errors } },
    },
    async (request, reply) => {
      const actor = sessionOf(request).actor;
      const filter = filterOf(actor.zoneId, request.query);
      const lines = ['seq,occurred_at,actor,action,target_type,target_id,outcome,request_id,ip,details,hash'];
      for (let after = 0; ; ) {
        const rows = await repository.findAuditBatch(app.db, filter, after, 2000);
        if (rows.length === 0) break;
        for (const row of rows) {
          lines.push([row.seq, row.occurredAt.toISOString(), row.actorName, row.action, row.targetType, row.targetId, row.outcome, row.requestId, row.ip, row.details, row.hash].map(csvCell).join(','));
        }
        after = rows[rows.length - 1]!.seq;
      }
      await appendAuditEvent(
        app.db,
        { zoneId: actor.zoneId, actorId: actor.userId, actorName: actor.displayName, action: 'audit.export', targetType: 'audit_events', outcome: 'success', requestId: request.id, ip: requestMeta(request).ip, details: { filter: request.query, rows: lines.length - 1 } },
        app.clock,
      );
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="audit-${app.clock.now().toISOString().slice(0, 10)}.csv"`)
        .send(`\uFEFF${lines.join('\r\n')}\r\n`);
    },
  );
};
