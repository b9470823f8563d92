import { type AccessOptions, coverageWithin, travelTimeInstance } from './access.ts';
import { combineDemandWeights, type DemandPoint, type DemandWeightFactors } from './demand.ts';
import { PlanningInputError } from './errors.ts';
import type { LatLon } from './geo.ts';
import { computeScenarioMetrics, type ScenarioMetrics } from './scenarioMetrics.ts';
import { solveMaxCovering } from './solvers/mclp.ts';
import { solvePMedian } from './solvers/pmedian.ts';
import { solveSetCovering } from './solvers/setCover.ts';
import { instanceFromMatrix } from './transitAccess.ts';
import type { SiteSelectionKind, SiteSelectionResult, SolveOptions } from './solvers/types.ts';

export interface CandidateSite extends LatLon {
  id: string;
  name?: string;
}

/** Everything one planning scenario needs; serialisable so it can cross into a worker thread. */
export interface ScenarioInput {
  demand: DemandPoint[];
  weightFactors?: DemandWeightFactors;
  sites: CandidateSite[];
  access: AccessOptions;
  /** Precomputed travel minutes, demand × sites row-major (public transport, transitAccess.ts); replaces `access`. */
  travelMinutes?: number[];
  coverageThresholdMinutes: number;
  objective: SiteSelectionKind;
  /** Number of sites to open (not used by set covering). */
  p?: number;
  solve?: Omit<SolveOptions, 'onProgress' | 'shouldStop'>;
  /** Operating figures for the metrics (default 0: metrics without cost). */
  staffHoursPerMonth?: number;
  unitDaysPerMonth?: number;
  costPerStaffHour?: number;
  costPerUnitDay?: number;
}

export interface ScenarioResult {
  selection: SiteSelectionResult;
  chosenSiteIds: string[];
  metrics: ScenarioMetrics;
  /** Demand weight each chosen site serves (demand assigned to its nearest chosen site). */
  servedWeightBySite: Record<string, number>;
}

export async function runScenario(
  input: ScenarioInput,
  hooks: Pick<SolveOptions, 'onProgress' | 'shouldStop'> = {},
): Promise<ScenarioResult> {
  const weighted = combineDemandWeights(input.demand, input.weightFactors);
  const ids = new Set<string>();
  input.sites.forEach((site, j) => {
    if (!site.id) throw new PlanningInputError(`sites[${j}].id`, 'missing');
    if (ids.has(site.id)) throw new PlanningInputError(`sites[${j}].id`, `duplicate "${site.id}"`);
    ids.add(site.id);
  });
  const travel = input.travelMinutes
    ? instanceFromMatrix(weighted, input.sites.length, input.travelMinutes)
    : travelTimeInstance(weighted, input.sites, input.access);
  const options: SolveOptions = {
    ...input.solve,
    ...hooks,
    coverageThreshold: input.coverageThresholdMinutes,
  };
  let selection: SiteSelectionResult;
  if (input.objective === 'pmedian') {
    selection = await solvePMedian(travel, input.p ?? NaN, options);
  } else if (input.objective === 'mclp') {
    selection = await solveMaxCovering(
      coverageWithin(travel, input.coverageThresholdMinutes),
      input.p ?? NaN,
      options,
    );
  } else if (input.objective === 'setCover') {
    selection = await solveSetCovering(coverageWithin(travel, input.coverageThresholdMinutes), options);
  } else {
    throw new PlanningInputError('objective', `unknown objective "${String(input.objective)}"`);
  }
  const servedWeightBySite: Record<string, number> = {};
  for (const j of selection.sites) servedWeightBySite[input.sites[j]!.id] = 0;
  for (let i = 0; i < travel.demandCount; i++) {
    let best = -1;
    for (const j of selection.sites) {
      if (
        best < 0 ||
        travel.distance[i * travel.siteCount + j]! < travel.distance[i * travel.siteCount + best]!
      )
        best = j;
    }
    if (best >= 0) servedWeightBySite[input.sites[best]!.id]! += travel.weights[i]!;
  }
  const metrics =
    selection.sites.length > 0
      ? computeScenarioMetrics({
          travel,
          chosenSites: selection.sites,
          coverageThresholdMinutes: input.coverageThresholdMinutes,
          residents65plus: weighted.map((point) => point.counts.residents65plus ?? 0),
          staffHoursPerMonth: input.staffHoursPerMonth ?? 0,
          unitDaysPerMonth: input.unitDaysPerMonth ?? 0,
          costPerStaffHour: input.costPerStaffHour ?? 0,
          costPerUnitDay: input.costPerUnitDay ?? 0,
        })
      : {
          coverageWeightedPct: 0,
          coveragePointsPct: 0,
          residents65plusCovered: 0,
          residents65plusCoveredPct: 0,
          meanTravelMinutes: Infinity,
          worstTravelMinutes: Infinity,
          staffHoursPerMonth: 0,
          costPerMonth: 0,
        };
  return {
    selection,
    chosenSiteIds: selection.sites.map((j) => input.sites[j]!.id),
    metrics,
    servedWeightBySite,
  };
}
