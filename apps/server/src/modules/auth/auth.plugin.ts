import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import fp from 'fastify-plugin';
import type { ErrorCode, Role, SessionStage } from '@yuanqu/shared';
import type { AuthenticatedSession, RequestMeta } from '../../lib/request-context.js';
import { appendAuditEvent } from '../audit/index.js';
import { AuthError } from './auth.errors.js';
import type { AuthService } from './auth.service.js';

export const SESSION_COOKIE = 'yq_session';

export interface AuthorizeOptions {
  /** Any one of these roles; omitted means any signed-in user. */
  roles?: readonly Role[];
  /** Session stages allowed besides `active` (the sign-in steps). */
  stages?: readonly SessionStage[];
}

function safeEqual(left: string, right: string): boolean {
  const a = Buffer.from(left);
  const b = Buffer.from(right);
  return a.length === b.length && timingSafeEqual(a, b);
}

const REFUSALS_AUDITED: ReadonlySet<ErrorCode> = new Set(['FORBIDDEN', 'AUTH_CSRF_INVALID', 'AUTH_REQUIRED', 'AUTH_SESSION_EXPIRED']);

/**
 * Resolves the session cookie on every request, offers `app.authorize()` for routes, enforces the
 * CSRF token on cookie-authenticated writes, and records access denials in the audit trail.
 */
export const authPlugin = fp<{ authService: AuthService; secureCookies: boolean; publicOrigin: string }>(async (app, options) => {
  const { authService } = options;
  app.decorateRequest('session', null);
  app.decorateRequest('sessionProblem', null);
  app.decorate('authService', authService);

  app.addHook('onRequest', async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    const resolved = await authService.resolveSession(token);
    if ('session' in resolved) request.session = resolved.session;
    else request.sessionProblem = 'expired' in resolved ? 'expired' : 'missing';
  });

  app.decorate('authorize', (authorizeOptions: AuthorizeOptions = {}): preHandlerAsyncHookHandler => {
    return async (request) => {
      const session = request.session;
      if (!session) {
        if (request.sessionProblem === 'expired') throw new AuthError('AUTH_SESSION_EXPIRED', 'The session has expired; sign in again');
        throw new AuthError('AUTH_REQUIRED', 'Sign in first');
      }
      if (session.stage !== 'active' && !authorizeOptions.stages?.includes(session.stage)) {
        const code: ErrorCode =
          session.stage === 'password_change'
            ? 'AUTH_PASSWORD_CHANGE_REQUIRED'
            : session.stage === 'second_factor_setup'
              ? 'AUTH_SECOND_FACTOR_SETUP_REQUIRED'
              : 'AUTH_SECOND_FACTOR_REQUIRED';
        throw new AuthError(code, 'Finish signing in first');
      }
      if (!['GET', 'HEAD', 'OPTIONS'].includes(request.method)) {
        const header = request.headers['x-csrf-token'];
        if (typeof header !== 'string' || !safeEqual(header, session.csrfToken)) {
          throw new AuthError('AUTH_CSRF_INVALID', 'The request did not carry this session’s x-csrf-token header');
        }
      }
      if (authorizeOptions.roles && !session.actor.roles.some((role) => authorizeOptions.roles!.includes(role))) {
        throw new AuthError('FORBIDDEN', `This needs one of the roles: ${authorizeOptions.roles.join(', ')}`);
      }
    };
  });

  // Writes from another site are refused before any handler runs (login CSRF included).
  app.addHook('preHandler', async (request) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return;
    const origin = request.headers.origin;
    if (!origin || origin === 'null') return;
    const host = request.headers.host;
    if (origin !== options.publicOrigin && !(host && (origin === `http://${host}` || origin === `https://${host}`))) {
      throw new AuthError('AUTH_CSRF_INVALID', 'Cross-site request refused');
    }
  });

  app.decorate('onRequestRefused', async (request: FastifyRequest, code: ErrorCode, message: string) => {
    if (!REFUSALS_AUDITED.has(code) || !request.url.startsWith('/api/')) return;
    // The app asks whether anyone is signed in on every load; that is not a denial.
    if (request.routeOptions.url === '/api/auth/session' && request.method === 'GET') return;
    const actor = request.session?.actor;
    await appendAuditEvent(
      app.db,
      {
        zoneId: actor?.zoneId ?? null,
        actorId: actor?.userId ?? null,
        actorName: actor?.displayName ?? null,
        action: 'access.denied',
        targetType: 'route',
        targetId: `${request.method} ${request.routeOptions.url ?? request.url.split('?')[0]}`,
        outcome: 'denied',
        requestId: request.id,
        ip: request.ip,
        details: { code, message },
      },
      app.clock,
    );
  });

  app.decorate('setSessionCookie', (reply: FastifyReply, token: string, expiresAt: Date) => {
    void reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: options.secureCookies,
      expires: expiresAt,
    });
  });
  app.decorate('clearSessionCookie', (reply: FastifyReply) => {
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
  });
});

export function requestMeta(request: FastifyRequest): RequestMeta {
  const userAgent = request.headers['user-agent'];
  return { requestId: request.id, ip: request.ip ?? null, userAgent: typeof userAgent === 'string' ? userAgent : null };
}

/** The session of a route that declared `app.authorize()`; throws if a route forgot to. */
export function sessionOf(request: FastifyRequest): AuthenticatedSession {
  if (!request.session) throw new AuthError('AUTH_REQUIRED', 'Sign in first');
  return request.session;
}

declare module 'fastify' {
  interface FastifyRequest {
    session: AuthenticatedSession | null;
    sessionProblem: 'expired' | 'missing' | null;
  }
  interface FastifyInstance {
    authService: AuthService;
    authorize(options?: AuthorizeOptions): preHandlerAsyncHookHandler;
    setSessionCookie(reply: FastifyReply, token: string, expiresAt: Date): void;
    clearSessionCookie(reply: FastifyReply): void;
  }
}
