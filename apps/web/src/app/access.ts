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
} as const satisfies Record<string, readonly Role[]>;

export type AdminPage = keyof typeof PAGE_ROLES;

export function hasAnyRole(userRoles: readonly Role[], allowed: readonly Role[]): boolean {
  return userRoles.some((role) => allowed.includes(role));
}

export function canSeePage(userRoles: readonly Role[], page: AdminPage): boolean {
  return hasAnyRole(userRoles, PAGE_ROLES[page]);
}
