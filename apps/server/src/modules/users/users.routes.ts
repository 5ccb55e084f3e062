import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  createUserBodySchema,
  errorReplySchema,
  idParamsSchema,
  listUsersQuerySchema,
  pageOf,
  resetPasswordBodySchema,
  securityPolicySchema,
  updateUserBodySchema,
  userSchema,
  type User,
} from '@yuanqu/shared';
import { requestMeta, sessionOf } from '../auth/index.js';
import { getSecurityPolicy, updateSecurityPolicy } from '../security/index.js';
import type { Actor, RequestMeta } from '../../lib/request-context.js';
import type { UsersService } from './users.service.js';

const errors = { 400: errorReplySchema, 401: errorReplySchema, 403: errorReplySchema, 404: errorReplySchema, 409: errorReplySchema };

/**
 * User administration. 三权分立: the system admin manages accounts and roles; the security admin
 * unlocks accounts, resets second factors, revokes sessions and sets the policy; both can list.
 */
export function usersRoutes(usersService: UsersService): FastifyPluginAsyncTypebox {
  return async (app) => {
    const systemAdmin = app.authorize({ roles: ['system_admin'] });
    const securityAdmin = app.authorize({ roles: ['security_admin'] });
    const anyAccountAdmin = app.authorize({ roles: ['system_admin', 'security_admin'] });
    const tags = ['users'];

    app.get('/api/users', { preHandler: anyAccountAdmin, schema: { tags, summary: '用户列表 List the zone’s users', querystring: listUsersQuerySchema, response: { 200: pageOf(userSchema), ...errors } } }, async (request) =>
      usersService.listUsers(sessionOf(request).actor, request.query),
    );

    app.get('/api/users/:id', { preHandler: anyAccountAdmin, schema: { tags, summary: 'One user', params: idParamsSchema, response: { 200: userSchema, ...errors } } }, async (request) =>
      usersService.getUser(sessionOf(request).actor, request.params.id),
    );

    app.post('/api/users', { preHandler: systemAdmin, schema: { tags, summary: '新建用户 Create a user', body: createUserBodySchema, response: { 200: userSchema, ...errors } } }, async (request) =>
      usersService.createUser(sessionOf(request).actor, requestMeta(request), request.body),
    );

    app.patch('/api/users/:id', { preHandler: systemAdmin, schema: { tags, summary: 'Change a user’s profile, department or roles', params: idParamsSchema, body: updateUserBodySchema, response: { 200: userSchema, ...errors } } }, async (request) =>
      usersService.updateUser(sessionOf(request).actor, requestMeta(request), request.params.id, request.body),
    );

    type UserAction = (actor: Actor, meta: RequestMeta, userId: string) => Promise<User>;
    const actions: Array<[path: string, summary: string, preHandler: typeof systemAdmin, run: UserAction]> = [
      ['/api/users/:id/disable', '停用 Disable an account (signs it out everywhere)', systemAdmin, (actor, meta, id) => usersService.setDisabled(actor, meta, id, true)],
      ['/api/users/:id/enable', '启用 Enable an account', systemAdmin, (actor, meta, id) => usersService.setDisabled(actor, meta, id, false)],
      ['/api/users/:id/unlock', '解锁 Unlock an account locked by failed sign-ins', securityAdmin, usersService.unlock],
      ['/api/users/:id/reset-second-factor', 'Reset a user’s authenticator (they enrol again)', securityAdmin, usersService.resetSecondFactor],
      ['/api/users/:id/revoke-sessions', 'Sign a user out everywhere', securityAdmin, usersService.revokeSessions],
    ];
    for (const [path, summary, preHandler, run] of actions) {
      app.post(path, { preHandler, schema: { tags, summary, params: idParamsSchema, response: { 200: userSchema, ...errors } } }, async (request) =>
        run(sessionOf(request).actor, requestMeta(request), request.params.id),
      );
    }

    app.post(
      '/api/users/:id/reset-password',
      { preHandler: systemAdmin, schema: { tags, summary: '重置密码 Set a new password for a user', params: idParamsSchema, body: resetPasswordBodySchema, response: { 200: userSchema, ...errors } } },
      async (request) => usersService.resetPassword(sessionOf(request).actor, requestMeta(request), request.params.id, request.body.password),
    );

    app.get('/api/security/policy', { preHandler: securityAdmin, schema: { tags: ['security'], summary: '安全策略 The zone’s security policy', response: { 200: securityPolicySchema, ...errors } } }, async (request) =>
      getSecurityPolicy(app.db, sessionOf(request).actor.zoneId),
    );

    app.put(
      '/api/security/policy',
      { preHandler: securityAdmin, schema: { tags: ['security'], summary: 'Set the zone’s security policy', body: securityPolicySchema, response: { 200: securityPolicySchema, ...errors } } },
      async (request) => updateSecurityPolicy(app.db, app.clock, sessionOf(request).actor, requestMeta(request), request.body),
    );
  };
}
