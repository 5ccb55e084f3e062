import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorReplySchema, outboxMessageSchema, pageOf, pageQuerySchema } from '@yuanqu/shared';
import { sessionOf } from '../auth/index.js';
import type { NotificationsService } from './notifications.service.js';

const errors = { 400: errorReplySchema, 401: errorReplySchema, 403: errorReplySchema };

export function notificationsRoutes(notificationsService: NotificationsService): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['notifications'];
    app.get(
      '/api/notifications/mine',
      { preHandler: app.authorize(), schema: { tags, summary: '我的消息 Messages sent to me (SMS and e-mail)', querystring: pageQuerySchema, response: { 200: pageOf(outboxMessageSchema), ...errors } } },
      async (request) => notificationsService.listMyMessages(sessionOf(request).actor.zoneId, sessionOf(request).actor.userId, request.query.page ?? 1, request.query.pageSize ?? 20),
    );
    app.get(
      '/api/notifications/outbox',
      {
        preHandler: app.authorize({ roles: ['system_admin', 'clerk'] }),
        schema: { tags, summary: '消息发件箱 Every message the zone sent, as sent', querystring: pageQuerySchema, response: { 200: pageOf(outboxMessageSchema), ...errors } },
      },
      async (request) => notificationsService.listZoneMessages(sessionOf(request).actor.zoneId, request.query.page ?? 1, request.query.pageSize ?? 20),
    );
  };
}
