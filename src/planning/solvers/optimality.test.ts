import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { branchAndBound } from './branchAndBound.ts';
import { lagrangianAscent, reducedCostFixing } from './lagrangian.ts';
import { solveMaxCovering } from './mclp.ts';
import { mclpObjective } from './mclpHeuristic.ts';
import { buildMclpModel, mclpModelObjective, MclpRelaxation } from './mclpLagrangian.ts';
import { solvePMedian } from './pmedian.ts';
import { pMedianObjective, sortSitesByDistance } from './pmedianHeuristic.ts';
import { PMedianRelaxation } from './pmedianLagrangian.ts';
import {
  bruteForceMclp,
  bruteForcePMedian,
  combinations,
  coveredWeight,
  distanceInstances,
  smallCoverageInstance,
  smallDistanceInstance,
} from './testInstances.ts';
import { closedGap } from './types.ts';

/** Somewhat larger p-median instances: the bound alone closes the gap less often, so the exact searches run. */
const mediumDistanceInstance = distanceInstances(
  { min: 8, max: 12 },
  { min: 12, max: 24 },
  { min: 2, max: 4 },
  1,
);

// Sized for two busy cores: every property names its runs, every test its timeout.
const RUNS = 25;
const TIMEOUT = 120_000;
/**
 * The exact paths must prove these small instances; the time limit is only a safety stop. It is generous so that
 * a proof never depends on how busy the machine is (2 s was once too little on 2 loaded cores).
 */
const PROOF_SECONDS = 30;
/** Per property of 50 solves on a busy machine. */
const PATH_TIMEOUT = 600_000;

describe('Lagrangian bounds', () => {
  it(
    'the MCLP bound is never below the optimum; fixing never removes every optimal solution',
    () => {
      fc.assert(
        fc.property(
          smallCoverageInstance,
          fc.integer({ min: 1, max: 400 }),
          fc.boolean(),
          ({ instance, p }, iterations, volume) => {
            const optimum = bruteForceMclp(instance, p);
            const model = buildMclpModel(instance);
            const relaxation = new MclpRelaxation(model);
            const fixing = new Int8Array(instance.siteCount);
            const ascent = lagrangianAscent(relaxation, p, fixing, relaxation.initialMultipliers(), {
              incumbent: 0,
              integral: true,
              maxIterations: iterations,
              deadline: Infinity,
              volume,
            });
            expect(ascent.bound).toBeGreaterThanOrEqual(optimum - 1e-6);
            // Fixing against an incumbent one below the optimum must keep an optimal solution feasible.
            reducedCostFixing(ascent, fixing, optimum - 1, true);
            let optimalKept = false;
            const mark = new Uint8Array(model.rowCount);
            for (const sites of combinations(instance.siteCount, p)) {
              if (sites.some((j) => fixing[j] === -1)) continue;
              if (fixing.some((f, j) => f === 1 && !sites.includes(j))) continue;
              if (mclpModelObjective(model, sites, mark) === optimum) optimalKept = true;
            }
            expect(optimalKept).toBe(true);
          },
        ),
        { numRuns: 60, seed: 31 },
      );
    },
    TIMEOUT,
  );

  it('incremental MCLP site scores equal a fresh evaluation after many sparse and dense steps', () => {
    fc.assert(
      fc.property(
        smallCoverageInstance,
        fc.array(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 8 }), {
          minLength: 1,
          maxLength: 90,
        }),
        ({ instance }, steps) => {
          const model = buildMclpModel(instance);
          if (model.rowCount === 0) return;
          const incremental = new MclpRelaxation(model);
          const lambda = incremental.initialMultipliers();
          const scores = new Float64Array(model.siteCount);
          for (const step of steps) {
            // Change a few rows (sparse) or, for long steps, every row (dense).
            const rows = step.length > 6 ? model.rowCount : step.length;
            for (let k = 0; k < rows; k++) {
              const i = (k * 7 + Math.floor(step[k % step.length]! * 1000)) % model.rowCount;
              lambda[i] = step[k % step.length]! * model.rowWeight[i]!;
            }
            const base = incremental.evaluate(lambda, scores);
            const fresh = new Float64Array(model.siteCount);
            const freshBase = new MclpRelaxation(model).evaluate(lambda, fresh);
            expect(base).toBeCloseTo(freshBase, 6);
            fresh.forEach((value, j) => expect(scores[j]).toBeCloseTo(value, 6));
          }
        },
      ),
      { numRuns: 60, seed: 41 },
    );
  });

  it(
    'the p-median bound is never above the optimum',
    () => {
      fc.assert(
        fc.property(
          smallDistanceInstance,
          fc.integer({ min: 1, max: 400 }),
          ({ instance, p }, iterations) => {
            const optimum = bruteForcePMedian(instance, p);
            const relaxation = new PMedianRelaxation(instance, sortSitesByDistance(instance));
            const ascent = lagrangianAscent(
              relaxation,
              p,
              new Int8Array(instance.siteCount),
              relaxation.initialMultipliers(),
              { incumbent: -optimum - 1000, integral: true, maxIterations: iterations, deadline: Infinity },
            );
            // Max form: the bound on the negated cost.
            expect(-ascent.bound).toBeLessThanOrEqual(optimum + 1e-6);
          },
        ),
        { numRuns: 60, seed: 32 },
      );
    },
    TIMEOUT,
  );

  it(
    'folding demand covered by one site keeps every objective',
    () => {
      fc.assert(
        fc.property(smallCoverageInstance, ({ instance, p }) => {
          const model = buildMclpModel(instance);
          const mark = new Uint8Array(model.rowCount);
          for (const sites of combinations(instance.siteCount, p))
            expect(mclpModelObjective(model, sites, mark)).toBe(coveredWeight(instance, sites));
        }),
        { numRuns: 40, seed: 33 },
      );
    },
    TIMEOUT,
  );
});

describe('own branch-and-bound', () => {
  it(
    'MCLP: a proven answer is optimal and the bound is never below the optimum',
    () => {
      fc.assert(
        fc.property(smallCoverageInstance, ({ instance, p }) => {
          const optimum = bruteForceMclp(instance, p);
          const model = buildMclpModel(instance);
          const mark = new Uint8Array(model.rowCount);
          const first = Array.from({ length: p }, (_, j) => j);
          const tree = branchAndBound(new MclpRelaxation(model), {
            p,
            objective: (sites) => mclpModelObjective(model, sites, mark),
            incumbent: { sites: first, value: mclpModelObjective(model, first, mark) },
            integral: true,
            deadline: performance.now() + 20_000,
            nodeIterations: 20,
          });
          expect(tree.proven).toBe(true);
          expect(tree.value).toBe(optimum);
          expect(coveredWeight(instance, tree.sites)).toBe(optimum);
          expect(tree.bound).toBeGreaterThanOrEqual(optimum);
        }),
        { numRuns: RUNS, seed: 34 },
      );
    },
    TIMEOUT,
  );

  it(
    'p-median: a proven answer is optimal and the bound is never above the optimum',
    () => {
      fc.assert(
        fc.property(smallDistanceInstance, ({ instance, p }) => {
          const optimum = bruteForcePMedian(instance, p);
          const first = Array.from({ length: p }, (_, j) => j);
          const tree = branchAndBound(new PMedianRelaxation(instance, sortSitesByDistance(instance)), {
            p,
            objective: (sites) => -pMedianObjective(instance, sites),
            incumbent: { sites: first, value: -pMedianObjective(instance, first) },
            integral: true,
            deadline: performance.now() + 20_000,
            nodeIterations: 20,
          });
          expect(tree.proven).toBe(true);
          expect(-tree.value).toBe(optimum);
          expect(pMedianObjective(instance, tree.sites)).toBe(optimum);
          expect(-tree.bound).toBeLessThanOrEqual(optimum);
        }),
        { numRuns: RUNS, seed: 35 },
      );
    },
    TIMEOUT,
  );

  it(
    'stopped at once, it reports an unproven answer with a valid bound',
    () => {
      fc.assert(
        fc.property(smallCoverageInstance, ({ instance, p }) => {
          const optimum = bruteForceMclp(instance, p);
          const model = buildMclpModel(instance);
          const mark = new Uint8Array(model.rowCount);
          const first = Array.from({ length: p }, (_, j) => j);
          const tree = branchAndBound(new MclpRelaxation(model), {
            p,
            objective: (sites) => mclpModelObjective(model, sites, mark),
            incumbent: { sites: first, value: mclpModelObjective(model, first, mark) },
            integral: true,
            deadline: performance.now() + 20_000,
            shouldStop: () => true,
          });
          expect(tree.bound).toBeGreaterThanOrEqual(optimum);
          if (tree.proven) expect(tree.value).toBe(optimum);
        }),
        { numRuns: RUNS, seed: 36 },
      );
    },
    TIMEOUT,
  );
});

describe('every solver path against brute force', () => {
  // Small instances are often proven by the bound alone; these counts show the exact search ran too.
  const expectedSolver = { exact: 'highs', auto: 'branch-and-bound', heuristic: 'local-search' } as const;
  for (const method of ['exact', 'auto', 'heuristic'] as const) {
    it(
      `MCLP ${method}: proven means optimal; the bound is never below the optimum`,
      async () => {
        const solvers = new Map<string, number>();
        await fc.assert(
          fc.asyncProperty(smallCoverageInstance, async ({ instance, p }) => {
            const result = await solveMaxCovering(instance, p, {
              method,
              timeLimitSeconds: method === 'heuristic' ? 0.2 : PROOF_SECONDS,
              boundIterations: 2,
            });
            solvers.set(result.solver!, (solvers.get(result.solver!) ?? 0) + 1);
            const optimum = bruteForceMclp(instance, p);
            expect(result.objective).toBe(coveredWeight(instance, result.sites));
            expect(result.objective).toBeLessThanOrEqual(optimum);
            expect(result.bestBound).toBe(result.bound);
            expect(result.bound!).toBeGreaterThanOrEqual(optimum);
            expect(result.gapPct).toBeGreaterThanOrEqual(0);
            if (result.provenOptimal) expect(result.objective).toBe(optimum);
            if (method !== 'heuristic') expect(result.provenOptimal).toBe(true);
          }),
          { numRuns: RUNS * 2, seed: 41 },
        );
        expect(solvers.get(expectedSolver[method]) ?? 0).toBeGreaterThan(0);
      },
      PATH_TIMEOUT,
    );

    it(
      `p-median ${method}: proven means optimal; the bound is never above the optimum`,
      async () => {
        const solvers = new Map<string, number>();
        await fc.assert(
          fc.asyncProperty(
            fc.oneof(smallDistanceInstance, mediumDistanceInstance),
            async ({ instance, p }) => {
              const result = await solvePMedian(instance, p, {
                method,
                timeLimitSeconds: method === 'heuristic' ? 0.2 : PROOF_SECONDS,
                boundIterations: 2,
                // The search before the proof as long as the heuristic path's, not a tenth of PROOF_SECONDS.
                searchSeconds: 0.2,
              });
              solvers.set(result.solver!, (solvers.get(result.solver!) ?? 0) + 1);
              const optimum = bruteForcePMedian(instance, p);
              expect(result.objective).toBe(pMedianObjective(instance, result.sites));
              expect(result.objective).toBeGreaterThanOrEqual(optimum);
              expect(result.bound!).toBeLessThanOrEqual(optimum);
              if (result.provenOptimal) expect(result.objective).toBe(optimum);
              if (method !== 'heuristic') expect(result.provenOptimal).toBe(true);
            },
          ),
          { numRuns: RUNS * 2, seed: 42 },
        );
        expect(solvers.get(expectedSolver[method]) ?? 0).toBeGreaterThan(0);
      },
      PATH_TIMEOUT,
    );
  }

  it(
    'exact mode on a hard instance with a tiny time limit returns its best answer with a bound',
    async () => {
      // A clustered grid where greedy is not optimal; 0.05 s is far too little to prove anything.
      const n = 400;
      const m = 120;
      const weights = Float64Array.from({ length: n }, (_, i) => 1 + ((i * 7919) % 13));
      const lists: number[][] = Array.from({ length: m }, (_, j) =>
        Array.from({ length: n }, (_, i) => i).filter(
          (i) => (i * 31 + j * 17) % 97 < 9 || (i + j) % 61 === 0,
        ),
      );
      const { coverageFromLists } = await import('../problem.ts');
      const instance = coverageFromLists(weights, lists);
      const result = await solveMaxCovering(instance, 12, { method: 'exact', timeLimitSeconds: 0.05 });
      expect(result.sites).toHaveLength(12);
      expect(result.objective).toBe(mclpObjective(instance, result.sites));
      expect(result.bound).toBeDefined();
      expect(result.bound!).toBeGreaterThanOrEqual(result.objective);
      expect(result.gapPct).toBeCloseTo(((result.bound! - result.objective) / result.objective) * 100, 9);
      expect(result.provenOptimal).toBe(closedGap(result.bound!, result.objective, true));
      expect(result.objective).toBeGreaterThan(0);
    },
    TIMEOUT,
  );
});
