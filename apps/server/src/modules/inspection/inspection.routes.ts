import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  bookInspectionBodySchema,
  concludeInspectionBodySchema,
  confirmInspectionBodySchema,
  errorReplySchema,
  idParamsSchema,
  inspectionReasonBodySchema,
  inspectionSchema,
  invitationTokenParamsSchema,
  listInspectionsQuerySchema,
  locationFixBodySchema,
  locationVerdictSchema,
  phoneInspectionSchema,
  rescheduleInspectionBodySchema,
  slotProposalSchema,
  freeSlotsQuerySchema,
} from '@yuanqu/shared';
import { requestMeta, sessionOf } from '../auth/index.js';
import { InspectionError, type InspectionService } from './inspection.service.js';

const errors = { 400: errorReplySchema, 401: errorReplySchema, 403: errorReplySchema, 404: errorReplySchema, 409: errorReplySchema, 422: errorReplySchema };
const phoneErrors = { 400: errorReplySchema, 403: errorReplySchema, 410: errorReplySchema, 429: errorReplySchema };

export function inspectionRoutes(inspectionService: InspectionService): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['inspections'];
    const bookers = app.authorize({ roles: ['clerk', 'inspector'] });
    const readers = app.authorize({ roles: ['clerk', 'inspector', 'approver', 'leader'] });

    app.get(
      '/api/cases/:id/inspection-proposal',
      { preHandler: bookers, schema: { tags, summary: '踏勘预约 The earliest slot with two free inspectors inside the deadline', params: idParamsSchema, response: { 200: slotProposalSchema, ...errors } } },
      async (request) => inspectionService.proposeSlot(sessionOf(request).actor, request.params.id),
    );
    app.get(
      '/api/cases/:id/inspection-slots',
      {
        preHandler: bookers,
        schema: { tags, summary: 'The earliest free slots (two free inspectors each) inside the deadline, to book or move the inspection', params: idParamsSchema, querystring: freeSlotsQuerySchema, response: { 200: Type.Array(slotProposalSchema), ...errors } },
      },
      async (request) => inspectionService.freeSlots(sessionOf(request).actor, request.params.id, request.query.limit ?? 8),
    );
    app.post(
      '/api/inspections',
      { preHandler: bookers, schema: { tags, summary: 'Book a remote inspection and send the applicant the link', body: bookInspectionBodySchema, response: { 200: inspectionSchema, ...errors } } },
      async (request) => inspectionService.book(sessionOf(request).actor, requestMeta(request), request.body),
    );
    app.get(
      '/api/inspections',
      { preHandler: readers, schema: { tags, summary: 'The inspection room’s calendar', querystring: listInspectionsQuerySchema, response: { 200: Type.Array(inspectionSchema), ...errors } } },
      async (request) => inspectionService.list(sessionOf(request).actor, request.query),
    );
    app.get(
      '/api/inspections/:id',
      { preHandler: readers, schema: { tags, summary: 'One inspection with its location verdict', params: idParamsSchema, response: { 200: inspectionSchema, ...errors } } },
      async (request) => inspectionService.get(sessionOf(request).actor, request.params.id),
    );
    app.get(
      '/api/inspections/:id/invitation',
      { preHandler: bookers, schema: { tags, summary: 'The applicant’s link (to show as a QR code or resend)', params: idParamsSchema, response: { 200: Type.Object({ url: Type.String() }), ...errors } } },
      async (request) => ({ url: await inspectionService.invitationLink(sessionOf(request).actor, request.params.id) }),
    );
    app.post(
      '/api/inspections/:id/reschedule',
      { preHandler: bookers, schema: { tags, summary: 'Move the inspection; earlier links stop working', params: idParamsSchema, body: rescheduleInspectionBodySchema, response: { 200: inspectionSchema, ...errors } } },
      async (request) => inspectionService.reschedule(sessionOf(request).actor, requestMeta(request), request.params.id, request.body),
    );
    app.post(
      '/api/inspections/:id/cancel',
      { preHandler: bookers, schema: { tags, summary: 'Cancel the inspection, with the reason', params: idParamsSchema, body: inspectionReasonBodySchema, response: { 200: inspectionSchema, ...errors } } },
      async (request) => inspectionService.close(sessionOf(request).actor, requestMeta(request), request.params.id, request.body, 'cancelled'),
    );
    app.post(
      '/api/inspections/:id/convert-onsite',
      { preHandler: bookers, schema: { tags, summary: '转现场踏勘 Staff will visit the site instead, with the reason', params: idParamsSchema, body: inspectionReasonBodySchema, response: { 200: inspectionSchema, ...errors } } },
      async (request) => inspectionService.close(sessionOf(request).actor, requestMeta(request), request.params.id, request.body, 'converted_onsite'),
    );
    app.post(
      '/api/inspections/:id/conclude',
      { preHandler: app.authorize({ roles: ['inspector'] }), schema: { tags, summary: '踏勘结论 Record the result and sign it (password)', params: idParamsSchema, body: concludeInspectionBodySchema, response: { 200: inspectionSchema, ...errors } } },
      async (request) => inspectionService.conclude(sessionOf(request).actor, requestMeta(request), request.params.id, request.body),
    );
    app.post(
      '/api/inspections/:id/confirm',
      { preHandler: app.authorize({ roles: ['inspector'] }), schema: { tags, summary: 'The second inspector signs the result (password); the record PDF follows', params: idParamsSchema, body: confirmInspectionBodySchema, response: { 200: inspectionSchema, ...errors } } },
      async (request) => inspectionService.confirm(sessionOf(request).actor, requestMeta(request), request.params.id, request.body),
    );

    // The applicant's phone: no account; the signed link is the permission. Rate limited per address.
    const phoneLimit = {
      rateLimit: { max: 120, timeWindow: '1 minute', errorResponseBuilder: (_request: unknown, context: { ttl: number }) => new InspectionError('RATE_LIMITED', `Too many requests; try again in ${Math.ceil(context.ttl / 1000)} s`) },
    };
    app.get(
      '/api/public/inspections/:token',
      { config: phoneLimit, schema: { tags, summary: 'What the invitation link shows on the phone', params: invitationTokenParamsSchema, response: { 200: phoneInspectionSchema, ...phoneErrors } } },
      async (request) => inspectionService.forPhone(request.params.token),
    );
    app.post(
      '/api/public/inspections/:token/locations',
      {
        config: phoneLimit,
        schema: {
          tags,
          summary: 'A location fix from the phone',
          params: invitationTokenParamsSchema,
          body: locationFixBodySchema,
          response: { 200: Type.Object({ verdict: locationVerdictSchema, distanceMeters: Type.Union([Type.Number(), Type.Null()]) }), ...phoneErrors },
        },
      },
      async (request) => inspectionService.reportLocation(request.params.token, request.body),
    );
  };
}
