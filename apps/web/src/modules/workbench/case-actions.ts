import type { CaseStatus, Role } from '@yuanqu/shared';
import type { StaffCaseAction } from './api';

interface ActionRule {
  from: readonly CaseStatus[];
  roles: readonly Role[];
}

/**
 * Which staff action a case in a state allows, and to whom: the server's TRANSITIONS
 * (cases.service.ts), mirrored so the page offers only what the server will take. The server still
 * decides; a refusal shows as an error.
 */
export const ACTION_RULES: Record<StaffCaseAction, ActionRule> = {
  accept: { from: ['submitted'], roles: ['clerk'] },
  refuse: { from: ['submitted'], roles: ['clerk'] },
  requestCorrection: { from: ['submitted', 'under_review'], roles: ['clerk', 'approver'] },
  completeInspection: { from: ['inspection'], roles: ['inspector'] },
  suspend: { from: ['under_review'], roles: ['approver'] },
  resume: { from: ['suspended'], roles: ['approver'] },
  decide: { from: ['under_review'], roles: ['approver'] },
  deliver: { from: ['concluded'], roles: ['clerk'] },
};

/** The order the action bar shows them in: the usual next step first. */
export const ACTION_ORDER: StaffCaseAction[] = [
  'accept',
  'completeInspection',
  'decide',
  'deliver',
  'resume',
  'requestCorrection',
  'suspend',
  'refuse',
];

export interface ActingUser {
  roles: readonly Role[];
  departmentId: string | null;
}

/**
 * The actions this user may take on a case now. An approver who is not also a clerk acts only on
 * their own department's cases: the server refuses them every step on another department's case.
 */
export function allowedActions(status: CaseStatus, caseDepartmentId: string, user: ActingUser): StaffCaseAction[] {
  const isForeignApprover =
    user.roles.includes('approver') &&
    !user.roles.includes('clerk') &&
    user.departmentId !== null &&
    user.departmentId !== caseDepartmentId;
  if (isForeignApprover) return [];
  return ACTION_ORDER.filter((action) => {
    const rule = ACTION_RULES[action];
    return rule.from.includes(status) && user.roles.some((role) => rule.roles.includes(role));
  });
}

/** Open statuses, in the order a case passes them; the queue's tabs and counts follow it. */
export const OPEN_STATUSES: CaseStatus[] = [
  'submitted',
  'correction_requested',
  'accepted',
  'inspection',
  'under_review',
  'suspended',
  'concluded',
];

/** Finished cases, which the queue lists on request but does not count. */
export const FINISHED_STATUSES: CaseStatus[] = ['delivered', 'refused', 'withdrawn'];
