import diagnostics from 'node:diagnostics_channel';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, createZoneWithUsers, type TestApp } from './test/test-app.js';
import { testDatabaseKind } from './test/test-database.js';
import { expectError, requestSignedOut } from './test/route-helpers.js';

interface RegisteredRoute {
  method: string;
  url: string;
  isHidden: boolean;
}

/** Every route the app registers, seen through an onRoute hook added the moment Fastify is created. */
const registeredRoutes: RegisteredRoute[] = [];

function collectRoutes({ fastify }: { fastify: FastifyInstance }) {
  fastify.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const schema = route.schema as { hide?: boolean } | undefined;
    for (const method of methods) registeredRoutes.push({ method, url: route.url, isHidden: schema?.hide === true });
  });
}

describe('operations and the HTTP surface', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    diagnostics.subscribe('fastify.initialization', collectRoutes as (message: unknown) => void);
    try {
      testApp = await createTestApp();
    } finally {
      diagnostics.unsubscribe('fastify.initialization', collectRoutes as (message: unknown) => void);
    }
  });
  afterAll(async () => {
    await testApp.close();
  });

  it('answers liveness without a session', async () => {
    const response = await requestSignedOut(testApp, { method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });

  it('answers readiness with the kind of database it checked', async () => {
    const response = await requestSignedOut(testApp, { method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ready', database: testDatabaseKind });
  });

  it('exposes Prometheus metrics counting requests by route and status', async () => {
    await requestSignedOut(testApp, { method: 'GET', url: '/healthz' });
    await requestSignedOut(testApp, { method: 'GET', url: '/api/users' });
    const response = await requestSignedOut(testApp, { method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.body).toContain('# TYPE yuanqu_http_requests_total counter');
    expect(response.body).toMatch(/yuanqu_http_requests_total\{method="GET",route="\/healthz",status="200"\} [1-9]/);
    expect(response.body).toMatch(/yuanqu_http_requests_total\{method="GET",route="\/api\/users",status="401"\} [1-9]/);
    expect(response.body).toContain('yuanqu_http_request_duration_seconds_bucket');
    expect(response.body).toContain('yuanqu_process_cpu_user_seconds_total');
  });

  it('documents in OpenAPI every route the app registered, and no other', async () => {
    const response = await requestSignedOut(testApp, { method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json<{ openapi: string; paths: Record<string, Record<string, unknown>> }>();
    expect(document.openapi).toMatch(/^3\./);
    const documented = Object.entries(document.paths)
      .flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      )
      .sort();
    const registered = [
      ...new Set(
        registeredRoutes.filter((route) => !route.isHidden && route.method !== 'HEAD').map((route) => `${route.method} ${route.url}`),
      ),
    ].sort();
    expect(registered.length).toBeGreaterThan(25);
    expect(documented).toEqual(registered);
    // the operational and documentation routes are the only ones kept out of it, on purpose
    const hidden = [...new Set(registeredRoutes.filter((route) => route.isHidden && route.method !== 'HEAD').map((route) => route.url))];
    expect(hidden.filter((url) => !url.startsWith('/api/docs'))).toEqual(['/api/openapi.json', '/metrics']);
  });

  it('gives every API operation a summary, its success reply and its error replies', async () => {
    const document = (await requestSignedOut(testApp, { method: 'GET', url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, { summary?: string; responses: Record<string, unknown> }>>;
    }>();
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const statuses = Object.keys(operation.responses);
        expect(operation.summary, `${method} ${path}`).toBeTruthy();
        expect(
          statuses.some((status) => /^2\d\d$/.test(status)),
          `${method} ${path} documents no success reply`,
        ).toBe(true);
        if (path.startsWith('/api/'))
          expect(
            statuses.some((status) => status.startsWith('4')),
            `${method} ${path} documents no error reply`,
          ).toBe(true);
      }
    }
  });

  it('sends security headers on API replies and pages alike', async () => {
    for (const url of ['/api/zone', '/healthz', '/api/no-such-thing']) {
      const response = await requestSignedOut(testApp, { method: 'GET', url });
      expect(response.headers['content-security-policy'], url).toContain("default-src 'self'");
      expect(response.headers['content-security-policy'], url).toContain("frame-ancestors 'none'");
      expect(response.headers['x-content-type-options'], url).toBe('nosniff');
      expect(response.headers['referrer-policy'], url).toBe('no-referrer');
      expect(response.headers['x-request-id'], url).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect((await requestSignedOut(testApp, { method: 'GET', url: '/api/zone' })).headers['cache-control']).toBe('no-store');
  });

  it('answers an unknown API path with a coded 404, signed in or not', async () => {
    const { clients } = await createZoneWithUsers(testApp, ['clerk']);
    for (const response of [
      await requestSignedOut(testApp, { method: 'GET', url: '/api/no-such-thing' }),
      await clients.clerk.request({ method: 'POST', url: '/api/users/123/explode', payload: {} }),
      await requestSignedOut(testApp, { method: 'DELETE', url: '/api/zone' }),
    ]) {
      const error = expectError(response, 'NOT_FOUND');
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(error.message).toMatch(/^No route /);
    }
  });

  it('answers a body that is not JSON with a 400 naming the body', async () => {
    const { clients } = await createZoneWithUsers(testApp, ['system_admin']);
    const malformed = await requestSignedOut(testApp, {
      method: 'POST',
      url: '/api/auth/sign-in',
      headers: { 'content-type': 'application/json' },
      payload: '{"username": "a",',
    });
    expectError(malformed, 'VALIDATION_FAILED', 'body', 'malformed');
    const plainText = await requestSignedOut(testApp, {
      method: 'POST',
      url: '/api/auth/sign-in',
      headers: { 'content-type': 'text/plain' },
      payload: 'username=a&password=b',
    });
    expectError(plainText, 'VALIDATION_FAILED', 'body');
    const unknownType = await clients.system_admin.request({
      method: 'POST',
      url: '/api/departments',
      headers: { 'content-type': 'application/xml' },
      payload: '<department/>',
    });
    expectError(unknownType, 'VALIDATION_FAILED', 'body');
    const empty = await clients.system_admin.request({
      method: 'POST',
      url: '/api/departments',
      headers: { 'content-type': 'application/json' },
      payload: '',
    });
    expectError(empty, 'VALIDATION_FAILED', 'body');
    const tooLarge = await requestSignedOut(testApp, {
      method: 'POST',
      url: '/api/auth/sign-in',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ username: 'a', password: 'x'.repeat(1024 * 1024 + 1) }),
    });
    expectError(tooLarge, 'VALIDATION_FAILED', 'body', 'too_large');
  });

  it('never answers the requests above with a 5xx or internals', async () => {
    const requests = [
      { method: 'GET', url: '/healthz' },
      { method: 'GET', url: '/readyz' },
      { method: 'GET', url: '/metrics' },
      { method: 'GET', url: '/api/openapi.json' },
      { method: 'GET', url: '/api/%E0%A4%A' },
      { method: 'GET', url: '/api/users?page=abc' },
      { method: 'POST', url: '/api/auth/sign-in', headers: { 'content-type': 'application/json' }, payload: 'null' },
      { method: 'POST', url: '/api/auth/sign-in', headers: { 'content-type': 'application/json' }, payload: '[]' },
      {
        method: 'POST',
        url: '/api/auth/sign-in',
        headers: { 'content-type': 'application/json' },
        payload: '{"username":{"$ne":null},"password":["x"]}',
      },
    ] as const;
    for (const options of requests) {
      const response = await requestSignedOut(testApp, options);
      expect(response.statusCode, `${options.method} ${options.url}: ${response.body}`).toBeLessThan(500);
      expect(response.body).not.toMatch(/at .*\.(ts|js):\d+/);
    }
  });
});
