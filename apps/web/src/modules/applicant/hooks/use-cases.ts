import type { CaseDetail, RateCaseBody } from '@yuanqu/shared';
import { keepPreviousData, useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { deleteDraft, getCase, listCaseRatings, listMyCases, listMyMessages, rateCase, withdrawCase } from '../api';
import { applicantKeys } from './query-keys';

/** After a write: the case as the server now has it, and the lists that show it. */
export function storeCase(queryClient: QueryClient, detail: CaseDetail): void {
  queryClient.setQueryData(applicantKeys.case(detail.id), detail);
  void queryClient.invalidateQueries({ queryKey: applicantKeys.myCases() });
  void queryClient.invalidateQueries({ queryKey: ['applicant', 'messages'] });
}

/**
 * The window moves the applicant's cases on (a correction notice, acceptance, the decision), so the
 * list and a case are asked for again each time they are opened: the app's 30-second freshness
 * would otherwise show a case as it was before the window acted, without its "去补正" button, while
 * the list already says otherwise. The copy at hand is shown meanwhile.
 */
const CASE_STALE_TIME_MS = 0;

export function useMyCases(page: number, pageSize: number) {
  return useQuery({
    queryKey: applicantKeys.myCasesPage(page, pageSize),
    queryFn: () => listMyCases(page, pageSize),
    placeholderData: keepPreviousData,
    staleTime: CASE_STALE_TIME_MS,
  });
}

export function useCaseDetail(id: string | undefined) {
  return useQuery({
    queryKey: applicantKeys.case(id ?? ''),
    queryFn: () => getCase(id ?? ''),
    enabled: !!id,
    staleTime: CASE_STALE_TIME_MS,
  });
}

export function useWithdrawCase(caseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ version, reason }: { version: number; reason: string }) => withdrawCase(caseId, version, reason),
    onSuccess: (detail) => storeCase(queryClient, detail),
  });
}

/** Deletes a draft; the case is dropped from the cache and the lists are asked for again. */
export function useDeleteDraft(caseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (version: number) => deleteDraft(caseId, version),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: applicantKeys.case(caseId) });
      void queryClient.invalidateQueries({ queryKey: applicantKeys.myCases() });
    },
    // Refused (saved or submitted elsewhere meanwhile): show the case as it now is.
    onError: () => queryClient.invalidateQueries({ queryKey: applicantKeys.case(caseId) }),
  });
}

export function useCaseRatings(caseId: string, isEnabled: boolean) {
  return useQuery({
    queryKey: applicantKeys.ratings(caseId),
    queryFn: () => listCaseRatings(caseId),
    enabled: isEnabled,
  });
}

export function useRateCase(caseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: RateCaseBody) => rateCase(caseId, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: applicantKeys.ratings(caseId) }),
  });
}

export function useMyMessages(page: number, pageSize: number) {
  return useQuery({
    queryKey: applicantKeys.messages(page, pageSize),
    queryFn: () => listMyMessages(page, pageSize),
    placeholderData: keepPreviousData,
  });
}
