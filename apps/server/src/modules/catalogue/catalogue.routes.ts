import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  errorReplySchema,
  idParamsSchema,
  listServiceItemsQuerySchema,
  pageOf,
  serviceItemBodySchema,
  serviceItemSchema,
  serviceItemSummarySchema,
  uuidSchema,
  zoneCodeParamsSchema,
} from '@yuanqu/shared';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { requestMeta, sessionOf } from '../auth/index.js';
import type { CatalogueService } from './catalogue.service.js';

const errors = { 400: errorReplySchema, 401: errorReplySchema, 403: errorReplySchema, 404: errorReplySchema, 409: errorReplySchema };

function isStaff(request: FastifyRequest): boolean {
  return request.session?.stage === 'active' && request.session.actor.kind === 'staff';
}

/**
 * The service catalogue (事项目录): public browsing by zone, browsing in one's own zone when signed
 * in, and editing by the system admin.
 */
export function catalogueRoutes(catalogueService: CatalogueService): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['catalogue'];
    const signedIn = app.authorize();
    const systemAdmin = app.authorize({ roles: ['system_admin'] });

    app.get(
      '/api/public/zones/:zoneCode/service-items',
      { schema: { tags, summary: '事项目录 The published catalogue of a zone (public)', params: zoneCodeParamsSchema, querystring: listServiceItemsQuerySchema, response: { 200: pageOf(serviceItemSummarySchema), ...errors } } },
      async (request) => catalogueService.listItems(await catalogueService.zoneIdOfCode(request.params.zoneCode), request.query, false),
    );

    app.get(
      '/api/public/zones/:zoneCode/service-items/:id',
      { schema: { tags, summary: '办事指南 One published item with its materials and form (public)', params: Type.Composite([zoneCodeParamsSchema, Type.Object({ id: uuidSchema })]), response: { 200: serviceItemSchema, ...errors } } },
      async (request) => catalogueService.getItem(await catalogueService.zoneIdOfCode(request.params.zoneCode), request.params.id, false),
    );

    app.get(
      '/api/service-items',
      { preHandler: signedIn, schema: { tags, summary: 'The catalogue of the caller’s zone (staff may include unpublished items)', querystring: listServiceItemsQuerySchema, response: { 200: pageOf(serviceItemSummarySchema), ...errors } } },
      async (request) => catalogueService.listItems(sessionOf(request).actor.zoneId, request.query, isStaff(request)),
    );

    app.get('/api/service-items/:id', { preHandler: signedIn, schema: { tags, summary: 'One item of the caller’s zone', params: idParamsSchema, response: { 200: serviceItemSchema, ...errors } } }, async (request) =>
      catalogueService.getItem(sessionOf(request).actor.zoneId, request.params.id, isStaff(request)),
    );

    app.post('/api/service-items', { preHandler: systemAdmin, schema: { tags, summary: 'Add an item to the catalogue', body: serviceItemBodySchema, response: { 200: serviceItemSchema, ...errors } } }, async (request) =>
      catalogueService.createItem(sessionOf(request).actor, requestMeta(request), request.body),
    );

    app.put(
      '/api/service-items/:id',
      { preHandler: systemAdmin, schema: { tags, summary: 'Replace an item of the catalogue', params: idParamsSchema, body: serviceItemBodySchema, response: { 200: serviceItemSchema, ...errors } } },
      async (request) => catalogueService.updateItem(sessionOf(request).actor, requestMeta(request), request.params.id, request.body),
    );

  };
}
