import type {
  CaseAction,
  CaseActionBody,
  CaseDetail,
  CaseQueue,
  CalendarYear,
  ListCasesQuery,
  OutboxMessage,
  Rating,
  RectificationTask,
  SatisfactionRow,
  ServiceItem,
  ServiceItemSummary,
} from '@yuanqu/shared';
import { http } from '../../app/http';

/** A page of a list as the API answers it. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** The staff queue: most urgent first, with the open cases counted by status. */
export function listCaseQueue(query: ListCasesQuery): Promise<CaseQueue> {
  return http.get<CaseQueue>('/api/cases', { query: { ...query } });
}

export function getCase(id: string): Promise<CaseDetail> {
  return http.get<CaseDetail>(`/api/cases/${encodeURIComponent(id)}`);
}

/** The URL segment of each staff action (`POST /api/cases/:id/<segment>`). */
const ACTION_PATHS: Record<Exclude<CaseAction, 'withdraw'>, string> = {
  accept: 'accept',
  refuse: 'refuse',
  requestCorrection: 'request-correction',
  completeInspection: 'complete-inspection',
  suspend: 'suspend',
  resume: 'resume',
  decide: 'decide',
  deliver: 'deliver',
};

export type StaffCaseAction = keyof typeof ACTION_PATHS;

/** Takes a step on a case; the body carries the `version` the user saw (409 CASE_VERSION_CONFLICT otherwise). */
export function runCaseAction<K extends StaffCaseAction>(id: string, action: K, body: CaseActionBody<K>): Promise<CaseDetail> {
  return http.post<CaseDetail>(`/api/cases/${encodeURIComponent(id)}/${ACTION_PATHS[action]}`, body);
}

/** The zone's catalogue as staff see it (unpublished items included), for the queue's item filter. */
export function listServiceItems(): Promise<Page<ServiceItemSummary>> {
  return http.get<Page<ServiceItemSummary>>('/api/service-items', { query: { pageSize: 100, includeUnpublished: true } });
}

/** One item with its materials and form, to name a case's answers and deficiencies. */
export function getServiceItem(id: string): Promise<ServiceItem> {
  return http.get<ServiceItem>(`/api/service-items/${encodeURIComponent(id)}`);
}

/** A stored file (a material or an issued PDF); the server checks who may read it. */
export function buildFileUrl(fileId: string): string {
  return `/api/files/${encodeURIComponent(fileId)}`;
}

/** The public verification page of an issued document. */
export function buildVerifyPath(verificationCode: string): string {
  return `/verify/${encodeURIComponent(verificationCode)}`;
}

/** The loaded years of the official working-day calendar. */
export function listCalendarYears(): Promise<CalendarYear[]> {
  return http.get<CalendarYear[]>('/api/calendar/years');
}

/** Every SMS and e-mail of the zone, newest first. */
export function listOutbox(page: number, pageSize: number): Promise<Page<OutboxMessage>> {
  return http.get<Page<OutboxMessage>>('/api/notifications/outbox', { query: { page, pageSize } });
}

export type SatisfactionDimension = 'item' | 'department' | 'staff';

export function getSatisfaction(by: SatisfactionDimension): Promise<SatisfactionRow[]> {
  return http.get<SatisfactionRow[]>('/api/ratings/satisfaction', { query: { by } });
}

export function listRectificationTasks(): Promise<RectificationTask[]> {
  return http.get<RectificationTask[]>('/api/rectification-tasks');
}

/** 回访: the department's return visit after a bad review. */
export function recordReturnVisit(taskId: string, body: { note: string }): Promise<RectificationTask> {
  return http.post<RectificationTask>(`/api/rectification-tasks/${encodeURIComponent(taskId)}/return-visit`, body);
}

/** 申诉: staff ask an admin to set aside a review they hold malicious. */
export function appealRating(ratingId: string, body: { reason: string }): Promise<Rating> {
  return http.post<Rating>(`/api/ratings/${encodeURIComponent(ratingId)}/appeal`, body);
}

/** A system admin decides an appeal; an upheld appeal takes the review out of the statistics. */
export function decideAppeal(ratingId: string, body: { isUpheld: boolean; note: string }): Promise<Rating> {
  return http.post<Rating>(`/api/ratings/${encodeURIComponent(ratingId)}/appeal-decision`, body);
}
