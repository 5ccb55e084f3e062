import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { ROLES, type ErrorBody, type Role } from '@yuanqu/shared';
import { createTestApp, createZoneWithUsers, type Client } from './test/test-app.js';

/**
 * Property-based bad input (SPEC §9: every request is checked on the server). For every route under
 * /api/ that the OpenAPI document gives a body, querystring or path-parameter schema, fast-check
 * sends hostile variants of valid requests — wrong types, missing required fields, extra fields,
 * huge and odd strings, NUL and lone surrogates, negative and huge numbers, malformed uuids, nulls,
 * arrays for objects, random JSON, malformed JSON — as a signed-in user holding a role the route
 * admits (so that valid enough requests reach the handler too). The API must never answer 5xx; every
 * 4xx is a coded error `{ error: { code, message, requestId } }`; every 400 names a field of the
 * request (`body…`, `query…` or `params…`).
 *
 * One app and one signed-in user per role serve every route; requests go through inject(). The
 * clock does not move, so the sessions never idle out.
 *
 * Left out: the tus upload endpoint /api/uploads (and /api/uploads/:uploadId). Its protocol is in the
 * headers (Upload-Length, Upload-Offset, Upload-Metadata), not in a schema; files.resume.test.ts and
 * files.routes.test.ts test it.
 */

const EXCLUDED_PATH = /^\/api\/uploads(\/|$)/;
/**
 * Runs per route: 1,000 for a route with a body; fewer for one with only a querystring or path
 * parameters, whose inputs are simpler and which would otherwise double the time (each request
 * resolves its session in the database). FUZZ_RUNS and FUZZ_RUNS_WITHOUT_BODY override them.
 */
const RUNS_WITH_BODY = Number(process.env.FUZZ_RUNS ?? 1000);
const RUNS_WITHOUT_BODY = Number(process.env.FUZZ_RUNS_WITHOUT_BODY ?? Math.min(RUNS_WITH_BODY, 200));

/** The part of JSON Schema (as @fastify/swagger writes OpenAPI 3.0) the routes use. */
interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  minProperties?: number;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  nullable?: boolean;
}

interface OpenApiOperation {
  requestBody?: { content?: Record<string, { schema: JsonSchema }> };
  parameters?: Array<{ in: string; name: string; required?: boolean; schema: JsonSchema }>;
}

interface FuzzRoute {
  method: string;
  /** OpenAPI path with `{name}` placeholders. */
  path: string;
  body: JsonSchema | undefined;
  query: JsonSchema | undefined;
  params: JsonSchema | undefined;
}

interface FuzzRequest {
  params: Record<string, unknown>;
  query: Record<string, unknown> | undefined;
  /** A JSON value to send, or `{ raw }` text sent as it is with a JSON content type. */
  body: { json: unknown } | { raw: string } | undefined;
}

function objectSchemaOf(parameters: NonNullable<OpenApiOperation['parameters']>, place: string): JsonSchema | undefined {
  const mine = parameters.filter((parameter) => parameter.in === place);
  if (mine.length === 0) return undefined;
  return {
    type: 'object',
    properties: Object.fromEntries(mine.map((parameter) => [parameter.name, parameter.schema])),
    required: mine.filter((parameter) => parameter.required).map((parameter) => parameter.name),
  };
}

function routesOf(document: { paths: Record<string, Record<string, OpenApiOperation>> }): FuzzRoute[] {
  const routes: FuzzRoute[] = [];
  for (const [routePath, operations] of Object.entries(document.paths)) {
    if (!routePath.startsWith('/api/') || EXCLUDED_PATH.test(routePath)) continue;
    for (const [method, operation] of Object.entries(operations)) {
      const parameters = operation.parameters ?? [];
      const route: FuzzRoute = {
        method: method.toUpperCase(),
        path: routePath,
        body: operation.requestBody?.content?.['application/json']?.schema,
        query: objectSchemaOf(parameters, 'query'),
        params: objectSchemaOf(parameters, 'path'),
      };
      if (route.body || route.query || route.params) routes.push(route);
    }
  }
  return routes;
}

// ---------------------------------------------------------------------------------------------
// Valid values from a schema: the base that the hostile variants change one thing of.

function validString(schema: JsonSchema): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(schema.maxLength ?? 40, minLength + 40));
  const fits = (text: string) => [...text].length >= minLength && [...text].length <= (schema.maxLength ?? Number.POSITIVE_INFINITY);
  switch (schema.format) {
    case 'uuid':
      return fc.uuid();
    case 'date-time':
      return fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString());
    case 'email':
      return fc.emailAddress().filter(fits);
    case undefined:
    default:
      break;
  }
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern), { size: 'small' }).filter(fits);
  return fc.string({ unit: 'grapheme', minLength, maxLength });
}

function valid(schema: JsonSchema): fc.Arbitrary<unknown> {
  const alternatives = schema.anyOf ?? schema.oneOf;
  let arbitrary: fc.Arbitrary<unknown>;
  if (alternatives) {
    arbitrary = fc.oneof(...alternatives.map(valid));
  } else if (schema.enum) {
    arbitrary = fc.constantFrom(...schema.enum);
  } else {
    switch (schema.type) {
      case 'string':
        arbitrary = validString(schema);
        break;
      case 'integer':
        arbitrary = fc.integer({ min: schema.minimum ?? -1000, max: schema.maximum ?? Math.max(1000, (schema.minimum ?? 0) + 1000) });
        break;
      case 'number':
        arbitrary = fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1_000_000, noNaN: true, noDefaultInfinity: true });
        break;
      case 'boolean':
        arbitrary = fc.boolean();
        break;
      case 'array': {
        const item = valid(schema.items ?? {});
        const constraints = { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 3, (schema.minItems ?? 0) + 3) };
        arbitrary = schema.uniqueItems ? fc.uniqueArray(item, { ...constraints, selector: (value) => JSON.stringify(value) }) : fc.array(item, constraints);
        break;
      }
      case 'object': {
        const properties = Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, property]) => [key, valid(property)]));
        const record: fc.Arbitrary<Record<string, unknown>> = fc.record(properties, { requiredKeys: (schema.required ?? []).filter((key) => key in properties) });
        const extra = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
        arbitrary = extra
          ? fc.tuple(record, fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), valid(extra), { maxKeys: 3 })).map(([known, more]) => ({ ...more, ...known }))
          : record;
        if (schema.minProperties) arbitrary = arbitrary.filter((value) => Object.keys(value as object).length >= schema.minProperties!);
        break;
      }
      case undefined:
      default:
        arbitrary = fc.jsonValue({ maxDepth: 2 });
    }
  }
  return schema.nullable ? fc.option(arbitrary, { nil: null, freq: 5 }) : arbitrary;
}

// ---------------------------------------------------------------------------------------------
// Hostile values.

const SAMPLE_UUID = '123e4567-e89b-42d3-a456-426614174000';
const HUGE_TEXT = 'a'.repeat(100_000);
const HUGE_CJK = '園'.repeat(40_000);
/** Over the 1 MiB body limit once in JSON. */
const OVERSIZED_TEXT = 'x'.repeat(1_100_000);

const oddStrings = fc.constantFrom(
  '',
  ' ',
  '%00',
  '\u202eevil',
  '😀👨‍👩‍👧',
  '𠀀𪚥',
  'Ｆｕｌｌｗｉｄｔｈ',
  "' OR 1=1 --",
  '"; drop table users; --',
  '<script>alert(1)</script>',
  '../../../etc/passwd',
  '\\',
  '%',
  '_',
  '%_%',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  'true',
  '__proto__',
  'constructor',
  '2026-02-30',
  '0000-00-00',
  '9999-12-31',
  '2026-13-01T25:61:00Z',
  '00000000-0000-0000-0000-000000000000',
  'not-a-uuid',
  `${SAMPLE_UUID} `,
  ` ${SAMPLE_UUID}`,
  `{${SAMPLE_UUID}}`,
  SAMPLE_UUID.toUpperCase(),
  SAMPLE_UUID.slice(0, -1),
  SAMPLE_UUID.replace(/-/g, ''),
  'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz',
  HUGE_TEXT,
  HUGE_CJK,
);

const oddNumbers = fc.constantFrom(
  -1,
  0,
  0.5,
  -0.000001,
  2 ** 31,
  -(2 ** 31) - 1,
  2 ** 53,
  Number.MAX_SAFE_INTEGER,
  -Number.MAX_SAFE_INTEGER,
  1e21,
  -1e21,
  1e308,
  -1e308,
  Number.MIN_VALUE,
);

const hostileLeaf: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: oddStrings },
  { weight: 3, arbitrary: oddNumbers },
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 200, maxLength: 3000 }) },
  { weight: 2, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 2, arbitrary: fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 4 }) },
  { weight: 2, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

function isObjectSchema(schema: JsonSchema): boolean {
  return schema.type === 'object' || schema.properties !== undefined;
}

/** A value of the schema with one thing wrong in it (or, sometimes, a valid one, to reach the handler). */
function hostile(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  const options: Array<fc.WeightedArbitrary<unknown>> = [
    { weight: 3, arbitrary: hostileLeaf },
    { weight: 1, arbitrary: valid(schema) },
  ];
  if (isObjectSchema(schema) && depth < 4) {
    const base = valid(schema) as fc.Arbitrary<Record<string, unknown>>;
    const properties = Object.entries(schema.properties ?? {});
    if (properties.length > 0) {
      options.push({
        weight: 8,
        arbitrary: fc
          .tuple(base, fc.constantFrom(...properties))
          .chain(([value, [key, property]]) => hostile(property, depth + 1).map((bad) => ({ ...value, [key]: bad }))),
      });
    }
    const required = schema.required ?? [];
    if (required.length > 0) {
      options.push({
        weight: 3,
        arbitrary: fc.tuple(base, fc.subarray(required, { minLength: 1 })).map(([value, missing]) => Object.fromEntries(Object.entries(value).filter(([key]) => !missing.includes(key)))),
      });
    }
    options.push({
      weight: 2,
      arbitrary: fc
        .tuple(base, fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), fc.constantFrom('__proto__', 'constructor', 'prototype', 'isAdmin', 'zoneId', 'id')), fc.jsonValue({ maxDepth: 2 }))
        .map(([value, key, extra]) => ({ ...value, [key]: extra })),
    });
  }
  if (schema.type === 'array' && depth < 4) {
    const item = schema.items ?? {};
    options.push({ weight: 3, arbitrary: fc.array(hostile(item, depth + 1), { minLength: 1, maxLength: 4 }) });
    options.push({ weight: 1, arbitrary: valid(item).map((value) => Array.from({ length: (schema.maxItems ?? 100) + 1 }, () => value)) });
  }
  return fc.oneof(...options);
}

/** A body: mostly a hostile variant of a valid one, sometimes malformed JSON text or a body too large. */
function hostileBody(schema: JsonSchema): fc.Arbitrary<FuzzRequest['body']> {
  return fc.oneof(
    { weight: 60, arbitrary: hostile(schema).map((json) => ({ json })) },
    { weight: 3, arbitrary: fc.constantFrom('', '{', '{"a":', '[1,', 'nul', '"unterminated', '{"a":1}}', '{"__proto__":{"isAdmin":true}}', '{"constructor":{"prototype":{"x":1}}}').map((raw) => ({ raw })) },
    { weight: 1, arbitrary: fc.constant({ json: { text: OVERSIZED_TEXT } }) },
  );
}

function requestArbitrary(route: FuzzRoute): fc.Arbitrary<FuzzRequest> {
  const params = Object.entries(route.params?.properties ?? {}).map(([key, property]) => [key, hostile(property).map(textOf)] as const);
  return fc
    .record({
      // Path parameters are always present (an empty one would be another route); their values are hostile.
      params: fc.record(Object.fromEntries(params)) as fc.Arbitrary<Record<string, unknown>>,
      query: route.query ? (hostile(route.query).filter((value) => typeof value === 'object' && value !== null && !Array.isArray(value)) as fc.Arbitrary<Record<string, unknown>>) : fc.constant(undefined),
      body: route.body ? hostileBody(route.body) : fc.constant(undefined),
    })
    .map((request) => request as FuzzRequest);
}

// ---------------------------------------------------------------------------------------------
// Turning values into a request.

/** Percent-encodes the UTF-8 bytes (a lone surrogate becomes U+FFFD, as a browser would send it). */
function percentEncode(text: string): string {
  let encoded = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const character = String.fromCharCode(byte);
    encoded += /[A-Za-z0-9\-._~]/.test(character) ? character : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return encoded;
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  return JSON.stringify(value);
}

function urlOf(route: FuzzRoute, request: FuzzRequest): string {
  const pathname = route.path.replace(/\{([^}]+)\}/g, (_match, name: string) => percentEncode(textOf(request.params[name])));
  if (!request.query) return pathname;
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(request.query)) {
    for (const item of Array.isArray(value) ? value : [value]) pairs.push(`${percentEncode(key)}=${percentEncode(textOf(item))}`);
  }
  return pairs.length > 0 ? `${pathname}?${pairs.join('&')}` : pathname;
}

function send(client: Client, route: FuzzRoute, request: FuzzRequest): Promise<LightMyRequestResponse> {
  const url = urlOf(route, request);
  const method = route.method as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  if (!request.body) return client.request({ method, url });
  const payload = 'raw' in request.body ? request.body.raw : JSON.stringify(request.body.json) ?? 'null';
  return client.request({ method, url, payload, headers: { 'content-type': 'application/json' } });
}

const FIELD_OF_THE_REQUEST = /^(body|query|params)(\.|$)/;

/** What every reply to bad input must be. */
function checkReply(route: FuzzRoute, request: FuzzRequest, response: LightMyRequestResponse): void {
  const context = () => `${route.method} ${urlOf(route, request).slice(0, 300)} body=${JSON.stringify(request.body)?.slice(0, 300)} → ${response.statusCode} ${response.body.slice(0, 300)}`;
  if (response.statusCode >= 500) throw new Error(`5xx: ${context()}`);
  if (response.statusCode < 400) return;
  let body: ErrorBody;
  try {
    body = response.json<ErrorBody>();
  } catch {
    throw new Error(`a 4xx without a JSON body: ${context()}`);
  }
  const error = body.error;
  if (typeof error?.code !== 'string' || typeof error.message !== 'string' || typeof error.requestId !== 'string' || error.requestId !== response.headers['x-request-id']) {
    throw new Error(`a 4xx without { error: { code, message, requestId } }: ${context()}`);
  }
  // `body` alone names the whole body (malformed JSON, or a body of the wrong type).
  if (response.statusCode === 400 && !(error.fields ?? []).some((field) => FIELD_OF_THE_REQUEST.test(field.field))) {
    throw new Error(`a 400 naming no field of the request: ${context()}`);
  }
}

// ---------------------------------------------------------------------------------------------

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yuanqu-fuzz-'));
const testApp = await createTestApp(undefined, { dataDir });
const openApi = await testApp.app.inject({ method: 'GET', url: '/api/openapi.json' });
const routes = routesOf(openApi.json());
const { clients } = await createZoneWithUsers(testApp, [...ROLES]);

afterAll(async () => {
  await testApp.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** The refusal of `app.authorize()` names the roles the route admits. */
const ROLES_MESSAGE = /^This needs one of the roles: (.+)$/;

/**
 * A client holding a role the route admits, found by sending valid requests: a refusal for the role
 * names the roles that may call; anything else means the request got past the role check.
 */
async function clientFor(route: FuzzRoute): Promise<{ client: Client; role: Role }> {
  const probe = clients.applicant;
  const samples = fc.sample(requestArbitraryValid(route), { numRuns: 30, seed: 7 });
  for (const sample of samples) {
    const response = await send(probe, route, sample);
    if (response.statusCode === 400 && response.json<ErrorBody>().error.code === 'VALIDATION_FAILED') continue;
    const match = response.statusCode === 403 ? ROLES_MESSAGE.exec(response.json<ErrorBody>().error.message) : null;
    if (!match) return { client: probe, role: 'applicant' };
    const role = match[1]!.split(', ')[0] as Role;
    return { client: clients[role], role };
  }
  throw new Error(`No valid request for ${route.method} ${route.path} among the samples: extend valid() for its schema`);
}

function requestArbitraryValid(route: FuzzRoute): fc.Arbitrary<FuzzRequest> {
  return fc.record({
    params: route.params ? (valid(route.params) as fc.Arbitrary<Record<string, unknown>>) : fc.constant({}),
    query: route.query ? (valid(route.query) as fc.Arbitrary<Record<string, unknown>>) : fc.constant(undefined),
    body: route.body ? valid(route.body).map((json) => ({ json })) : fc.constant(undefined),
  });
}

describe('bad input never breaks the API', () => {
  it('finds the routes with input schemas in the OpenAPI document, without the tus upload endpoint', () => {
    expect(routes.length).toBeGreaterThan(40);
    expect(routes.some((route) => route.path.startsWith('/api/uploads'))).toBe(false);
    expect(routes.filter((route) => route.body).length).toBeGreaterThan(25);
  });

  for (const route of routes) {
    const runs = route.body ? RUNS_WITH_BODY : RUNS_WITHOUT_BODY;
    it(`${route.method} ${route.path} (${runs} runs)`, { timeout: 600_000 }, async () => {
      const { client } = await clientFor(route);
      await fc.assert(
        fc.asyncProperty(requestArbitrary(route), async (request) => {
          checkReply(route, request, await send(client, route, request));
        }),
        { numRuns: runs },
      );
    });
  }
});

/** A reply that is not a 5xx and carries a coded error: what the known gaps do not do yet. */
function expectCodedRefusal(response: LightMyRequestResponse): void {
  expect(response.statusCode).toBeLessThan(500);
  const error = response.json<Partial<ErrorBody>>().error;
  expect({ code: typeof error?.code, message: typeof error?.message, requestId: typeof error?.requestId }).toEqual({ code: 'string', message: 'string', requestId: 'string' });
  expect(error?.requestId).toBe(response.headers['x-request-id']);
}

describe('input the schemas let through but no database can store', () => {
  it('refuses NUL in text with the field named', async () => {
    const reply = await clients.system_admin.request({ method: 'POST', url: '/api/departments', payload: { code: 'nul-text', nameZh: '党政办公室\u0000', nameEn: 'Office' } });
    expectCodedRefusal(reply);
    expect(reply.json().error.fields).toEqual([{ field: 'body.nameZh', reason: 'invalid_text' }]);
  });

  it('refuses a lone surrogate with the field named', async () => {
    const reply = await clients.system_admin.request({ method: 'POST', url: '/api/departments', payload: '{"code":"lone-surrogate","nameZh":"党政办公室\\udfff","nameEn":"Office"}', headers: { 'content-type': 'application/json' } });
    expectCodedRefusal(reply);
    expect(reply.json().error.fields).toEqual([{ field: 'body.nameZh', reason: 'invalid_text' }]);
  });

  it('refuses a pageSize or page of "Infinity" and a page past any sensible offset', async () => {
    for (const url of ['/api/service-items?pageSize=Infinity', '/api/service-items?page=Infinity', '/api/cases?page=99999999999', '/api/users?page=1e300']) {
      const reply = await clients.system_admin.request({ method: 'GET', url });
      expect(reply.statusCode, `${url} ${reply.body}`).toBe(400);
      expectCodedRefusal(reply);
      expect(reply.json().error.fields[0].field, url).toMatch(/^query\.page/);
    }
  });
});

describe('what the router refuses before any route runs', () => {
  it('answers a path parameter over 100 characters with a coded error naming the path', async () => {
    const reply = await clients.clerk.request({ method: 'GET', url: `/api/cases/${'a'.repeat(101)}` });
    expectCodedRefusal(reply);
    expect(reply.statusCode).toBe(400);
    expect(reply.json().error).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'params', reason: 'maxLength' }] });
  });

  it('answers a malformed percent-encoding in the path with a coded error naming the path', async () => {
    const reply = await clients.clerk.request({ method: 'GET', url: '/api/cases/%E0%A4%A' });
    expectCodedRefusal(reply);
    expect(reply.statusCode).toBe(400);
    expect(reply.json().error).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'params', reason: 'malformed' }] });
    // No hook runs for these replies; they carry the security headers all the same.
    expect(reply.headers).toMatchObject({
      'content-security-policy': expect.stringContaining("frame-ancestors 'none'"),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    });
  });
});
