import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { throttleDelaySeconds } from './signInThrottle.ts';

describe('throttleDelaySeconds', () => {
  const rule = { freeFailures: 5, maxDelaySeconds: 60 };

  it('is free for the first failures, then doubles from one second up to the cap', () => {
    const delays = Array.from({ length: 14 }, (_, index) => throttleDelaySeconds(index, rule));
    expect(delays).toEqual([0, 0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60, 60]);
    expect(throttleDelaySeconds(10_000, rule)).toBe(60);
  });

  it('property: never negative, never above the cap, never shrinking with more failures', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 86_400 }),
        (failures, freeFailures, maxDelaySeconds) => {
          const r = { freeFailures, maxDelaySeconds };
          const delay = throttleDelaySeconds(failures, r);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(maxDelaySeconds);
          expect(throttleDelaySeconds(failures + 1, r)).toBeGreaterThanOrEqual(delay);
        },
      ),
      { numRuns: 300 },
    );
  });
});
