import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pMedianTreeInThreads } from './parallelTree.ts';
import { pMedianObjective, sortSitesByDistance } from './pmedianHeuristic.ts';
import { bruteForcePMedian, distanceInstances } from './testInstances.ts';

/** p-median instances big enough that the tree has many nodes with weak node bounds (few iterations). */
const treeInstance = distanceInstances({ min: 10, max: 14 }, { min: 20, max: 30 }, { min: 3, max: 5 }, 1);

// Every run starts a worker thread (through tsx from the sources): few runs, a generous timeout for busy cores.
const RUNS = 4;
const TIMEOUT = 600_000;

describe('branch-and-bound on two threads', () => {
  it(
    'a proven answer is optimal and the bound is never above the optimum, with both threads searching',
    async () => {
      let shared = 0;
      await fc.assert(
        fc.asyncProperty(treeInstance, async ({ instance, p }) => {
          const optimum = bruteForcePMedian(instance, p);
          const first = Array.from({ length: p }, (_, j) => j);
          const tree = await pMedianTreeInThreads(instance, sortSitesByDistance(instance), {
            p,
            objective: (sites) => -pMedianObjective(instance, sites),
            incumbent: { sites: first, value: -pMedianObjective(instance, first) },
            integral: true,
            deadline: performance.now() + 300_000,
            rootIterations: 5,
            nodeIterations: 3,
            awaitHelperMs: 120_000,
          });
          expect(tree.threads).toBe(2);
          expect(tree.proven).toBe(true);
          expect(-tree.value).toBe(optimum);
          expect(pMedianObjective(instance, tree.sites)).toBe(optimum);
          expect(-tree.bound).toBeLessThanOrEqual(optimum);
          shared += tree.nodesShared;
        }),
        { numRuns: RUNS, seed: 41 },
      );
      // The helper searched nodes the first thread handed over (not only an empty tree).
      expect(shared).toBeGreaterThan(0);
    },
    TIMEOUT,
  );

  it(
    'stopped by the time limit, it reports an unproven answer whose bound is still valid',
    async () => {
      await fc.assert(
        fc.asyncProperty(treeInstance, async ({ instance, p }) => {
          const optimum = bruteForcePMedian(instance, p);
          const first = Array.from({ length: p }, (_, j) => j);
          const startValue = pMedianObjective(instance, first);
          const tree = await pMedianTreeInThreads(instance, sortSitesByDistance(instance), {
            p,
            objective: (sites) => -pMedianObjective(instance, sites),
            incumbent: { sites: first, value: -startValue },
            integral: true,
            // Both threads stop soon after the helper joined.
            deadline: performance.now() + 120_000,
            rootIterations: 1,
            nodeIterations: 1,
            maxOpenNodes: 4,
            awaitHelperMs: 120_000,
          });
          expect(-tree.bound).toBeLessThanOrEqual(optimum);
          expect(-tree.value).toBeGreaterThanOrEqual(optimum);
          expect(-tree.value).toBeLessThanOrEqual(startValue);
          if (tree.proven) expect(-tree.value).toBe(optimum);
          else expect(-tree.bound).toBeLessThan(-tree.value);
        }),
        { numRuns: RUNS, seed: 42 },
      );
    },
    TIMEOUT,
  );
});
