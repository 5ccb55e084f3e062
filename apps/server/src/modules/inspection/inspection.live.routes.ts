import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  errorReplySchema,
  idParamsSchema,
  inspectionTimelineSchema,
  invitationTokenParamsSchema,
  LIVE_SNAPSHOT_MAX_BYTES,
  liveConfigSchema,
  liveRecordingFileParamsSchema,
  liveSessionStateSchema,
  liveSnapshotFileParamsSchema,
  liveSnapshotSchema,
  liveSnapshotUploadParamsSchema,
  type LiveServerMessage,
} from '@yuanqu/shared';
import { SESSION_COOKIE, requestMeta, sessionOf } from '../auth/index.js';
import { closeCodeOf, type InspectionLiveService, type LiveConnection, type LiveParticipantHandle } from './inspection.live.service.js';
import { InspectionError } from './inspection.service.js';

const errors = {
  400: errorReplySchema,
  401: errorReplySchema,
  403: errorReplySchema,
  404: errorReplySchema,
  409: errorReplySchema,
  410: errorReplySchema,
  413: errorReplySchema,
  415: errorReplySchema,
};
const binary = (description: string) => Type.Unsafe<unknown>({ type: 'string', format: 'binary', description });
/** Keeps sockets alive through proxies that drop idle connections (nginx: 60 s by default). */
const PING_INTERVAL_MS = 25_000;
const SOCKET_CONNECTING = 0;
const SOCKET_OPEN = 1;

/** The part of a `ws` socket used here (the project has no @types/ws). */
interface LiveSocket {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  ping(): void;
  on(event: 'message', listener: (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => void): void;
  on(event: 'close', listener: () => void): void;
}

function connectionOf(socket: LiveSocket): LiveConnection {
  return {
    send: (message: LiveServerMessage) => {
      if (socket.readyState === SOCKET_OPEN) socket.send(JSON.stringify(message));
    },
    close: (code, reason) => {
      if (socket.readyState === SOCKET_OPEN || socket.readyState === SOCKET_CONNECTING) socket.close(code, reason);
    },
  };
}

/**
 * Accepts the socket at once and hands its frames to the session once `connect` resolves (frames
 * that arrive meanwhile are kept in order); a refusal closes it with a 44xx code whose reason is the
 * error code, which a browser can read (a refused HTTP upgrade only shows as code 1006).
 */
function serveSocket(
  socket: LiveSocket,
  request: FastifyRequest,
  connect: (connection: LiveConnection) => Promise<LiveParticipantHandle>,
  recheck?: SocketRecheck,
): void {
  const pending: string[] = [];
  let handle: LiveParticipantHandle | null = null;
  let isClosed = false;
  const ping = setInterval(() => {
    if (socket.readyState === SOCKET_OPEN) socket.ping();
  }, PING_INTERVAL_MS);
  ping.unref();
  // A staff socket lives as long as the session that opened it: signed out, revoked, disabled or
  // expired, the socket is closed with the reason the HTTP API would give.
  const rechecking = recheck
    ? setInterval(() => {
        recheck.check().then(
          () => undefined,
          (error: unknown) => {
            const { code, reason } = closeCodeOf(error);
            if (socket.readyState === SOCKET_OPEN) socket.close(code, reason);
          },
        );
      }, recheck.everyMs)
    : undefined;
  rechecking?.unref();
  socket.on('message', (data, isBinary) => {
    const text = isBinary
      ? ''
      : Buffer.isBuffer(data)
        ? data.toString('utf8')
        : Array.isArray(data)
          ? Buffer.concat(data).toString('utf8')
          : Buffer.from(data).toString('utf8');
    if (handle) handle.receive(text);
    else pending.push(text);
  });
  socket.on('close', () => {
    isClosed = true;
    clearInterval(ping);
    clearInterval(rechecking);
    handle?.closed();
  });
  connect(connectionOf(socket)).then(
    (accepted) => {
      handle = accepted;
      for (const text of pending.splice(0)) accepted.receive(text);
      if (isClosed) accepted.closed();
    },
    (error: unknown) => {
      const { code, reason } = closeCodeOf(error);
      if (code === 1011) request.log.error({ err: error }, 'live socket refused');
      if (socket.readyState === SOCKET_OPEN) socket.close(code, reason);
    },
  );
}

/** How often an open socket's permission is checked again, and the check (it throws to close the socket). */
interface SocketRecheck {
  everyMs: number;
  check: () => Promise<void>;
}

/** Same-site check for a cookie-authenticated socket (browsers do not apply CORS to WebSockets). */
function checkOrigin(request: FastifyRequest, publicOrigin: string): void {
  const origin = request.headers.origin;
  if (!origin) return;
  const host = request.headers.host;
  if (origin !== publicOrigin && !(host && (origin === `http://${host}` || origin === `https://${host}`)))
    throw new InspectionError('AUTH_CSRF_INVALID', 'Cross-site socket refused');
}

/** Parses `Range: bytes=a-b` / `bytes=a-` / `bytes=-n` for a file of `size` bytes: null = whole file, 'invalid' = 416. */
export function parseByteRange(header: string | undefined, size: number): { start: number; end: number } | null | 'invalid' {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return 'invalid';
  let start: number;
  let end: number;
  if (match[1] === '') {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  if (start > end || start >= size) return 'invalid';
  return { start, end };
}

/** The live session of 远程踏勘: the two sockets, the snapshot upload and the replay endpoints. */
export function inspectionLiveRoutes(live: InspectionLiveService, options: { publicOrigin: string; sessionRecheckMs?: number }): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['inspections'];
    const readers = app.authorize({ roles: ['clerk', 'inspector', 'approver', 'leader'] });

    app.addContentTypeParser(
      ['image/jpeg', 'application/octet-stream'],
      { parseAs: 'buffer', bodyLimit: LIVE_SNAPSHOT_MAX_BYTES },
      (_request, body, done) => done(null, body),
    );

    // The two sockets are documented routes: the upgrade runs `wsHandler`; a plain GET answers the connection settings.
    const protocol =
      'Opened as a WebSocket, this is the live session; its messages are liveClientMessageSchema / liveServerMessageSchema in packages/shared/src/inspection/live-protocol.ts, and a refusal closes the socket with 4401, 4403, 4404 or 4410 and the error code as the reason. A plain GET answers the ICE servers and transceiver layout.';

    app.route({
      method: 'GET',
      url: '/api/inspections/:id/live',
      schema: {
        tags,
        summary: 'WebSocket: an inspector joins the live session (session cookie; a booked inspector or an inspector of the zone)',
        description: protocol,
        params: idParamsSchema,
        response: { 200: liveConfigSchema, ...errors },
      },
      handler: async (request) => {
        const session = sessionOf(request);
        if (session.stage !== 'active') throw new InspectionError('AUTH_REQUIRED', 'Finish signing in first');
        return live.inspectorConfig(session.actor, request.params.id);
      },
      wsHandler: (socket: LiveSocket, request) => {
        serveSocket(socket, request, async (connection) => {
          const session = request.session;
          if (!session)
            throw new InspectionError(request.sessionProblem === 'expired' ? 'AUTH_SESSION_EXPIRED' : 'AUTH_REQUIRED', 'Sign in first');
          if (session.stage !== 'active') throw new InspectionError('AUTH_REQUIRED', 'Finish signing in first');
          checkOrigin(request, options.publicOrigin);
          return live.connectInspector(session.actor, request.params.id, connection);
        }, {
          everyMs: options.sessionRecheckMs ?? PING_INTERVAL_MS,
          check: async () => {
            const resolved = await app.authService.resolveSession(request.cookies[SESSION_COOKIE] ?? '');
            if ('expired' in resolved) throw new InspectionError('AUTH_SESSION_EXPIRED', 'The session has expired; sign in again');
            if ('missing' in resolved) throw new InspectionError('AUTH_REQUIRED', 'Signed out');
            if (!resolved.session.actor.roles.includes('inspector')) throw new InspectionError('FORBIDDEN', 'No longer an inspector');
          },
        });
      },
    });

    app.route({
      method: 'GET',
      url: '/api/public/inspections/:token/live',
      schema: {
        tags,
        summary: 'WebSocket: the applicant’s phone joins the live session (the invitation link is the permission)',
        description: protocol,
        params: invitationTokenParamsSchema,
        response: { 200: liveConfigSchema, ...errors },
      },
      handler: async (request) => live.phoneConfig(request.params.token),
      wsHandler: (socket: LiveSocket, request) => {
        serveSocket(socket, request, (connection) => live.connectPhone(request.params.token, connection));
      },
    });

    app.get(
      '/api/public/inspections/:token/live-config',
      {
        config: {
          rateLimit: {
            max: 60,
            timeWindow: '1 minute',
            errorResponseBuilder: () => new InspectionError('RATE_LIMITED', 'Too many requests'),
          },
        },
        schema: {
          tags,
          summary: 'ICE servers and transceiver layout for the phone’s pre-check (the socket’s welcome has them too)',
          params: invitationTokenParamsSchema,
          response: { 200: liveConfigSchema, ...errors },
        },
      },
      async (request) => live.phoneConfig(request.params.token),
    );

    app.post(
      '/api/public/inspections/:token/snapshots/:requestId',
      {
        config: {
          rateLimit: {
            max: 60,
            timeWindow: '1 minute',
            errorResponseBuilder: () => new InspectionError('RATE_LIMITED', 'Too many requests'),
          },
        },
        schema: {
          tags,
          summary: 'The phone uploads the full-resolution JPEG an inspector asked for (body image/jpeg)',
          params: liveSnapshotUploadParamsSchema,
          consumes: ['image/jpeg'],
          response: { 200: Type.Object({ snapshot: liveSnapshotSchema }), ...errors },
        },
      },
      async (request) => {
        const body = request.body;
        if (!Buffer.isBuffer(body)) throw new InspectionError('FILE_TYPE_NOT_ALLOWED', 'Send the snapshot as image/jpeg');
        return { snapshot: await live.storeSnapshot(request.params.token, request.params.requestId, body) };
      },
    );

    app.get(
      '/api/inspections/:id/live-state',
      {
        preHandler: readers,
        schema: {
          tags,
          summary: 'The live session now: participants, recording, segments, liveness code, last location',
          params: idParamsSchema,
          response: { 200: liveSessionStateSchema, ...errors },
        },
      },
      async (request) => live.getState(sessionOf(request).actor, request.params.id),
    );

    app.get(
      '/api/inspections/:id/timeline',
      {
        preHandler: readers,
        schema: {
          tags,
          summary: 'Replay: the timeline of events with the recording segments, their hashes and snapshots',
          params: idParamsSchema,
          response: { 200: inspectionTimelineSchema, ...errors },
        },
      },
      async (request) => live.getTimeline(sessionOf(request).actor, request.params.id),
    );

    app.get(
      '/api/inspections/:id/recordings/:recordingId/file',
      {
        preHandler: readers,
        schema: {
          tags,
          summary: 'A recording file (WebM), for staff of the zone; supports Range for seeking',
          params: liveRecordingFileParamsSchema,
          response: { 200: binary('The WebM bytes'), 206: binary('The requested bytes'), ...errors },
        },
      },
      async (request, reply) => {
        const file = await live.recordingFile(sessionOf(request).actor, request.params.id, request.params.recordingId);
        const range = parseByteRange(request.headers.range, file.sizeBytes);
        void reply
          .header('content-type', file.row.kind === 'phone' ? 'video/webm' : 'audio/webm')
          .header('accept-ranges', 'bytes')
          .header('x-content-sha256', file.row.sha256 ?? '')
          .header(
            'content-disposition',
            `inline; filename="inspection-${request.params.id}-segment-${file.row.segment}${file.row.kind === 'phone' ? '' : '-inspector'}.webm"`,
          )
          .header('x-content-type-options', 'nosniff');
        if (range === 'invalid') return reply.status(416).header('content-range', `bytes */${file.sizeBytes}`).send();
        if (range) {
          return reply
            .status(206)
            .header('content-range', `bytes ${range.start}-${range.end}/${file.sizeBytes}`)
            .header('content-length', String(range.end - range.start + 1))
            .send(file.open(range));
        }
        return reply.header('content-length', String(file.sizeBytes)).send(file.open());
      },
    );

    app.get(
      '/api/inspections/:id/snapshots/:snapshotId/file',
      {
        preHandler: readers,
        schema: {
          tags,
          summary: 'A snapshot (JPEG), for staff of the zone',
          params: liveSnapshotFileParamsSchema,
          response: { 200: binary('The JPEG bytes'), ...errors },
        },
      },
      async (request, reply) => {
        const { file, stream } = await live.openSnapshot(
          sessionOf(request).actor,
          requestMeta(request),
          request.params.id,
          request.params.snapshotId,
        );
        return reply
          .header('content-type', 'image/jpeg')
          .header('content-length', String(file.sizeBytes))
          .header('x-content-sha256', file.sha256)
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "default-src 'none'; sandbox")
          .send(stream);
      },
    );
  };
}
