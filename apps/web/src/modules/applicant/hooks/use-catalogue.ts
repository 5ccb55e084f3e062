import type { ListServiceItemsQuery } from '@yuanqu/shared';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { addWorkingDays, getServiceItem, listServiceItems } from '../api';
import { chinaToday } from '../dates';
import { applicantKeys } from './query-keys';

/** The zone's published catalogue, filtered and searched on the server. */
export function useServiceItems(query: ListServiceItemsQuery) {
  return useQuery({
    queryKey: applicantKeys.serviceItems(query),
    queryFn: () => listServiceItems(query),
    placeholderData: keepPreviousData,
  });
}

export function useServiceItem(id: string | undefined) {
  return useQuery({
    queryKey: applicantKeys.serviceItem(id ?? ''),
    queryFn: () => getServiceItem(id ?? ''),
    enabled: !!id,
    staleTime: 5 * 60_000,
  });
}

/**
 * The day a case accepted today (in China) would be due, `days` working days on. A year whose
 * official calendar is not loaded comes back as the error CALENDAR_YEAR_NOT_LOADED, never a guess.
 */
export function useDueDateIfAcceptedToday(days: number | undefined) {
  const from = chinaToday();
  return useQuery({
    queryKey: applicantKeys.dueDate(from, days ?? 0),
    queryFn: () => addWorkingDays(from, days ?? 0),
    enabled: days !== undefined,
    staleTime: 10 * 60_000,
  });
}
