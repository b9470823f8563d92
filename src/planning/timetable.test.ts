import { describe, expect, it } from 'vitest';
import { matchesPattern } from '../domain/recurrence.ts';
import { PlanningInputError } from './errors.ts';
import {
  expandRecurrenceRules,
  proposeFrequencies,
  proposeTimetable,
  type TimetableInput,
} from './timetable.ts';

const allDay = {
  1: [{ start: '08:00', end: '18:00' }],
  2: [{ start: '08:00', end: '18:00' }],
  3: [{ start: '08:00', end: '18:00' }],
  4: [{ start: '08:00', end: '18:00' }],
  5: [{ start: '08:00', end: '18:00' }],
};

const baseInput: TimetableInput = {
  sites: [
    { siteId: 'bibliothek', demandWeight: 50, travelMinutesFromDepot: 5, openingHours: allDay },
    {
      siteId: 'avenwedde',
      demandWeight: 20,
      travelMinutesFromDepot: 15,
      openingHours: { 2: [{ start: '09:00', end: '12:00' }] },
    },
    { siteId: 'spexard', demandWeight: 15, travelMinutesFromDepot: 12, openingHours: allDay },
    { siteId: 'hollen', demandWeight: 5, travelMinutesFromDepot: 20, openingHours: allDay },
    { siteId: 'ebbesloh', demandWeight: 4, travelMinutesFromDepot: 22, openingHours: allDay },
  ],
  units: [{ unitId: 'bus-1', availableWeekdays: [1, 2, 3, 4], staffDaysPerWeek: 2 }],
  horizon: { start: '2026-04-01', end: '2026-06-30' },
};

describe('timetable', () => {
  it('proposes frequencies by demand share', () => {
    const f = proposeFrequencies(baseInput.sites);
    expect(f).toEqual({
      bibliothek: 'weekly',
      avenwedde: 'weekly',
      spexard: 'biweekly',
      hollen: 'monthly',
      ebbesloh: 'monthly',
    });
  });

  for (const method of ['exact', 'heuristic'] as const) {
    it(`${method}: rules respect opening hours, availability, staff days and slot sharing`, async () => {
      const result = await proposeTimetable({ ...baseInput, method });
      expect(result.rules.length + result.unscheduled.length).toBe(5);
      const days = new Set(result.rules.map((r) => r.weekday));
      expect(days.size).toBeLessThanOrEqual(2);
      for (const rule of result.rules) {
        expect([1, 2, 3, 4]).toContain(rule.weekday);
        expect(rule.startTime < rule.endTime).toBe(true);
        if (rule.siteId === 'avenwedde') {
          expect(rule.weekday).toBe(2);
          expect(rule.startTime >= '09:00' && rule.endTime <= '12:00').toBe(true);
        }
        if (rule.frequency === 'biweekly') expect([0, 1]).toContain(rule.weekParity);
        if (rule.frequency === 'monthly') expect([1, 2, 3, 4]).toContain(rule.weekOfMonth);
      }
      // No two visits of the unit on the same date and half day.
      const seen = new Set<string>();
      for (const visit of result.visits) {
        const key = `${visit.unitId}_${visit.date}_${visit.startTime < '12:45' ? 'am' : 'pm'}`;
        expect(seen.has(key)).toBe(false);
        seen.add(key);
      }
      expect(result.staffHoursPerMonth).toBeGreaterThan(0);
    });
  }

  it('the MIP schedules all five sites where it can and solves to optimality', async () => {
    const result = await proposeTimetable(baseInput);
    expect(result.method).toBe('exact');
    expect(result.unscheduled).toEqual([]);
  });

  it('skips NRW holidays and reports them', () => {
    const { visits, skippedHolidays } = expandRecurrenceRules(
      [{ siteId: 's', unitId: 'u', frequency: 'weekly', weekday: 4, startTime: '09:00', endTime: '12:00' }],
      { start: '2026-05-01', end: '2026-06-30' },
    );
    // Thursdays 14 May (Christi Himmelfahrt) and 4 June (Fronleichnam) are holidays in NRW.
    expect(skippedHolidays.map((s) => s.date)).toEqual(['2026-05-14', '2026-06-04']);
    expect(visits.map((v) => v.date)).not.toContain('2026-05-14');
    // 8 Thursdays in May and June 2026, two of them holidays.
    expect(visits).toHaveLength(6);
  });

  it('biweekly and monthly rules follow parity and week of month', () => {
    const { visits } = expandRecurrenceRules(
      [
        {
          siteId: 'a',
          unitId: 'u',
          frequency: 'biweekly',
          weekday: 1,
          startTime: '09:00',
          endTime: '12:00',
          weekParity: 0,
        },
        {
          siteId: 'b',
          unitId: 'u',
          frequency: 'monthly',
          weekday: 3,
          startTime: '09:00',
          endTime: '12:00',
          weekOfMonth: 2,
        },
      ],
      { start: '2026-03-01', end: '2026-03-31' },
    );
    for (const visit of visits) {
      // Parity 0: even weeks counted from Monday 5 January 1970; week of month: the n-th such weekday.
      if (visit.siteId === 'a')
        expect(
          matchesPattern(
            { kind: 'every_n_weeks', intervalWeeks: 2, anchorDate: '1970-01-05', weekdays: [1] },
            visit.date,
          ),
        ).toBe(true);
      else expect(Math.ceil(Number(visit.date.slice(8, 10)) / 7)).toBe(2);
    }
    expect(visits.filter((v) => v.siteId === 'b').map((v) => v.date)).toEqual(['2026-03-11']);
    const mondays = visits.filter((v) => v.siteId === 'a').map((v) => Date.parse(v.date));
    expect(mondays.length).toBeGreaterThanOrEqual(2);
    for (let k = 1; k < mondays.length; k++) expect(mondays[k]! - mondays[k - 1]!).toBe(14 * 86_400_000);
  });

  it('reports sites that cannot fit any slot', async () => {
    const result = await proposeTimetable({
      ...baseInput,
      sites: [
        {
          siteId: 'closed',
          demandWeight: 1,
          travelMinutesFromDepot: 5,
          openingHours: { 5: [{ start: '09:00', end: '17:00' }] },
        },
      ],
    });
    expect(result.rules).toEqual([]);
    expect(result.unscheduled[0]!.siteId).toBe('closed');
  });

  it.each([
    ['no units', { units: [] }, 'units'],
    ['bad horizon', { horizon: { start: '2026-02-30', end: '2026-03-01' } }, 'horizon.start'],
    [
      'bad opening hours',
      { sites: [{ ...baseInput.sites[0]!, openingHours: { 1: [{ start: '12:00', end: '09:00' }] } }] },
      'sites[0].openingHours.1[0]',
    ],
    [
      'staff days above 5',
      { units: [{ unitId: 'u', availableWeekdays: [1], staffDaysPerWeek: 6 }] },
      'units[0].staffDaysPerWeek',
    ],
  ] as const)('rejects %s', async (_, patch, field) => {
    await expect(proposeTimetable({ ...baseInput, ...patch } as TimetableInput)).rejects.toMatchObject({
      name: 'PlanningInputError',
      field,
    });
    await expect(proposeTimetable({ ...baseInput, ...patch } as TimetableInput)).rejects.toBeInstanceOf(
      PlanningInputError,
    );
  });
});
