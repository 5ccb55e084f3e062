import type {
  CalendarYear,
  CalendarYearBody,
  ImportServiceItemsBody,
  ImportServiceItemsReply,
  ListServiceItemsQuery,
  PartnerZone,
  PublicDocument,
  ServiceItem,
  ServiceItemBody,
  ServiceItemSummary,
} from '@yuanqu/shared';
import { http } from '../../app/http';

/**
 * The 政务服务 administration's calls: the catalogue (事项目录) with its Excel import, the official
 * working-day calendar, and the public verification of issued documents.
 */

export interface ServiceItemPage {
  items: ServiceItemSummary[];
  total: number;
  page: number;
  pageSize: number;
}

export function listServiceItems(query: ListServiceItemsQuery): Promise<ServiceItemPage> {
  return http.get<ServiceItemPage>('/api/service-items', { query: { ...query } });
}

export function getServiceItem(id: string): Promise<ServiceItem> {
  return http.get<ServiceItem>(`/api/service-items/${encodeURIComponent(id)}`);
}

export function createServiceItem(body: ServiceItemBody): Promise<ServiceItem> {
  return http.post<ServiceItem>('/api/service-items', body);
}

export function updateServiceItem(id: string, body: ServiceItemBody): Promise<ServiceItem> {
  return http.put<ServiceItem>(`/api/service-items/${encodeURIComponent(id)}`, body);
}

export function setServiceItemPublished(id: string, isPublished: boolean): Promise<ServiceItem> {
  return http.patch<ServiceItem>(`/api/service-items/${encodeURIComponent(id)}/publication`, { isPublished });
}

export function listPartnerZones(): Promise<PartnerZone[]> {
  return http.get<PartnerZone[]>('/api/service-items/partner-zones');
}

export function importServiceItems(body: ImportServiceItemsBody): Promise<ImportServiceItemsReply> {
  return http.post<ImportServiceItemsReply>('/api/service-items/import', body);
}

/** Downloaded by the browser itself (a link), with the session cookie. */
export const IMPORT_TEMPLATE_URL = '/api/service-items/import-template';

export function listCalendarYears(): Promise<CalendarYear[]> {
  return http.get<CalendarYear[]>('/api/calendar/years');
}

export function loadCalendarYear(year: number, body: CalendarYearBody): Promise<CalendarYear> {
  return http.put<CalendarYear>(`/api/calendar/years/${year}`, body);
}

/** 电子证照核验: anyone, no session. */
export function fetchPublicDocument(code: string): Promise<PublicDocument> {
  return http.get<PublicDocument>(`/api/public/documents/${encodeURIComponent(code)}`, { isSessionEndExpected: true });
}
