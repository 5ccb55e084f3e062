import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { AuditEvent, ErrorBody, ErrorCode } from '@yuanqu/shared';
import { ERROR_STATUS } from '@yuanqu/shared';
import { TEST_PASSWORD } from './factories.js';
import { nextClientAddress, type Client, type TestApp } from './test-app.js';

/**
 * Asserts a coded error reply: the status its code maps to, the code, a request id, and — when a
 * field is given — that the reply names that field (with the reason, when one is given).
 */
export function expectError(response: LightMyRequestResponse, code: ErrorCode, field?: string, reason?: string): ErrorBody['error'] {
  const body = response.json<ErrorBody>();
  expect({ status: response.statusCode, code: body.error?.code }, response.body).toEqual({ status: ERROR_STATUS[code], code });
  expect(body.error.requestId).toBe(response.headers['x-request-id']);
  if (field !== undefined) {
    expect(body.error.fields ?? []).toContainEqual(reason === undefined ? expect.objectContaining({ field }) : { field, reason });
  }
  return body.error;
}

/** A request with no session cookie, from its own address. */
export function requestSignedOut(testApp: TestApp, options: InjectOptions): Promise<LightMyRequestResponse> {
  return testApp.app.inject({ remoteAddress: nextClientAddress(), ...options });
}

/** One sign-in attempt, returning the raw reply (for refusals and pending stages). */
export function attemptSignIn(
  testApp: TestApp,
  username: string,
  password = TEST_PASSWORD,
  remoteAddress = nextClientAddress(),
): Promise<LightMyRequestResponse> {
  return testApp.app.inject({ method: 'POST', url: '/api/auth/sign-in', payload: { username, password }, remoteAddress });
}

/** The zone's audit trail as its audit admin sees it, newest first. */
export async function auditEventsOf(auditor: Client, query: Record<string, string | number> = {}): Promise<AuditEvent[]> {
  const response = await auditor.request({
    method: 'GET',
    url: '/api/audit-events',
    query: { pageSize: '100', ...Object.fromEntries(Object.entries(query).map(([key, value]) => [key, String(value)])) },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ items: AuditEvent[] }>().items;
}
