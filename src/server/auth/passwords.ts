import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 1024;

// OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane); @node-rs/argon2 uses argon2id by default.
const hashOptions = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, hashOptions);
}

let verifications = 0;

/**
 * How many argon2 verifications this process has run. The sign-in tests read it to show that every path
 * (known account, unknown account, inactive account) costs exactly one verification.
 */
export const passwordVerificationCount = () => verifications;

/** False for a wrong password and for a hash that cannot be read (never throws on bad input). */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  verifications += 1;
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/**
 * A fixed argon2id hash with the same parameters as real ones (of a password nobody uses), so checking
 * against it costs what a real check costs, from the very first request on.
 */
const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$c9VgHlToG5uTlyacYOtvwQ$7/49PzeYG9VlUexfiRTC1BGV9+hRW31pG74//YGhHMg';

/**
 * Spends the time a real check takes, for accounts that do not exist or have no password,
 * so the answer time does not tell which e-mail addresses have an account.
 */
export async function verifyAgainstDummy(password: string): Promise<false> {
  await verifyPassword(DUMMY_HASH, password);
  return false;
}

// No 0/O, 1/l/I: the initial password is read off a screen and typed in once.
const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random password of 4 groups of 5 characters (about 116 bits), e.g. for an initial admin. */
export function generatePassword(): string {
  const groups = Array.from({ length: 4 }, () =>
    Array.from({ length: 5 }, () => alphabet[randomInt(alphabet.length)]).join(''),
  );
  return groups.join('-');
}
