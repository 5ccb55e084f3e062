import type { SessionReply } from '@yuanqu/shared';
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { createContext, useContext } from 'react';
import { fetchSession, signOut } from '../api';
import type { SignInNotice } from '../return-path';

export const SESSION_QUERY_KEY = ['auth', 'session'] as const;

/** The session as the server sees it: null when signed out. */
export function useSession() {
  return useQuery({
    queryKey: SESSION_QUERY_KEY,
    queryFn: fetchSession,
    staleTime: Infinity,
    retry: false,
  });
}

/**
 * Stores a session reply from a sign-in step. A reply without a session (`{ ok: true }`) makes the
 * app ask the server again.
 */
export async function applySessionReply(queryClient: QueryClient, reply: SessionReply | null): Promise<void> {
  sessionEndReason = null;
  if (reply) {
    queryClient.setQueryData(SESSION_QUERY_KEY, reply);
  } else {
    await queryClient.invalidateQueries({ queryKey: SESSION_QUERY_KEY });
  }
}

let sessionEndReason: SignInNotice | null = null;

/**
 * Why the last session ended, so that the shell sends the user to sign-in with the right notice
 * (and without a return path after a deliberate sign-out).
 */
export function readSessionEndReason(): SignInNotice | null {
  return sessionEndReason;
}

/** Forgets everything cached for the previous user. */
export function endSession(queryClient: QueryClient, reason: SignInNotice): void {
  sessionEndReason = reason;
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_QUERY_KEY[0] });
  queryClient.setQueryData(SESSION_QUERY_KEY, null);
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signOut,
    onSettled: () => endSession(queryClient, 'signedOut'),
  });
}

/** The signed-in session inside the application shell (never null there). */
export const ActiveSessionContext = createContext<SessionReply | null>(null);

export function useActiveSession(): SessionReply {
  const session = useContext(ActiveSessionContext);
  if (!session) throw new Error('useActiveSession must be used inside the signed-in shell');
  return session;
}
