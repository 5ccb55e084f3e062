import type { ErrorCode } from '@yuanqu/shared';

/** One field the server refused, as `{ error: { fields } }` lists it. */
export interface FieldProblem {
  field: string;
  reason: string;
}

/**
 * A refusal from the API, carrying the server's error code. The message is the server's (for
 * logs); people see the translation of `code` (see `app/i18n/errors.ts`).
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode | 'NETWORK' | 'UNEXPECTED_REPLY';
  readonly fields: FieldProblem[];
  readonly requestId: string | undefined;

  constructor(options: { status: number; code: ApiError['code']; message: string; fields?: FieldProblem[]; requestId?: string }) {
    super(options.message);
    this.name = 'ApiError';
    this.status = options.status;
    this.code = options.code;
    this.fields = options.fields ?? [];
    this.requestId = options.requestId;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

type QueryValue = string | number | boolean | null | undefined;
export type QueryParams = Record<string, QueryValue>;

interface RequestOptions {
  query?: QueryParams;
  body?: unknown;
  signal?: AbortSignal;
  /**
   * A 401 from this call is an expected answer (the session probe, the sign-in form), not a sign
   * that the session ended under the user's feet.
   */
  isSessionEndExpected?: boolean;
}

/** Codes that mean "your session is gone or not in a state to do this": go back to sign-in. */
const SESSION_ENDED_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'AUTH_REQUIRED',
  'AUTH_SESSION_EXPIRED',
  'AUTH_SECOND_FACTOR_REQUIRED',
  'AUTH_SECOND_FACTOR_SETUP_REQUIRED',
  'AUTH_PASSWORD_CHANGE_REQUIRED',
]);

let csrfToken: string | null = null;
const sessionEndedListeners = new Set<(error: ApiError) => void>();

/** The token from the latest session reply; sent back as `x-csrf-token` on every write. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when any API call reports that the session has ended; returns the unsubscribe. */
export function onSessionEnded(listener: (error: ApiError) => void): () => void {
  sessionEndedListeners.add(listener);
  return () => {
    sessionEndedListeners.delete(listener);
  };
}

/** Builds `/api/...?a=1&b=2`, leaving out empty values so the server's defaults apply. */
export function buildUrl(path: string, query?: QueryParams): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readFields(value: unknown): FieldProblem[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) =>
    isRecord(item) && typeof item.field === 'string' && typeof item.reason === 'string' ? [{ field: item.field, reason: item.reason }] : [],
  );
}

async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  const error = isRecord(body) && isRecord(body.error) ? body.error : null;
  if (error && typeof error.code === 'string') {
    return new ApiError({
      status: response.status,
      code: error.code as ErrorCode,
      message: typeof error.message === 'string' ? error.message : response.statusText,
      fields: readFields(error.fields),
      ...(typeof error.requestId === 'string' ? { requestId: error.requestId } : {}),
    });
  }
  return new ApiError({
    status: response.status,
    code: response.status >= 500 ? 'INTERNAL' : 'UNEXPECTED_REPLY',
    message: `${response.status} ${response.statusText}`,
  });
}

async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const hasBody = options.body !== undefined;
  if (hasBody) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      ...(hasBody ? { body: JSON.stringify(options.body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError({ status: 0, code: 'NETWORK', message: cause instanceof Error ? cause.message : 'Network error' });
  }

  if (!response.ok) {
    const error = await toApiError(response);
    if (!options.isSessionEndExpected && SESSION_ENDED_CODES.has(error.code)) {
      csrfToken = null;
      for (const listener of sessionEndedListeners) listener(error);
    }
    throw error;
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  if (!text) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError({ status: response.status, code: 'UNEXPECTED_REPLY', message: 'The reply is not JSON' });
  }
}

/** The one way the web app talks to the API; used only by `modules/<domain>/api.ts`. */
export const http = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'body'>) => request<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>) => request<T>('POST', path, { ...options, body }),
  put: <T>(path: string, body: unknown, options?: Omit<RequestOptions, 'body'>) => request<T>('PUT', path, { ...options, body }),
  patch: <T>(path: string, body: unknown, options?: Omit<RequestOptions, 'body'>) => request<T>('PATCH', path, { ...options, body }),
  delete: <T>(path: string, options?: Omit<RequestOptions, 'body'>) => request<T>('DELETE', path, options),
};
