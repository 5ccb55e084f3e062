import type { AuditEvent, AuditVerification, ListAuditEventsQuery } from '@yuanqu/shared';
import { buildUrl, http } from '../../app/http';

export interface AuditEventPage {
  items: AuditEvent[];
  total: number;
  page: number;
  pageSize: number;
}

/** The filters of the audit log, shared by the list and the CSV export. */
export type AuditFilters = Omit<ListAuditEventsQuery, 'page' | 'pageSize'>;

export function listAuditEvents(query: ListAuditEventsQuery): Promise<AuditEventPage> {
  return http.get<AuditEventPage>('/api/audit-events', { query: { ...query } });
}

/** Re-computes the hash chain on the server and reports any break. */
export function verifyAuditLog(): Promise<AuditVerification> {
  return http.get<AuditVerification>('/api/audit-events/verification');
}

/** A download link for the filtered log as CSV (the export itself is audited by the server). */
export function buildAuditExportUrl(filters: AuditFilters): string {
  return buildUrl('/api/audit-events/export.csv', { ...filters });
}
