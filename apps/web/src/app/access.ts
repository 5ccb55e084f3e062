import type { Role } from '@yuanqu/shared';

/**
 * Which roles see which admin page. The server enforces every permission itself; this only keeps
 * the menu and routes from offering what the user may not do.
 */
export const PAGE_ROLES = {
  users: ['system_admin', 'security_admin'],
  departments: ['system_admin'],
  roles: ['system_admin'],
  security: ['security_admin'],
  audit: ['audit_admin'],
  // 政务服务 — the applicant's side
  services: ['applicant'],
  myCases: ['applicant'],
  myMessages: ['applicant'],
  // 政务服务 — the staff's side
  workbench: ['clerk', 'inspector', 'approver', 'leader'],
  ratings: ['clerk', 'approver', 'leader', 'system_admin'],
  outbox: ['clerk', 'system_admin'],
  // 远程踏勘: the room's calendar and replays for service staff; the live room for inspectors
  inspections: ['clerk', 'inspector', 'approver', 'leader'],
  inspectionRoom: ['inspector'],
  catalogue: ['system_admin'],
  calendar: ['system_admin'],
} as const satisfies Record<string, readonly Role[]>;

export type AdminPage = keyof typeof PAGE_ROLES;

export function hasAnyRole(userRoles: readonly Role[], allowed: readonly Role[]): boolean {
  return userRoles.some((role) => allowed.includes(role));
}

export function canSeePage(userRoles: readonly Role[], page: AdminPage): boolean {
  return hasAnyRole(userRoles, PAGE_ROLES[page]);
}
