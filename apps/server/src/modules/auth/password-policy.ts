import type { SecurityPolicy } from '@yuanqu/shared';
import { AppError } from '../../lib/errors.js';
import { COMMON_PASSWORDS } from './common-passwords.js';

function characterClasses(password: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((pattern) => pattern.test(password)).length;
}

function isCommon(password: string, username: string): boolean {
  const lower = password.toLowerCase();
  const stripped = lower.replace(/[^a-z]+$/, '');
  const core = lower.replace(/[0-9!@#$%^&*.\-_]+$/, '');
  if (COMMON_PASSWORDS.has(lower) || COMMON_PASSWORDS.has(stripped) || COMMON_PASSWORDS.has(core)) return true;
  if (username && lower.includes(username.toLowerCase())) return true;
  // one character repeated, e.g. aaaaaaaa
  return /^(.)\1+$/.test(lower);
}

/**
 * Checks a new password against the zone's policy. Throws PASSWORD_TOO_WEAK (too short, or too few
 * character classes under the 等保 rules) or PASSWORD_TOO_COMMON, naming `field`.
 */
export function assertPasswordAllowed(password: string, policy: SecurityPolicy, username: string, field = 'body.password'): void {
  if ([...password].length < policy.passwordMinLength) {
    throw new AppError('PASSWORD_TOO_WEAK', `The password must have at least ${policy.passwordMinLength} characters`, [
      { field, reason: 'min_length' },
    ]);
  }
  if (policy.passwordRequireCharacterClasses && characterClasses(password) < 3) {
    throw new AppError(
      'PASSWORD_TOO_WEAK',
      'The password must mix at least three of: lower case, upper case, digits, symbols',
      [{ field, reason: 'character_classes' }],
    );
  }
  if (isCommon(password, username)) {
    throw new AppError('PASSWORD_TOO_COMMON', 'The password is too common or contains the user name', [{ field, reason: 'common' }]);
  }
}

/** Whether the password must be changed under the policy's maximum age (0 = never). */
export function isPasswordExpired(changedAt: Date, policy: SecurityPolicy, now: Date): boolean {
  if (policy.passwordMaxAgeDays === 0) return false;
  return now.getTime() - changedAt.getTime() > policy.passwordMaxAgeDays * 24 * 60 * 60 * 1000;
}
