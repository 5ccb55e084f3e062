import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { errorReplySchema, type Role } from '@yuanqu/shared';
import { sessionOf } from '../auth/index.js';
import { createHomeService } from './home.service.js';

export const homeSummarySchema = Type.Object({ counts: Type.Record(Type.String(), Type.Integer()) });

export const homeRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const homeService = createHomeService(app.db, app.clock);
  app.get(
    '/api/home/summary',
    { preHandler: app.authorize(), schema: { tags: ['home'], summary: '首页 Real counts for the caller’s home page, by role', response: { 200: homeSummarySchema, 401: errorReplySchema } } },
    async (request) => ({ counts: await homeService.summarize(sessionOf(request).actor.zoneId, sessionOf(request).actor.roles as Role[], sessionOf(request).actor.departmentId) }),
  );
};
