import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createZoneWithUsers, signIn, totpCode, ADMIN_TOTP_SECRET, type TestApp } from '../../test/test-app.js';
import { createUser, TEST_PASSWORD } from '../../test/factories.js';

describe('sign-in', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await createTestApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  it('signs a clerk in and describes the session', async () => {
    const { clients } = await createZoneWithUsers(testApp, ['clerk']);
    const response = await clients.clerk.request({ method: 'GET', url: '/api/auth/session' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ stage: 'active', user: { roles: ['clerk'], kind: 'staff' } });
  });

  it('asks an admin for the TOTP code, and refuses other calls until it is given', async () => {
    const { zone } = await createZoneWithUsers(testApp, []);
    const admin = await createUser(testApp.database.db, { zoneId: zone.id, roles: ['system_admin'], totpSecret: ADMIN_TOTP_SECRET });
    const first = await testApp.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username: admin.username, password: TEST_PASSWORD } });
    expect(first.json()).toMatchObject({ stage: 'second_factor' });
    const cookie = first.cookies.map((entry) => `${entry.name}=${entry.value}`).join('; ');
    const early = await testApp.app.inject({ method: 'GET', url: '/api/users', headers: { cookie } });
    expect(early.json().error.code).toBe('AUTH_SECOND_FACTOR_REQUIRED');
    const wrong = await testApp.app.inject({ method: 'POST', url: '/api/auth/second-factor', headers: { cookie, 'x-csrf-token': first.json().csrfToken }, payload: { code: '000000' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('AUTH_SECOND_FACTOR_INVALID');
    testApp.clock.advance(30_000);
    const right = await testApp.app.inject({ method: 'POST', url: '/api/auth/second-factor', headers: { cookie, 'x-csrf-token': first.json().csrfToken }, payload: { code: totpCode(ADMIN_TOTP_SECRET, testApp.clock.now()) } });
    expect(right.statusCode).toBe(200);
    expect(right.json()).toMatchObject({ stage: 'active', user: { roles: ['system_admin'] } });
  });

  it('locks the account after five wrong passwords, even for the right one', async () => {
    const { zone } = await createZoneWithUsers(testApp, []);
    const user = await createUser(testApp.database.db, { zoneId: zone.id, roles: ['approver'] });
    const attempt = (password: string) => testApp.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username: user.username, password } });
    const codes: string[] = [];
    for (let index = 0; index < 5; index += 1) codes.push((await attempt('wrong-password')).json().error.code);
    expect(codes).toEqual(['AUTH_INVALID_CREDENTIALS', 'AUTH_INVALID_CREDENTIALS', 'AUTH_INVALID_CREDENTIALS', 'AUTH_INVALID_CREDENTIALS', 'AUTH_ACCOUNT_LOCKED']);
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
