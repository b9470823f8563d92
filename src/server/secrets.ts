import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** A secret for a link (booking management, confirmations): 256 bits, URL-safe. Only its hash is stored. */
export const newLinkToken = () => randomBytes(32).toString('base64url');

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function tokenMatches(token: string, storedHash: string): boolean {
  const given = Buffer.from(hashToken(token), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

// No 0/O, 1/I/L: the code is read aloud and typed on a tablet.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A booking code like "K7QM-2XPA", unique per municipality (enforced by the database). */
export function newBookingCode(): string {
  const chars = Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4).join('')}`;
}
