import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  addWorkingDaysQuerySchema,
  addWorkingDaysReplySchema,
  calendarYearBodySchema,
  calendarYearParamsSchema,
  calendarYearSchema,
  errorReplySchema,
  STAFF_ROLES,
} from '@yuanqu/shared';
import { requestMeta, sessionOf } from '../auth/index.js';
import type { CalendarService } from './calendar.service.js';

const errors = { 400: errorReplySchema, 401: errorReplySchema, 403: errorReplySchema, 422: errorReplySchema, 429: errorReplySchema };

export function calendarRoutes(calendarService: CalendarService): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['calendar'];

    app.get(
      '/api/calendar/add-working-days',
      {
        config: { rateLimit: { max: 300, timeWindow: '1 minute' } },
        schema: {
          tags,
          summary: '工作日计算 The date N working days after a date (public)',
          description: 'Counts working days on the official calendar; the start day is not counted (行政许可法 第八十二条). A year whose schedule is not loaded gives 422 CALENDAR_YEAR_NOT_LOADED.',
          querystring: addWorkingDaysQuerySchema,
          response: { 200: addWorkingDaysReplySchema, ...errors },
        },
      },
      async (request) => ({ date: await calendarService.addWorkingDays(request.query.from, request.query.days) }),
    );

    app.get('/api/calendar/years', { preHandler: app.authorize({ roles: STAFF_ROLES }), schema: { tags, summary: '法定节假日 The loaded years and their schedules', response: { 200: Type.Array(calendarYearSchema), ...errors } } }, async () =>
      calendarService.listYears(),
    );

    app.put(
      '/api/calendar/years/:year',
      {
        preHandler: app.authorize({ roles: ['system_admin'] }),
        schema: { tags, summary: 'Load or replace a year’s official schedule', params: calendarYearParamsSchema, body: calendarYearBodySchema, response: { 200: calendarYearSchema, ...errors } },
      },
      async (request) => calendarService.loadYear(sessionOf(request).actor, requestMeta(request), request.params.year, request.body),
    );
  };
}
