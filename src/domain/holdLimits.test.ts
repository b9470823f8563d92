import { describe, expect, it } from 'vitest';
import { isDomainError } from './errors.ts';
import { assertHoldWithinLimits, holdLimitBreach } from './holdLimits.ts';

const limits = { perClient: 3, perStopPerClient: 2, unconfirmedShare: 0.5 };

describe('holdLimitBreach', () => {
  it('names the first limit one more hold would break', () => {
    const open = { byClient: 0, byClientAtStop: 0, unconfirmedMinutesAtStop: 0, stopCapacityMinutes: 480 };
    expect(holdLimitBreach(open, 15, limits)).toBeUndefined();
    expect(holdLimitBreach({ ...open, byClient: 3 }, 15, limits)).toBe('per_client');
    expect(holdLimitBreach({ ...open, byClient: 2, byClientAtStop: 2 }, 15, limits)).toBe(
      'per_stop_per_client',
    );
    expect(holdLimitBreach({ ...open, unconfirmedMinutesAtStop: 230 }, 15, limits)).toBe('unconfirmed_share');
    expect(holdLimitBreach({ ...open, unconfirmedMinutesAtStop: 225 }, 15, limits)).toBeUndefined();
  });

  it('always allows a single hold, so a stop smaller than the share can be booked', () => {
    const tiny = { unconfirmedMinutesAtStop: 0, stopCapacityMinutes: 15 };
    expect(holdLimitBreach(tiny, 15, limits)).toBeUndefined();
    expect(holdLimitBreach({ ...tiny, unconfirmedMinutesAtStop: 15 }, 15, limits)).toBe('unconfirmed_share');
  });

  it('does not count clients where none is known (waitlist offers)', () => {
    expect(
      holdLimitBreach({ unconfirmedMinutesAtStop: 0, stopCapacityMinutes: 60 }, 15, limits),
    ).toBeUndefined();
  });

  it('throws 429 for the client limits and 409 for the share', () => {
    const open = { byClient: 3, byClientAtStop: 0, unconfirmedMinutesAtStop: 0, stopCapacityMinutes: 480 };
    try {
      assertHoldWithinLimits(open, 15, limits);
      expect.unreachable();
    } catch (error) {
      expect(isDomainError(error, 'hold_limit_reached') && error.status).toBe(429);
    }
    try {
      assertHoldWithinLimits({ ...open, byClient: 0, unconfirmedMinutesAtStop: 240 }, 15, limits);
      expect.unreachable();
    } catch (error) {
      expect(isDomainError(error, 'hold_share_reached') && error.status).toBe(409);
    }
  });
});
