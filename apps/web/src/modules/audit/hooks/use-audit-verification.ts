import { useMutation } from '@tanstack/react-query';
import { verifyAuditLog } from '../api';

/** A verification is run on request (it reads the whole chain), not on page load. */
export function useAuditVerification() {
  return useMutation({ mutationFn: verifyAuditLog });
}
