import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CATALOGUE_IMPORT_MAX_BYTES,
  errorReplySchema,
  idParamsSchema,
  importServiceItemsBodySchema,
  importServiceItemsReplySchema,
  partnerZoneSchema,
  serviceItemPublicationBodySchema,
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

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
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

    app.patch(
      '/api/service-items/:id/publication',
      {
        preHandler: systemAdmin,
        schema: { tags, summary: '发布 / 停用 Publish or withdraw an item', params: idParamsSchema, body: serviceItemPublicationBodySchema, response: { 200: serviceItemSchema, ...errors } },
      },
      async (request) => catalogueService.setPublished(sessionOf(request).actor, requestMeta(request), request.params.id, request.body.isPublished),
    );

    app.get(
      '/api/service-items/partner-zones',
      { preHandler: systemAdmin, schema: { tags, summary: '跨区通办 The zones that may be named as partners of the caller’s zone', response: { 200: Type.Array(partnerZoneSchema), ...errors } } },
      async (request) => catalogueService.listPartnerZones(sessionOf(request).actor),
    );

    app.get(
      '/api/service-items/import-template',
      {
        preHandler: systemAdmin,
        schema: {
          tags,
          summary: '导入模板 The Excel template for importing items',
          description: 'An .xlsx with the 事项 and 材料 sheets (headers and drop-downs) and a 说明 sheet explaining each column, with the zone’s department codes and the partner zones’ codes.',
          produces: [XLSX_TYPE],
          response: { 200: Type.Unsafe<unknown>({ type: 'string', format: 'binary', description: 'The .xlsx file' }), ...errors },
        },
      },
      async (request, reply) => {
        const file = await catalogueService.buildImportTemplate(sessionOf(request).actor);
        return reply
          .type(XLSX_TYPE)
          .header('content-disposition', `attachment; filename="catalogue-import-template.xlsx"; filename*=UTF-8''${encodeURIComponent('事项目录导入模板.xlsx')}`)
          .send(file);
      },
    );

    app.post(
      '/api/service-items/import',
      {
        preHandler: systemAdmin,
        // base64 makes the workbook a third larger than its cap
        bodyLimit: Math.ceil(CATALOGUE_IMPORT_MAX_BYTES / 3) * 4 + 64 * 1024,
        schema: {
          tags,
          summary: '批量导入 Import items from an Excel workbook (all or nothing)',
          description:
            'Send the .xlsx as base64 in JSON (`contentBase64`, at most 5 MB decoded). Items are upserted by code in one transaction; an item’s application form is kept. ' +
            'Any bad cell refuses the whole file with 400 CATALOGUE_IMPORT_INVALID, `fields` naming each cell as `sheet.<items|materials>.row.<n>.<column>` (at most 300); nothing is written then.',
          body: importServiceItemsBodySchema,
          response: { 200: importServiceItemsReplySchema, ...errors, 413: errorReplySchema },
        },
      },
      async (request) => catalogueService.importItems(sessionOf(request).actor, requestMeta(request), request.body),
    );

    app.put(
      '/api/service-items/:id',
      { preHandler: systemAdmin, schema: { tags, summary: 'Replace an item of the catalogue', params: idParamsSchema, body: serviceItemBodySchema, response: { 200: serviceItemSchema, ...errors } } },
      async (request) => catalogueService.updateItem(sessionOf(request).actor, requestMeta(request), request.params.id, request.body),
    );

  };
}
