import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDomainError } from './errors.ts';
import {
  generateOccurrences,
  matchesPattern,
  nrwHolidayOn,
  nrwHolidaysInYears,
  type ScheduleRule,
  type NthOfMonth,
} from './recurrence.ts';
import { addDays, isoWeekdayOf, parseInstant, type IsoWeekday } from './time.ts';

const baseRule = (overrides: Partial<ScheduleRule> = {}): ScheduleRule => ({
  pattern: { kind: 'weekly', weekdays: [2] },
  startTime: '09:00',
  endTime: '12:30',
  validFrom: '2026-01-01',
  ...overrides,
});

describe('weekly rules', () => {
  it('generates every Tuesday in the horizon with Berlin offsets', () => {
    const { occurrences } = generateOccurrences(baseRule(), { from: '2026-01-01', to: '2026-01-31' });
    expect(occurrences.map((o) => o.date)).toEqual(['2026-01-06', '2026-01-13', '2026-01-20', '2026-01-27']);
    expect(occurrences[0]).toEqual({
      date: '2026-01-06',
      start: '2026-01-06T09:00:00+01:00',
      end: '2026-01-06T12:30:00+01:00',
      source: 'rule',
    });
  });

  it('keeps local wall-clock times across the DST changes', () => {
    const rule = baseRule({
      pattern: { kind: 'weekly', weekdays: [6, 7] },
      startTime: '10:00',
      endTime: '14:00',
    });
    const { occurrences } = generateOccurrences(rule, { from: '2026-03-28', to: '2026-03-29' });
    expect(occurrences.map((o) => o.start)).toEqual([
      '2026-03-28T10:00:00+01:00',
      '2026-03-29T10:00:00+02:00',
    ]);
    // Saturday 10:00 CET to Sunday 10:00 CEST is only 23 real hours apart.
    const [saturday, sunday] = occurrences;
    expect(parseInstant(sunday!.start) - parseInstant(saturday!.start)).toBe(23 * 3_600_000);

    const autumn = generateOccurrences(rule, { from: '2026-10-24', to: '2026-10-25' }).occurrences;
    expect(autumn.map((o) => o.end)).toEqual(['2026-10-24T14:00:00+02:00', '2026-10-25T14:00:00+01:00']);
  });

  it('supports several weekdays', () => {
    const rule = baseRule({ pattern: { kind: 'weekly', weekdays: [1, 3] } });
    const { occurrences } = generateOccurrences(rule, { from: '2026-02-02', to: '2026-02-08' });
    expect(occurrences.map((o) => o.date)).toEqual(['2026-02-02', '2026-02-04']);
  });

  it('respects validFrom and validUntil', () => {
    const rule = baseRule({ validFrom: '2026-01-10', validUntil: '2026-01-20' });
    const { occurrences } = generateOccurrences(rule, { from: '2026-01-01', to: '2026-01-31' });
    expect(occurrences.map((o) => o.date)).toEqual(['2026-01-13', '2026-01-20']);
  });
});

describe('every n weeks', () => {
  it('counts weeks from the anchor week, also before the anchor', () => {
    const rule = baseRule({
      pattern: { kind: 'every_n_weeks', intervalWeeks: 2, anchorDate: '2026-01-15', weekdays: [4] },
    });
    const { occurrences, skipped } = generateOccurrences(rule, { from: '2026-01-01', to: '2026-02-28' });
    expect(occurrences.map((o) => o.date)).toEqual(['2026-01-15', '2026-01-29', '2026-02-12', '2026-02-26']);
    // 2026-01-01 is an "on" Thursday too, but it is New Year's Day.
    expect(skipped).toEqual([
      { date: '2026-01-01', reason: 'holiday', holidayName: 'Neujahrstag', holidayCode: 'NEUJAHRSTAG' },
    ]);
  });

  it('uses the Monday-based week of the anchor, not the anchor weekday', () => {
    // Anchor on a Sunday: its week runs Mon 2026-01-05 … Sun 2026-01-11, so Tuesday the 6th is "on".
    const rule = baseRule({
      pattern: { kind: 'every_n_weeks', intervalWeeks: 3, anchorDate: '2026-01-11', weekdays: [2] },
    });
    const { occurrences } = generateOccurrences(rule, { from: '2026-01-01', to: '2026-02-28' });
    expect(occurrences.map((o) => o.date)).toEqual(['2026-01-06', '2026-01-27', '2026-02-17']);
  });

  it('property: consecutive occurrences of a single weekday are exactly n weeks apart', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 0, max: 700 }),
        (interval, weekday, anchorOffset) => {
          const rule: ScheduleRule = {
            pattern: {
              kind: 'every_n_weeks',
              intervalWeeks: interval,
              anchorDate: addDays('2025-01-01', anchorOffset),
              weekdays: [weekday as IsoWeekday],
            },
            startTime: '08:00',
            endTime: '09:00',
            validFrom: '2026-01-01',
            holidayPolicy: 'keep',
          };
          const dates = generateOccurrences(rule, { from: '2026-01-01', to: '2026-12-31' }).occurrences.map(
            (o) => o.date,
          );
          expect(dates.length).toBeGreaterThan(0);
          for (let i = 1; i < dates.length; i++) {
            expect(Date.parse(dates[i]!) - Date.parse(dates[i - 1]!)).toBe(interval * 7 * 86_400_000);
          }
        },
      ),
      { numRuns: 100 },
    );
  }, 60_000);
});

describe('n-th weekday of the month', () => {
  it('finds the first Monday and the last Friday', () => {
    const first = baseRule({ pattern: { kind: 'monthly_nth_weekday', nth: 1, weekday: 1 } });
    expect(
      generateOccurrences(first, { from: '2026-01-01', to: '2026-04-30' }).occurrences.map((o) => o.date),
    ).toEqual(['2026-01-05', '2026-02-02', '2026-03-02']); // 2026-04-06 is Easter Monday

    const last = baseRule({ pattern: { kind: 'monthly_nth_weekday', nth: -1, weekday: 5 } });
    expect(
      generateOccurrences(last, { from: '2026-01-01', to: '2026-03-31' }).occurrences.map((o) => o.date),
    ).toEqual(['2026-01-30', '2026-02-27', '2026-03-27']);
  });

  it('property: exactly one match per month with the right weekday and position', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<NthOfMonth>(1, 2, 3, 4, -1),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 2020, max: 2035 }),
        fc.integer({ min: 1, max: 12 }),
        (nth, weekday, year, month) => {
          const first = `${year}-${String(month).padStart(2, '0')}-01`;
          const matches: string[] = [];
          for (let d = first; d.slice(0, 7) === first.slice(0, 7); d = addDays(d, 1)) {
            if (matchesPattern({ kind: 'monthly_nth_weekday', nth, weekday: weekday as IsoWeekday }, d)) {
              matches.push(d);
            }
          }
          expect(matches).toHaveLength(1);
          const day = Number(matches[0]!.slice(8));
          expect(isoWeekdayOf(matches[0]!)).toBe(weekday);
          if (nth === -1) expect(isoWeekdayOf(addDays(matches[0]!, 7)) === weekday).toBe(true);
          if (nth === -1) expect(addDays(matches[0]!, 7).slice(0, 7)).not.toBe(first.slice(0, 7));
          else expect(Math.ceil(day / 7)).toBe(nth);
        },
      ),
      { numRuns: 100 },
    );
  }, 60_000);
});

describe('exceptions, extras and holidays', () => {
  it('skips NRW holidays with their name, including Fronleichnam and Allerheiligen', () => {
    const rule = baseRule({ pattern: { kind: 'weekly', weekdays: [4] } });
    const result = generateOccurrences(rule, { from: '2026-05-01', to: '2026-06-30' });
    expect(result.skipped).toEqual([
      {
        date: '2026-05-14',
        reason: 'holiday',
        holidayName: 'Christi Himmelfahrt',
        holidayCode: 'CHRISTIHIMMELFAHRT',
      },
      { date: '2026-06-04', reason: 'holiday', holidayName: 'Fronleichnam', holidayCode: 'FRONLEICHNAM' },
    ]);
    expect(result.occurrences.map((o) => o.date)).not.toContain('2026-06-04');
    expect(nrwHolidayOn('2026-11-01')?.code).toBe('ALLERHEILIGEN');
    // Reformationstag is not a holiday in NRW.
    expect(nrwHolidayOn('2026-10-31')).toBeUndefined();
  });

  it('lists the same holidays by year as by day (the calendar planning uses)', () => {
    const byYear = nrwHolidaysInYears(2026, 2026);
    let day = '2026-01-01';
    const byDay = new Map<string, string | undefined>();
    while (day <= '2026-12-31') {
      const holiday = nrwHolidayOn(day);
      if (holiday) byDay.set(day, holiday.name);
      day = addDays(day, 1);
    }
    expect(new Map([...byYear].map(([date, holiday]) => [date, holiday.name]))).toEqual(byDay);
    expect(byYear.get('2026-10-03')).toEqual({ code: 'DEUTSCHEEINHEIT', name: 'Tag der Deutschen Einheit' });
    expect(byYear.size).toBe(11);
  });

  it('keeps holidays when the policy says so', () => {
    const rule = baseRule({ pattern: { kind: 'weekly', weekdays: [4] }, holidayPolicy: 'keep' });
    const result = generateOccurrences(rule, { from: '2026-06-01', to: '2026-06-07' });
    expect(result.occurrences.map((o) => o.date)).toEqual(['2026-06-04']);
    expect(result.skipped).toEqual([]);
  });

  it('skips exception dates and adds extra dates; exceptions win over extras', () => {
    const rule = baseRule({
      exceptionDates: ['2026-01-13', '2026-01-17'],
      extraDates: ['2026-01-15', '2026-01-17', '2026-01-20', '2026-03-01'],
    });
    const result = generateOccurrences(rule, { from: '2026-01-10', to: '2026-01-21' });
    expect(result.occurrences.map((o) => [o.date, o.source])).toEqual([
      ['2026-01-15', 'extra'],
      ['2026-01-20', 'rule'],
    ]);
    expect(result.skipped).toEqual([
      { date: '2026-01-13', reason: 'exception' },
      { date: '2026-01-17', reason: 'exception' },
    ]);
  });

  it('skips an extra date on a holiday and keeps extras outside the validity window', () => {
    const rule = baseRule({ validUntil: '2026-09-30', extraDates: ['2026-10-03', '2026-10-10'] });
    const result = generateOccurrences(rule, { from: '2026-10-01', to: '2026-10-31' });
    expect(result.occurrences.map((o) => o.date)).toEqual(['2026-10-10']);
    expect(result.skipped).toEqual([
      {
        date: '2026-10-03',
        reason: 'holiday',
        holidayName: 'Tag der Deutschen Einheit',
        holidayCode: 'DEUTSCHEEINHEIT',
      },
    ]);
  });

  it('property: occurrences and skipped dates are disjoint, sorted and inside the horizon', () => {
    fc.assert(
      fc.property(
        fc.subarray([1, 2, 3, 4, 5, 6, 7] as IsoWeekday[], { minLength: 1 }),
        fc.integer({ min: 0, max: 365 }),
        fc.integer({ min: 0, max: 120 }),
        fc.array(fc.integer({ min: -10, max: 130 }), { maxLength: 8 }),
        (weekdays, startOffset, length, exceptionOffsets) => {
          const from = addDays('2026-01-01', startOffset);
          const to = addDays(from, length);
          const rule = baseRule({
            pattern: { kind: 'weekly', weekdays },
            exceptionDates: exceptionOffsets.map((o) => addDays(from, o)),
          });
          const { occurrences, skipped } = generateOccurrences(rule, { from, to });
          const dates = occurrences.map((o) => o.date);
          expect([...dates].sort()).toEqual(dates);
          for (const date of [...dates, ...skipped.map((s) => s.date)]) {
            expect(date >= from && date <= to).toBe(true);
          }
          const skippedDates = new Set(skipped.map((s) => s.date));
          expect(dates.some((d) => skippedDates.has(d))).toBe(false);
          for (const o of occurrences) {
            expect(nrwHolidayOn(o.date)).toBeUndefined();
            expect(rule.exceptionDates).not.toContain(o.date);
            expect(parseInstant(o.end) - parseInstant(o.start)).toBe(3.5 * 3_600_000);
          }
        },
      ),
      { numRuns: 60 },
    );
  }, 60_000);
});

describe('validation', () => {
  const expectCode = (fn: () => unknown, code: string, field: string) => {
    try {
      fn();
      expect.unreachable('should throw');
    } catch (error) {
      expect(isDomainError(error)).toBe(true);
      expect(error).toMatchObject({ code, field });
    }
  };

  it('rejects bad times, ranges and patterns with the field named', () => {
    const horizon = { from: '2026-01-01', to: '2026-01-31' };
    expectCode(
      () => generateOccurrences(baseRule({ endTime: '08:00' }), horizon),
      'invalid_recurrence',
      'endTime',
    );
    expectCode(
      () => generateOccurrences(baseRule({ startTime: '9:00' }), horizon),
      'invalid_time',
      'startTime',
    );
    expectCode(
      () => generateOccurrences(baseRule({ validUntil: '2025-12-31' }), horizon),
      'invalid_range',
      'validUntil',
    );
    expectCode(
      () => generateOccurrences(baseRule({ pattern: { kind: 'weekly', weekdays: [] } }), horizon),
      'invalid_recurrence',
      'pattern.weekdays',
    );
    expectCode(
      () =>
        generateOccurrences(
          baseRule({
            pattern: { kind: 'every_n_weeks', intervalWeeks: 0, anchorDate: '2026-01-01', weekdays: [1] },
          }),
          horizon,
        ),
      'invalid_recurrence',
      'pattern.intervalWeeks',
    );
    expectCode(
      () =>
        generateOccurrences(
          baseRule({ pattern: { kind: 'monthly_nth_weekday', nth: 5 as NthOfMonth, weekday: 1 } }),
          horizon,
        ),
      'invalid_recurrence',
      'pattern.nth',
    );
    expectCode(
      () => generateOccurrences(baseRule({ exceptionDates: ['2026-02-30'] }), horizon),
      'invalid_date',
      'exceptionDates[0]',
    );
    expectCode(
      () => generateOccurrences(baseRule(), { from: '2026-02-01', to: '2026-01-01' }),
      'invalid_range',
      'horizon.to',
    );
    expectCode(
      () => generateOccurrences(baseRule(), { from: '2026-01-01', to: '2029-01-01' }),
      'horizon_too_long',
      'horizon.to',
    );
  });
});
