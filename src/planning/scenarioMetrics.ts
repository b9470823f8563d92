import { PlanningInputError, requireFiniteNumber } from './errors.ts';
import type { DistanceInstance } from './problem.ts';

export interface ScenarioMetricsInput {
  /** Travel minutes from each demand point to each candidate site, and the demand weights. */
  travel: DistanceInstance;
  chosenSites: readonly number[];
  coverageThresholdMinutes: number;
  /** Residents aged 65+ per demand point (same order as the weights). */
  residents65plus?: ArrayLike<number>;
  staffHoursPerMonth: number;
  unitDaysPerMonth: number;
  costPerStaffHour: number;
  costPerUnitDay: number;
}

export interface ScenarioMetrics {
  coverageWeightedPct: number;
  coveragePointsPct: number;
  residents65plusCovered: number;
  residents65plusCoveredPct: number;
  /** Demand-weighted mean travel minutes to the nearest chosen site. */
  meanTravelMinutes: number;
  /** Longest travel time of any demand point with positive weight. */
  worstTravelMinutes: number;
  staffHoursPerMonth: number;
  costPerMonth: number;
}

export function computeScenarioMetrics(input: ScenarioMetricsInput): ScenarioMetrics {
  const { travel, chosenSites } = input;
  if (chosenSites.length === 0) throw new PlanningInputError('chosenSites', 'no site chosen');
  for (const j of chosenSites) {
    if (!Number.isInteger(j) || j < 0 || j >= travel.siteCount) {
      throw new PlanningInputError('chosenSites', `site index ${j} out of range`);
    }
  }
  const threshold = requireFiniteNumber(input.coverageThresholdMinutes, 'coverageThresholdMinutes');
  for (const key of [
    'staffHoursPerMonth',
    'unitDaysPerMonth',
    'costPerStaffHour',
    'costPerUnitDay',
  ] as const) {
    if (requireFiniteNumber(input[key], key) < 0) throw new PlanningInputError(key, 'must not be negative');
  }
  const seniors = input.residents65plus;
  if (seniors && seniors.length !== travel.demandCount) {
    throw new PlanningInputError('residents65plus', `expected ${travel.demandCount} values`);
  }
  let totalWeight = 0;
  let coveredWeight = 0;
  let coveredPoints = 0;
  let weightedTravel = 0;
  let worst = 0;
  let seniorsTotal = 0;
  let seniorsCovered = 0;
  for (let i = 0; i < travel.demandCount; i++) {
    let nearest = Infinity;
    for (const j of chosenSites) nearest = Math.min(nearest, travel.distance[i * travel.siteCount + j]!);
    const w = travel.weights[i]!;
    const covered = nearest <= threshold;
    totalWeight += w;
    weightedTravel += w * nearest;
    if (w > 0) worst = Math.max(worst, nearest);
    if (covered) {
      coveredWeight += w;
      coveredPoints++;
    }
    const s = seniors ? seniors[i]! : 0;
    seniorsTotal += s;
    if (covered) seniorsCovered += s;
  }
  return {
    coverageWeightedPct: totalWeight > 0 ? (coveredWeight / totalWeight) * 100 : 0,
    coveragePointsPct: (coveredPoints / travel.demandCount) * 100,
    residents65plusCovered: seniorsCovered,
    residents65plusCoveredPct: seniorsTotal > 0 ? (seniorsCovered / seniorsTotal) * 100 : 0,
    meanTravelMinutes: totalWeight > 0 ? weightedTravel / totalWeight : 0,
    worstTravelMinutes: worst,
    staffHoursPerMonth: input.staffHoursPerMonth,
    costPerMonth:
      input.staffHoursPerMonth * input.costPerStaffHour + input.unitDaysPerMonth * input.costPerUnitDay,
  };
}
