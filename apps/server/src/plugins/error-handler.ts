import path from 'node:path';
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ERROR_STATUS, type ErrorBody, type ErrorCode } from '@yuanqu/shared';
import { AppError, ValidationError, type FieldProblem } from '../lib/errors.js';
import { findUnstorableInput } from './input-guard.js';

interface AjvIssue {
  instancePath?: string;
  keyword?: string;
  params?: Record<string, unknown>;
  message?: string;
}

/** Turns Ajv's issues into field paths a form can point at: `body.roles.1`, `query.page`. */
function fieldsOf(error: FastifyError): FieldProblem[] {
  const rawContext = (error as FastifyError & { validationContext?: string }).validationContext ?? 'body';
  const context = rawContext === 'querystring' ? 'query' : rawContext;
  const issues = (error.validation ?? []) as AjvIssue[];
  return issues.map((issue) => {
    let path = (issue.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    if (issue.keyword === 'required' && typeof issue.params?.missingProperty === 'string') {
      path = path ? `${path}.${issue.params.missingProperty}` : issue.params.missingProperty;
    }
    if (issue.keyword === 'additionalProperties' && typeof issue.params?.additionalProperty === 'string') {
      path = path ? `${path}.${issue.params.additionalProperty}` : issue.params.additionalProperty;
    }
    return { field: path ? `${context}.${path}` : context, reason: issue.keyword ?? 'invalid' };
  });
}

function dedupe(fields: FieldProblem[]): FieldProblem[] {
  const seen = new Set<string>();
  return fields.filter((field) => {
    const key = `${field.field}:${field.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * What a missing static file is named like; any other path is a page of the web app, even with a dot
 * in it (the phone's link `/inspect/<id>.<version>.<expiry>.<signature>`).
 */
const STATIC_FILE_EXTENSIONS = new Set(['.js', '.mjs', '.css', '.map', '.png', '.jpg', '.jpeg', '.gif', '.svg', '.ico', '.webp', '.woff', '.woff2', '.ttf', '.json', '.txt', '.xml', '.webmanifest', '.html', '.pdf']);

/**
 * The one error handler: coded errors keep their code and status, validation errors name their
 * fields, everything else is a 500 that reveals nothing but the request id.
 */
export const errorHandlerPlugin = fp(async (app: FastifyInstance, options: { webIndexHtml?: Buffer | undefined }) => {
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    let code: ErrorCode;
    let message: string;
    let fields: FieldProblem[] | undefined;
    if (error instanceof AppError) {
      code = error.code;
      message = error.message;
      fields = error.fields;
    } else if (error.validation) {
      code = 'VALIDATION_FAILED';
      message = 'The request is invalid';
      fields = dedupe(fieldsOf(error));
    } else if (error.statusCode === 429) {
      code = 'RATE_LIMITED';
      message = 'Too many requests; try again later';
    } else if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (error.statusCode === 400 && error.code?.startsWith('FST_'))) {
      code = 'VALIDATION_FAILED';
      message = error.message;
      fields = [{ field: 'body', reason: 'malformed' }];
    } else if (error.statusCode === 413) {
      code = 'VALIDATION_FAILED';
      message = 'The request body is too large';
      fields = [{ field: 'body', reason: 'too_large' }];
    } else if (error.statusCode === 415) {
      code = 'VALIDATION_FAILED';
      message = 'Unsupported content type';
      fields = [{ field: 'body', reason: 'content_type' }];
    } else {
      code = 'INTERNAL';
      message = 'Something went wrong on our side';
    }
    const status = ERROR_STATUS[code];
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
    } else {
      request.log.info({ code, fields }, 'request refused');
    }
    await app.onRequestRefused?.(request, code, message);
    const body: ErrorBody = { error: { code, message, requestId: request.id } };
    if (fields && fields.length > 0) body.error.fields = fields;
    return reply.status(status).send(body);
  });

  // What passed its route's schema but no database could store is refused here, once for all routes.
  app.addHook('preHandler', async (request) => {
    const problems = findUnstorableInput(request);
    if (problems.length > 0) throw new ValidationError(problems);
  });

  // Unknown API paths get a coded 404; other page paths get the web app, whose router takes over.
  app.setNotFoundHandler(async (request, reply) => {
    const pathname = request.url.split('?')[0] ?? '/';
    const isPagePath = request.method === 'GET' && !pathname.startsWith('/api/') && !STATIC_FILE_EXTENSIONS.has(path.extname(pathname).toLowerCase());
    if (options.webIndexHtml && isPagePath) {
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(options.webIndexHtml);
    }
    const body: ErrorBody = { error: { code: 'NOT_FOUND', message: `No route ${request.method} ${pathname}`, requestId: request.id } };
    return reply.status(404).send(body);
  });
});

declare module 'fastify' {
  interface FastifyInstance {
    /** Set by the auth plugin: records access denials in the audit trail. */
    onRequestRefused?: (request: FastifyRequest, code: ErrorCode, message: string) => Promise<void>;
  }
}
