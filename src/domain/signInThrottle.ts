/**
 * Sign-in throttling: instead of locking an account (which lets anyone lock out its owner and tells who has
 * an account), failed sign-ins are counted per account and per client address, and past a number of free
 * failures every further attempt has to wait a delay that doubles with each failure, up to a cap.
 * Attempts inside the delay are refused without being evaluated; the right password after it always works.
 */

export interface ThrottleRule {
  /** Failures in an episode that cost nothing. */
  freeFailures: number;
  /** The longest delay, in seconds. */
  maxDelaySeconds: number;
}

/**
 * Seconds the next attempt has to wait after `failures` failures in a row: 0 while free, then
 * 1, 2, 4, … seconds (2^(failures − freeFailures)), never more than `maxDelaySeconds`.
 */
export function throttleDelaySeconds(failures: number, rule: ThrottleRule): number {
  if (!Number.isInteger(failures) || failures < rule.freeFailures) return 0;
  const exponent = failures - rule.freeFailures;
  // 2^31 seconds is far beyond any cap: avoid Infinity for absurd counts.
  return Math.min(exponent >= 31 ? Number.MAX_SAFE_INTEGER : 2 ** exponent, rule.maxDelaySeconds);
}
