/**
 * Robustness of a site choice (tracker issue 13): the scenario is solved again with its demand and weights
 * varied, and every candidate site is classified by how many variants choose it.
 *
 * The variants, each changing one thing and leaving the rest as it is:
 * - per demand layer (districts, Zensus grid, points, past contacts, departments' estimates): that layer's
 *   demand × 0.8 and × 1.2. In a scenario with layers this is the same as the layer's weight ± 20 %, so the layer
 *   weights are not varied a second time;
 * - per group weight (residents, 65+, limited mobility, past contacts) that is above 0: the weight × 0.8 and × 1.2.
 *
 * A variant whose demand weights are those of the base (or of an earlier variant) times one number is dropped:
 * maximal covering and p-median choose the same sites when every weight is scaled alike, so solving it again
 * would only count the base twice (e.g. ± 20 % on the only layer). Set covering does not use the weights at
 * all, so it has no variants.
 *
 * Pure: no I/O. `runRobustness` solves the variants one after another with the scenario's solver (`runScenario`)
 * inside one worker thread; each variant gets an equal share of the time budget and reports whether its answer is
 * proven optimal (never claimed otherwise).
 */
import {
  combineDemandWeights,
  type DemandGroup,
  type DemandPoint,
  type DemandWeightFactors,
} from './demand.ts';
import { PlanningInputError } from './errors.ts';
import { runScenario, type ScenarioInput } from './scenario.ts';
import type { SolveOptions } from './solvers/types.ts';

export const ROBUSTNESS_FACTORS = [0.8, 1.2] as const;
export const VARIED_GROUPS: readonly DemandGroup[] = [
  'residents',
  'residents65plus',
  'limitedMobility',
  'pastBookings',
];
/** The smallest time a variant gets, in seconds, however many variants there are. */
export const MIN_VARIANT_SECONDS = 1;

/** A demand layer of the scenario: its points are those whose id starts with `${key}:` (or all points when `key` is ''). */
export interface RobustnessLayer {
  key: string;
  kind: string;
}

export interface VariantSpec {
  /** Stable id, e.g. `layer:grid0:1.2` or `weight:residents65plus:0.8`. */
  id: string;
  dimension: 'layer' | 'weight';
  /** The layer's kind (`grid`, `points` …) or the weight group (`residents65plus` …). */
  subject: string;
  /** The layer's key (layer variants only): tells two layers of one kind apart. */
  layerKey?: string;
  factor: number;
}

export interface RobustnessInput {
  /** The scenario as solved for its answer, with its number of sites. */
  base: ScenarioInput;
  /** The demand layers; empty: all demand is one layer of districts (scenarios without layers). */
  layers: RobustnessLayer[];
  /** The base run's chosen site ids. */
  baseChosenSiteIds: string[];
  /** The whole time budget of all variants together, in seconds. */
  timeLimitSeconds: number;
}

export interface VariantOutcome extends VariantSpec {
  chosenSiteIds: string[];
  objective: number;
  provenOptimal: boolean;
  method: 'exact' | 'heuristic';
  gapPct: number | null;
  runtimeSeconds: number;
}

export type RobustnessClass = 'robust' | 'sometimes' | 'never';

export interface SiteRobustness {
  siteId: string;
  /** In how many of the variants the site is chosen. */
  chosenIn: number;
  inBase: boolean;
  class: RobustnessClass;
}

export interface RobustnessResult {
  /** `notApplicable`: set covering, or every variant only scales the demand as a whole. */
  status: 'done' | 'notApplicable';
  reason?: 'setCover' | 'onlyUniformScaling';
  variantCount: number;
  variants: VariantOutcome[];
  /** Variants left out because they only scale the base's (or an earlier variant's) demand. */
  skipped: (VariantSpec & { sameAs: string })[];
  /** Every candidate site, robust first, then by how often it is chosen. */
  sites: SiteRobustness[];
  provenOptimalCount: number;
  timeLimitSecondsPerVariant: number;
  runtimeSeconds: number;
}

const belongsTo = (point: DemandPoint, layer: RobustnessLayer) =>
  layer.key === '' || point.id.startsWith(`${layer.key}:`);

/** The weights of each demand point, as the solver sees them. */
function weightsOf(demand: readonly DemandPoint[], factors: DemandWeightFactors | undefined): number[] {
  return combineDemandWeights(demand, factors).map((point) => point.weight);
}

/** True when `a` is `b` times one positive number (within rounding). */
export function proportional(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  const sumA = a.reduce((sum, x) => sum + x, 0);
  const sumB = b.reduce((sum, x) => sum + x, 0);
  if (!(sumA > 0) || !(sumB > 0)) return sumA === sumB;
  const c = sumA / sumB;
  return a.every(
    (x, i) => Math.abs(x - c * b[i]!) <= 1e-9 * Math.max(Math.abs(x), Math.abs(c * b[i]!), 1e-12),
  );
}

/**
 * The variants of a scenario (without solving them): the inputs to solve, and the ones left out because they
 * scale all demand alike.
 */
export function robustnessVariants(
  base: ScenarioInput,
  layers: readonly RobustnessLayer[],
): {
  variants: { spec: VariantSpec; input: ScenarioInput }[];
  skipped: (VariantSpec & { sameAs: string })[];
} {
  if (base.objective === 'setCover') return { variants: [], skipped: [] };
  const factors = base.weightFactors;
  if (!factors)
    throw new PlanningInputError('weightFactors', 'the robustness variants need the weight factors');
  const effectiveLayers = layers.length > 0 ? layers : [{ key: '', kind: 'districts' }];
  const candidates: { spec: VariantSpec; input: ScenarioInput }[] = [];
  for (const layer of effectiveLayers) {
    if (!base.demand.some((point) => belongsTo(point, layer))) continue;
    for (const factor of ROBUSTNESS_FACTORS) {
      const demand = base.demand.map((point) =>
        belongsTo(point, layer)
          ? {
              ...point,
              counts: Object.fromEntries(
                Object.entries(point.counts).map(([group, value]) => [group, (value ?? 0) * factor]),
              ),
            }
          : point,
      );
      candidates.push({
        spec: {
          id: `layer:${layer.key || layer.kind}:${factor}`,
          dimension: 'layer',
          subject: layer.kind,
          layerKey: layer.key || layer.kind,
          factor,
        },
        input: { ...base, demand },
      });
    }
  }
  for (const group of VARIED_GROUPS) {
    if (!(factors[group] > 0)) continue;
    for (const factor of ROBUSTNESS_FACTORS) {
      candidates.push({
        spec: { id: `weight:${group}:${factor}`, dimension: 'weight', subject: group, factor },
        input: { ...base, weightFactors: { ...factors, [group]: factors[group] * factor } },
      });
    }
  }
  const baseWeights = weightsOf(base.demand, factors);
  const kept: { spec: VariantSpec; input: ScenarioInput; weights: number[] }[] = [];
  const skipped: (VariantSpec & { sameAs: string })[] = [];
  for (const candidate of candidates) {
    const weights = weightsOf(candidate.input.demand, candidate.input.weightFactors);
    if (proportional(weights, baseWeights)) {
      skipped.push({ ...candidate.spec, sameAs: 'base' });
      continue;
    }
    const twin = kept.find((other) => proportional(weights, other.weights));
    if (twin) {
      skipped.push({ ...candidate.spec, sameAs: twin.spec.id });
      continue;
    }
    kept.push({ ...candidate, weights });
  }
  return { variants: kept.map(({ spec, input }) => ({ spec, input })), skipped };
}

/** Per candidate site: in how many variants it is chosen, and its class. Robust first, then by count, then as given. */
export function classifySites(
  siteIds: readonly string[],
  baseChosen: readonly string[],
  variantChoices: readonly (readonly string[])[],
): SiteRobustness[] {
  const n = variantChoices.length;
  const inBase = new Set(baseChosen);
  const sites = siteIds.map((siteId, order) => {
    const chosenIn = variantChoices.filter((chosen) => chosen.includes(siteId)).length;
    const klass: RobustnessClass = n > 0 && chosenIn === n ? 'robust' : chosenIn > 0 ? 'sometimes' : 'never';
    return { siteId, chosenIn, inBase: inBase.has(siteId), class: klass, order };
  });
  sites.sort((a, b) => b.chosenIn - a.chosenIn || Number(b.inBase) - Number(a.inBase) || a.order - b.order);
  return sites.map(({ order: _order, ...site }) => site);
}

/** Solves every variant (one after another) and classifies the sites. */
export async function runRobustness(
  input: RobustnessInput,
  hooks: Pick<SolveOptions, 'onProgress' | 'shouldStop'> = {},
): Promise<RobustnessResult> {
  const started = performance.now();
  const siteIds = input.base.sites.map((site) => site.id);
  const { variants, skipped } = robustnessVariants(input.base, input.layers);
  const perVariant =
    variants.length > 0 ? Math.max(MIN_VARIANT_SECONDS, input.timeLimitSeconds / variants.length) : 0;
  const outcomes: VariantOutcome[] = [];
  for (const [index, variant] of variants.entries()) {
    if (hooks.shouldStop?.()) throw new PlanningInputError('robustness', 'stopped');
    const result = await runScenario(
      { ...variant.input, solve: { ...variant.input.solve, timeLimitSeconds: perVariant } },
      {
        ...(hooks.shouldStop ? { shouldStop: hooks.shouldStop } : {}),
        onProgress: (progress) =>
          hooks.onProgress?.({
            phase: `variant ${index + 1} of ${variants.length}: ${progress.phase}`,
            percent: ((index + Math.min(100, progress.percent) / 100) / variants.length) * 100,
          }),
      },
    );
    const selection = result.selection;
    outcomes.push({
      ...variant.spec,
      chosenSiteIds: result.chosenSiteIds,
      objective: selection.objective,
      provenOptimal: selection.provenOptimal,
      method: selection.method,
      gapPct: selection.gapPct !== undefined && Number.isFinite(selection.gapPct) ? selection.gapPct : null,
      runtimeSeconds: selection.runtimeSeconds,
    });
  }
  const notApplicable = input.base.objective === 'setCover' || variants.length === 0;
  return {
    status: notApplicable ? 'notApplicable' : 'done',
    ...(notApplicable
      ? {
          reason:
            input.base.objective === 'setCover' ? ('setCover' as const) : ('onlyUniformScaling' as const),
        }
      : {}),
    variantCount: outcomes.length,
    variants: outcomes,
    skipped,
    sites: classifySites(
      siteIds,
      input.baseChosenSiteIds,
      outcomes.map((outcome) => outcome.chosenSiteIds),
    ),
    provenOptimalCount: outcomes.filter((outcome) => outcome.provenOptimal).length,
    timeLimitSecondsPerVariant: perVariant,
    runtimeSeconds: (performance.now() - started) / 1000,
  };
}
