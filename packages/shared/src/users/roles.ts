/** Staff and applicant roles. Names are the code's; docs/GLOSSARY.md gives the Chinese terms. */
export const STAFF_ROLES = [
  'clerk',
  'inspector',
  'approver',
  'project_officer',
  'investment_officer',
  'leader',
  'system_admin',
  'security_admin',
  'audit_admin',
] as const;

export const ROLES = [...STAFF_ROLES, 'applicant'] as const;
export type Role = (typeof ROLES)[number];

/** 三权分立: one person never holds two of these (等保 separation of duties). */
export const ADMIN_ROLES = ['system_admin', 'security_admin', 'audit_admin'] as const;
export type AdminRole = (typeof ADMIN_ROLES)[number];

export function isAdminRole(role: Role): role is AdminRole {
  return (ADMIN_ROLES as readonly string[]).includes(role);
}

/** Account kinds: zone staff, or an enterprise's applicant (企业办事人). */
export const USER_KINDS = ['staff', 'enterprise'] as const;
export type UserKind = (typeof USER_KINDS)[number];
