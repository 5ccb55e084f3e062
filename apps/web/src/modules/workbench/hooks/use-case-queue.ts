import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { usePreferences } from '../../../app/preferences';
import { listCaseQueue, listServiceItems } from '../api';
import { toListCasesQuery, type QueueFilters } from '../queue-filters';

export const WORKBENCH_QUERY_KEY = ['workbench'] as const;

/** The queue for the filters; the previous page stays on screen while the next one loads. */
export function useCaseQueue(filters: QueueFilters) {
  const query = toListCasesQuery(filters);
  return useQuery({
    queryKey: [...WORKBENCH_QUERY_KEY, 'queue', query],
    queryFn: () => listCaseQueue(query),
    placeholderData: keepPreviousData,
    // The queue is shared work: what a colleague accepted a minute ago should not stay on the list.
    refetchInterval: 60_000,
  });
}

/** The catalogue's items as select options (code and name in the user's language). */
export function useServiceItemOptions() {
  const { language } = usePreferences();
  const items = useQuery({ queryKey: [...WORKBENCH_QUERY_KEY, 'service-items'], queryFn: listServiceItems, staleTime: 5 * 60_000 });
  const options = useMemo(
    () =>
      (items.data?.items ?? []).map((item) => ({
        value: item.id,
        label: `${language === 'zh-CN' ? item.nameZh : item.nameEn}（${item.code}）`,
      })),
    [items.data, language],
  );
  return { ...items, options };
}
