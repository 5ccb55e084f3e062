import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { RTCPeerConnection } from 'werift';
import type { LiveRole, LiveServerMessage } from '@yuanqu/shared';
import { buildApp } from '../../app.js';
import { createFixedClock } from '../../lib/clock.js';
import { loadConfig } from '../../plugins/config.js';
import { createZoneWithUsers, signIn, type Client, type TestApp } from '../../test/test-app.js';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from '../../test/test-database.js';
import { openDatabase } from '../../db/client.js';
import { seedCalendar } from '../calendar/index.js';
import { createEnterprise, createServiceItem, createStoredFile, createUser } from '../../test/factories.js';
import { outboxMessages } from '../notifications/notifications.table.js';
import { createMediaEngine } from './inspection.ice.js';
import { describeTransceiverLayout, silentLogger, type MediaEngine } from './media/index.js';

/*
 * Shared by the live-session tests: the real app with its media engine pinned to loopback, a booked
 * inspection with its phone link, a WebSocket client that waits for messages, and werift standing
 * in for a browser's RTCPeerConnection (no media flows; Chromium does that in the e2e test).
 */

/** 10:00 in China on the given day. */
export const chinaMorning = (day: string) => `${day}T02:00:00.000Z`;
// A fictional pin for the applicant's plant in 咸阳高新区.
export const site = { siteAddress: '咸阳高新区高新一路 8 号', siteLatitude: 34.3106, siteLongitude: 108.6742 };
export const LOOPBACK_MEDIA_ENV = {
  ICE_ONLY_ADDRESSES: '127.0.0.1',
  ICE_PUBLIC_ADDRESSES: '127.0.0.1',
  ICE_BIND_ADDRESS: '127.0.0.1',
  ICE_USE_IPV6: 'false',
};

export interface LiveTestApp extends TestApp {
  dataDir: string;
  recordingsDir: string;
  /** `ws://127.0.0.1:<port>`: the app listens, so sockets close as they would with a browser. */
  socketBase: string;
  /** Removes the data folder (after `close`). */
  remove(): void;
  /** Stops the app and lets go of an embedded database so that the command line can open it. */
  releaseForCli(): Promise<void>;
  /** The app's media engine, as `createMediaEngine` made it from the configuration. */
  engine: MediaEngine;
}

async function openMigrated(dataDir: string): Promise<TestDatabase> {
  const handle = await openDatabase({ dataDir });
  await handle.migrate();
  await seedCalendar(handle.db, new Date());
  return { ...handle, url: undefined };
}

/** The whole app on a fresh database with a data folder of its own and the media engine on loopback. */
export async function createLiveTestApp(
  start: string,
  env: Record<string, string> = {},
  options: { isDatabaseInDataDir?: boolean } = {},
): Promise<LiveTestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yuanqu-live-'));
  // The command-line test needs a PGlite database in the data folder, which the CLI opens after the app lets go of it.
  const database: TestDatabase =
    options.isDatabaseInDataDir && testDatabaseKind === 'pglite' ? await openMigrated(dataDir) : await createTestDatabase();
  const clock = createFixedClock(start);
  const config = loadConfig({ DATA_DIR: dataDir, WEB_DIST_DIR: '/nonexistent', LOG_LEVEL: 'silent', ...LOOPBACK_MEDIA_ENV, ...env });
  const engine = createMediaEngine(config.media, silentLogger);
  const app = await buildApp({ config, database, clock, logger: false, inspectionLive: { engine, idleCloseMs: 300, sessionRecheckMs: 300 } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  let isAppClosed = false;
  let isDatabaseClosed = false;
  return {
    app,
    engine,
    database,
    clock,
    dataDir,
    recordingsDir: config.media.recordingsDir,
    socketBase: `ws://127.0.0.1:${port}`,
    close: async () => {
      if (!isAppClosed) await app.close();
      isAppClosed = true;
      if (!isDatabaseClosed) await database.close();
      isDatabaseClosed = true;
    },
    releaseForCli: async () => {
      await app.close();
      isAppClosed = true;
      // PGlite is one process per folder; a PostgreSQL test database is dropped on close, so it stays open.
      if (!database.url) {
        await database.close();
        isDatabaseClosed = true;
      }
    },
    remove: () => fs.rmSync(dataDir, { recursive: true, force: true }),
  };
}

/** A zone with clerk, two booked inspectors, a third inspector of the zone, an applicant, and a booked inspection with its phone link. */
export async function bookLiveInspection(testApp: TestApp) {
  const db = testApp.database.db;
  const world = await createZoneWithUsers(testApp, ['clerk', 'inspector', 'approver', 'leader']);
  const second = await createUser(db, { zoneId: world.zone.id, roles: ['inspector'], departmentId: world.department.id });
  const enterprise = await createEnterprise(db, world.zone.id, { name: '峻凌电子(咸阳)有限公司' });
  const applicantUser = await createUser(db, {
    zoneId: world.zone.id,
    roles: ['applicant'],
    enterpriseId: enterprise.id,
    phone: '13800000002',
  });
  const applicant = await signIn(testApp, applicantUser.username);
  const item = await createServiceItem(db, world.zone.id, world.department.id, {
    needsInspection: true,
    committedLimitDays: 5,
    inspectionChecklist: [
      { key: 'door_number', textZh: '门牌号与申报地址一致', textEn: 'The door number matches the declared address' },
      { key: 'fire_exit', textZh: '消防通道畅通', textEn: 'The fire exit is clear' },
    ],
  });
  const [licence, plan] = [
    await createStoredFile(db, world.zone.id, applicantUser.id),
    await createStoredFile(db, world.zone.id, applicantUser.id),
  ];
  const draft = await applicant.request({
    method: 'POST',
    url: '/api/cases',
    payload: { serviceItemId: item.id, formData: { project_name: '新厂房' }, materials: { licence: licence.id, plan: plan.id } },
  });
  const submitted = await applicant.request({
    method: 'POST',
    url: `/api/cases/${draft.json().id}/submit`,
    payload: { version: draft.json().version },
  });
  await world.clients.clerk.request({
    method: 'POST',
    url: `/api/cases/${draft.json().id}/accept`,
    payload: { version: submitted.json().version },
  });
  const caseId = draft.json().id as string;
  const proposal = (await world.clients.clerk.request({ method: 'GET', url: `/api/cases/${caseId}/inspection-proposal` })).json();
  // The second inspector and the zone's first one; a third inspector of the zone is not booked.
  const inspectorIds = [world.clients.inspector.userId, second.id];
  const booked = await world.clients.clerk.request({
    method: 'POST',
    url: '/api/inspections',
    payload: { caseId, slotStart: proposal.start, inspectorIds, ...site },
  });
  if (booked.statusCode !== 200) throw new Error(`booking failed: ${booked.body}`);
  const third = await createUser(db, { zoneId: world.zone.id, roles: ['inspector'], departmentId: world.department.id });
  const messages = await db
    .select()
    .from(outboxMessages)
    .where(and(eq(outboxMessages.recipientUserId, applicantUser.id)));
  const token = messages.flatMap((message) => /\/inspect\/(\S+)/.exec(message.body)?.[1] ?? []).at(-1)!;
  return {
    ...world,
    caseId,
    applicant,
    applicantUser,
    inspection: booked.json() as { id: string; version: number; slotStart: string; slotEnd: string },
    token,
    inspectors: [world.clients.inspector, await signIn(testApp, second.username)] as [Client, Client],
    zoneInspector: await signIn(testApp, third.username),
  };
}

type ServerMessageOf<T extends LiveServerMessage['type']> = Extract<LiveServerMessage, { type: T }>;

/** The part of a `ws` client socket used here (the project has no @types/ws). */
interface TestSocket {
  readyState: number;
  send(data: string): void;
  close(code?: number): void;
  on(event: 'open', listener: () => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  on(event: 'message', listener: (data: Buffer) => void): void;
  on(event: 'close', listener: (code: number, reason: Buffer) => void): void;
}
const WebSocketClient = createRequire(import.meta.url)('ws') as new (
  url: string,
  options: { headers: Record<string, string> },
) => TestSocket;

/** A participant's socket in a test: sends protocol messages and waits for the ones it expects. */
export class LiveTestSocket {
  readonly received: LiveServerMessage[] = [];
  closed: { code: number; reason: string } | null = null;
  private waiters: Array<() => void> = [];

  constructor(private readonly socket: TestSocket) {
    socket.on('message', (data) => {
      this.received.push(JSON.parse(data.toString('utf8')) as LiveServerMessage);
      this.wake();
    });
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString('utf8') };
      this.wake();
    });
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  static async open(socketBase: string, url: string, cookie?: string, origin?: string): Promise<LiveTestSocket> {
    const headers: Record<string, string> = {};
    if (cookie) headers.cookie = cookie;
    if (origin) headers.origin = origin;
    const raw = new WebSocketClient(`${socketBase}${url}`, { headers });
    const socket = new LiveTestSocket(raw);
    await new Promise<void>((resolve, reject) => {
      raw.on('open', () => resolve());
      raw.on('error', (error: Error) => reject(error));
    });
    return socket;
  }

  send(message: object): void {
    this.socket.send(JSON.stringify(message));
  }

  /** Sends text as it is (broken JSON, for the refusal). */
  sendRaw(text: string): void {
    this.socket.send(text);
  }

  close(): void {
    this.socket.close(1000);
  }

  /** Waits until a message matching `predicate` has arrived (counting from `after` received messages). */
  async waitFor<T extends LiveServerMessage['type']>(
    type: T,
    predicate: (message: ServerMessageOf<T>) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<ServerMessageOf<T>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find(
        (message): message is ServerMessageOf<T> => message.type === type && predicate(message as ServerMessageOf<T>),
      );
      if (found) return found;
      if (this.closed)
        throw new Error(
          `socket closed (${this.closed.code} ${this.closed.reason}) before a ${type} message came; got ${this.received.map((entry) => entry.type).join(', ')}`,
        );
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`no ${type} message within ${timeoutMs} ms; got ${JSON.stringify(this.received.map((entry) => entry.type))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits for the socket to be closed by the server. */
  async waitForClose(timeoutMs = 10_000): Promise<{ code: number; reason: string }> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error('the socket stayed open');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.closed;
  }

  /** Forgets what was received so far, to wait for what comes next. */
  clear(): void {
    this.received.length = 0;
  }
}

/** A browser stand-in: a complete offer in the layout of `role`; applying the answer lets ICE connect on loopback. */
export async function makeOffer(
  role: LiveRole,
  maxInspectors: number,
): Promise<{ sdp: string; accept(answerSdp: string): Promise<void>; close(): Promise<void> }> {
  const pc = new RTCPeerConnection({
    iceServers: [],
    iceAdditionalHostAddresses: ['127.0.0.1'],
    iceInterfaceAddresses: { udp4: '127.0.0.1' },
    iceUseIpv6: false,
  });
  for (const slot of describeTransceiverLayout(role, maxInspectors)) pc.addTransceiver(slot.kind, { direction: slot.direction });
  await pc.setLocalDescription(await pc.createOffer());
  if (pc.iceGatheringState !== 'complete')
    await pc.iceGatheringStateChange.watch((state) => state === 'complete', 10_000).catch(() => undefined);
  return {
    sdp: pc.localDescription?.sdp ?? '',
    accept: async (answerSdp) => {
      await pc.setRemoteDescription({ type: 'answer', sdp: answerSdp });
    },
    close: () => pc.close(),
  };
}

/** Opens a participant's socket, waits for the welcome, joins media with a werift offer and waits for the answer. */
export async function joinWithMedia(
  socket: LiveTestSocket,
  role: LiveRole,
  closers: Array<() => Promise<void>>,
): Promise<ServerMessageOf<'welcome'>> {
  const welcome = await socket.waitFor('welcome');
  const offer = await makeOffer(role, welcome.config.maxInspectors);
  closers.push(offer.close);
  socket.send({ type: 'join', ref: `join-${role}`, offerSdp: offer.sdp });
  const answer = await socket.waitFor('answer', (message) => message.ref === `join-${role}`);
  await offer.accept(answer.answerSdp);
  return welcome;
}

/** A small but well-formed JPEG header: SOI, APP0 (JFIF), SOF0 of 320×240, EOI. */
export function tinyJpeg(): Buffer {
  return Buffer.from([
    0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xc0,
    0x00, 0x11, 0x08, 0x00, 0xf0, 0x01, 0x40, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01, 0xff, 0xd9,
  ]);
}
