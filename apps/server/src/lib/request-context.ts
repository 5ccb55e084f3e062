import type { Role, SessionStage, UserKind } from '@yuanqu/shared';

/** Where a request came from, for the audit trail. */
export interface RequestMeta {
  requestId: string;
  ip: string | null;
  userAgent: string | null;
}

/** The signed-in person a service acts for. Every query is scoped to `zoneId`. */
export interface Actor {
  userId: string;
  zoneId: string;
  username: string;
  displayName: string;
  kind: UserKind;
  roles: Role[];
  departmentId: string | null;
  enterpriseId: string | null;
}

export interface AuthenticatedSession {
  sessionId: string;
  stage: SessionStage;
  csrfToken: string;
  expiresAt: Date;
  actor: Actor;
}

export function hasAnyRole(actor: Actor, roles: readonly Role[]): boolean {
  return actor.roles.some((role) => roles.includes(role));
}
