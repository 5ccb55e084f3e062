import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  createDepartmentBodySchema,
  departmentSchema,
  errorReplySchema,
  idParamsSchema,
  okReplySchema,
  STAFF_ROLES,
  updateDepartmentBodySchema,
  zoneSchema,
} from '@yuanqu/shared';
import { requestMeta, sessionOf } from '../auth/index.js';
import type { ZonesService } from './zones.service.js';

const errors = { 400: errorReplySchema, 401: errorReplySchema, 403: errorReplySchema, 404: errorReplySchema, 409: errorReplySchema };

export function zonesRoutes(zonesService: ZonesService): FastifyPluginAsyncTypebox {
  return async (app) => {
    const signedIn = app.authorize();
    const staff = app.authorize({ roles: STAFF_ROLES });
    const systemAdmin = app.authorize({ roles: ['system_admin'] });
    const tags = ['zones'];

    app.get('/api/zone', { preHandler: signedIn, schema: { tags, summary: '当前园区 The caller’s zone', response: { 200: zoneSchema, ...errors } } }, async (request) =>
      zonesService.getZone(sessionOf(request).actor),
    );

    app.get('/api/departments', { preHandler: staff, schema: { tags, summary: '部门列表 The zone’s departments', response: { 200: Type.Array(departmentSchema), ...errors } } }, async (request) =>
      zonesService.listDepartments(sessionOf(request).actor),
    );

    app.post('/api/departments', { preHandler: systemAdmin, schema: { tags, summary: 'Create a department', body: createDepartmentBodySchema, response: { 200: departmentSchema, ...errors } } }, async (request) =>
      zonesService.createDepartment(sessionOf(request).actor, requestMeta(request), request.body),
    );

    app.patch(
      '/api/departments/:id',
      { preHandler: systemAdmin, schema: { tags, summary: 'Rename a department', params: idParamsSchema, body: updateDepartmentBodySchema, response: { 200: departmentSchema, ...errors } } },
      async (request) => zonesService.updateDepartment(sessionOf(request).actor, requestMeta(request), request.params.id, request.body),
    );

    app.delete('/api/departments/:id', { preHandler: systemAdmin, schema: { tags, summary: 'Remove an empty department', params: idParamsSchema, response: { 200: okReplySchema, ...errors } } }, async (request) => {
      await zonesService.deleteDepartment(sessionOf(request).actor, requestMeta(request), request.params.id);
      return { ok: true as const };
    });
  };
}
