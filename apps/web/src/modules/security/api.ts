import type { SecurityPolicy } from '@yuanqu/shared';
import { http } from '../../app/http';

export function fetchSecurityPolicy(): Promise<SecurityPolicy> {
  return http.get<SecurityPolicy>('/api/security/policy');
}

export function saveSecurityPolicy(policy: SecurityPolicy): Promise<SecurityPolicy> {
  return http.put<SecurityPolicy>('/api/security/policy', policy);
}
