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

/** Open cases of the zone by status, and how many are overdue: one small page of the queue each. */
export async function fetchCaseCounts(): Promise<{ byStatus: Record<string, number>; overdue: number }> {
  const [queue, overdue] = await Promise.all([
    http.get<{ counts: Record<string, number> }>('/api/cases', { query: { pageSize: 1 } }),
    http.get<{ total: number }>('/api/cases', { query: { pageSize: 1, light: 'red' } }),
  ]);
  return { byStatus: queue.counts, overdue: overdue.total };
}

/** How many cases the signed-in applicant has (drafts included). */
export async function fetchMyCaseCount(): Promise<number> {
  const page = await http.get<{ total: number }>('/api/cases/mine', { query: { pageSize: 1 } });
  return page.total;
}
