import * as OTPAuth from 'otpauth';

const PERIOD_SECONDS = 30;

export function createTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

function totpOf(secret: string, label = '', issuer = '园区通 Yuanqu'): OTPAuth.TOTP {
  return new OTPAuth.TOTP({ issuer, label, algorithm: 'SHA1', digits: 6, period: PERIOD_SECONDS, secret: OTPAuth.Secret.fromBase32(secret) });
}

export function totpUri(secret: string, label: string): string {
  return totpOf(secret, label).toString();
}

/**
 * Checks a code with one step of clock drift either way (RFC 6238 §5.2) and returns its time step,
 * or null. A step at or before `lastStep` was already used and is refused (replay).
 */
export function verifyTotp(secret: string, code: string, now: Date, lastStep: number | null): number | null {
  const delta = totpOf(secret).validate({ token: code, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  const step = Math.floor(now.getTime() / 1000 / PERIOD_SECONDS) + delta;
  if (lastStep !== null && step <= lastStep) return null;
  return step;
}
