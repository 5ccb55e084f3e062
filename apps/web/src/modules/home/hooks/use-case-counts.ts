import { useQuery } from '@tanstack/react-query';
import { fetchCaseCounts, fetchMyCaseCount } from '../api';

export function useCaseCounts(enabled: boolean) {
  return useQuery({ queryKey: ['home', 'case-counts'], queryFn: fetchCaseCounts, enabled, refetchInterval: 60_000 });
}

export function useMyCaseCount(enabled: boolean) {
  return useQuery({ queryKey: ['home', 'my-case-count'], queryFn: fetchMyCaseCount, enabled });
}
