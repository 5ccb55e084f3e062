import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import websocket from '@fastify/websocket';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ErrorBody, Role } from '@yuanqu/shared';
import type { AppConfig } from './plugins/config.js';
import type { Database, DatabaseHandle } from './db/client.js';
import { systemClock, type Clock } from './lib/clock.js';
import { errorHandlerPlugin } from './plugins/error-handler.js';
import { metricsPlugin, registerWorkerLoopDelays } from './plugins/metrics.js';
import { openApiPlugin } from './plugins/openapi.js';
import { authPlugin, createAuthService } from './modules/auth/index.js';
import { authRoutes } from './modules/auth/auth.routes.js';
import { auditRoutes } from './modules/audit/index.js';
import { createUsersService, usersRoutes } from './modules/users/index.js';
import { createZonesService, zonesRoutes } from './modules/zones/index.js';
import { homeRoutes } from './modules/home/index.js';
import { calendarRoutes, createCalendarService } from './modules/calendar/index.js';
import { catalogueRoutes, createCatalogueService } from './modules/catalogue/index.js';
import { assertFileFitsMaterial, createFilesService, createFileStorage, filesRoutes, findFilesByIds, findOwnedFiles, type FilesServiceOptions } from './modules/files/index.js';
import { createDocumentsService, documentsRoutes } from './modules/documents/index.js';
import { casesRoutes, composeDecisionDocument, createCasesService } from './modules/cases/index.js';
import { createNotificationsService, developmentSender, notificationsRoutes, type NotificationsService } from './modules/notifications/index.js';
import { createRatingsService, ratingsRoutes } from './modules/ratings/index.js';
import {
  createInspectionLiveService,
  createInspectionService,
  createMediaEngine,
  inspectionLiveRoutes,
  inspectionRoutes,
  isSnapshotFileOfZone,
  WorkerMediaEngine,
  type InspectionLiveService,
  type MediaEngine,
} from './modules/inspection/index.js';

/** Staff who work cases and inspections (admin roles do not read them: 三权分立). */
const SERVICE_STAFF: readonly Role[] = ['clerk', 'inspector', 'approver', 'leader'];

export interface BuildAppOptions {
  config: AppConfig;
  database: DatabaseHandle;
  clock?: Clock;
  /** Pino logger options; tests pass false. */
  logger?: boolean | object;
  /** Upload limits and extra file access rules (tests lower the upload cap). */
  files?: FilesServiceOptions;
  /** The live inspection session: the media engine (default: werift from config.media) and how long an empty room stays open. */
  inspectionLive?: { engine?: MediaEngine; idleCloseMs?: number; sessionRecheckMs?: number };
}

/** Builds the whole application without listening, so tests can `inject()` requests. */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { config, database } = options;
  const clock = options.clock ?? systemClock;
  const app = Fastify({
    logger: options.logger ?? { level: config.logLevel },
    genReqId: () => randomUUID(),
    requestIdHeader: 'x-request-id',
    trustProxy: config.trustProxy,
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false, useDefaults: true } },
    // What the router refuses before any route runs (a malformed %-escape, a path segment over 100
    // characters) gets the same coded error as everything else. No hook runs for it, helmet's
    // neither, so the security headers a JSON error needs are set here.
    frameworkErrors: (error, request, reply) => {
      const reason = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'maxLength' : 'malformed';
      const body: ErrorBody = { error: { code: 'VALIDATION_FAILED', message: 'The request path is invalid', requestId: request.id, fields: [{ field: 'params', reason }] } };
      void reply.raw
        .writeHead(400, {
          'content-type': 'application/json; charset=utf-8',
          'x-request-id': request.id,
          'cache-control': 'no-store',
          'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
          'x-content-type-options': 'nosniff',
          'referrer-policy': 'no-referrer',
        })
        .end(JSON.stringify(body));
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('db', database.db);
  app.decorate('database', database);
  app.decorate('clock', clock);
  app.decorate('config', config);

  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
    if (request.url.startsWith('/api/')) void reply.header('cache-control', 'no-store');
  });

  const webIndexPath = path.join(config.webDistDir, 'index.html');
  const webIndexHtml = fs.existsSync(webIndexPath) ? fs.readFileSync(webIndexPath) : undefined;
  await app.register(errorHandlerPlugin, { webIndexHtml });
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // Ant Design writes its styles at run time (CSS-in-JS).
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        mediaSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: config.publicUrl.startsWith('https:') ? [] : null,
      },
    },
    hsts: config.publicUrl.startsWith('https:'),
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  // The live inspection's signalling; a complete SDP offer with every candidate stays well below this.
  await app.register(websocket, { options: { maxPayload: 512 * 1024 } });
  await app.register(openApiPlugin);
  await app.register(metricsPlugin);

  app.get('/healthz', { schema: { tags: ['operations'], summary: 'Liveness: the process answers' } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { tags: ['operations'], summary: 'Readiness: the database answers' } }, async (_request, reply) => {
    try {
      await database.ping();
      return { status: 'ready', database: database.kind };
    } catch {
      return reply.status(503).send({ status: 'unavailable', database: database.kind });
    }
  });

  const authService = createAuthService(database.db, clock, { sessionIdleMinutes: config.sessionIdleMinutes, sessionAbsoluteHours: config.sessionAbsoluteHours });
  await app.register(authPlugin, { authService, secureCookies: config.publicUrl.startsWith('https:'), publicOrigin: new URL(config.publicUrl).origin });
  await app.register(authRoutes);
  await app.register(usersRoutes(createUsersService(database.db, clock)));
  await app.register(zonesRoutes(createZonesService(database.db, clock)));
  await app.register(auditRoutes);
  await app.register(homeRoutes);
  const calendarService = createCalendarService(database.db, clock);
  const catalogueService = createCatalogueService(database.db, clock);
  const storage = createFileStorage(config);
  const documentsService = createDocumentsService(database.db, clock, storage, { publicUrl: config.publicUrl });
  const casesService = createCasesService(database.db, clock, {
    calendar: calendarService,
    catalogue: catalogueService,
    files: { findOwnedFiles, findFilesByIds, assertFileFitsMaterial },
    issueDecisionDocument: async (executor, input) => {
      const { zoneId, caseId, ownerId, issuerName, ...facts } = input;
      await documentsService.issueDocument(executor, { ...composeDecisionDocument(facts), kind: 'decision', subjectType: 'case', subjectId: caseId, ownerId, issuerName, zoneId });
    },
    findCaseDocuments: (executor, caseId) => documentsService.findDocumentsOf(executor, 'case', caseId),
  });
  // A newly loaded calendar year lets cases accepted late in the old year get their due dates.
  calendarService.onYearLoaded(() => casesService.recomputeMissingDeadlines());
  const filesService = createFilesService(database.db, clock, storage, {
    ...options.files,
    accessRules: [
      ...(options.files?.accessRules ?? []),
      (actor, file) => casesService.isFileReadableByStaff(actor, file.id),
      // Issued PDFs (decisions, inspection records) are read by the zone's service staff.
      async (actor, file, executor) => actor.roles.some((role) => SERVICE_STAFF.includes(role)) && documentsService.isIssuedFileOfZone(executor, actor.zoneId, file.id),
      // Inspection snapshots are read by the zone's service staff.
      async (actor, file, executor) => actor.roles.some((role) => SERVICE_STAFF.includes(role)) && isSnapshotFileOfZone(executor, actor.zoneId, file.id),
    ],
  });
  const notificationsService = createNotificationsService(database.db, clock, { sms: developmentSender, email: developmentSender });
  app.decorate('notifications', notificationsService);

  await app.register(calendarRoutes(calendarService));
  await app.register(catalogueRoutes(catalogueService));
  await app.register(filesRoutes(filesService, { dataDir: config.dataDir }));
  await app.register(documentsRoutes(documentsService));
  await app.register(casesRoutes(casesService));
  await app.register(notificationsRoutes(notificationsService));
  await app.register(ratingsRoutes(createRatingsService(database.db, clock, calendarService)));
  const inspectionService = createInspectionService(database.db, clock, {
    calendar: calendarService,
    publicUrl: config.publicUrl,
    recordInspectionResult: (executor, actor, meta, caseId, outcome) => casesService.recordInspectionResult(executor, actor, meta, caseId, outcome),
    issueRecord: (executor, input) => {
      const { inspectionId, ...document } = input;
      return documentsService.issueDocument(executor, { ...document, kind: 'inspection_record', subjectType: 'inspection', subjectId: inspectionId });
    },
    findRecord: async (executor, inspectionId) => (await documentsService.findDocumentsOf(executor, 'inspection', inspectionId))[0],
  });
  await app.register(inspectionRoutes(inspectionService));
  const mediaEngine = options.inspectionLive?.engine ?? createMediaEngine(config.media, app.log);
  if (mediaEngine instanceof WorkerMediaEngine) registerWorkerLoopDelays(app.metricsRegistry, () => mediaEngine.loopDelays());
  const inspectionLive = createInspectionLiveService(database.db, clock, {
    engine: mediaEngine,
    storage,
    media: config.media,
    inspections: inspectionService,
    openFile: (actor, meta, fileId) => filesService.openDownload(actor, meta, fileId),
    logger: app.log,
    idleCloseMs: options.inspectionLive?.idleCloseMs,
  });
  app.decorate('inspectionLive', inspectionLive);
  // Before the database closes: open sessions end as interrupted, their recordings finalised.
  app.addHook('preClose', async () => inspectionLive.close());
  await app.register(inspectionLiveRoutes(inspectionLive, { publicOrigin: new URL(config.publicUrl).origin, sessionRecheckMs: options.inspectionLive?.sessionRecheckMs }));

  if (webIndexHtml) {
    await app.register(fastifyStatic, { root: config.webDistDir, wildcard: false, index: false, maxAge: '1h' });
    app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(webIndexHtml));
  }
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
    database: DatabaseHandle;
    clock: Clock;
    config: AppConfig;
    /** The outbox; the server runs its dispatcher on a timer. */
    notifications: NotificationsService;
    /** The live inspection sessions; the server recovers interrupted ones at start. */
    inspectionLive: InspectionLiveService;
  }
}
