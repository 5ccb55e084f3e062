import type { SecurityPolicy } from '@yuanqu/shared';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { fetchSecurityPolicy, saveSecurityPolicy } from '../api';

const POLICY_QUERY_KEY = ['security', 'policy'] as const;

export function useSecurityPolicy() {
  return useQuery({ queryKey: POLICY_QUERY_KEY, queryFn: fetchSecurityPolicy });
}

export function useSaveSecurityPolicy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: saveSecurityPolicy,
    onSuccess: (saved: SecurityPolicy | undefined) => {
      if (saved && typeof saved === 'object' && 'lockoutThreshold' in saved) {
        queryClient.setQueryData(POLICY_QUERY_KEY, saved);
      } else {
        void queryClient.invalidateQueries({ queryKey: POLICY_QUERY_KEY });
      }
    },
  });
}
