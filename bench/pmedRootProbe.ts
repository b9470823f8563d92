// Diagnostic: the p-median root Lagrangian bound on chosen OR-Library instances under different ascent settings.
// Usage: node --import tsx bench/pmedRootProbe.ts pmed36 [iterations]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseOrLibPMedian } from '../src/planning/instances/orlibPmed.ts';
import { lagrangianAscent, reducedCostFixing } from '../src/planning/solvers/lagrangian.ts';
import { sortSitesByDistance } from '../src/planning/solvers/pmedianHeuristic.ts';
import { PMedianRelaxation } from '../src/planning/solvers/pmedianLagrangian.ts';
import { PMED_DIR, pmedOptima } from './lib/planningData.ts';

const name = process.argv[2] ?? 'pmed36';
const iterations = Number(process.argv[3] ?? 5000);
const { instance, p } = parseOrLibPMedian(readFileSync(join(PMED_DIR, `${name}.txt`), 'utf8'));
const optimum = pmedOptima().get(name)!;
const sorted = sortSitesByDistance(instance);
const relaxation = new PMedianRelaxation(instance, sorted);
for (const [label, extra] of [
  ['subgradient θ=2 patience 30', {}],
  ['subgradient θ=2 patience 100', { patience: 100 }],
  ['volume', { volume: true }],
] as const) {
  const started = performance.now();
  const fixing = new Int8Array(instance.siteCount);
  const root = lagrangianAscent(relaxation, p, fixing, relaxation.initialMultipliers(), {
    incumbent: -optimum,
    integral: true,
    maxIterations: iterations,
    deadline: performance.now() + 60_000,
    ...extra,
  });
  const ms = performance.now() - started;
  const fixed = reducedCostFixing(root, fixing, -optimum, true);
  console.log(
    `${name} ${label}: bound ${(-root.bound).toFixed(2)} optimum ${optimum} iterations ${root.iterations} ` +
      `${ms.toFixed(0)} ms (${(ms / root.iterations).toFixed(2)} ms/it); fixed ${fixed.closed} closed ${fixed.opened} open of ${instance.siteCount}`,
  );
}
