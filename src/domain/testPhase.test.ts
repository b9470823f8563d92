import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.ts';
import type { EvaluationFeedback, EvaluationStop, EvaluationVisit } from './evaluation.ts';
import {
  assessKpi,
  checkTestPhase,
  districtWithin,
  recommend,
  testPhaseReport,
  type KpiResult,
  type KpiTarget,
  type TestPhaseDraft,
} from './testPhase.ts';

const known = {
  siteIds: new Set(['a', 'b', 'c']),
  unitIds: new Set(['u', 'v']),
  districtIds: new Set(['kernstadt', 'innenstadt', 'avenwedde']),
};
const draft: TestPhaseDraft = {
  name: '  Erprobung Frühjahr  ',
  startDate: '2030-03-01',
  endDate: '2030-05-31',
  siteIds: ['a', 'b', 'a'],
  unitIds: ['u'],
  targets: [
    { kpi: 'utilisation', comparator: 'at_least', target: 0.6 },
    { kpi: 'outside_district_share', comparator: 'at_least', target: 0.3, districtId: 'innenstadt' },
  ],
};

function refusal(change: Partial<TestPhaseDraft>): { code: string; field: string | undefined } {
  try {
    checkTestPhase({ ...draft, ...change }, known);
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, field: error.field };
    throw error;
  }
  throw new Error('accepted');
}

describe('checking a test phase', () => {
  it('accepts a sound draft, trims the name and merges repeated ids', () => {
    expect(checkTestPhase(draft, known)).toEqual({
      name: 'Erprobung Frühjahr',
      startDate: '2030-03-01',
      endDate: '2030-05-31',
      siteIds: ['a', 'b'],
      unitIds: ['u'],
      targets: [
        { kpi: 'utilisation', comparator: 'at_least', target: 0.6, districtId: null },
        { kpi: 'outside_district_share', comparator: 'at_least', target: 0.3, districtId: 'innenstadt' },
      ],
    });
  });

  it('names the field of the first problem', () => {
    expect(refusal({ name: '   ' })).toEqual({ code: 'validation', field: 'name' });
    expect(refusal({ startDate: '2030-02-30' })).toEqual({ code: 'invalid_date', field: 'startDate' });
    expect(refusal({ endDate: '2030-13-01' })).toEqual({ code: 'invalid_date', field: 'endDate' });
    expect(refusal({ endDate: '2030-02-28' })).toEqual({ code: 'invalid_range', field: 'endDate' });
    expect(refusal({ endDate: '2032-03-01' })).toEqual({ code: 'invalid_range', field: 'endDate' });
    expect(refusal({ siteIds: [] })).toEqual({ code: 'validation', field: 'siteIds' });
    expect(refusal({ siteIds: ['a', 'x'] })).toEqual({ code: 'unknown_site', field: 'siteIds[1]' });
    expect(refusal({ unitIds: ['w'] })).toEqual({ code: 'unknown_unit', field: 'unitIds[0]' });
    expect(refusal({ targets: [] })).toEqual({ code: 'validation', field: 'targets' });
    expect(refusal({ targets: [{ kpi: 'happiness', comparator: 'at_least', target: 1 }] })).toEqual({
      code: 'validation',
      field: 'targets[0].kpi',
    });
    expect(
      refusal({
        targets: [
          { kpi: 'wait_p90', comparator: 'at_most', target: 20 },
          { kpi: 'wait_p90', comparator: 'at_most', target: 30 },
        ],
      }),
    ).toEqual({ code: 'duplicate_kpi', field: 'targets[1].kpi' });
    expect(refusal({ targets: [{ kpi: 'wait_p90', comparator: 'about', target: 20 }] })).toEqual({
      code: 'validation',
      field: 'targets[0].comparator',
    });
  });

  it('keeps each target in its KPI’s range', () => {
    const target = (kpi: string, value: number) =>
      refusal({ targets: [{ kpi, comparator: 'at_least', target: value }] });
    expect(target('utilisation', 60)).toEqual({ code: 'invalid_kpi_target', field: 'targets[0].target' });
    expect(target('satisfaction', 0.5)).toEqual({ code: 'invalid_kpi_target', field: 'targets[0].target' });
    expect(target('satisfaction', 5.5)).toEqual({ code: 'invalid_kpi_target', field: 'targets[0].target' });
    expect(target('cost_per_contact', -1)).toEqual({
      code: 'invalid_kpi_target',
      field: 'targets[0].target',
    });
    expect(target('wait_p90', Number.NaN)).toEqual({
      code: 'invalid_kpi_target',
      field: 'targets[0].target',
    });
    expect(() =>
      checkTestPhase(
        { ...draft, targets: [{ kpi: 'satisfaction', comparator: 'at_least', target: 4 }] },
        known,
      ),
    ).not.toThrow();
  });

  it('asks for a known reference district for the share from outside, and for no other KPI', () => {
    const outside = (districtId: string | null) =>
      refusal({
        targets: [{ kpi: 'outside_district_share', comparator: 'at_least', target: 0.3, districtId }],
      });
    expect(outside(null)).toEqual({ code: 'validation', field: 'targets[0].districtId' });
    expect(outside('atlantis')).toEqual({ code: 'unknown_district', field: 'targets[0].districtId' });
    expect(
      refusal({
        targets: [{ kpi: 'utilisation', comparator: 'at_least', target: 0.5, districtId: 'innenstadt' }],
      }),
    ).toEqual({ code: 'validation', field: 'targets[0].districtId' });
  });
});

const target = (kpi: KpiTarget['kpi'], comparator: KpiTarget['comparator'], value: number): KpiTarget => ({
  kpi,
  comparator,
  target: value,
  districtId: null,
});

describe('target against actual', () => {
  it('is met on the target’s side, missed beyond it, clearly missed more than 20 % beyond it', () => {
    expect(assessKpi(target('utilisation', 'at_least', 0.6), 0.6)).toMatchObject({ status: 'met' });
    expect(assessKpi(target('utilisation', 'at_least', 0.6), 0.1 + 0.5)).toMatchObject({ status: 'met' });
    // 60 % × 0.8 = 48 %: 50 % is missed, 47 % clearly.
    expect(assessKpi(target('utilisation', 'at_least', 0.6), 0.5)).toMatchObject({
      status: 'missed',
      clearlyMissed: false,
    });
    expect(assessKpi(target('utilisation', 'at_least', 0.6), 0.47)).toMatchObject({
      status: 'missed',
      clearlyMissed: true,
    });
    // 80 € × 1.2 = 96 €: 90 € is missed, 97 € clearly.
    expect(assessKpi(target('cost_per_contact', 'at_most', 80), 90)).toMatchObject({ clearlyMissed: false });
    expect(assessKpi(target('cost_per_contact', 'at_most', 80), 97)).toMatchObject({ clearlyMissed: true });
    // At most 0 no-shows: every no-show is a clear miss.
    expect(assessKpi(target('no_show_rate', 'at_most', 0), 0.01)).toMatchObject({ clearlyMissed: true });
    expect(assessKpi(target('satisfaction', 'at_least', 4), null)).toMatchObject({
      status: 'no_data',
      actual: null,
      clearlyMissed: false,
    });
  });
});

const result = (status: KpiResult['status'], clearlyMissed = false, kpi: KpiTarget['kpi'] = 'utilisation') =>
  ({
    ...target(kpi, 'at_least', 0.6),
    actual: status === 'no_data' ? null : status === 'met' ? 0.7 : clearlyMissed ? 0.4 : 0.55,
    status,
    clearlyMissed,
  }) satisfies KpiResult;

describe('the go / adjust / stop rule', () => {
  it('goes when every target has data and is met', () => {
    const decision = recommend([result('met'), result('met', false, 'satisfaction')]);
    expect(decision.decision).toBe('go');
    expect(decision.reasons.map((reason) => reason.code)).toEqual(['all_met', 'kpi_met', 'kpi_met']);
    expect(decision.reasons[0]).toEqual({ code: 'all_met', count: 2 });
  });

  it('stops when more than half of all targets are missed clearly', () => {
    const decision = recommend([result('missed', true), result('missed', true), result('met')]);
    expect(decision.decision).toBe('stop');
    expect(decision.reasons[0]).toEqual({ code: 'most_clearly_missed', count: 2, total: 3 });
    expect(decision.reasons.slice(1).map((reason) => reason.code)).toEqual([
      'kpi_clearly_missed',
      'kpi_clearly_missed',
    ]);
    // Exactly half is not more than half.
    expect(recommend([result('missed', true), result('met')]).decision).toBe('adjust');
  });

  it('adjusts when something is missed or lacks data, and says which', () => {
    const decision = recommend([result('missed'), result('no_data'), result('met')]);
    expect(decision.decision).toBe('adjust');
    expect(decision.reasons).toEqual([
      { code: 'some_missed', count: 1, total: 3 },
      { code: 'some_without_data', count: 1, total: 3 },
      expect.objectContaining({ code: 'kpi_missed', actual: 0.55, target: 0.6, comparator: 'at_least' }),
      { code: 'kpi_no_data', kpi: 'utilisation', districtId: null },
    ]);
    expect(recommend([result('met'), result('no_data')]).decision).toBe('adjust');
  });

  it('recommends nothing while no target has data', () => {
    expect(recommend([result('no_data'), result('no_data')])).toEqual({
      decision: 'insufficient_data',
      reasons: [
        { code: 'no_data_at_all', total: 2 },
        { code: 'kpi_no_data', kpi: 'utilisation', districtId: null },
        { code: 'kpi_no_data', kpi: 'utilisation', districtId: null },
      ],
    });
  });
});

describe('districts within a district', () => {
  it('takes children and grandchildren', () => {
    const parents = [
      { districtId: 'kernstadt', parentId: null },
      { districtId: 'innenstadt', parentId: 'kernstadt' },
      { districtId: 'altstadt', parentId: 'innenstadt' },
      { districtId: 'avenwedde', parentId: null },
    ];
    expect([...districtWithin('kernstadt', parents)].sort()).toEqual(['altstadt', 'innenstadt', 'kernstadt']);
    expect([...districtWithin('avenwedde', parents)]).toEqual(['avenwedde']);
  });
});

// A small phase worked out by hand. Cost assumptions 60 € a staff hour, 150 € a unit day, 15 € a trip:
// each stop is 1 counter × 4 h staffed = 240 € + 150 € + 15 € = 405 €, and open 180 minutes.
const minute = 60_000;
const t0 = Date.parse('2030-03-04T08:00:00Z');
const stop = (stopId: string, siteId: string, localDate: string): EvaluationStop => ({
  stopId,
  siteId,
  unitId: 'u',
  localDate,
  cancelled: false,
  openMinutes: 180,
  counters: 1,
  staffedMinutes: 240,
  rosteredStaff: 0,
});
const visit = (
  stopId: string,
  channel: EvaluationVisit['channel'],
  outcome: EvaluationVisit['outcome'],
  bookedMinutes: number,
  originDistrictId: string | null,
  wait: number | null,
): EvaluationVisit => ({
  stopId,
  channel,
  outcome,
  services: [{ serviceId: 'id-card', quantity: 1 }],
  bookedMinutes,
  originDistrictId,
  arrivedAt: wait === null ? null : t0,
  firstCalledAt: wait === null ? null : t0 + wait * minute,
  finishedAt: wait === null || outcome !== 'finished' ? null : t0 + (wait + 10) * minute,
});

// Stop a1 (site a): 8 appointments of 10 minutes finished (waits 1..8; from the Innenstadt 5, Avenwedde 2,
// unknown 1) and 2 no-shows (their 20 minutes count as booked). Stop b1 (site b): 5 walk-ins from Avenwedde
// (waits 10..50) and one 30-minute appointment from the Innenstadt (wait 5). Site c has no stop.
const visits: EvaluationVisit[] = [
  ...[1, 2, 3, 4, 5, 6, 7, 8].map((wait, index) =>
    visit('a1', 'booked', 'finished', 10, index < 5 ? 'innenstadt' : index < 7 ? 'avenwedde' : null, wait),
  ),
  visit('a1', 'booked', 'no_show', 10, null, null),
  visit('a1', 'booked', 'no_show', 10, null, null),
  ...[10, 20, 30, 40, 50].map((wait) => visit('b1', 'walk_in', 'finished', 0, 'avenwedde', wait)),
  visit('b1', 'booked', 'finished', 30, 'innenstadt', 5),
];
// Five answers at a1 (satisfaction 5, 4, 4, 4, 3: mean 4; four would come again), two at b1 (2 and 2, no).
const feedback: EvaluationFeedback[] = [
  ...([5, 4, 4, 4, 3] as const).map((satisfaction, index): EvaluationFeedback => ({
    stopId: 'a1',
    channel: 'booked',
    satisfaction,
    wouldUseAgain: index < 4 ? 'yes' : 'no',
  })),
  { stopId: 'b1', channel: 'walk_in', satisfaction: 2, wouldUseAgain: 'no' },
  { stopId: 'b1', channel: 'walk_in', satisfaction: 2, wouldUseAgain: 'no' },
];
const parents = [
  { districtId: 'kernstadt', parentId: null },
  { districtId: 'innenstadt', parentId: 'kernstadt' },
  { districtId: 'avenwedde', parentId: null },
];
const targets: KpiTarget[] = [
  target('utilisation', 'at_least', 0.5),
  target('cost_per_contact', 'at_most', 60),
  target('satisfaction', 'at_least', 4),
  { kpi: 'outside_district_share', comparator: 'at_least', target: 0.5, districtId: 'innenstadt' },
  target('wait_p90', 'at_most', 30),
  target('no_show_rate', 'at_most', 0.1),
];
const reportOf = (chosen: KpiTarget[]) =>
  testPhaseReport({
    evaluation: {
      stops: [stop('a1', 'a', '2030-03-04'), stop('b1', 'b', '2030-03-05')],
      visits,
      feedback,
      assumptions: { staffHourRateEur: 60, unitDayCostEur: 150, travelCostPerStopEur: 15 },
      districts: [],
      from: '2030-03-01',
      to: '2030-03-31',
      partialStops: false,
    },
    districtParents: parents,
    siteIds: ['a', 'b', 'c'],
    targets: chosen,
  });
const actuals = (results: KpiResult[]) =>
  Object.fromEntries(results.map((entry) => [entry.kpi, [entry.actual, entry.status, entry.clearlyMissed]]));

describe('the report of a test phase, worked out by hand', () => {
  const report = reportOf(targets);

  it('measures the whole phase against its targets', () => {
    expect(actuals(report.overall.kpis)).toEqual({
      // booked 8 × 10 + 2 × 10 + 30 = 130 minutes of 360 open: 36.1 % (below 50 % × 0.8 = 40 %: clearly)
      utilisation: [expect.closeTo(130 / 360, 9), 'missed', true],
      // 810 € over 14 contacts
      cost_per_contact: [expect.closeTo(810 / 14, 9), 'met', false],
      // (5 + 4 + 4 + 4 + 3 + 2 + 2) / 7 = 3.43 (above 4 × 0.8 = 3.2: missed, not clearly)
      satisfaction: [expect.closeTo(24 / 7, 9), 'missed', false],
      // 13 contacts with a known district, 7 of them from outside the Innenstadt
      outside_district_share: [expect.closeTo(7 / 13, 9), 'met', false],
      // waits 1,2,3,4,5,5,6,7,8,10,20,30,40,50: the 13th of 14 is 40 (above 30 × 1.2 = 36: clearly)
      wait_p90: [40, 'missed', true],
      // 2 no-shows of 11 appointments due
      no_show_rate: [expect.closeTo(2 / 11, 9), 'missed', true],
    });
    // Three of six clearly missed is not more than half: adjust.
    expect(report.overall.recommendation.decision).toBe('adjust');
    expect(report.overall.recommendation.reasons.map((reason) => reason.code)).toEqual([
      'some_missed',
      'kpi_clearly_missed',
      'kpi_missed',
      'kpi_clearly_missed',
      'kpi_clearly_missed',
    ]);
    expect(report.overall.recommendation.reasons[0]).toEqual({ code: 'some_missed', count: 4, total: 6 });
    expect(report.figures.totals.contacts).toBe(14);
    expect(report.figures.totalCostEur).toBeCloseTo(810, 9);
  });

  it('measures each site on its own stops and visits', () => {
    const [a, b, c] = report.bySite;
    expect(a!.siteId).toBe('a');
    expect(actuals(a!.kpis)).toEqual({
      utilisation: [expect.closeTo(100 / 180, 9), 'met', false],
      cost_per_contact: [expect.closeTo(405 / 8, 9), 'met', false],
      satisfaction: [4, 'met', false],
      // 7 known, 2 from Avenwedde: 28.6 % (below 40 %: clearly)
      outside_district_share: [expect.closeTo(2 / 7, 9), 'missed', true],
      wait_p90: [8, 'met', false],
      no_show_rate: [0.2, 'missed', true],
    });
    expect(a!.recommendation.decision).toBe('adjust');
    expect(actuals(b!.kpis)).toEqual({
      utilisation: [expect.closeTo(30 / 180, 9), 'missed', true],
      // 405 € over 6: 67.50 € (below 72 €: missed, not clearly)
      cost_per_contact: [67.5, 'missed', false],
      // two answers: too few to show
      satisfaction: [null, 'no_data', false],
      outside_district_share: [expect.closeTo(5 / 6, 9), 'met', false],
      // waits 5,10,20,30,40,50: the 6th of 6
      wait_p90: [50, 'missed', true],
      // one appointment due: too few
      no_show_rate: [null, 'no_data', false],
    });
    expect(b!.recommendation.reasons.slice(0, 2)).toEqual([
      { code: 'some_missed', count: 3, total: 6 },
      { code: 'some_without_data', count: 2, total: 6 },
    ]);
    expect(c!).toMatchObject({ siteId: 'c', recommendation: { decision: 'insufficient_data' } });
    expect(c!.kpis.every((entry) => entry.status === 'no_data')).toBe(true);
  });

  it('goes where every chosen target is met, and stops where most are missed clearly', () => {
    const go = reportOf([
      target('cost_per_contact', 'at_most', 60),
      { kpi: 'outside_district_share', comparator: 'at_least', target: 0.5, districtId: 'innenstadt' },
    ]);
    expect(go.overall.recommendation.decision).toBe('go');
    const stopping = reportOf([
      target('contacts_per_stop', 'at_least', 10), // 14 / 2 = 7, below 8: clearly
      target('wait_p90', 'at_most', 30),
      target('cost_per_contact', 'at_most', 60),
    ]);
    expect(stopping.overall.kpis[0]).toMatchObject({ actual: 7, status: 'missed', clearlyMissed: true });
    expect(stopping.overall.recommendation.decision).toBe('stop');
    expect(stopping.overall.recommendation.reasons[0]).toEqual({
      code: 'most_clearly_missed',
      count: 2,
      total: 3,
    });
  });
});
