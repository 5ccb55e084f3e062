import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { listOutbox } from '../api';
import { WORKBENCH_QUERY_KEY } from './use-case-queue';

/** A page of the outbox; refreshed every few seconds so a demo shows the SMS as soon as it is queued. */
export function useOutbox(page: number, pageSize: number) {
  return useQuery({
    queryKey: [...WORKBENCH_QUERY_KEY, 'outbox', page, pageSize],
    queryFn: () => listOutbox(page, pageSize),
    placeholderData: keepPreviousData,
    refetchInterval: 10_000,
  });
}
