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

const CREDIT_CODE_CHARACTERS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** 18 characters of the alphabet a 统一社会信用代码 uses (no I, O, Z, S, V), whatever its check character. */
export const CREDIT_CODE_SHAPE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

/** 统一社会信用代码 with its GB 32100-2015 check character. */
export function isCreditCode(text: string): boolean {
  if (!CREDIT_CODE_SHAPE.test(text)) return false;
  let sum = 0;
  for (let index = 0; index < 17; index += 1) sum += CREDIT_CODE_CHARACTERS.indexOf(text.charAt(index)) * (CREDIT_CODE_WEIGHTS[index] ?? 0);
  return CREDIT_CODE_CHARACTERS.charAt((31 - (sum % 31)) % 31) === text.charAt(17);
}
