import type { ChangePasswordBody, SecondFactorBody, SecondFactorSetupReply, SessionReply, SignInBody } from '@yuanqu/shared';
import { http, isApiError, setCsrfToken } from '../../app/http';

function isSessionReply(value: unknown): value is SessionReply {
  return typeof value === 'object' && value !== null && 'stage' in value && 'user' in value && 'csrfToken' in value;
}

/** Keeps the CSRF token of a session reply; other replies (`{ ok: true }`) give null. */
function keepSession(reply: unknown): SessionReply | null {
  if (!isSessionReply(reply)) return null;
  setCsrfToken(reply.csrfToken);
  return reply;
}

/** The current session, or null when signed out (the server answers 401). */
export async function fetchSession(): Promise<SessionReply | null> {
  try {
    return keepSession(await http.get<SessionReply>('/api/auth/session', { isSessionEndExpected: true }));
  } catch (error) {
    if (isApiError(error) && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export async function signIn(body: SignInBody): Promise<SessionReply | null> {
  return keepSession(await http.post<SessionReply>('/api/auth/sign-in', body, { isSessionEndExpected: true }));
}

export async function verifySecondFactor(body: SecondFactorBody): Promise<SessionReply | null> {
  return keepSession(await http.post<SessionReply>('/api/auth/second-factor', body));
}

export function fetchSecondFactorSetup(): Promise<SecondFactorSetupReply> {
  return http.get<SecondFactorSetupReply>('/api/auth/second-factor/setup');
}

export async function confirmSecondFactorSetup(body: SecondFactorBody): Promise<SessionReply | null> {
  return keepSession(await http.post<SessionReply>('/api/auth/second-factor/setup', body));
}

export async function changePassword(body: ChangePasswordBody): Promise<SessionReply | null> {
  return keepSession(await http.post<SessionReply>('/api/auth/password', body));
}

export async function signOut(): Promise<void> {
  try {
    await http.post<unknown>('/api/auth/sign-out', undefined, { isSessionEndExpected: true });
  } finally {
    setCsrfToken(null);
  }
}
