import type {
  AddWorkingDaysReply,
  CaseDetail,
  ListServiceItemsQuery,
  MyCaseSummary,
  OutboxMessage,
  RateCaseBody,
  Rating,
  ResubmitBody,
  SaveDraftBody,
  ServiceItem,
  ServiceItemSummary,
  UpdateDraftBody,
} from '@yuanqu/shared';
import { http } from '../../app/http';

/** A page of a list as the API answers it. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** 办事指南: the published catalogue of the applicant's zone. */
export function listServiceItems(query: ListServiceItemsQuery): Promise<Page<ServiceItemSummary>> {
  return http.get<Page<ServiceItemSummary>>('/api/service-items', { query: { ...query } });
}

export function getServiceItem(id: string): Promise<ServiceItem> {
  return http.get<ServiceItem>(`/api/service-items/${encodeURIComponent(id)}`);
}

/** The day `days` working days after `from` (public); 422 CALENDAR_YEAR_NOT_LOADED past the loaded years. */
export function addWorkingDays(from: string, days: number): Promise<AddWorkingDaysReply> {
  return http.get<AddWorkingDaysReply>('/api/calendar/add-working-days', { query: { from, days } });
}

/** 我的办件: the applicant's cases and their enterprise's, most recently changed first, each with its subject. */
export function listMyCases(page: number, pageSize: number): Promise<Page<MyCaseSummary>> {
  return http.get<Page<MyCaseSummary>>('/api/cases/mine', { query: { page, pageSize } });
}

export function getCase(id: string): Promise<CaseDetail> {
  return http.get<CaseDetail>(`/api/cases/${encodeURIComponent(id)}`);
}

/** Starts an application; it is saved as a draft. */
export function createDraft(body: SaveDraftBody): Promise<CaseDetail> {
  return http.post<CaseDetail>('/api/cases', body);
}

export function updateDraft(id: string, body: UpdateDraftBody): Promise<CaseDetail> {
  return http.put<CaseDetail>(`/api/cases/${encodeURIComponent(id)}/draft`, body);
}

/** Deletes a draft never submitted (only its applicant may); a submitted case is withdrawn instead. */
export function deleteDraft(id: string, version: number): Promise<{ ok: true }> {
  return http.delete<{ ok: true }>(`/api/cases/${encodeURIComponent(id)}/draft`, { query: { version } });
}

/** Submits the saved draft; the case gets its number. */
export function submitCase(id: string, version: number): Promise<CaseDetail> {
  return http.post<CaseDetail>(`/api/cases/${encodeURIComponent(id)}/submit`, { version });
}

/** 补正: answers the open correction notice with the corrected answers and materials. */
export function resubmitCase(id: string, body: ResubmitBody): Promise<CaseDetail> {
  return http.post<CaseDetail>(`/api/cases/${encodeURIComponent(id)}/resubmit`, body);
}

/** 撤回: only before acceptance (draft, submitted, correction requested). */
export function withdrawCase(id: string, version: number, reason: string): Promise<CaseDetail> {
  return http.post<CaseDetail>(`/api/cases/${encodeURIComponent(id)}/withdraw`, { version, reason });
}

export function listCaseRatings(caseId: string): Promise<Rating[]> {
  return http.get<Rating[]>(`/api/cases/${encodeURIComponent(caseId)}/ratings`);
}

/** 好差评: the first rating, or the one follow-up after a bad review's return visit. */
export function rateCase(caseId: string, body: RateCaseBody): Promise<Rating> {
  return http.post<Rating>(`/api/cases/${encodeURIComponent(caseId)}/ratings`, body);
}

/** The SMS and e-mail messages sent to the signed-in user. */
export function listMyMessages(page: number, pageSize: number): Promise<Page<OutboxMessage>> {
  return http.get<Page<OutboxMessage>>('/api/notifications/mine', { query: { page, pageSize } });
}

/** Where a file (a material, a decision PDF) downloads from; the browser sends the session cookie. */
export function fileDownloadUrl(fileId: string): string {
  return `/api/files/${encodeURIComponent(fileId)}`;
}

/** The tus endpoint for resumable uploads (see apps/server/src/modules/files). */
export const UPLOADS_ENDPOINT = '/api/uploads';
