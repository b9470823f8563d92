/**
 * Robustness variants (src/planning/robustness.ts) on a generated town the size of Gütersloh's 500 m squares:
 * demand points in three layers (grid squares with 65+, points, past contacts) around 51.906° N 8.379° E and
 * candidate sites among them, bus travel by great-circle distance. Solves the base and the variants as a run does
 * (the scenario's time limit split over the variants) and prints one line per variant and, last, a JSON summary.
 * Usage: node --import tsx bench/robustness.ts [--demand 1500] [--sites 50] [--p 5] [--seconds 20]
 *        [--objective mclp|pmedian]
 */
import type { DemandPoint } from '../src/planning/demand.ts';
import { createRandom } from '../src/planning/random.ts';
import { runRobustness } from '../src/planning/robustness.ts';
import { runScenario, type ScenarioInput } from '../src/planning/scenario.ts';

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1]! : fallback;
}
const demandCount = Number(argument('--demand', '1500'));
const siteCount = Number(argument('--sites', '50'));
const p = Number(argument('--p', '5'));
const seconds = Number(argument('--seconds', '20'));
const objective = argument('--objective', 'mclp') as 'mclp' | 'pmedian';

const random = createRandom(13);
const around = (spread: number) => ({
  lat: 51.906 + (random() - 0.5) * spread,
  lon: 8.379 + (random() - 0.5) * spread * 1.6,
});
const layers = [
  { key: 'grid0', kind: 'grid' },
  { key: 'points1', kind: 'points' },
  { key: 'pastContacts2', kind: 'pastContacts' },
];
const demand: DemandPoint[] = Array.from({ length: demandCount }, (_, i) => {
  const layer = i % 10 === 0 ? 1 : i % 10 === 1 ? 2 : 0;
  const residents = Math.round(20 + random() * 400);
  return {
    id: `${layers[layer]!.key}:${i}`,
    ...around(0.2),
    source: layer === 0 ? 'grid' : layer === 1 ? 'points' : 'pastContacts',
    counts:
      layer === 2
        ? { pastBookings: Math.round(random() * 40) }
        : { residents, residents65plus: layer === 0 ? Math.round(residents * (0.1 + random() * 0.2)) : 0 },
  };
});
const base: ScenarioInput = {
  demand,
  weightFactors: {
    residents: 1,
    residents65plus: 1,
    limitedMobility: 0,
    pastBookings: 1,
    distancePerKm: 0,
    distanceCapKm: 10,
  },
  sites: Array.from({ length: siteCount }, (_, j) => ({ id: `s${j}`, ...around(0.16) })),
  access: { mode: 'bus' },
  coverageThresholdMinutes: 15,
  objective,
  p,
  solve: { timeLimitSeconds: seconds },
};

const started = performance.now();
const answer = await runScenario(base);
const baseSeconds = (performance.now() - started) / 1000;
console.log(
  `base: ${answer.chosenSiteIds.join(',')} proven=${answer.selection.provenOptimal} ${baseSeconds.toFixed(2)} s`,
);
const robustness = await runRobustness({
  base,
  layers,
  baseChosenSiteIds: answer.chosenSiteIds,
  timeLimitSeconds: seconds,
});
for (const variant of robustness.variants) {
  console.log(
    `${variant.id}: ${variant.chosenSiteIds.join(',')} ${variant.method} proven=${variant.provenOptimal} ` +
      `gap=${variant.gapPct?.toFixed(3) ?? '–'} % ${variant.runtimeSeconds.toFixed(2)} s`,
  );
}
console.log(
  JSON.stringify({
    demand: demandCount,
    sites: siteCount,
    p,
    objective,
    secondsLimit: seconds,
    baseSeconds: Number(baseSeconds.toFixed(2)),
    variants: robustness.variantCount,
    skipped: robustness.skipped.length,
    provenOptimal: robustness.provenOptimalCount,
    secondsPerVariantLimit: robustness.timeLimitSecondsPerVariant,
    variantsSeconds: Number(robustness.runtimeSeconds.toFixed(2)),
    robust: robustness.sites.filter((site) => site.class === 'robust').map((site) => site.siteId),
    sometimes: robustness.sites.filter((site) => site.class === 'sometimes').map((site) => site.siteId),
  }),
);
