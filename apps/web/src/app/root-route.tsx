import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { Outlet } from 'react-router-dom';
import { endSession } from '../modules/auth/hooks/use-session';
import { onSessionEnded } from './http';

/**
 * Listens for any API call that finds the session gone (expired, revoked): the cached data is
 * dropped and the signed-in shell sends the user to sign-in, keeping the path to return to.
 */
export function RootRoute() {
  const queryClient = useQueryClient();
  useEffect(() => onSessionEnded(() => endSession(queryClient, 'sessionExpired')), [queryClient]);
  return <Outlet />;
}
