import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDomainError } from '../../domain/errors.ts';
import { checkRoster, checkTeam, rosterQuality, type RosterStaffMember, type RosterStop } from './rules.ts';
import { proposeRoster } from './solver.ts';

const SERVICES = ['id_card', 'registration', 'certificate'];
const DATES = ['2027-01-04', '2027-01-05', '2027-01-11'];

const stopArb = (index: number) =>
  fc
    .record({
      date: fc.constantFrom(...DATES),
      startHour: fc.integer({ min: 7, max: 13 }),
      hours: fc.integer({ min: 2, max: 5 }),
      district: fc.constantFrom('nord', 'sued', null),
      crewSize: fc.integer({ min: 1, max: 2 }),
      services: fc.subarray(SERVICES, { maxLength: 1 }),
    })
    .map((stop): RosterStop => ({
      id: `stop-${index}`,
      date: stop.date,
      from: Date.parse(`${stop.date}T${String(stop.startHour).padStart(2, '0')}:00:00Z`),
      until: Date.parse(`${stop.date}T${String(stop.startHour + stop.hours).padStart(2, '0')}:00:00Z`),
      startMinute: stop.startHour * 60 + 30,
      districtId: stop.district,
      crewSize: stop.crewSize,
      requiredServices: stop.services,
    }));

const memberArb = (index: number) =>
  fc
    .record({
      qualifications: fc.subarray(SERVICES),
      sharePercent: fc.constantFrom(10, 25, 50, 100),
      leaveOn: fc.option(fc.constantFrom(...DATES), { nil: undefined }),
      mobileWorkingDays: fc.subarray([1, 2], { maxLength: 1 }),
      preferredDistrictIds: fc.subarray(['nord', 'sued'], { maxLength: 1 }),
      earliestStartMinute: fc.constantFrom(null, 9 * 60, 11 * 60),
    })
    .map((member): RosterStaffMember => ({
      id: `person-${index}`,
      qualifications: member.qualifications,
      sharePercent: member.sharePercent,
      leave: member.leaveOn ? [{ firstDay: member.leaveOn, lastDay: member.leaveOn }] : [],
      mobileWorkingDays: member.mobileWorkingDays,
      preferredDistrictIds: member.preferredDistrictIds,
      earliestStartMinute: member.earliestStartMinute,
    }));

const instanceArb = fc
  .record({ stops: fc.integer({ min: 1, max: 4 }), staff: fc.integer({ min: 2, max: 5 }) })
  .chain(({ stops, staff }) =>
    fc.record({
      stops: fc.tuple(...Array.from({ length: stops }, (_, i) => stopArb(i))),
      staff: fc.tuple(...Array.from({ length: staff }, (_, i) => memberArb(i))),
    }),
  );

function combinations<T>(items: readonly T[], size: number): T[][] {
  if (size === 0) return [[]];
  return items.flatMap((item, i) =>
    combinations(items.slice(i + 1), size - 1).map((rest) => [item, ...rest]),
  );
}

/** Every roster there is, checked by the rules alone; the best by (total unmet, max unmet per person). */
function bruteForce(stops: RosterStop[], staff: RosterStaffMember[]) {
  const ids = staff.map((member) => member.id);
  const options = stops.map((stop) => combinations(ids, stop.crewSize));
  let best: { unmetWishes: number; maxUnmetPerPerson: number } | undefined;
  const crews = new Map<string, string[]>();
  const walk = (s: number) => {
    if (s === stops.length) {
      if (checkRoster(stops, staff, crews).length > 0) return;
      const quality = rosterQuality(stops, staff, crews);
      if (
        !best ||
        quality.unmetWishes < best.unmetWishes ||
        (quality.unmetWishes === best.unmetWishes && quality.maxUnmetPerPerson < best.maxUnmetPerPerson)
      )
        best = quality;
      return;
    }
    for (const crew of options[s]!) {
      crews.set(stops[s]!.id, crew);
      walk(s + 1);
    }
    crews.delete(stops[s]!.id);
  };
  walk(0);
  return best;
}

describe('exact roster proposal (HiGHS)', () => {
  it('equals brute force on small random instances: same feasibility, valid crews, same optimum', async () => {
    const seen = { feasible: 0, infeasible: 0, withWishes: 0 };
    await fc.assert(
      fc.asyncProperty(instanceArb, async ({ stops, staff }) => {
        const optimum = bruteForce(stops, staff);
        if (!optimum) {
          seen.infeasible += 1;
          const error = await proposeRoster(stops, staff).then(
            () => undefined,
            (caught: unknown) => caught,
          );
          expect(
            isDomainError(error, 'roster_missing_qualification') ||
              isDomainError(error, 'roster_understaffed'),
            String(error),
          ).toBe(true);
          if (isDomainError(error)) {
            expect(error.field).toBe('stopId');
            expect(stops.map((stop) => stop.id)).toContain(error.details?.stopId);
            if (error.code === 'roster_missing_qualification')
              expect(SERVICES).toContain(error.details?.serviceId);
          }
          return;
        }
        seen.feasible += 1;
        if (optimum.unmetWishes > 0) seen.withWishes += 1;
        const proposal = await proposeRoster(stops, staff);
        expect(checkRoster(stops, staff, proposal.crews)).toEqual([]);
        expect(proposal.quality).toEqual(rosterQuality(stops, staff, proposal.crews));
        expect(proposal.quality).toEqual(optimum);
        expect(proposal.optimal).toBe(true);
      }),
      { numRuns: 120, seed: 808 },
    );
    // The generator reaches every branch: rosters with missed wishes, and instances without any roster.
    expect(seen.feasible).toBeGreaterThan(20);
    expect(seen.infeasible).toBeGreaterThan(10);
    expect(seen.withWishes).toBeGreaterThan(10);
  }, 120_000);

  it('names the stop and the qualification nobody available holds', async () => {
    const stop: RosterStop = {
      id: 'stop-passport',
      date: '2027-01-04',
      from: Date.parse('2027-01-04T08:00:00Z'),
      until: Date.parse('2027-01-04T12:00:00Z'),
      startMinute: 9 * 60,
      districtId: null,
      crewSize: 1,
      requiredServices: ['registration', 'id_card'],
    };
    const clerk: RosterStaffMember = {
      id: 'person-a',
      qualifications: ['registration'],
      sharePercent: 100,
      leave: [],
      mobileWorkingDays: [],
      preferredDistrictIds: [],
      earliestStartMinute: null,
    };
    await expect(proposeRoster([stop], [clerk])).rejects.toMatchObject({
      code: 'roster_missing_qualification',
      field: 'stopId',
      details: { stopId: 'stop-passport', serviceId: 'id_card' },
    });
    // The qualified colleague is on leave that day: still missing.
    const onLeave = {
      ...clerk,
      id: 'person-b',
      qualifications: ['id_card'],
      leave: [{ firstDay: '2027-01-01', lastDay: '2027-01-10' }],
    };
    await expect(proposeRoster([stop], [clerk, onLeave])).rejects.toMatchObject({
      code: 'roster_missing_qualification',
      details: { serviceId: 'id_card' },
    });
    // A van needs two people.
    await expect(
      proposeRoster([{ ...stop, crewSize: 2, requiredServices: [] }], [clerk]),
    ).rejects.toMatchObject({ code: 'roster_understaffed', details: { stopId: 'stop-passport' } });
  });

  it('checks an override by the same rules, one violation per member and crew', () => {
    const stop: RosterStop = {
      id: 'stop-1',
      date: '2027-01-04',
      from: Date.parse('2027-01-04T08:00:00Z'),
      until: Date.parse('2027-01-04T12:00:00Z'),
      startMinute: 9 * 60,
      districtId: 'nord',
      crewSize: 2,
      requiredServices: ['id_card'],
    };
    const base: RosterStaffMember = {
      id: 'a',
      qualifications: [],
      sharePercent: 100,
      leave: [],
      mobileWorkingDays: [],
      preferredDistrictIds: [],
      earliestStartMinute: null,
    };
    const onLeave = { ...base, id: 'b', leave: [{ firstDay: '2027-01-04', lastDay: '2027-01-04' }] };
    const other = { ...stop, id: 'stop-2', from: stop.from + 3_600_000, until: stop.until + 3_600_000 };
    expect(checkTeam(stop, [base, onLeave], [{ memberId: 'a', stop: other }])).toEqual([
      { kind: 'busy', index: 0, memberId: 'a', otherStopId: 'stop-2' },
      { kind: 'unavailable', index: 1, memberId: 'b', reason: 'on_leave' },
      { kind: 'missing_qualification', serviceId: 'id_card' },
    ]);
    const partTime = { ...base, id: 'c', sharePercent: 10, qualifications: ['id_card'] };
    expect(checkTeam(stop, [partTime], [])).toEqual([
      { kind: 'over_share', index: 0, memberId: 'c', week: '2027-W01', minutes: 240, allowed: 234 },
      { kind: 'crew_too_small', needed: 2, given: 1 },
    ]);
  });
});
