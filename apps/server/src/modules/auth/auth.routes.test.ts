import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionReply } from '@yuanqu/shared';
import {
  clientFromReply,
  createTestApp,
  createZoneWithUsers,
  signIn,
  totpCode,
  ADMIN_TOTP_SECRET,
  type TestApp,
} from '../../test/test-app.js';
import { createUser, TEST_PASSWORD } from '../../test/factories.js';
import { attemptSignIn, auditEventsOf, expectError, requestSignedOut } from '../../test/route-helpers.js';
import { hashSessionToken } from './auth.service.js';

let testApp: TestApp;
beforeAll(async () => {
  testApp = await createTestApp();
});
afterAll(async () => {
  await testApp.close();
});

describe('sign-in', () => {
  it('signs a clerk in and describes the session', async () => {
    const { clients } = await createZoneWithUsers(testApp, ['clerk']);
    const response = await clients.clerk.request({ method: 'GET', url: '/api/auth/session' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ stage: 'active', user: { roles: ['clerk'], kind: 'staff' } });
  });

  it('asks an admin for the TOTP code, and refuses other calls until it is given', async () => {
    const { zone } = await createZoneWithUsers(testApp, []);
    const admin = await createUser(testApp.database.db, { zoneId: zone.id, roles: ['system_admin'], totpSecret: ADMIN_TOTP_SECRET });
    const first = await testApp.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in',
      payload: { username: admin.username, password: TEST_PASSWORD },
    });
    expect(first.json()).toMatchObject({ stage: 'second_factor' });
    const cookie = first.cookies.map((entry) => `${entry.name}=${entry.value}`).join('; ');
    const early = await testApp.app.inject({ method: 'GET', url: '/api/users', headers: { cookie } });
    expect(early.json().error.code).toBe('AUTH_SECOND_FACTOR_REQUIRED');
    const wrong = await testApp.app.inject({
      method: 'POST',
      url: '/api/auth/second-factor',
      headers: { cookie, 'x-csrf-token': first.json().csrfToken },
      payload: { code: '000000' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('AUTH_SECOND_FACTOR_INVALID');
    testApp.clock.advance(30_000);
    const right = await testApp.app.inject({
      method: 'POST',
      url: '/api/auth/second-factor',
      headers: { cookie, 'x-csrf-token': first.json().csrfToken },
      payload: { code: totpCode(ADMIN_TOTP_SECRET, testApp.clock.now()) },
    });
    expect(right.statusCode).toBe(200);
    expect(right.json()).toMatchObject({ stage: 'active', user: { roles: ['system_admin'] } });
  });

  it('locks the account after five wrong passwords, even for the right one', async () => {
    const { zone } = await createZoneWithUsers(testApp, []);
    const user = await createUser(testApp.database.db, { zoneId: zone.id, roles: ['approver'] });
    const attempt = (password: string) =>
      testApp.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username: user.username, password } });
    const codes: string[] = [];
    for (let index = 0; index < 5; index += 1) codes.push((await attempt('wrong-password')).json().error.code);
    expect(codes).toEqual([
      'AUTH_INVALID_CREDENTIALS',
      'AUTH_INVALID_CREDENTIALS',
      'AUTH_INVALID_CREDENTIALS',
      'AUTH_INVALID_CREDENTIALS',
      'AUTH_ACCOUNT_LOCKED',
    ]);
    const locked = await attempt(TEST_PASSWORD);
    expect(locked.statusCode).toBe(423);
    testApp.clock.advance(15 * 60_000 + 1000);
    expect((await attempt(TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('refuses a write without the CSRF token', async () => {
    const { clients } = await createZoneWithUsers(testApp, ['clerk']);
    const response = await testApp.app.inject({ method: 'POST', url: '/api/auth/sign-out', headers: { cookie: clients.clerk.cookie } });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('AUTH_CSRF_INVALID');
  });

  it('ends an idle session', async () => {
    const { clients } = await createZoneWithUsers(testApp, ['leader']);
    testApp.clock.advance(31 * 60_000);
    const response = await clients.leader.request({ method: 'GET', url: '/api/home/summary' });
    expect(response.statusCode).toBe(401);
    expect(response.json().error.code).toBe('AUTH_SESSION_EXPIRED');
  });

  it('names the missing field of an invalid sign-in', async () => {
    const response = await testApp.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username: 'someone' } });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'body.password', reason: 'required' }] });
  });

  it('signs in again after sign-out only with a new password check', async () => {
    const { zone } = await createZoneWithUsers(testApp, []);
    const user = await createUser(testApp.database.db, { zoneId: zone.id, roles: ['inspector'] });
    const client = await signIn(testApp, user.username);
    expect((await client.request({ method: 'POST', url: '/api/auth/sign-out' })).statusCode).toBe(200);
    expect((await client.request({ method: 'GET', url: '/api/home/summary' })).statusCode).toBe(401);
  });
});

const SESSION_ABSOLUTE_HOURS = 12;
const SESSION_IDLE_MINUTES = 30;

/** A zone with one member of the given role, not yet signed in. */
async function createMember(roles: Parameters<typeof createUser>[1]['roles'], options: { totpSecret?: string } = {}) {
  const { zone, department } = await createZoneWithUsers(testApp, []);
  const user = await createUser(testApp.database.db, {
    zoneId: zone.id,
    roles,
    departmentId: roles.includes('applicant') ? null : department.id,
    ...options,
  });
  return { zone, department, user };
}

function sessionRow(cookie: string) {
  const token = cookie.replace(/^yq_session=/, '');
  return testApp.database.db.query.sessions.findFirst({ where: (sessions, { eq }) => eq(sessions.tokenHash, hashSessionToken(token)) });
}

describe('POST /api/auth/sign-in', () => {
  it('opens a session: an http-only cookie whose token is stored only as a hash, and the timeouts', async () => {
    const { user, zone, department } = await createMember(['approver']);
    const response = await attemptSignIn(testApp, user.username.toUpperCase());
    expect(response.statusCode).toBe(200);
    const body = response.json<SessionReply>();
    expect(body).toMatchObject({
      stage: 'active',
      idleMinutes: SESSION_IDLE_MINUTES,
      expiresAt: new Date(testApp.clock.now().getTime() + SESSION_ABSOLUTE_HOURS * 3_600_000).toISOString(),
      user: {
        id: user.id,
        username: user.username,
        roles: ['approver'],
        kind: 'staff',
        zone: { id: zone.id },
        department: { id: department.id },
        hasSecondFactor: false,
      },
    });
    expect(body.csrfToken.length).toBeGreaterThanOrEqual(24);
    const cookie = response.cookies.find((entry) => entry.name === 'yq_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const row = await sessionRow(`yq_session=${cookie.value}`);
    expect(row).toMatchObject({ userId: user.id, zoneId: zone.id, stage: 'active', revokedAt: null });
    expect(row!.tokenHash).not.toBe(cookie.value);
    expect(response.body).not.toContain(cookie.value);
  });

  it('gives the same refusal for an unknown user as for a wrong password, and audits both', async () => {
    const { user } = await createMember(['clerk']);
    const auditor = (await createZoneWithUsers(testApp, ['audit_admin'])).clients.audit_admin;
    const unknown = expectError(await attemptSignIn(testApp, 'no-such-person', 'whatever-1'), 'AUTH_INVALID_CREDENTIALS');
    const wrong = expectError(await attemptSignIn(testApp, user.username, 'whatever-1'), 'AUTH_INVALID_CREDENTIALS');
    expect(unknown.message).toBe(wrong.message);
    const failures = await testApp.database.db.query.auditEvents.findMany({
      where: (events, { and, eq }) => and(eq(events.action, 'auth.sign_in'), eq(events.outcome, 'failure')),
    });
    expect(failures.map((event) => event.details)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ username: 'no-such-person', reason: 'unknown_user' }),
        expect.objectContaining({ username: user.username, reason: 'wrong_password' }),
      ]),
    );
    // the auditor of another zone sees neither
    expect(await auditEventsOf(auditor, { action: 'auth.sign_in', outcome: 'failure' })).toEqual([]);
  });

  it('refuses a disabled account even with the right password', async () => {
    const { zone } = await createZoneWithUsers(testApp, []);
    const user = await createUser(testApp.database.db, { zoneId: zone.id, roles: ['leader'], isDisabled: true });
    expectError(await attemptSignIn(testApp, user.username), 'AUTH_ACCOUNT_DISABLED');
    expect(await testApp.database.db.query.sessions.findMany({ where: (sessions, { eq }) => eq(sessions.userId, user.id) })).toEqual([]);
  });

  it('names invalid fields', async () => {
    const refuse = (payload: object) => requestSignedOut(testApp, { method: 'POST', url: '/api/auth/sign-in', payload });
    expectError(await refuse({ username: '', password: 'x' }), 'VALIDATION_FAILED', 'body.username', 'minLength');
    expectError(
      await refuse({ username: 'someone', password: 'x', remember: true }),
      'VALIDATION_FAILED',
      'body.remember',
      'additionalProperties',
    );
    expectError(await refuse({ username: 'someone', password: 'x'.repeat(257) }), 'VALIDATION_FAILED', 'body.password', 'maxLength');
  });

  it('refuses the 21st attempt within a minute from one address, but not from another', async () => {
    const { user, zone } = await createMember(['clerk']);
    const target = await createUser(testApp.database.db, { zoneId: zone.id, roles: ['clerk'] });
    const address = '203.0.113.21';
    const statuses: number[] = [];
    // the limit is in real time, so the attempts must be quick: a known account (cheap test hash) that soon locks
    for (let attempt = 0; attempt < 20; attempt += 1)
      statuses.push((await attemptSignIn(testApp, target.username, 'wrong-password', address)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, ...Array<number>(16).fill(423)]);
    const limited = await attemptSignIn(testApp, user.username, TEST_PASSWORD, address);
    expectError(limited, 'AUTH_RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.cookies).toEqual([]);
    expect((await attemptSignIn(testApp, user.username, TEST_PASSWORD, '203.0.113.22')).statusCode).toBe(200);
  });

  it('refuses a sign-in posted from another site, and accepts one from this one', async () => {
    const { user } = await createMember(['clerk']);
    const post = (origin: string) =>
      requestSignedOut(testApp, {
        method: 'POST',
        url: '/api/auth/sign-in',
        headers: { origin },
        payload: { username: user.username, password: TEST_PASSWORD },
      });
    const refused = await post('https://evil.example');
    expectError(refused, 'AUTH_CSRF_INVALID');
    expect(refused.cookies).toEqual([]);
    expect((await post('http://localhost:3000')).statusCode).toBe(200);
  });
});

describe('POST /api/auth/second-factor', () => {
  it('refuses a signed-out caller', async () => {
    expectError(
      await requestSignedOut(testApp, { method: 'POST', url: '/api/auth/second-factor', payload: { code: '123456' } }),
      'AUTH_REQUIRED',
    );
  });

  it('names a code that is not six digits', async () => {
    const { user } = await createMember(['audit_admin'], { totpSecret: ADMIN_TOTP_SECRET });
    const pending = await signIn(testApp, user.username);
    expectError(
      await pending.request({ method: 'POST', url: '/api/auth/second-factor', payload: { code: '12345a' } }),
      'VALIDATION_FAILED',
      'body.code',
      'pattern',
    );
  });

  it('refuses a code used once already (replay), even in a new sign-in', async () => {
    const { user } = await createMember(['security_admin'], { totpSecret: ADMIN_TOTP_SECRET });
    const code = totpCode(ADMIN_TOTP_SECRET, testApp.clock.now());
    const first = await signIn(testApp, user.username);
    expect((await first.request({ method: 'POST', url: '/api/auth/second-factor', payload: { code } })).json()).toMatchObject({
      stage: 'active',
    });
    testApp.clock.advance(10_000);
    const second = await signIn(testApp, user.username);
    expectError(
      await second.request({ method: 'POST', url: '/api/auth/second-factor', payload: { code } }),
      'AUTH_SECOND_FACTOR_INVALID',
      'body.code',
      'invalid',
    );
    testApp.clock.advance(30_000);
    expect(
      (
        await second.request({
          method: 'POST',
          url: '/api/auth/second-factor',
          payload: { code: totpCode(ADMIN_TOTP_SECRET, testApp.clock.now()) },
        })
      ).json(),
    ).toMatchObject({ stage: 'active' });
  });

  it('counts wrong codes toward the lockout and ends the pending session when it locks', async () => {
    const { user } = await createMember(['system_admin'], { totpSecret: ADMIN_TOTP_SECRET });
    const pending = await signIn(testApp, user.username);
    const codes: string[] = [];
    for (let attempt = 0; attempt < 5; attempt += 1)
      codes.push(
        (await pending.request({ method: 'POST', url: '/api/auth/second-factor', payload: { code: '000000' } })).json().error.code,
      );
    expect(codes).toEqual([
      'AUTH_SECOND_FACTOR_INVALID',
      'AUTH_SECOND_FACTOR_INVALID',
      'AUTH_SECOND_FACTOR_INVALID',
      'AUTH_SECOND_FACTOR_INVALID',
      'AUTH_ACCOUNT_LOCKED',
    ]);
    expectError(await pending.request({ method: 'GET', url: '/api/auth/session' }), 'AUTH_REQUIRED');
    expectError(await attemptSignIn(testApp, user.username), 'AUTH_ACCOUNT_LOCKED');
  });

  it('keeps a pending session off everything but finishing the sign-in, and lets it lapse after ten minutes', async () => {
    const { user } = await createMember(['audit_admin'], { totpSecret: ADMIN_TOTP_SECRET });
    const pending = await signIn(testApp, user.username);
    expectError(await pending.request({ method: 'GET', url: '/api/audit-events' }), 'AUTH_SECOND_FACTOR_REQUIRED');
    expectError(await pending.request({ method: 'GET', url: '/api/auth/second-factor/setup' }), 'AUTH_SECOND_FACTOR_REQUIRED');
    expectError(
      await pending.request({
        method: 'POST',
        url: '/api/auth/password',
        payload: { currentPassword: TEST_PASSWORD, newPassword: 'Another-Pass-91' },
      }),
      'AUTH_SECOND_FACTOR_REQUIRED',
    );
    testApp.clock.advance(11 * 60_000);
    expectError(
      await pending.request({
        method: 'POST',
        url: '/api/auth/second-factor',
        payload: { code: totpCode(ADMIN_TOTP_SECRET, testApp.clock.now()) },
      }),
      'AUTH_SESSION_EXPIRED',
    );
  });
});

describe('GET and POST /api/auth/second-factor/setup', () => {
  it('refuses a signed-out caller', async () => {
    expectError(await requestSignedOut(testApp, { method: 'GET', url: '/api/auth/second-factor/setup' }), 'AUTH_REQUIRED');
    expectError(
      await requestSignedOut(testApp, { method: 'POST', url: '/api/auth/second-factor/setup', payload: { code: '123456' } }),
      'AUTH_REQUIRED',
    );
  });

  it('enrols an admin without an authenticator end to end', async () => {
    const { user } = await createMember(['audit_admin']);
    const pending = await signIn(testApp, user.username);
    expect((await pending.request({ method: 'GET', url: '/api/auth/session' })).json()).toMatchObject({
      stage: 'second_factor_setup',
      user: { hasSecondFactor: false },
    });
    expectError(await pending.request({ method: 'GET', url: '/api/audit-events' }), 'AUTH_SECOND_FACTOR_SETUP_REQUIRED');

    const setup = await pending.request({ method: 'GET', url: '/api/auth/second-factor/setup' });
    expect(setup.statusCode).toBe(200);
    const { secret, otpauthUrl, qrCodeDataUrl } = setup.json<{ secret: string; otpauthUrl: string; qrCodeDataUrl: string }>();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    expect(new URL(otpauthUrl).searchParams.get('secret')).toBe(secret);
    expect(qrCodeDataUrl).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/]+=*$/);
    // asking again shows the same pending secret, so a reload does not invalidate a scanned code
    expect((await pending.request({ method: 'GET', url: '/api/auth/second-factor/setup' })).json()).toMatchObject({ secret });

    expectError(
      await pending.request({ method: 'POST', url: '/api/auth/second-factor/setup', payload: { code: '12' } }),
      'VALIDATION_FAILED',
      'body.code',
      'pattern',
    );
    const wrongCode = totpCode(secret, new Date(testApp.clock.now().getTime() - 10 * 60_000));
    expectError(
      await pending.request({ method: 'POST', url: '/api/auth/second-factor/setup', payload: { code: wrongCode } }),
      'AUTH_SECOND_FACTOR_INVALID',
      'body.code',
    );

    const code = totpCode(secret, testApp.clock.now());
    const confirmed = await pending.request({ method: 'POST', url: '/api/auth/second-factor/setup', payload: { code } });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toMatchObject({ stage: 'active', user: { id: user.id, hasSecondFactor: true } });
    const enrolled = clientFromReply(testApp, confirmed, pending.remoteAddress);
    expect(enrolled.cookie).not.toBe(pending.cookie);
    expectError(await pending.request({ method: 'GET', url: '/api/auth/session' }), 'AUTH_REQUIRED');
    expect((await enrolled.request({ method: 'GET', url: '/api/audit-events' })).statusCode).toBe(200);
    const row = await testApp.database.db.query.users.findFirst({ where: (users, { eq }) => eq(users.id, user.id) });
    expect(row).toMatchObject({ totpSecret: secret, totpEnabledAt: testApp.clock.now() });

    // the next sign-in asks for a code, and the one used to enrol cannot be replayed
    const next = await signIn(testApp, user.username);
    expect((await next.request({ method: 'GET', url: '/api/auth/session' })).json()).toMatchObject({ stage: 'second_factor' });
    expectError(await next.request({ method: 'POST', url: '/api/auth/second-factor', payload: { code } }), 'AUTH_SECOND_FACTOR_INVALID');
    testApp.clock.advance(30_000);
    expect(
      (
        await next.request({ method: 'POST', url: '/api/auth/second-factor', payload: { code: totpCode(secret, testApp.clock.now()) } })
      ).json(),
    ).toMatchObject({ stage: 'active' });

    const [enrolment] = await auditEventsOf(enrolled, { action: 'auth.second_factor_enrol' });
    expect(enrolment).toMatchObject({ actorId: user.id, outcome: 'success' });
  });

  it('refuses to start over for someone already enrolled', async () => {
    const { clients } = await createZoneWithUsers(testApp, ['system_admin']);
    expectError(await clients.system_admin.request({ method: 'GET', url: '/api/auth/second-factor/setup' }), 'CONFLICT');
    expectError(
      await clients.system_admin.request({
        method: 'POST',
        url: '/api/auth/second-factor/setup',
        payload: { code: totpCode(ADMIN_TOTP_SECRET, testApp.clock.now()) },
      }),
      'CONFLICT',
    );
  });
});

describe('GET /api/auth/session', () => {
  it('answers 401 without a session, or with an unknown cookie', async () => {
    expectError(await requestSignedOut(testApp, { method: 'GET', url: '/api/auth/session' }), 'AUTH_REQUIRED');
    expectError(
      await requestSignedOut(testApp, { method: 'GET', url: '/api/auth/session', headers: { cookie: 'yq_session=forged-token' } }),
      'AUTH_REQUIRED',
    );
  });

  it('describes the session and its CSRF token', async () => {
    const { clients, zone } = await createZoneWithUsers(testApp, ['applicant']);
    const response = await clients.applicant.request({ method: 'GET', url: '/api/auth/session' });
    expect(response.json()).toMatchObject({
      stage: 'active',
      csrfToken: clients.applicant.csrfToken,
      user: { id: clients.applicant.userId, kind: 'enterprise', roles: ['applicant'], zone: { id: zone.id }, department: null },
    });
  });
});

describe('POST /api/auth/password', () => {
  const NEW_PASSWORD = 'Willow-Creek-264';

  it('refuses a signed-out caller', async () => {
    expectError(
      await requestSignedOut(testApp, {
        method: 'POST',
        url: '/api/auth/password',
        payload: { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD },
      }),
      'AUTH_REQUIRED',
    );
  });

  it('names missing fields, a wrong current password, a reused and a weak new one', async () => {
    const { user } = await createMember(['clerk']);
    const client = await signIn(testApp, user.username);
    const change = (payload: object) => client.request({ method: 'POST', url: '/api/auth/password', payload });
    expectError(await change({ currentPassword: TEST_PASSWORD }), 'VALIDATION_FAILED', 'body.newPassword', 'required');
    expectError(
      await change({ currentPassword: 'not-my-password', newPassword: NEW_PASSWORD }),
      'AUTH_INVALID_CREDENTIALS',
      'body.currentPassword',
      'invalid',
    );
    expectError(
      await change({ currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD }),
      'PASSWORD_REUSED',
      'body.newPassword',
      'reused',
    );
    expectError(
      await change({ currentPassword: TEST_PASSWORD, newPassword: 'short' }),
      'PASSWORD_TOO_WEAK',
      'body.newPassword',
      'min_length',
    );
    expectError(
      await change({ currentPassword: TEST_PASSWORD, newPassword: 'iloveyou2026' }),
      'PASSWORD_TOO_COMMON',
      'body.newPassword',
      'common',
    );
    // nothing changed: the session goes on and the old password still works
    expect((await client.request({ method: 'GET', url: '/api/zone' })).statusCode).toBe(200);
    expect((await attemptSignIn(testApp, user.username, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('changes the password, keeps this session under a new token and signs the others out', async () => {
    const { user, zone } = await createMember(['inspector']);
    const auditor = await signIn(
      testApp,
      (await createUser(testApp.database.db, { zoneId: zone.id, roles: ['audit_admin'], totpSecret: ADMIN_TOTP_SECRET })).username,
      TEST_PASSWORD,
      ADMIN_TOTP_SECRET,
    );
    const here = await signIn(testApp, user.username);
    const elsewhere = await signIn(testApp, user.username);
    const response = await here.request({
      method: 'POST',
      url: '/api/auth/password',
      payload: { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ stage: 'active', user: { id: user.id } });
    const continued = clientFromReply(testApp, response, here.remoteAddress);
    expect(continued.cookie).not.toBe(here.cookie);
    expect((await continued.request({ method: 'GET', url: '/api/zone' })).statusCode).toBe(200);
    expectError(await here.request({ method: 'GET', url: '/api/zone' }), 'AUTH_REQUIRED');
    expectError(await elsewhere.request({ method: 'GET', url: '/api/zone' }), 'AUTH_REQUIRED');
    expectError(await attemptSignIn(testApp, user.username, TEST_PASSWORD), 'AUTH_INVALID_CREDENTIALS');
    expect((await attemptSignIn(testApp, user.username, NEW_PASSWORD)).statusCode).toBe(200);
    const events = await auditEventsOf(auditor, { action: 'auth.password_change' });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actorId: user.id, outcome: 'success' });
    expect(JSON.stringify(events)).not.toContain(NEW_PASSWORD);
  });
});

describe('POST /api/auth/sign-out', () => {
  it('refuses a signed-out caller', async () => {
    expectError(await requestSignedOut(testApp, { method: 'POST', url: '/api/auth/sign-out' }), 'AUTH_REQUIRED');
  });

  it('refuses a write carrying this session’s token but sent from another site', async () => {
    const { clients } = await createZoneWithUsers(testApp, ['clerk']);
    expectError(
      await clients.clerk.request({ method: 'POST', url: '/api/auth/sign-out', headers: { origin: 'https://evil.example' } }),
      'AUTH_CSRF_INVALID',
    );
    expectError(
      await clients.clerk.request({ method: 'POST', url: '/api/auth/sign-out', headers: { 'x-csrf-token': 'guessed' } }),
      'AUTH_CSRF_INVALID',
    );
    expect((await clients.clerk.request({ method: 'GET', url: '/api/zone' })).statusCode).toBe(200);
  });

  it('ends the session, clears the cookie and records it', async () => {
    const { clients } = await createZoneWithUsers(testApp, ['audit_admin', 'leader']);
    const response = await clients.leader.request({ method: 'POST', url: '/api/auth/sign-out' });
    expect(response.json()).toEqual({ ok: true });
    const cleared = response.cookies.find((entry) => entry.name === 'yq_session');
    expect(cleared?.value).toBe('');
    expect((await sessionRow(clients.leader.cookie))!.revokedAt).toEqual(testApp.clock.now());
    expectError(await clients.leader.request({ method: 'GET', url: '/api/zone' }), 'AUTH_REQUIRED');
    const [event] = await auditEventsOf(clients.audit_admin, { action: 'auth.sign_out' });
    expect(event).toMatchObject({ actorId: clients.leader.userId, outcome: 'success' });
  });

  it('lets a half-signed-in admin abandon the sign-in', async () => {
    const { user } = await createMember(['security_admin'], { totpSecret: ADMIN_TOTP_SECRET });
    const pending = await signIn(testApp, user.username);
    expect((await pending.request({ method: 'POST', url: '/api/auth/sign-out' })).statusCode).toBe(200);
    expectError(
      await pending.request({
        method: 'POST',
        url: '/api/auth/second-factor',
        payload: { code: totpCode(ADMIN_TOTP_SECRET, testApp.clock.now()) },
      }),
      'AUTH_REQUIRED',
    );
  });
});

describe('session timeouts', () => {
  it('ends even a busy session SESSION_ABSOLUTE_HOURS after sign-in', async () => {
    const { clients } = await createZoneWithUsers(testApp, ['approver']);
    const signedInAt = testApp.clock.now().getTime();
    const stepMs = 25 * 60_000;
    while (testApp.clock.now().getTime() + stepMs < signedInAt + SESSION_ABSOLUTE_HOURS * 3_600_000) {
      testApp.clock.advance(stepMs);
      const response = await clients.approver.request({ method: 'GET', url: '/api/home/summary' });
      expect(response.statusCode, `at ${(testApp.clock.now().getTime() - signedInAt) / 60_000} min`).toBe(200);
    }
    testApp.clock.set(new Date(signedInAt + SESSION_ABSOLUTE_HOURS * 3_600_000));
    expectError(await clients.approver.request({ method: 'GET', url: '/api/home/summary' }), 'AUTH_SESSION_EXPIRED');
  });
});
