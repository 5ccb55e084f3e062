import { useQuery } from '@tanstack/react-query';
import { isApiError } from '../../../app/http';
import { fetchPublicDocument } from '../api';

/** The document behind a verification code; a 404 is an answer ("no such document"), not worth retrying. */
export function usePublicDocument(code: string) {
  return useQuery({
    queryKey: ['public-document', code],
    queryFn: () => fetchPublicDocument(code),
    retry: (failureCount, error) => !(isApiError(error) && error.status < 500) && failureCount < 2,
    staleTime: 60_000,
  });
}
