import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  caseActionBodySchemas,
  caseDetailSchema,
  caseQueueSchema,
  deleteDraftQuerySchema,
  errorReplySchema,
  idParamsSchema,
  listCasesQuerySchema,
  myCaseSummarySchema,
  okReplySchema,
  pageOf,
  pageQuerySchema,
  resubmitBodySchema,
  saveDraftBodySchema,
  updateDraftBodySchema,
  type CaseAction,
  type CaseDetail,
} from '@yuanqu/shared';
import type { Actor, RequestMeta } from '../../lib/request-context.js';
import { requestMeta, sessionOf } from '../auth/index.js';
import type { CasesService } from './cases.service.js';

const errors = { 400: errorReplySchema, 401: errorReplySchema, 403: errorReplySchema, 404: errorReplySchema, 409: errorReplySchema, 413: errorReplySchema, 415: errorReplySchema, 422: errorReplySchema };

/** Staff actions on a case: URL segment, summary, and the service call. */
const STAFF_ACTIONS: Array<[path: string, action: Exclude<CaseAction, 'withdraw'>, summary: string]> = [
  ['accept', 'accept', '受理 Accept: the working-day clock starts'],
  ['refuse', 'refuse', '不予受理 Refuse, with reasons'],
  ['request-correction', 'requestCorrection', '一次性告知 Ask for corrections, listing every deficiency at once'],
  ['complete-inspection', 'completeInspection', '踏勘 Record the site inspection’s result'],
  ['suspend', 'suspend', '特殊环节 Stop the clock for a step the law does not count'],
  ['resume', 'resume', 'Restart the clock after a special step'],
  ['decide', 'decide', '决定 Approve or deny; the case concludes and the decision document is issued'],
  ['deliver', 'deliver', '送达 Deliver the result: pickup, post or electronic'],
];

export function casesRoutes(casesService: CasesService): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['cases'];
    const signedIn = app.authorize();
    const applicant = app.authorize({ roles: ['applicant'] });
    const staff = app.authorize({ roles: ['clerk', 'inspector', 'approver', 'leader'] });

    app.post('/api/cases', { preHandler: applicant, schema: { tags, summary: '新建申请 Start an application (saved as a draft)', body: saveDraftBodySchema, response: { 200: caseDetailSchema, ...errors } } }, async (request) =>
      casesService.createDraft(sessionOf(request).actor, requestMeta(request), request.body),
    );

    app.put(
      '/api/cases/:id/draft',
      { preHandler: applicant, schema: { tags, summary: '保存草稿 Save the draft’s answers and materials', params: idParamsSchema, body: updateDraftBodySchema, response: { 200: caseDetailSchema, ...errors } } },
      async (request) => casesService.updateDraft(sessionOf(request).actor, requestMeta(request), request.params.id, request.body),
    );

    app.delete(
      '/api/cases/:id/draft',
      {
        preHandler: applicant,
        schema: { tags, summary: '删除草稿 Delete a draft never submitted (a submitted case is withdrawn)', params: idParamsSchema, querystring: deleteDraftQuerySchema, response: { 200: okReplySchema, ...errors } },
      },
      async (request) => {
        await casesService.deleteDraft(sessionOf(request).actor, requestMeta(request), request.params.id, request.query.version);
        return { ok: true as const };
      },
    );

    app.post(
      '/api/cases/:id/submit',
      { preHandler: applicant, schema: { tags, summary: '提交 Submit the draft', params: idParamsSchema, body: Type.Object({ version: Type.Integer({ minimum: 0 }) }, { additionalProperties: false }), response: { 200: caseDetailSchema, ...errors } } },
      async (request) => casesService.submit(sessionOf(request).actor, requestMeta(request), request.params.id, request.body.version),
    );

    app.post(
      '/api/cases/:id/resubmit',
      { preHandler: applicant, schema: { tags, summary: '补正 Answer the correction notice', params: idParamsSchema, body: resubmitBodySchema, response: { 200: caseDetailSchema, ...errors } } },
      async (request) => casesService.resubmit(sessionOf(request).actor, requestMeta(request), request.params.id, request.body),
    );

    app.post(
      '/api/cases/:id/withdraw',
      { preHandler: applicant, schema: { tags, summary: '撤回 Withdraw before acceptance', params: idParamsSchema, body: caseActionBodySchemas.withdraw, response: { 200: caseDetailSchema, ...errors } } },
      async (request) => casesService.withdraw(sessionOf(request).actor, requestMeta(request), request.params.id, request.body),
    );

    app.get('/api/cases/mine', { preHandler: applicant, schema: { tags, summary: '我的办件 The applicant’s cases', querystring: pageQuerySchema, response: { 200: pageOf(myCaseSummarySchema), ...errors } } }, async (request) =>
      casesService.listMyCases(sessionOf(request).actor, request.query.page ?? 1, request.query.pageSize ?? 20),
    );

    app.get('/api/cases', { preHandler: staff, schema: { tags, summary: '办件队列 The staff queue, most urgent first', querystring: listCasesQuerySchema, response: { 200: caseQueueSchema, ...errors } } }, async (request) =>
      casesService.listQueue(sessionOf(request).actor, request.query),
    );

    app.get('/api/cases/:id', { preHandler: signedIn, schema: { tags, summary: '办件详情 A case with its timeline', params: idParamsSchema, response: { 200: caseDetailSchema, ...errors } } }, async (request) =>
      casesService.getCase(sessionOf(request).actor, request.params.id),
    );

    for (const [path, action, summary] of STAFF_ACTIONS) {
      const run = casesService[action] as (actor: Actor, meta: RequestMeta, caseId: string, body: never) => Promise<CaseDetail>;
      app.post(
        `/api/cases/:id/${path}`,
        { preHandler: staff, schema: { tags, summary, params: idParamsSchema, body: caseActionBodySchemas[action], response: { 200: caseDetailSchema, ...errors } } },
        async (request) => run(sessionOf(request).actor, requestMeta(request), request.params.id, request.body as never),
      );
    }
  };
}
