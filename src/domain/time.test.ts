import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  daysBetween,
  formatInstant,
  isLocalDate,
  isLocalTime,
  isoWeekdayOf,
  localDateOf,
  parseInstant,
  zonedInstant,
} from './time.ts';

describe('time conventions', () => {
  it('parses instants only with an offset and formats them in Berlin time', () => {
    expect(parseInstant('2026-06-02T07:00:00Z')).toBe(Date.UTC(2026, 5, 2, 7));
    expect(formatInstant(Date.UTC(2026, 5, 2, 7))).toBe('2026-06-02T09:00:00+02:00');
    expect(formatInstant(Date.UTC(2026, 0, 2, 7))).toBe('2026-01-02T08:00:00+01:00');
    expect(() => parseInstant('2026-06-02T09:00:00', 'start')).toThrow(
      expect.objectContaining({ code: 'invalid_instant', field: 'start' }),
    );
    expect(() => parseInstant('2026-13-02T09:00:00Z')).toThrow(
      expect.objectContaining({ code: 'invalid_instant' }),
    );
  });

  it('validates local dates and times', () => {
    expect(isLocalDate('2028-02-29')).toBe(true);
    expect(isLocalDate('2026-02-29')).toBe(false);
    expect(isLocalDate('2026-6-1')).toBe(false);
    expect(isLocalTime('23:59')).toBe(true);
    expect(isLocalTime('24:00')).toBe(false);
    expect(isLocalTime('9:00')).toBe(false);
  });

  it('resolves wall-clock times across DST', () => {
    expect(formatInstant(zonedInstant('2026-03-29', '01:30'))).toBe('2026-03-29T01:30:00+01:00');
    expect(formatInstant(zonedInstant('2026-03-29', '03:30'))).toBe('2026-03-29T03:30:00+02:00');
    // The missing hour moves forward.
    expect(formatInstant(zonedInstant('2026-03-29', '02:30'))).toBe('2026-03-29T03:30:00+02:00');
    expect(localDateOf(parseInstant('2026-06-01T22:30:00Z'))).toBe('2026-06-02');
  });

  it('date arithmetic ignores the machine zone and DST', () => {
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(isoWeekdayOf('2026-06-07')).toBe(7);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4000 }), fc.integer({ min: -400, max: 400 }), (offset, days) => {
        const date = addDays('2020-01-01', offset);
        expect(daysBetween(date, addDays(date, days))).toBe(days);
        expect(isoWeekdayOf(addDays(date, 7))).toBe(isoWeekdayOf(date));
      }),
      { numRuns: 100 },
    );
  }, 30_000);
});
