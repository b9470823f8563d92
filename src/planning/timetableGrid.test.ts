import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nrwHolidaysInYears } from '../domain/recurrence.ts';
import { proposeTimetable, type TimetableInput, type Weekday } from './timetable.ts';

const clock = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** A site with opening hours on a 5-minute grid (so not on the half hour) on some weekdays. */
const site = fc.record({
  demandWeight: fc.integer({ min: 1, max: 100 }),
  travelMinutesFromDepot: fc.integer({ min: 0, max: 40 }),
  days: fc.subarray([1, 2, 3, 4, 5] as Weekday[], { minLength: 1 }),
  opens: fc.integer({ min: 7 * 12, max: 14 * 12 }).map((n) => n * 5),
  hours: fc.integer({ min: 2 * 12, max: 10 * 12 }).map((n) => n * 5),
});

describe('proposed timetable on the half-hour grid', () => {
  it('property: starts and ends only on :00 or :30, inside the venue’s opening hours, never on an NRW holiday', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(site, { minLength: 1, maxLength: 5 }), async (sites) => {
        const input: TimetableInput = {
          sites: sites.map((entry, index) => ({
            siteId: `s${index}`,
            demandWeight: entry.demandWeight,
            travelMinutesFromDepot: entry.travelMinutesFromDepot,
            openingHours: Object.fromEntries(
              entry.days.map((day) => [
                day,
                [{ start: clock(entry.opens), end: clock(Math.min(entry.opens + entry.hours, 23 * 60)) }],
              ]),
            ),
          })),
          units: [{ unitId: 'u', availableWeekdays: [1, 2, 3, 4, 5], staffDaysPerWeek: 3 }],
          horizon: { start: '2026-04-01', end: '2026-06-30' },
          method: 'heuristic',
        };
        const result = await proposeTimetable(input);
        const holidays = nrwHolidaysInYears(2026, 2026);
        for (const rule of result.rules) {
          expect(minutesOf(rule.startTime) % 30, rule.startTime).toBe(0);
          expect(minutesOf(rule.endTime) % 30, rule.endTime).toBe(0);
          const hours = input.sites.find((entry) => entry.siteId === rule.siteId)!.openingHours[rule.weekday];
          expect(hours, `${rule.siteId} is closed on weekday ${rule.weekday}`).toBeDefined();
          expect(
            hours!.some((interval) => interval.start <= rule.startTime && rule.endTime <= interval.end),
            `${rule.startTime}–${rule.endTime} outside ${JSON.stringify(hours)}`,
          ).toBe(true);
        }
        for (const visit of result.visits) expect(holidays.has(visit.date), visit.date).toBe(false);
      }),
      { numRuns: 60, seed: 13, interruptAfterTimeLimit: 40_000 },
    );
  }, 60_000);

  it('starts from the timetable in force: keeps a rule that fits, changes one off the grid, ends one of a site not chosen', async () => {
    const allDay = { start: '08:00', end: '18:00' };
    const week = { 1: [allDay], 2: [allDay], 3: [allDay], 4: [allDay], 5: [allDay] };
    const result = await proposeTimetable({
      sites: [
        { siteId: 'bibliothek', demandWeight: 50, travelMinutesFromDepot: 5, openingHours: week },
        { siteId: 'avenwedde', demandWeight: 30, travelMinutesFromDepot: 15, openingHours: week },
        { siteId: 'spexard', demandWeight: 20, travelMinutesFromDepot: 12, openingHours: week },
      ],
      units: [{ unitId: 'u', availableWeekdays: [1, 2, 3, 4, 5], staffDaysPerWeek: 3 }],
      horizon: { start: '2026-04-06', end: '2026-05-31' },
      current: [
        // Wednesday afternoon, on the grid and inside the hours: kept as it is.
        {
          siteId: 'bibliothek',
          unitId: 'u',
          frequency: 'weekly',
          weekday: 3,
          startTime: '14:00',
          endTime: '16:00',
        },
        // Off the grid: the proposal moves it onto the half hour.
        {
          siteId: 'avenwedde',
          unitId: 'u',
          frequency: 'weekly',
          weekday: 2,
          startTime: '09:10',
          endTime: '11:45',
        },
        // The site is not among the chosen ones any more.
        {
          siteId: 'kreishaus',
          unitId: 'u',
          frequency: 'weekly',
          weekday: 1,
          startTime: '09:00',
          endTime: '12:00',
        },
      ],
    });
    const byKind = (kind: string) =>
      result.changes.filter((change) => change.kind === kind).map((change) => change.siteId);
    expect(byKind('kept')).toEqual(['bibliothek']);
    expect(result.rules.find((rule) => rule.siteId === 'bibliothek')).toMatchObject({
      weekday: 3,
      startTime: '14:00',
      endTime: '16:00',
    });
    expect(byKind('changed')).toEqual(['avenwedde']);
    expect(byKind('ended')).toEqual(['kreishaus']);
    expect(byKind('added')).toEqual(['spexard']);
  }, 60_000);
});
