import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  errorReplySchema,
  idParamsSchema,
  okReplySchema,
  publicDocumentSchema,
  revokeDocumentBodySchema,
  verificationCodeParamsSchema,
} from '@yuanqu/shared';
import { AppError } from '../../lib/errors.js';
import { requestMeta, sessionOf } from '../auth/index.js';
import type { DocumentsService } from './documents.service.js';

const errors = {
  400: errorReplySchema,
  401: errorReplySchema,
  403: errorReplySchema,
  404: errorReplySchema,
  409: errorReplySchema,
  429: errorReplySchema,
};

/**
 * Lookups per client address and minute on the public verification route: plenty for people
 * scanning paper, too few to walk a 128-bit code space (which is hopeless anyway) or to scrape.
 */
const VERIFY_RATE_LIMIT = {
  max: 60,
  timeWindow: '1 minute',
  errorResponseBuilder: (_request: unknown, context: { ttl: number }) =>
    new AppError('RATE_LIMITED', `Too many verification requests; try again in ${Math.ceil(context.ttl / 1000)} s`),
};

/** 电子证照核验 public verification by code, and revocation by the zone's staff. */
export function documentsRoutes(documentsService: DocumentsService): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['documents'];

    app.get(
      '/api/public/documents/:code',
      {
        config: { rateLimit: VERIFY_RATE_LIMIT },
        schema: {
          tags,
          summary: '电子证照核验 Verify an issued document by the code in its QR code (public)',
          description:
            'The key facts of the document and whether it is valid or revoked. An unknown code is 404 NOT_FOUND. Limited to 60 lookups a minute per address.',
          params: verificationCodeParamsSchema,
          response: { 200: publicDocumentSchema, ...errors },
        },
      },
      async (request) => documentsService.findPublicDocument(request.params.code),
    );

    app.post(
      '/api/documents/:id/revoke',
      {
        preHandler: app.authorize({ roles: ['system_admin', 'approver'] }),
        schema: {
          tags,
          summary: '撤销 Revoke an issued document of the caller’s zone',
          description: 'The verification page then shows it as revoked, with the reason. Revoking twice is 409 DOCUMENT_REVOKED.',
          params: idParamsSchema,
          body: revokeDocumentBodySchema,
          response: { 200: okReplySchema, ...errors },
        },
      },
      async (request) => {
        await documentsService.revokeDocument(
          app.db,
          sessionOf(request).actor,
          requestMeta(request),
          request.params.id,
          request.body.reason,
        );
        return { ok: true as const };
      },
    );
  };
}
