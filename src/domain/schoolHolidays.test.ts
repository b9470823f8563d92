import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateOccurrences, type ScheduleRule } from './recurrence.ts';
import {
  checkSchoolHolidayCalendar,
  isSchoolSite,
  NRW_SCHOOL_HOLIDAYS,
  nrwSchoolHolidayOn,
  nrwSchoolHolidaysBetween,
  schoolHolidaysKnownOn,
} from './schoolHolidays.ts';
import { addDays, daysBetween } from './time.ts';

describe('NRW school holidays', () => {
  it('come from the data file with the ministry as source, 2026 and 2027 as published', () => {
    expect(NRW_SCHOOL_HOLIDAYS.source).toContain('Ministerium für Schule und Bildung');
    expect(NRW_SCHOOL_HOLIDAYS.region).toBe('NW');
    expect(NRW_SCHOOL_HOLIDAYS.periods.map((p) => `${p.name} ${p.from}–${p.to}`)).toEqual([
      'Osterferien 2026-03-30–2026-04-11',
      'Pfingstferien 2026-05-26–2026-05-26',
      'Sommerferien 2026-07-20–2026-09-01',
      'Herbstferien 2026-10-17–2026-10-31',
      'Weihnachtsferien 2026-12-23–2027-01-06',
      'Osterferien 2027-03-22–2027-04-03',
      'Pfingstferien 2027-05-18–2027-05-18',
      'Sommerferien 2027-07-19–2027-08-31',
      'Herbstferien 2027-10-23–2027-11-06',
      'Weihnachtsferien 2027-12-24–2028-01-08',
    ]);
  });

  it('knows the first and last day of a period, both inclusive, and the days around it', () => {
    expect(nrwSchoolHolidayOn('2026-07-19')).toBeUndefined();
    expect(nrwSchoolHolidayOn('2026-07-20')?.name).toBe('Sommerferien');
    expect(nrwSchoolHolidayOn('2026-09-01')?.name).toBe('Sommerferien');
    expect(nrwSchoolHolidayOn('2026-09-02')).toBeUndefined();
    expect(nrwSchoolHolidayOn('2026-05-26')?.name).toBe('Pfingstferien');
    expect(nrwSchoolHolidayOn('2027-01-01')?.name).toBe('Weihnachtsferien');
    expect(schoolHolidaysKnownOn('2027-06-01')).toBe(true);
    expect(schoolHolidaysKnownOn('2028-03-01')).toBe(false);
    expect(schoolHolidaysKnownOn('2025-12-30')).toBe(false);
    expect(nrwSchoolHolidaysBetween('2026-09-01', '2026-10-17').map((p) => p.name)).toEqual([
      'Sommerferien',
      'Herbstferien',
    ]);
  });

  it('refuses a calendar whose periods overlap, run backwards or have no source', () => {
    const base = { region: 'NW', source: 'Ferienordnung', knownFrom: '2026-01-01', knownUntil: '2026-12-31' };
    expect(() =>
      checkSchoolHolidayCalendar({
        ...base,
        periods: [
          { name: 'A', from: '2026-03-01', to: '2026-03-10' },
          { name: 'B', from: '2026-03-10', to: '2026-03-12' },
        ],
      }),
    ).toThrow(/overlaps/);
    expect(() =>
      checkSchoolHolidayCalendar({ ...base, periods: [{ name: 'A', from: '2026-03-10', to: '2026-03-01' }] }),
    ).toThrow(/ends before/);
    expect(() => checkSchoolHolidayCalendar({ ...base, source: ' ', periods: [] })).toThrow(/source/);
  });

  it('tells a school by its category', () => {
    expect(isSchoolSite('school')).toBe(true);
    expect(isSchoolSite('library')).toBe(false);
    expect(isSchoolSite('market')).toBe(false);
  });

  it('a rule skipping school holidays makes exactly the dates of the same rule without, minus the school holidays', () => {
    const start = '2026-01-07';
    const span = daysBetween(start, '2027-12-01');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: span }),
        fc.integer({ min: 0, max: 60 }),
        fc.uniqueArray(fc.constantFrom(1, 2, 3, 4, 5, 6, 7), { minLength: 1, maxLength: 7 }),
        (offset, length, weekdays) => {
          const from = addDays(start, offset);
          const to = addDays(from, length);
          const keep: ScheduleRule = {
            pattern: { kind: 'weekly', weekdays: weekdays as (1 | 2 | 3 | 4 | 5 | 6 | 7)[] },
            startTime: '09:00',
            endTime: '12:00',
            validFrom: '2026-01-01',
          };
          const kept = generateOccurrences(keep, { from, to });
          const skipping = generateOccurrences({ ...keep, schoolHolidayPolicy: 'skip' }, { from, to });
          // Brute force: a date is in the school holidays when some period holds it.
          const inHolidays = (date: string) =>
            NRW_SCHOOL_HOLIDAYS.periods.some((period) => period.from <= date && date <= period.to);
          expect(skipping.occurrences.map((o) => o.date)).toEqual(
            kept.occurrences.map((o) => o.date).filter((date) => !inHolidays(date)),
          );
          const skippedSchool = skipping.skipped.filter((s) => s.reason === 'school_holiday');
          expect(skippedSchool.map((s) => s.date)).toEqual(
            kept.occurrences.map((o) => o.date).filter(inHolidays),
          );
          // A public holiday stays a public holiday, also inside the school holidays.
          expect(skipping.skipped.filter((s) => s.reason === 'holiday')).toEqual(
            kept.skipped.filter((s) => s.reason === 'holiday'),
          );
        },
      ),
      { numRuns: 25, seed: 2026 },
    );
  }, 30_000);
});
