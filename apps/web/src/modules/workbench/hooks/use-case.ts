import type { CaseActionBody, CaseDetail } from '@yuanqu/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getCase, getServiceItem, runCaseAction, type StaffCaseAction } from '../api';
import { WORKBENCH_QUERY_KEY } from './use-case-queue';

export function caseQueryKey(caseId: string) {
  return [...WORKBENCH_QUERY_KEY, 'case', caseId] as const;
}

export function useCase(caseId: string) {
  return useQuery({ queryKey: caseQueryKey(caseId), queryFn: () => getCase(caseId) });
}

/** The item of a case, for the labels of its form answers and materials. */
export function useServiceItem(itemId: string | undefined) {
  return useQuery({
    queryKey: [...WORKBENCH_QUERY_KEY, 'service-item', itemId],
    queryFn: () => getServiceItem(itemId ?? ''),
    enabled: Boolean(itemId),
    staleTime: 5 * 60_000,
  });
}

export type CaseActionRequest = { [K in StaffCaseAction]: { action: K; body: CaseActionBody<K> } }[StaffCaseAction];

/** Takes a step on the case; the reply is the case as it now stands, and the queue is refreshed. */
export function useCaseAction(caseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: CaseActionRequest): Promise<CaseDetail> => runCaseAction(caseId, request.action, request.body as never),
    onSuccess: (detail) => {
      queryClient.setQueryData(caseQueryKey(caseId), detail);
      void queryClient.invalidateQueries({ queryKey: [...WORKBENCH_QUERY_KEY, 'queue'] });
    },
  });
}
