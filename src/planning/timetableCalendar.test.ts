import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { siteClosedFor } from '../domain/siteOpening.ts';
import { isoWeekdayOf } from '../domain/time.ts';
import { monthlyCost, openingHoursForTimetable, type SiteRow } from './scenarioSetup.ts';
import {
  expandRecurrenceRules,
  proposeTimetable,
  type RecurrenceRule,
  type TimetableInput,
} from './timetable.ts';

const allDay = Object.fromEntries([1, 2, 3, 4, 5].map((day) => [day, [{ start: '08:00', end: '18:00' }]]));
const weeklyMonday = (siteId: string): RecurrenceRule => ({
  siteId,
  unitId: 'bus-1',
  frequency: 'weekly',
  weekday: 1,
  startTime: '09:00',
  endTime: '12:00',
});

describe('the timetable and the calendar', () => {
  it('leaves out visits at a school in the school holidays and keeps every other site’s', () => {
    // Mondays from 6 July to 14 September 2026; Sommerferien 20 July – 1 September.
    const horizon = { start: '2026-07-06', end: '2026-09-14' };
    const { visits, skippedHolidays } = expandRecurrenceRules(
      [weeklyMonday('schule'), weeklyMonday('bibliothek')],
      horizon,
      new Set(['schule']),
    );
    const datesAt = (siteId: string) => visits.filter((v) => v.siteId === siteId).map((v) => v.date);
    expect(datesAt('bibliothek')).toEqual([
      '2026-07-06',
      '2026-07-13',
      '2026-07-20',
      '2026-07-27',
      '2026-08-03',
      '2026-08-10',
      '2026-08-17',
      '2026-08-24',
      '2026-08-31',
      '2026-09-07',
      '2026-09-14',
    ]);
    expect(datesAt('schule')).toEqual(['2026-07-06', '2026-07-13', '2026-09-07', '2026-09-14']);
    expect(
      skippedHolidays.filter((s) => s.kind === 'school').map((s) => [s.siteId, s.date, s.holiday]),
    ).toEqual(
      ['2026-07-20', '2026-07-27', '2026-08-03', '2026-08-10', '2026-08-17', '2026-08-24', '2026-08-31'].map(
        (date) => ['schule', date, 'Sommerferien'],
      ),
    );
    // Without schools nothing is skipped but the public holidays (none on these Mondays).
    expect(expandRecurrenceRules([weeklyMonday('schule')], horizon).skippedHolidays).toEqual([]);
  });

  it('a public holiday in the school holidays counts as a public holiday (Ostermontag 2026)', () => {
    const { skippedHolidays } = expandRecurrenceRules(
      [weeklyMonday('schule')],
      { start: '2026-03-30', end: '2026-04-13' },
      new Set(['schule']),
    );
    expect(skippedHolidays.map((s) => [s.date, s.kind])).toEqual([
      ['2026-03-30', 'school'],
      ['2026-04-06', 'public'],
    ]);
  });

  it('lists the school holidays of the horizon with the visits that take place in them', async () => {
    const input: TimetableInput = {
      sites: [
        { siteId: 'bibliothek', demandWeight: 60, travelMinutesFromDepot: 5, openingHours: allDay },
        { siteId: 'schule', demandWeight: 40, travelMinutesFromDepot: 8, openingHours: allDay, school: true },
      ],
      units: [{ unitId: 'bus-1', availableWeekdays: [1, 2, 3, 4, 5], staffDaysPerWeek: 2 }],
      horizon: { start: '2026-07-06', end: '2026-09-27' },
      method: 'heuristic',
    };
    const result = await proposeTimetable(input);
    expect(result.rules.map((rule) => rule.siteId).sort()).toEqual(['bibliothek', 'schule']);
    const inSummer = (date: string) => date >= '2026-07-20' && date <= '2026-09-01';
    expect(result.visits.some((v) => v.siteId === 'schule' && inSummer(v.date))).toBe(false);
    expect(result.visits.some((v) => v.siteId === 'bibliothek' && inSummer(v.date))).toBe(true);
    expect(result.schoolHolidays).toEqual([
      {
        name: 'Sommerferien',
        from: '2026-07-20',
        to: '2026-09-01',
        visits: result.visits.filter((v) => inSummer(v.date)).length,
      },
    ]);
    expect(result.skippedHolidays.some((s) => s.kind === 'school' && s.siteId === 'schule')).toBe(true);
    expect(result.schoolHolidaysKnownUntil).toBe('2028-01-08');
  });

  it('counts each visit as a day of use at the venue’s cost, in the monthly cost and its parts', async () => {
    const input: TimetableInput = {
      sites: [
        // 60 % of the demand: weekly; 30 %: weekly; 10 %: biweekly.
        { siteId: 'a', demandWeight: 60, travelMinutesFromDepot: 5, openingHours: allDay, costPerDayEur: 40 },
        {
          siteId: 'b',
          demandWeight: 30,
          travelMinutesFromDepot: 5,
          openingHours: allDay,
          costPerDayEur: null,
        },
        { siteId: 'c', demandWeight: 10, travelMinutesFromDepot: 5, openingHours: allDay, costPerDayEur: 25 },
      ],
      units: [{ unitId: 'bus-1', availableWeekdays: [1, 2, 3, 4, 5], staffDaysPerWeek: 3 }],
      horizon: { start: '2026-09-07', end: '2026-11-29' },
      method: 'heuristic',
    };
    const result = await proposeTimetable(input);
    const perMonth = { weekly: 52 / 12, biweekly: 26 / 12, monthly: 1 };
    const cost = { a: 40, b: 0, c: 25 } as Record<string, number>;
    const expected = result.rules.reduce(
      (sum, rule) => sum + perMonth[rule.frequency] * cost[rule.siteId]!,
      0,
    );
    expect(result.rules.map((rule) => rule.siteId).sort()).toEqual(['a', 'b', 'c']);
    expect(result.venueCostPerMonth).toBeCloseTo(expected, 9);
    expect(result.venueCostPerMonth).toBeGreaterThan(0);

    const total = monthlyCost(
      result.staffHoursPerMonth,
      result.unitDaysPerMonth,
      {
        costPerStaffHour: 48,
        costPerUnitDay: 120,
      },
      result.venueCostPerMonth,
    );
    expect(total.staff).toBeCloseTo(result.staffHoursPerMonth * 48, 9);
    expect(total.units).toBeCloseTo(result.unitDaysPerMonth * 120, 9);
    expect(total.venues).toBe(result.venueCostPerMonth);
    expect(total.total).toBeCloseTo(total.staff + total.units + total.venues, 9);

    // Without venue costs the monthly cost is staff and units alone.
    const free = await proposeTimetable({
      ...input,
      sites: input.sites.map((site) => ({ ...site, costPerDayEur: null })),
    });
    expect(free.venueCostPerMonth).toBe(0);
    await expect(
      proposeTimetable({ ...input, sites: [{ ...input.sites[0]!, costPerDayEur: -1 }] }),
    ).rejects.toMatchObject({ field: 'sites[0].costPerDayEur' });
  });

  it('stops at the Berliner Platz only on its market days (the seed’s opening days: Tue, Thu, Sat)', async () => {
    const sites = JSON.parse(
      readFileSync(new URL('../../data/seed/guetersloh/sites.json', import.meta.url), 'utf8'),
    ) as { id: string; openingHours: SiteRow['opening_hours'] }[];
    const market = sites.find((site) => site.id === 'berliner-platz-wochenmarkt')!;
    const openingHours = openingHoursForTimetable(market.openingHours);
    expect(Object.keys(openingHours).map(Number).sort()).toEqual([2, 4]);
    const result = await proposeTimetable({
      sites: [
        { siteId: 'markt', demandWeight: 80, travelMinutesFromDepot: 3, openingHours },
        { siteId: 'bibliothek', demandWeight: 20, travelMinutesFromDepot: 5, openingHours: allDay },
      ],
      units: [{ unitId: 'bus-1', availableWeekdays: [1, 2, 3, 4, 5], staffDaysPerWeek: 5 }],
      horizon: { start: '2026-09-07', end: '2026-11-29' },
      method: 'heuristic',
    });
    const atMarket = result.rules.filter((rule) => rule.siteId === 'markt');
    expect(atMarket.length).toBeGreaterThan(0);
    for (const rule of atMarket) expect([2, 4]).toContain(rule.weekday);
    const marketVisits = result.visits.filter((visit) => visit.siteId === 'markt');
    expect(marketVisits.length).toBeGreaterThan(0);
    for (const visit of marketVisits) expect([2, 4]).toContain(isoWeekdayOf(visit.date));
    // A stop planned by hand on a Monday is refused as the site being closed that day.
    expect(
      siteClosedFor(
        market.openingHours as Parameters<typeof siteClosedFor>[0],
        '2026-09-07',
        '09:00',
        '12:00',
      ),
    ).toEqual({ kind: 'site_closed', reason: 'closed_that_day' });
    expect(
      siteClosedFor(
        market.openingHours as Parameters<typeof siteClosedFor>[0],
        '2026-09-08',
        '09:00',
        '12:00',
      ),
    ).toBeUndefined();
  });
});
