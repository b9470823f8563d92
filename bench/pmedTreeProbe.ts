// Diagnostic: the p-median branch-and-bound alone (root bound, reduced-cost fixing, tree), started from the known
// optimum as incumbent, so that only the proof is measured. Prints nodes and CPU seconds per instance.
// Usage: node --import tsx bench/pmedTreeProbe.ts pmed36,pmed39 [seconds]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseOrLibPMedian } from '../src/planning/instances/orlibPmed.ts';
import { branchAndBound } from '../src/planning/solvers/branchAndBound.ts';
import { lagrangianAscent, reducedCostFixing } from '../src/planning/solvers/lagrangian.ts';
import { pMedianImprover } from '../src/planning/solvers/parallelTree.ts';
import { restrictToSites, solvePMedian } from '../src/planning/solvers/pmedian.ts';
import { pMedianObjective, sortSitesByDistance } from '../src/planning/solvers/pmedianHeuristic.ts';
import { PMedianRelaxation } from '../src/planning/solvers/pmedianLagrangian.ts';
import { PMED_DIR, pmedOptima } from './lib/planningData.ts';

const names = (process.argv[2] ?? 'pmed36').split(',');
const seconds = Number(process.argv[3] ?? 60);
const nodeIterations = Number(process.env.NODE_ITERATIONS ?? 60);
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1e6;
};
for (const name of names) {
  const { instance, p } = parseOrLibPMedian(readFileSync(join(PMED_DIR, `${name}.txt`), 'utf8'));
  const optimum = pmedOptima().get(name)!;
  // The optimal sites, from a normal solve (not timed).
  const solved = await solvePMedian(instance, p, { timeLimitSeconds: 2, method: 'heuristic' });
  if (solved.objective !== optimum)
    console.log(`${name}: heuristic found ${solved.objective}, optimum ${optimum}`);
  const cpu = process.cpuUsage();
  const sorted = sortSitesByDistance(instance);
  const relaxation = new PMedianRelaxation(instance, sorted);
  const fixing = new Int8Array(instance.siteCount);
  const root = lagrangianAscent(relaxation, p, fixing, relaxation.initialMultipliers(), {
    incumbent: -solved.objective,
    integral: true,
    maxIterations: 5000,
    deadline: performance.now() + 60_000,
  });
  reducedCostFixing(root, fixing, -solved.objective, true);
  const rootCpu = cpuSeconds(cpu);
  const sub = restrictToSites(instance, sorted, fixing);
  const toSub = new Int32Array(instance.siteCount).fill(-1);
  sub.sites.forEach((j, k) => (toSub[j] = k));
  const improver = pMedianImprover(sub.instance, sub.sorted, p, Infinity);
  let improveMs = 0;
  let improveCalls = 0;
  const improve = (start: number[]) => {
    const t0 = performance.now();
    const result = improver(start);
    improveMs += performance.now() - t0;
    improveCalls++;
    return result;
  };
  // A/B against an older relaxation file (same interface): RELAXATION=/path/to/pmedianLagrangian.ts
  const Relaxation: typeof PMedianRelaxation = process.env.RELAXATION
    ? ((await import(process.env.RELAXATION)) as { PMedianRelaxation: typeof PMedianRelaxation })
        .PMedianRelaxation
    : PMedianRelaxation;
  const tree = branchAndBound(new Relaxation(sub.instance, sub.sorted), {
    p,
    objective: (candidate) => -pMedianObjective(sub.instance, candidate),
    incumbent: { sites: solved.sites.map((j) => toSub[j]!), value: -solved.objective },
    integral: true,
    deadline: performance.now() + seconds * 1000,
    fixing: Int8Array.from(sub.sites, (j) => fixing[j]!),
    lambda: root.lambda,
    rootIterations: 300,
    nodeIterations,
    ...(process.env.NO_IMPROVE ? {} : { improve }),
  });
  console.log(
    `${name} root bound ${(-root.bound).toFixed(1)} optimum ${optimum} free ${sub.sites.length} root cpu ${rootCpu.toFixed(2)} s; ` +
      `tree ${tree.proven ? 'PROVEN' : 'open'} bound ${(-tree.bound).toFixed(1)} nodes ${tree.nodes} iterations ${tree.iterations} cpu ${cpuSeconds(cpu).toFixed(2)} s; local search ${improveCalls} calls ${(improveMs / 1000).toFixed(2)} s wall`,
  );
}
