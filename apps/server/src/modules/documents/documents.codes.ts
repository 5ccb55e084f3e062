import { randomBytes } from 'node:crypto';

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const VERIFICATION_CODE_PATTERN = /^[A-Z2-7]{26}$/;

/** RFC 4648 base32, upper case, without padding. */
function encodeBase32(bytes: Uint8Array): string {
  let output = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      output += BASE32_ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) output += BASE32_ALPHABET[(buffer << (5 - bits)) & 31];
  return output;
}

/**
 * A fresh verification code: 128 random bits (unguessable, so the public page shows nothing to
 * someone without the paper) as 26 base32 characters. Base32 because the code is printed on the
 * document and may be typed in by hand: no 0/O or 1/l pairs, and letter case does not matter.
 */
export function generateVerificationCode(random: (size: number) => Uint8Array = randomBytes): string {
  return encodeBase32(random(16));
}

/** The code as stored (upper case), or null when the text cannot be a code at all. */
export function normaliseVerificationCode(text: string): string | null {
  const code = text.trim().toUpperCase();
  return VERIFICATION_CODE_PATTERN.test(code) ? code : null;
}
