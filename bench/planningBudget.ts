/**
 * Budget check for the site-selection solvers (not a unit test: it measures wall time).
 * Every solve gets a time limit; the wall time of the call, model building and HiGHS loading included,
 * must stay within the limit plus 20 %. Exits with code 1 when a case overruns.
 * Usage: node --import tsx bench/planningBudget.ts [--seconds 3]
 */
import { solveMaxCovering } from '../src/planning/solvers/mclp.ts';
import { solvePMedian } from '../src/planning/solvers/pmedian.ts';
import type { SiteSelectionResult, SolveMethod } from '../src/planning/solvers/types.ts';
import { generateCityInstance } from '../src/planning/testing/cityInstance.ts';

const index = process.argv.indexOf('--seconds');
const seconds = Number(index >= 0 ? process.argv[index + 1] : 3);
const SLACK = 1.2;
const small = generateCityInstance(1500, 50, 11, 10);
const large = generateCityInstance(8000, 250, 12, 10);
const cases: { name: string; run: (method: SolveMethod) => Promise<SiteSelectionResult> }[] = [
  {
    name: 'city1500 p-median p=8',
    run: (method) => solvePMedian(small.distance, 8, { method, timeLimitSeconds: seconds }),
  },
  {
    name: 'city1500 MCLP p=6',
    run: (method) => solveMaxCovering(small.coverage, 6, { method, timeLimitSeconds: seconds }),
  },
  {
    name: 'city8000 p-median p=20',
    run: (method) => solvePMedian(large.distance, 20, { method, timeLimitSeconds: seconds }),
  },
  {
    name: 'city8000 MCLP p=15',
    run: (method) => solveMaxCovering(large.coverage, 15, { method, timeLimitSeconds: seconds }),
  },
];
let failures = 0;
for (const c of cases) {
  for (const method of ['auto', 'exact'] as const) {
    const started = performance.now();
    const result = await c.run(method);
    const wall = (performance.now() - started) / 1000;
    const ok = wall <= seconds * SLACK;
    if (!ok) failures++;
    console.log(
      `${ok ? 'ok  ' : 'OVER'} ${c.name.padEnd(24)} ${method.padEnd(5)} wall ${wall.toFixed(2)} s / budget ${seconds} s ` +
        `(${result.provenOptimal ? 'proven' : `gap ${result.gapPct?.toFixed(3)} %`}, ${result.solver})`,
    );
  }
}
console.log(
  JSON.stringify({ budgetSeconds: seconds, slack: SLACK, cases: cases.length * 2, overruns: failures }),
);
process.exitCode = failures > 0 ? 1 : 0;
