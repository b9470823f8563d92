import { describe, expect, it } from 'vitest';
import { generateOccurrences } from '../domain/recurrence.ts';
import {
  candidateSitesFrom,
  COUNTY_SHARE_65PLUS,
  demandFromDistrictRows,
  nextMonday,
  openingHoursForTimetable,
  schedulePatternOf,
  type DistrictRow,
  type SiteRow,
} from './scenarioSetup.ts';
import { expandRecurrenceRules, type RecurrenceRule } from './timetable.ts';

const district = (id: string, population: number | null, parent: string | null = null): DistrictRow => ({
  id,
  name: id,
  parent_id: parent,
  population,
  share_65plus: null,
  lat: 51.9,
  lon: 8.38,
  confidence: 'medium',
});

describe('scenario setup', () => {
  it('keeps a parent district’s remainder at its own point and never counts residents twice', () => {
    const { demand, notes, withoutPopulation } = demandFromDistrictRows([
      district('kernstadt', 68_000),
      district('kattenstroth', 17_000, 'kernstadt'),
      district('nordhorn', null, 'kernstadt'),
      district('avenwedde', 17_476),
    ]);
    const residents = Object.fromEntries(demand.map((point) => [point.id, point.counts.residents]));
    expect(residents).toEqual({ kernstadt: 51_000, kattenstroth: 17_000, avenwedde: 17_476 });
    expect(demand[0]!.counts.residents65plus).toBeCloseTo(51_000 * COUNTY_SHARE_65PLUS);
    expect(withoutPopulation).toEqual(['nordhorn']);
    expect(notes.map((note) => note.code)).toEqual(
      expect.arrayContaining(['districtRemainder', 'share65County', 'districtsWithoutPopulation']),
    );
  });

  it('names the field when there is no demand or an unknown site', () => {
    expect(() => demandFromDistrictRows([district('nordhorn', null)], { districtIds: ['nordhorn'] })).toThrow(
      /districtIds/,
    );
    expect(() => candidateSitesFrom([], ['rathaus'])).toThrow(/siteIds\[0\]/);
  });

  it('offers only usable venues as candidates: placeholders are demand, never candidates', () => {
    const site = (id: string, usable: boolean, placeholder = false): SiteRow => ({
      id,
      name: id,
      lat: 51.9,
      lon: 8.38,
      placeholder,
      usable,
      confidence: 'medium',
      opening_hours: null,
    });
    const rows = [
      site('stadtbibliothek', true),
      site('kreishaus', false),
      site('ebbesloh-reference-point', false, true),
      // Even a placeholder marked usable by mistake is no candidate.
      site('hollen-reference-point', true, true),
    ];
    const { sites, notes } = candidateSitesFrom(rows);
    expect(sites.map((entry) => entry.id)).toEqual(['stadtbibliothek']);
    expect(notes).toContainEqual({ code: 'sitesNotVenues', params: { sites: 3, placeholders: 2 } });
    expect(() => candidateSitesFrom(rows, ['stadtbibliothek', 'ebbesloh-reference-point'])).toThrow(
      /siteIds\[1\].*reference point/,
    );
    expect(() => candidateSitesFrom(rows, ['kreishaus'])).toThrow(/siteIds\[0\].*not marked usable/);
    expect(() => candidateSitesFrom([site('kreishaus', false)])).toThrow(/no usable venue/);
  });

  it('assumes weekday hours where opening hours are unknown', () => {
    expect(openingHoursForTimetable(null)[3]).toEqual([{ start: '08:00', end: '17:30' }]);
    const market = openingHoursForTimetable([{ days: ['tu', 'th', 'sa'] }]);
    expect(Object.keys(market)).toEqual(['2', '4']);
    expect(nextMonday('2026-03-04')).toBe('2026-03-09');
    expect(nextMonday('2026-03-09')).toBe('2026-03-09');
  });

  it('turns timetable rules into schedule patterns that make the same dates', () => {
    const horizon = { start: '2026-03-02', end: '2026-08-30' };
    const rules: RecurrenceRule[] = [
      { siteId: 's', unitId: 'u', frequency: 'weekly', weekday: 2, startTime: '09:00', endTime: '12:00' },
      {
        siteId: 's',
        unitId: 'u',
        frequency: 'biweekly',
        weekday: 3,
        weekParity: 0,
        startTime: '09:00',
        endTime: '12:00',
      },
      {
        siteId: 's',
        unitId: 'u',
        frequency: 'biweekly',
        weekday: 3,
        weekParity: 1,
        startTime: '09:00',
        endTime: '12:00',
      },
      {
        siteId: 's',
        unitId: 'u',
        frequency: 'monthly',
        weekday: 5,
        weekOfMonth: 3,
        startTime: '13:00',
        endTime: '15:00',
      },
    ];
    for (const rule of rules) {
      const planned = expandRecurrenceRules([rule], horizon).visits.map((visit) => visit.date);
      const pattern = schedulePatternOf(rule, horizon.start);
      const generated = generateOccurrences(
        {
          pattern: pattern as never,
          startTime: rule.startTime,
          endTime: rule.endTime,
          validFrom: horizon.start,
        },
        { from: horizon.start, to: horizon.end },
      ).occurrences.map((occurrence) => occurrence.date);
      expect(generated, JSON.stringify(rule)).toEqual(planned);
    }
  });
});
