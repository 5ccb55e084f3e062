import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import * as OTPAuth from 'otpauth';
import type { Role } from '@yuanqu/shared';
import { buildApp, type BuildAppOptions } from '../app.js';
import { loadConfig } from '../plugins/config.js';
import { createFixedClock } from '../lib/clock.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { createDepartment, createUser, createZone, TEST_PASSWORD, type CreateUserOptions } from './factories.js';

export interface TestApp {
  app: FastifyInstance;
  database: TestDatabase;
  clock: ReturnType<typeof createFixedClock>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** A data folder for tests that store files (the caller creates and removes it); none by default. */
  dataDir?: string;
  files?: BuildAppOptions['files'];
}

/** The real application on a fresh migrated database (PGlite or PostgreSQL, see test-database.ts), with a fixed clock. */
export async function createTestApp(start = '2026-03-02T01:00:00.000Z', options: TestAppOptions = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const clock = createFixedClock(start);
  const config = loadConfig({ DATA_DIR: options.dataDir ?? '/nonexistent', WEB_DIST_DIR: '/nonexistent', LOG_LEVEL: 'silent' });
  const app = await buildApp({ config, database, clock, logger: false, files: options.files });
  await app.ready();
  return {
    app,
    database,
    clock,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

export function totpCode(secret: string, at: Date): string {
  return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: at.getTime() });
}

/** A signed-in client: sends its cookie, and the CSRF token on writes. */
export interface Client {
  userId: string;
  cookie: string;
  csrfToken: string;
  /** The address the client signed in from; its requests come from it too. */
  remoteAddress: string;
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
}

export function cookieOf(response: LightMyRequestResponse): string {
  const cookie = response.cookies.find((entry) => entry.name === 'yq_session');
  if (!cookie) throw new Error(`no session cookie in the reply (${response.statusCode} ${response.body})`);
  return `yq_session=${cookie.value}`;
}

function clientOf(app: FastifyInstance, userId: string, cookie: string, csrfToken: string, remoteAddress: string): Client {
  return {
    userId,
    cookie,
    csrfToken,
    remoteAddress,
    request: (options) =>
      app.inject({ remoteAddress, ...options, headers: { cookie, ...(options.method && options.method !== 'GET' ? { 'x-csrf-token': csrfToken } : {}), ...options.headers } }),
  };
}

/** The client a sign-in step's reply hands over: its new cookie and CSRF token, from the same address. */
export function clientFromReply(testApp: TestApp, response: LightMyRequestResponse, remoteAddress = '127.0.0.1'): Client {
  const body = response.json<{ csrfToken: string; user: { id: string } }>();
  return clientOf(testApp.app, body.user.id, cookieOf(response), body.csrfToken, remoteAddress);
}

let addressCounter = 0;

/**
 * A fresh client address (TEST-NET-2, RFC 5737) for each helper sign-in: the sign-in routes are
 * rate limited per address in real time, and a file signs in far more often than a person would.
 */
export function nextClientAddress(): string {
  addressCounter += 1;
  return `198.51.${Math.floor(addressCounter / 250) % 250}.${(addressCounter % 250) + 1}`;
}

/** Signs in through the API (with the TOTP step when the account has one). */
export async function signIn(testApp: TestApp, username: string, password = TEST_PASSWORD, totpSecret?: string): Promise<Client> {
  const { app, clock } = testApp;
  const remoteAddress = nextClientAddress();
  const response = await app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username, password }, remoteAddress });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  let body = response.json<{ stage: string; csrfToken: string; user: { id: string } }>();
  let cookie = cookieOf(response);
  if (body.stage === 'second_factor' && totpSecret) {
    const second = await app.inject({ method: 'POST', url: '/api/auth/second-factor', headers: { cookie, 'x-csrf-token': body.csrfToken }, payload: { code: totpCode(totpSecret, clock.now()) }, remoteAddress });
    if (second.statusCode !== 200) throw new Error(`second factor failed: ${second.statusCode} ${second.body}`);
    body = second.json();
    cookie = cookieOf(second);
  }
  return clientOf(app, body.user.id, cookie, body.csrfToken, remoteAddress);
}

export const ADMIN_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

/** A zone with a department and a signed-in user for each role asked for. */
export async function createZoneWithUsers(testApp: TestApp, roles: Role[]) {
  const db = testApp.database.db;
  const zone = await createZone(db);
  const department = await createDepartment(db, zone.id);
  const clients = {} as Record<Role, Client>;
  const usernames = {} as Record<Role, string>;
  for (const role of roles) {
    const isAdmin = role === 'system_admin' || role === 'security_admin' || role === 'audit_admin';
    const options: CreateUserOptions = { zoneId: zone.id, roles: [role], departmentId: role === 'applicant' ? null : department.id };
    if (isAdmin) options.totpSecret = ADMIN_TOTP_SECRET;
    const user = await createUser(db, options);
    usernames[role] = user.username;
    clients[role] = await signIn(testApp, user.username, TEST_PASSWORD, isAdmin ? ADMIN_TOTP_SECRET : undefined);
    // each TOTP code is single-use: move past the step so the next admin's code is fresh
    if (isAdmin) testApp.clock.advance(30_000);
  }
  return { zone, department, clients, usernames };
}
