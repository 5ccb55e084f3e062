import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  appealBodySchema,
  appealDecisionBodySchema,
  errorReplySchema,
  idParamsSchema,
  rateCaseBodySchema,
  ratingSchema,
  rectificationTaskSchema,
  returnVisitBodySchema,
  satisfactionQuerySchema,
  satisfactionRowSchema,
} from '@yuanqu/shared';
import { requestMeta, sessionOf } from '../auth/index.js';
import type { RatingsService } from './ratings.service.js';

const errors = { 400: errorReplySchema, 401: errorReplySchema, 403: errorReplySchema, 404: errorReplySchema, 409: errorReplySchema };

export function ratingsRoutes(ratingsService: RatingsService): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['ratings'];
    const serviceStaff = app.authorize({ roles: ['clerk', 'approver', 'leader', 'system_admin'] });

    app.post(
      '/api/cases/:id/ratings',
      { preHandler: app.authorize({ roles: ['applicant'] }), schema: { tags, summary: '好差评 Rate a concluded case', params: idParamsSchema, body: rateCaseBodySchema, response: { 200: ratingSchema, ...errors } } },
      async (request) => ratingsService.rateCase(sessionOf(request).actor, requestMeta(request), request.params.id, request.body),
    );
    app.get(
      '/api/cases/:id/ratings',
      { preHandler: app.authorize({ roles: ['applicant', 'clerk', 'approver', 'leader', 'system_admin'] }), schema: { tags, summary: 'The ratings of a case', params: idParamsSchema, response: { 200: Type.Array(ratingSchema), ...errors } } },
      async (request) => ratingsService.ratingsOfCase(sessionOf(request).actor, request.params.id),
    );
    app.get('/api/rectification-tasks', { preHandler: serviceStaff, schema: { tags, summary: '差评整改 Rectification tasks from bad reviews', response: { 200: Type.Array(rectificationTaskSchema), ...errors } } }, async (request) =>
      ratingsService.listTasks(sessionOf(request).actor),
    );
    app.post(
      '/api/rectification-tasks/:id/return-visit',
      { preHandler: app.authorize({ roles: ['clerk', 'approver'] }), schema: { tags, summary: '回访 Record the return visit', params: idParamsSchema, body: returnVisitBodySchema, response: { 200: rectificationTaskSchema, ...errors } } },
      async (request) => ratingsService.recordReturnVisit(sessionOf(request).actor, requestMeta(request), request.params.id, request.body.note),
    );
    app.post(
      '/api/ratings/:id/appeal',
      { preHandler: app.authorize({ roles: ['clerk', 'approver'] }), schema: { tags, summary: '申诉 Appeal a malicious review', params: idParamsSchema, body: appealBodySchema, response: { 200: ratingSchema, ...errors } } },
      async (request) => ratingsService.appeal(sessionOf(request).actor, requestMeta(request), request.params.id, request.body.reason),
    );
    app.post(
      '/api/ratings/:id/appeal-decision',
      { preHandler: app.authorize({ roles: ['system_admin'] }), schema: { tags, summary: 'Decide an appeal (upheld reviews leave the statistics)', params: idParamsSchema, body: appealDecisionBodySchema, response: { 200: ratingSchema, ...errors } } },
      async (request) => ratingsService.decideAppeal(sessionOf(request).actor, requestMeta(request), request.params.id, request.body.isUpheld, request.body.note),
    );
    app.get(
      '/api/ratings/satisfaction',
      { preHandler: serviceStaff, schema: { tags, summary: '满意度统计 Satisfaction by item, department or staff member', querystring: satisfactionQuerySchema, response: { 200: Type.Array(satisfactionRowSchema), ...errors } } },
      async (request) => ratingsService.satisfaction(sessionOf(request).actor, request.query.by),
    );
  };
}
