import { CASE_STATUSES, CLOCK_LIGHTS, type CaseStatus, type ClockLight, type ListCasesQuery } from '@yuanqu/shared';

/**
 * The queue's filters as they stand in the page's URL (`/cases?status=submitted&light=red&page=2`),
 * so that a reload, a bookmark or a link from a colleague opens the same list.
 */
export interface QueueFilters {
  status?: CaseStatus;
  serviceItemId?: string;
  departmentId?: string;
  light?: ClockLight;
  q?: string;
  page: number;
  pageSize: number;
}

export const DEFAULT_PAGE_SIZE = 20;
const PAGE_SIZES = [10, 20, 50, 100];
/**
 * Pages past this are read as this one: the server refuses an offset in the millions, and the page
 * then clamps to the list's last page (`clampPage`) once the first answer gives the total.
 */
const MAX_PAGE = 10_000;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : undefined;
}

function positiveInteger(value: string | null): number | undefined {
  const number = Number(value);
  return Number.isInteger(number) && number > 0 ? number : undefined;
}

/** Reads the filters from the URL, ignoring anything the API would refuse. */
export function readQueueFilters(params: URLSearchParams): QueueFilters {
  const filters: QueueFilters = { page: Math.min(positiveInteger(params.get('page')) ?? 1, MAX_PAGE), pageSize: DEFAULT_PAGE_SIZE };
  const pageSize = positiveInteger(params.get('pageSize'));
  if (pageSize && PAGE_SIZES.includes(pageSize)) filters.pageSize = pageSize;
  const status = oneOf(CASE_STATUSES, params.get('status'));
  if (status && status !== 'draft') filters.status = status;
  const light = oneOf(CLOCK_LIGHTS, params.get('light'));
  if (light) filters.light = light;
  for (const key of ['serviceItemId', 'departmentId'] as const) {
    const value = params.get(key);
    if (value && UUID_PATTERN.test(value)) filters[key] = value;
  }
  const q = params.get('q')?.trim().slice(0, 60);
  if (q) filters.q = q;
  return filters;
}

/** The URL's query for the filters; defaults are left out to keep links short. */
export function writeQueueFilters(filters: QueueFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.status) params.set('status', filters.status);
  if (filters.serviceItemId) params.set('serviceItemId', filters.serviceItemId);
  if (filters.departmentId) params.set('departmentId', filters.departmentId);
  if (filters.light) params.set('light', filters.light);
  if (filters.q) params.set('q', filters.q);
  if (filters.page > 1) params.set('page', String(filters.page));
  if (filters.pageSize !== DEFAULT_PAGE_SIZE) params.set('pageSize', String(filters.pageSize));
  return params;
}

/**
 * The page to show when the list has `total` rows: the same one, or the last one when the page
 * asked for is past the end (a filter or a colleague's work shrank the list; `?page=99` in a link).
 */
export function clampPage(page: number, total: number, pageSize: number): number {
  const lastPage = Math.max(1, Math.ceil(total / pageSize));
  return Math.min(Math.max(1, page), lastPage);
}

/** The API query for the filters. */
export function toListCasesQuery(filters: QueueFilters): ListCasesQuery {
  return {
    page: filters.page,
    pageSize: filters.pageSize,
    ...(filters.status ? { status: filters.status } : {}),
    ...(filters.serviceItemId ? { serviceItemId: filters.serviceItemId } : {}),
    ...(filters.departmentId ? { departmentId: filters.departmentId } : {}),
    ...(filters.light ? { light: filters.light } : {}),
    ...(filters.q ? { q: filters.q } : {}),
  };
}
