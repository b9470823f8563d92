import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { durationStats } from './figures.ts';
import {
  computeEvaluation,
  medianAndP90,
  rankOnlineCandidates,
  periodGranularity,
  periodKey,
  shownCount,
  type EvaluationFeedback,
  type EvaluationStop,
  type EvaluationVisit,
} from './evaluation.ts';
import { DomainError } from './errors.ts';

const minute = 60_000;
const t0 = Date.parse('2026-03-02T08:00:00Z');

const stops: EvaluationStop[] = [
  // 2 counters, nobody rostered: 2 people × 5 h = 10 staff hours → 500 € + unit day 120 € + travel 10 € = 630 €
  {
    stopId: 's1',
    siteId: 'A',
    unitId: 'U1',
    localDate: '2026-03-02',
    cancelled: false,
    openMinutes: 240,
    counters: 2,
    staffedMinutes: 300,
    rosteredStaff: 0,
  },
  // 2 rostered × 3 h = 6 h → 300 € + half the unit day 60 € + 10 € = 370 €
  {
    stopId: 's2',
    siteId: 'A',
    unitId: 'U1',
    localDate: '2026-03-03',
    cancelled: false,
    openMinutes: 120,
    counters: 1,
    staffedMinutes: 180,
    rosteredStaff: 2,
  },
  // 1 rostered × 2.5 h → 125 € + 60 € + 10 € = 195 €
  {
    stopId: 's3',
    siteId: 'B',
    unitId: 'U1',
    localDate: '2026-03-03',
    cancelled: false,
    openMinutes: 120,
    counters: 1,
    staffedMinutes: 150,
    rosteredStaff: 1,
  },
  // cancelled: no cost, no open minutes
  {
    stopId: 's4',
    siteId: 'B',
    unitId: 'U1',
    localDate: '2026-03-04',
    cancelled: true,
    openMinutes: 120,
    counters: 1,
    staffedMinutes: 150,
    rosteredStaff: 0,
  },
];

function visit(
  overrides: Partial<EvaluationVisit> & Pick<EvaluationVisit, 'stopId' | 'channel'>,
): EvaluationVisit {
  return {
    outcome: 'finished',
    services: [{ serviceId: 'id-card', quantity: 1 }],
    bookedMinutes: 0,
    originDistrictId: null,
    arrivedAt: null,
    firstCalledAt: null,
    finishedAt: null,
    ...overrides,
  };
}

/** Arrives at t0, called after `wait` minutes, finished `handling` minutes later. */
const timed = (wait: number, handling: number) => ({
  arrivedAt: t0,
  firstCalledAt: t0 + wait * minute,
  finishedAt: t0 + (wait + handling) * minute,
});

const visits: EvaluationVisit[] = [
  // s1: six booked appointments (20 min each), waits 0..10, handling 10..20; five from Nord, one unanswered
  ...[0, 1, 2, 3, 4, 5].map((i) =>
    visit({
      stopId: 's1',
      channel: 'booked',
      bookedMinutes: 20,
      originDistrictId: i < 5 ? 'nord' : null,
      ...timed(2 * i, 10 + 2 * i),
    }),
  ),
  // s1: two walk-ins from Süd, registration, waits 30 and 40, handling 5
  visit({
    stopId: 's1',
    channel: 'walk_in',
    services: [{ serviceId: 'registration', quantity: 1 }],
    originDistrictId: 'sued',
    ...timed(30, 5),
  }),
  visit({
    stopId: 's1',
    channel: 'walk_in',
    services: [{ serviceId: 'registration', quantity: 1 }],
    originDistrictId: 'sued',
    ...timed(40, 5),
  }),
  // s1: a no-show keeps its booked minutes, a cancellation frees them
  visit({ stopId: 's1', channel: 'booked', outcome: 'no_show', bookedMinutes: 20 }),
  visit({ stopId: 's1', channel: 'booked', outcome: 'cancelled' }),
  // s2: three walk-ins from Nord, two ID cards each, wait 1, handling 7
  ...[0, 1, 2].map(() =>
    visit({
      stopId: 's2',
      channel: 'walk_in',
      services: [{ serviceId: 'id-card', quantity: 2 }],
      originDistrictId: 'nord',
      ...timed(1, 7),
    }),
  ),
  // s3: one appointment booked by staff, two services, 30 min
  visit({
    stopId: 's3',
    channel: 'staff_booked',
    bookedMinutes: 30,
    services: [
      { serviceId: 'registration', quantity: 1 },
      { serviceId: 'id-card', quantity: 1 },
    ],
    ...timed(5, 9),
  }),
];

// Survey answers: five at s1 (satisfaction 5,4,4,3,5; four would use it again), one at s3.
const feedback: EvaluationFeedback[] = [
  { stopId: 's1', channel: 'booked', satisfaction: 5, wouldUseAgain: 'yes' },
  { stopId: 's1', channel: 'booked', satisfaction: 4, wouldUseAgain: 'yes' },
  { stopId: 's1', channel: 'booked', satisfaction: 4, wouldUseAgain: 'no' },
  { stopId: 's1', channel: 'walk_in', satisfaction: 3, wouldUseAgain: 'yes' },
  { stopId: 's1', channel: 'walk_in', satisfaction: 5, wouldUseAgain: 'yes' },
  { stopId: 's3', channel: 'walk_in', satisfaction: 1, wouldUseAgain: 'yes' },
];

const input = {
  stops,
  visits,
  feedback,
  assumptions: { staffHourRateEur: 50, unitDayCostEur: 120, travelCostPerStopEur: 10 },
  districts: [
    { districtId: 'nord', population: 4000 },
    { districtId: 'sued', population: 1000 },
  ],
  from: '2026-03-01',
  to: '2026-03-31',
  partialStops: false,
};

describe('computeEvaluation on a small data set worked out by hand', () => {
  const figures = computeEvaluation(input);

  it('totals: contacts, services, waits and handling (median, p90), utilisation, walk-in share, cost', () => {
    expect(figures.totals).toEqual({
      visits: 14,
      contacts: 12,
      servicesDelivered: 16,
      cancellations: null, // 1: under 5
      noShows: null, // 1: under 5
      // waits 0,1,1,1,2,4,5,6,8,10,30,40: median (4+5)/2, p90 the 11th
      waitMedianMinutes: 4.5,
      waitP90Minutes: 30,
      // handling 5,5,7,7,7,9,10,12,14,16,18,20
      handlingMedianMinutes: 9.5,
      handlingP90Minutes: 18,
      // booked 6×20 + 20 (no-show) + 30 = 170 over 240×2 + 120 + 120 = 720
      utilisation: 170 / 720,
      walkInShare: 5 / 12,
      costPerContactEur: 1195 / 12,
      feedbackAnswers: 6,
      satisfactionMean: 22 / 6,
      wouldUseAgainShare: 5 / 6,
    });
    expect(figures.stopsHeld).toBe(3);
    expect(figures.openCounterMinutes).toBe(720);
    expect(figures.totalCostEur).toBeCloseTo(1195, 9);
    expect(figures.staffHours).toBeCloseTo(18.5, 9);
  });

  it('per site: the small site shows no counts under 5 and no derived figures', () => {
    const [a, b] = figures.bySite;
    expect(a).toEqual({
      key: 'A',
      visits: 13,
      contacts: 11,
      servicesDelivered: 14,
      cancellations: null,
      noShows: null,
      waitMedianMinutes: 4, // 0,1,1,1,2,4,6,8,10,30,40
      waitP90Minutes: 30,
      handlingMedianMinutes: 10, // 5,5,7,7,7,10,12,14,16,18,20
      handlingP90Minutes: 18,
      utilisation: 140 / 600,
      walkInShare: 5 / 11,
      costPerContactEur: 1000 / 11,
      feedbackAnswers: 5,
      satisfactionMean: 4.2,
      wouldUseAgainShare: 0.8,
    });
    expect(b).toEqual({
      key: 'B',
      visits: null,
      contacts: null,
      servicesDelivered: null,
      cancellations: 0,
      noShows: 0,
      waitMedianMinutes: null,
      waitP90Minutes: null,
      handlingMedianMinutes: null,
      handlingP90Minutes: null,
      utilisation: 30 / 120,
      walkInShare: null,
      costPerContactEur: null,
      feedbackAnswers: null,
      satisfactionMean: null,
      wouldUseAgainShare: null,
    });
  });

  it('per service and channel: counts only that service, no costs or utilisation', () => {
    const idCard = figures.byService.find((row) => row.key === 'id-card')!;
    expect(idCard.visits).toBe(12);
    expect(idCard.contacts).toBe(10);
    expect(idCard.servicesDelivered).toBe(6 + 6 + 1);
    expect(idCard.utilisation).toBeNull();
    expect(idCard.costPerContactEur).toBeNull();
    // Answers are not linked to services.
    expect([idCard.feedbackAnswers, idCard.satisfactionMean]).toEqual([null, null]);
    // Answers know only appointment or walk-in: three walk-in answers (under 5), none on the booked row.
    const walkIn = figures.byChannel.find((row) => row.key === 'walk_in')!;
    expect([walkIn.feedbackAnswers, walkIn.satisfactionMean]).toEqual([null, null]);
    expect(figures.byChannel.find((row) => row.key === 'booked')!.feedbackAnswers).toBe(0);
    const registration = figures.byService.find((row) => row.key === 'registration')!;
    expect([registration.visits, registration.contacts, registration.servicesDelivered]).toEqual([
      null,
      null,
      null,
    ]);
    expect(figures.byChannel.map((row) => [row.key, row.visits, row.contacts])).toEqual([
      ['booked', 8, 6],
      ['staff_booked', null, null],
      ['walk_in', 5, 5],
    ]);
  });

  it('per day, with the cancelled stop as a day without figures', () => {
    expect(figures.periodGranularity).toBe('day');
    expect(
      figures.byPeriod.map((row) => [
        row.key,
        row.visits,
        row.contacts,
        row.utilisation,
        row.costPerContactEur,
      ]),
    ).toEqual([
      ['2026-03-02', 10, 8, 140 / 480, 630 / 8],
      ['2026-03-03', null, null, 30 / 240, null],
      ['2026-03-04', 0, 0, null, null],
    ]);
  });

  it('catchment: contacts per 1,000 residents by district of origin, small cells hidden', () => {
    expect(figures.catchment).toEqual([
      { districtId: 'nord', contacts: 8, population: 4000, contactsPer1000: 2 },
      { districtId: 'sued', contacts: null, population: 1000, contactsPer1000: null },
      { districtId: null, contacts: null, population: null, contactsPer1000: null },
    ]);
  });

  it('contacts per period and channel: every period × channel, zeros included, small cells hidden', () => {
    // 2 March: six booked and two walk-ins finished at s1; 3 March: three walk-ins (s2), one staff booking (s3).
    expect(figures.byPeriodChannel).toEqual([
      { period: '2026-03-02', channel: 'booked', contacts: 6 },
      { period: '2026-03-02', channel: 'waitlist', contacts: 0 },
      { period: '2026-03-02', channel: 'staff_booked', contacts: 0 },
      { period: '2026-03-02', channel: 'walk_in', contacts: null },
      { period: '2026-03-03', channel: 'booked', contacts: 0 },
      { period: '2026-03-03', channel: 'waitlist', contacts: 0 },
      { period: '2026-03-03', channel: 'staff_booked', contacts: null },
      { period: '2026-03-03', channel: 'walk_in', contacts: null },
      { period: '2026-03-04', channel: 'booked', contacts: 0 },
      { period: '2026-03-04', channel: 'waitlist', contacts: 0 },
      { period: '2026-03-04', channel: 'staff_booked', contacts: 0 },
      { period: '2026-03-04', channel: 'walk_in', contacts: 0 },
    ]);
  });

  it('satisfaction distribution: answers per score, 1 to 5, small cells hidden', () => {
    // Scores 5, 4, 4, 3, 5 at s1 and 1 at s3: every score has fewer than 5 answers or none.
    expect(figures.satisfactionDistribution).toEqual([
      { score: 1, answers: null },
      { score: 2, answers: 0 },
      { score: 3, answers: null },
      { score: 4, answers: null },
      { score: 5, answers: null },
    ]);
    const many = computeEvaluation({
      ...input,
      feedback: Array.from({ length: 7 }, () => ({
        stopId: 's1',
        channel: 'booked' as const,
        satisfaction: 4,
        wouldUseAgain: 'yes' as const,
      })),
    });
    expect(many.satisfactionDistribution.map((row) => row.answers)).toEqual([0, 0, 0, 7, 0]);
    expect(computeEvaluation({ ...input, feedback: undefined }).satisfactionDistribution).toEqual([]);
  });

  it('leaves satisfaction out where answers cannot be attributed (a service filter)', () => {
    const figures = computeEvaluation({ ...input, feedback: undefined });
    expect(figures.totals).toMatchObject({
      feedbackAnswers: null,
      satisfactionMean: null,
      wouldUseAgainShare: null,
    });
    expect(figures.bySite[0]!.satisfactionMean).toBeNull();
  });

  it('attributes no costs or utilisation when the selection keeps only part of the stops’ visits', () => {
    const partial = computeEvaluation({ ...input, partialStops: true });
    expect(partial.totals.utilisation).toBeNull();
    expect(partial.totals.costPerContactEur).toBeNull();
    expect(partial.totalCostEur).toBeNull();
    expect(partial.bySite[0]!.costPerContactEur).toBeNull();
    expect(partial.totals.contacts).toBe(12);
  });

  it('refuses negative assumptions and visits of unknown stops, naming the field', () => {
    const negative = () =>
      computeEvaluation({ ...input, assumptions: { ...input.assumptions, unitDayCostEur: -1 } });
    expect(negative).toThrow(DomainError);
    expect(negative).toThrow(expect.objectContaining({ field: 'unitDayCostEur' }));
    const unknown = () =>
      computeEvaluation({ ...input, visits: [visit({ stopId: 'nope', channel: 'booked' })] });
    expect(unknown).toThrow(expect.objectContaining({ field: 'visits[0].stopId' }));
  });
});

describe('periods and small cells', () => {
  it('picks days up to a month, weeks up to half a year, months beyond', () => {
    expect(periodGranularity('2026-03-01', '2026-03-31')).toBe('day');
    expect(periodGranularity('2026-03-01', '2026-04-01')).toBe('week');
    expect(periodGranularity('2026-01-01', '2026-07-02')).toBe('week');
    expect(periodGranularity('2026-01-01', '2026-07-03')).toBe('month');
    expect(() => periodGranularity('2026-03-02', '2026-03-01')).toThrow(
      expect.objectContaining({ field: 'to' }),
    );
  });

  it('keys a week by its Monday and a month by YYYY-MM', () => {
    expect(periodKey('2026-03-08', 'week')).toBe('2026-03-02'); // a Sunday
    expect(periodKey('2026-03-02', 'week')).toBe('2026-03-02');
    expect(periodKey('2026-03-08', 'month')).toBe('2026-03');
  });

  it('hides counts of 1 to 4 and shows 0 and 5', () => {
    expect([0, 1, 4, 5, 17].map(shownCount)).toEqual([0, null, null, 5, 17]);
  });
});

describe('what goes online next', () => {
  const base = { onlineAvailable: 'yes' as const, presence: 'not_required' as const, reasons: {} };
  it('ranks by contacts × minutes × the share that could have been online, from reasons or the catalogue', () => {
    const ranked = rankOnlineCandidates([
      // 40 × 10 min, reasons: 6 of 8 could have been online → 300 min
      {
        ...base,
        serviceId: 'a',
        typicalMinutes: 10,
        contacts: 40,
        reasons: { did_not_know: 3, no_eid: 2, needs_help: 1, other: 2 },
      },
      // 20 × 20 min, fewer than 5 reasons: the catalogue says not required → 400 min
      { ...base, serviceId: 'b', typicalMinutes: 20, contacts: 20, reasons: { legal_presence: 2 } },
      // legally in person: 0
      {
        ...base,
        serviceId: 'c',
        presence: 'required',
        onlineAvailable: 'no',
        typicalMinutes: 30,
        contacts: 50,
      },
      // depends: half of 10 × 30 = 150
      {
        ...base,
        serviceId: 'd',
        presence: 'depends',
        onlineAvailable: 'no',
        typicalMinutes: 30,
        contacts: 10,
      },
      // too few contacts: listed last without figures
      { ...base, serviceId: 'e', typicalMinutes: 60, contacts: 3 },
    ]);
    expect(
      ranked.map((row) => [row.serviceId, row.potentialMinutes, row.couldBeOnlineShare, row.shareBasis]),
    ).toEqual([
      ['b', 400, 1, 'catalogue'],
      ['a', 300, 0.75, 'reasons'],
      ['d', 150, 0.5, 'catalogue'],
      ['c', 0, 0, 'legal_presence'],
      ['e', null, null, 'catalogue'],
    ]);
    expect(ranked[1]!.reasons).toEqual({
      did_not_know: null,
      no_eid: null,
      needs_help: null,
      legal_presence: 0,
      other: null,
    });
    expect(ranked[1]!.reasonsRecorded).toBe(8);
    expect(ranked[4]!.contacts).toBeNull();
  });
});

describe('medianAndP90', () => {
  it(
    'picks the same nearest-rank median and p90 as a full sort, duplicates included',
    { timeout: 30_000 },
    () => {
      fc.assert(
        fc.property(
          fc.array(fc.oneof(fc.integer({ min: 0, max: 8 }), fc.double({ min: 0, max: 500, noNaN: true })), {
            minLength: 1,
            maxLength: 400,
          }),
          fc.integer({ min: 0, max: 20 }),
          (values, spare) => {
            // The typed array may be longer than the values it measures (as in measure()).
            const typed = new Float64Array(values.length + spare).fill(-1);
            typed.set(values);
            const expected = durationStats(values);
            expect(medianAndP90(typed, values.length)).toEqual({
              medianMinutes: expected.medianMinutes,
              p90Minutes: expected.p90Minutes,
            });
          },
        ),
        { numRuns: 500 },
      );
    },
  );

  it('works on sorted, reversed and constant runs', () => {
    const ascending = Array.from({ length: 1001 }, (_, index) => index);
    for (const values of [ascending, [...ascending].reverse(), Array.from({ length: 1000 }, () => 7)]) {
      const expected = durationStats(values);
      expect(medianAndP90(Float64Array.from(values), values.length)).toEqual({
        medianMinutes: expected.medianMinutes,
        p90Minutes: expected.p90Minutes,
      });
    }
  });
});
