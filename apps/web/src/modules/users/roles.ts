import { ADMIN_ROLES, STAFF_ROLES, type Role, type UserKind } from '@yuanqu/shared';

function isAdminRole(role: Role): boolean {
  return (ADMIN_ROLES as readonly Role[]).includes(role);
}

/** The roles an account of this kind may hold: enterprises only apply; staff never do. */
export function rolesForKind(kind: UserKind): readonly Role[] {
  return kind === 'enterprise' ? ['applicant'] : STAFF_ROLES;
}

/**
 * 三权分立: once one admin role is chosen the other two are off limits. Returns the roles to
 * disable in a picker given the current choice.
 */
export function rolesBlockedBy(selected: readonly Role[]): Role[] {
  const chosenAdmin = selected.find(isAdminRole);
  if (!chosenAdmin) return [];
  return ADMIN_ROLES.filter((role) => role !== chosenAdmin);
}

export function holdsSeparatedAdminRoles(roles: readonly Role[]): boolean {
  return roles.filter(isAdminRole).length > 1;
}
