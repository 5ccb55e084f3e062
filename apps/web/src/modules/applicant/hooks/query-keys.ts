import type { ListServiceItemsQuery } from '@yuanqu/shared';

/** The applicant pages' react-query keys, in one place so that writes can refresh what they change. */
export const applicantKeys = {
  all: ['applicant'] as const,
  serviceItems: (query: ListServiceItemsQuery) => ['applicant', 'service-items', query] as const,
  serviceItem: (id: string) => ['applicant', 'service-item', id] as const,
  dueDate: (from: string, days: number) => ['applicant', 'due-date', from, days] as const,
  myCases: () => ['applicant', 'my-cases'] as const,
  myCasesPage: (page: number, pageSize: number) => ['applicant', 'my-cases', page, pageSize] as const,
  case: (id: string) => ['applicant', 'case', id] as const,
  ratings: (caseId: string) => ['applicant', 'ratings', caseId] as const,
  messages: (page: number, pageSize: number) => ['applicant', 'messages', page, pageSize] as const,
};
