/** A mobile number, or a landline with its area code (the hyphen optional). */
export const PHONE_PATTERN = /^1[3-9][0-9]{9}$|^0[0-9]{2,3}-?[0-9]{7,8}$/;

/**
 * A phone number as people type it, in the form the pattern takes: spaces dropped (as in
 * "138 0000 1234") and China's country code taken off a mobile number ("+86 138…", "0086138…").
 */
export function normalizePhone(text: string): string {
  const compact = text.replace(/[\s\u3000]+/g, '');
  return /^(?:\+86|0086|86)(1[3-9][0-9]{9})$/.exec(compact)?.[1] ?? compact;
}
