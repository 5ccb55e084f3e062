import type { FastifyRequest } from 'fastify';
import type { FieldProblem } from '../lib/errors.js';

const NUL = String.fromCharCode(0);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Deeper than any body the API accepts; a deeper one is refused rather than walked. */
const MAX_DEPTH = 32;
/** The largest row offset a list is asked to skip; past it, `page` is out of range. */
const MAX_OFFSET = 10_000_000;

/**
 * What the schema validator lets through but the database cannot take, found once for every route
 * after validation:
 * - text PostgreSQL cannot store: NUL (U+0000) anywhere, and a lone UTF-16 surrogate, which JSON
 *   allows (`"\udfff"`) but jsonb refuses;
 * - numbers in the query or path that are not finite or beyond a safe integer: the validator coerces the text
 *   "Infinity" to a number that satisfies `integer` and every bound it is not compared against;
 * - a `page` whose first row lies past any offset worth asking for.
 * Returns the problems, each with its field, or none.
 */
/** Parsed JSON and query objects (the query parser's have a prototype of their own); not a stream or buffer a route reads itself. */
function isPlainData(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return false;
  return typeof (value as { pipe?: unknown }).pipe !== 'function';
}

export function findUnstorableInput(request: Pick<FastifyRequest, 'query' | 'params' | 'body'>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const walk = (value: unknown, field: string, depth: number, numbersMustBeFinite: boolean): void => {
    if (typeof value === 'string') {
      if (value.includes(NUL) || LONE_SURROGATE.test(value)) problems.push({ field, reason: 'invalid_text' });
    } else if (typeof value === 'number') {
      if (numbersMustBeFinite && (!Number.isFinite(value) || Math.abs(value) > Number.MAX_SAFE_INTEGER)) problems.push({ field, reason: 'maximum' });
    } else if (isPlainData(value)) {
      if (depth >= MAX_DEPTH) {
        problems.push({ field, reason: 'too_deep' });
        return;
      }
      for (const [key, child] of Object.entries(value)) {
        if (key.includes(NUL) || LONE_SURROGATE.test(key)) problems.push({ field, reason: 'invalid_text' });
        else walk(child, `${field}.${key}`, depth + 1, numbersMustBeFinite);
      }
    }
  };
  walk(request.params, 'params', 0, true);
  walk(request.query, 'query', 0, true);
  walk(request.body, 'body', 0, false);

  const query = request.query as { page?: unknown; pageSize?: unknown } | undefined;
  if (typeof query?.page === 'number' && Number.isFinite(query.page)) {
    const pageSize = typeof query.pageSize === 'number' && Number.isFinite(query.pageSize) ? query.pageSize : 20;
    if ((query.page - 1) * pageSize > MAX_OFFSET) problems.push({ field: 'query.page', reason: 'maximum' });
  }
  return problems;
}
