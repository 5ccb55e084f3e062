import { http } from '../../app/http';

/**
 * Figures for the signed-in user's home page. The server sends only the counts this user may see
 * (keys such as `users`, `activeSessions`, `auditEventsToday`); the page shows exactly those.
 */
export interface HomeSummary {
  counts: Record<string, number>;
}

export function fetchHomeSummary(): Promise<HomeSummary> {
  return http.get<HomeSummary>('/api/home/summary');
}
