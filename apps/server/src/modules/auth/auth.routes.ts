import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  changePasswordBodySchema,
  errorReplySchema,
  okReplySchema,
  secondFactorBodySchema,
  secondFactorSetupReplySchema,
  sessionReplySchema,
  signInBodySchema,
} from '@yuanqu/shared';
import { AuthError } from './auth.errors.js';
import { requestMeta, sessionOf } from './auth.plugin.js';

const errors = { 400: errorReplySchema, 401: errorReplySchema, 403: errorReplySchema, 409: errorReplySchema, 423: errorReplySchema, 429: errorReplySchema };

/**
 * Sign-in rate limit per client address; the lockout protects each account on top of it. The
 * refusal is thrown as a coded error: the error handler does not recognise the plain object the
 * plugin-wide builder in app.ts returns, and answered it as a generic RATE_LIMITED.
 */
const signInRateLimit = {
  max: 20,
  timeWindow: '1 minute',
  errorResponseBuilder: (_request: unknown, context: { ttl: number }) =>
    new AuthError('AUTH_RATE_LIMITED', `Too many attempts; try again in ${Math.ceil(context.ttl / 1000)} s`),
};

export const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/auth/sign-in',
    {
      config: { rateLimit: signInRateLimit },
      schema: { tags: ['auth'], summary: '登录 Sign in with user name and password', body: signInBodySchema, response: { 200: sessionReplySchema, ...errors } },
    },
    async (request, reply) => {
      const issued = await app.authService.signIn(request.body.username, request.body.password, requestMeta(request));
      app.setSessionCookie(reply, issued.token, new Date(issued.reply.expiresAt));
      return issued.reply;
    },
  );

  app.post(
    '/api/auth/second-factor',
    {
      config: { rateLimit: signInRateLimit },
      preHandler: app.authorize({ stages: ['second_factor'] }),
      schema: { tags: ['auth'], summary: '动态验证码 Second sign-in step: TOTP code', body: secondFactorBodySchema, response: { 200: sessionReplySchema, ...errors } },
    },
    async (request, reply) => {
      const issued = await app.authService.verifySecondFactor(sessionOf(request), request.body.code, requestMeta(request));
      app.setSessionCookie(reply, issued.token, new Date(issued.reply.expiresAt));
      return issued.reply;
    },
  );

  app.get(
    '/api/auth/second-factor/setup',
    {
      preHandler: app.authorize({ stages: ['second_factor_setup'] }),
      schema: { tags: ['auth'], summary: 'Start enrolling an authenticator app', response: { 200: secondFactorSetupReplySchema, ...errors } },
    },
    async (request) => app.authService.beginSecondFactorSetup(sessionOf(request)),
  );

  app.post(
    '/api/auth/second-factor/setup',
    {
      config: { rateLimit: signInRateLimit },
      preHandler: app.authorize({ stages: ['second_factor_setup'] }),
      schema: { tags: ['auth'], summary: 'Confirm the authenticator app with a code', body: secondFactorBodySchema, response: { 200: sessionReplySchema, ...errors } },
    },
    async (request, reply) => {
      const issued = await app.authService.confirmSecondFactorSetup(sessionOf(request), request.body.code, requestMeta(request));
      app.setSessionCookie(reply, issued.token, new Date(issued.reply.expiresAt));
      return issued.reply;
    },
  );

  app.get(
    '/api/auth/session',
    {
      preHandler: app.authorize({ stages: ['second_factor', 'second_factor_setup', 'password_change'] }),
      schema: { tags: ['auth'], summary: 'The current session, its user and CSRF token', response: { 200: sessionReplySchema, ...errors } },
    },
    async (request) => app.authService.describeSession(sessionOf(request)),
  );

  app.post(
    '/api/auth/password',
    {
      config: { rateLimit: signInRateLimit },
      preHandler: app.authorize({ stages: ['password_change'] }),
      schema: { tags: ['auth'], summary: '修改密码 Change one’s own password', body: changePasswordBodySchema, response: { 200: sessionReplySchema, ...errors } },
    },
    async (request, reply) => {
      const issued = await app.authService.changePassword(sessionOf(request), request.body.currentPassword, request.body.newPassword, requestMeta(request));
      app.setSessionCookie(reply, issued.token, new Date(issued.reply.expiresAt));
      return issued.reply;
    },
  );

  app.post(
    '/api/auth/sign-out',
    {
      preHandler: app.authorize({ stages: ['second_factor', 'second_factor_setup', 'password_change'] }),
      schema: { tags: ['auth'], summary: '退出登录 Sign out', response: { 200: okReplySchema, ...errors } },
    },
    async (request, reply) => {
      await app.authService.signOut(sessionOf(request), requestMeta(request));
      app.clearSessionCookie(reply);
      return { ok: true as const };
    },
  );
};
