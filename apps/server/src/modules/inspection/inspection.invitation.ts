import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * 邀请链接 the applicant's link to one inspection: `<inspection id>.<invitation version>.<expiry
 * in epoch seconds>.<HMAC-SHA256>`, base64url. No account, no app: the token is the permission. It
 * is bound to the inspection and to the invitation version (a reschedule voids older links), and
 * expires when the slot's window closes.
 */
export interface InvitationClaims {
  inspectionId: string;
  version: number;
  expiresAt: Date;
}

export type InvitationProblem = 'malformed' | 'bad_signature' | 'expired';

export function newInvitationSecret(): string {
  return randomBytes(32).toString('base64url');
}

function sign(secret: string, payload: string): string {
  return createHmac('sha256', Buffer.from(secret, 'base64url')).update(payload).digest('base64url');
}

export function signInvitation(secret: string, claims: InvitationClaims): string {
  const payload = `${claims.inspectionId}.${claims.version}.${Math.floor(claims.expiresAt.getTime() / 1000)}`;
  return `${payload}.${sign(secret, payload)}`;
}

const TOKEN_PATTERN = /^([0-9a-f-]{36})\.(\d{1,6})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

/** Checks the token's form, signature and expiry; the caller checks the inspection and version. */
export function readInvitation(secret: string, token: string, now: Date): InvitationClaims | InvitationProblem {
  const match = TOKEN_PATTERN.exec(token);
  if (!match) return 'malformed';
  const [, inspectionId, version, expiry, signature] = match as unknown as [string, string, string, string, string];
  const expected = Buffer.from(sign(secret, `${inspectionId}.${version}.${expiry}`));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'bad_signature';
  const expiresAt = new Date(Number(expiry) * 1000);
  if (expiresAt.getTime() <= now.getTime()) return 'expired';
  return { inspectionId, version: Number(version), expiresAt };
}
