import { PlanningInputError } from '../errors.ts';
import type { DistanceInstance } from '../problem.ts';

export interface OrLibPMedianInstance {
  instance: DistanceInstance;
  p: number;
}

/**
 * Parses an OR-Library `pmedK` file ("n m p", then m lines "i j cost", 1-based, undirected).
 * Beasley's rule: edges are read in turn and the LAST cost of a repeated edge wins; all-pairs
 * shortest paths (Floyd–Warshall) give the allocation costs; every vertex is a client of weight 1
 * and a candidate site.
 */
export function parseOrLibPMedian(text: string): OrLibPMedianInstance {
  const numbers = text.trim().split(/\s+/).map(Number);
  const [n, m, p] = numbers;
  if (n === undefined || m === undefined || p === undefined || !Number.isInteger(n) || n < 1) {
    throw new PlanningInputError('header', 'expected "n m p" on the first line');
  }
  if (numbers.length < 3 + 3 * m) {
    throw new PlanningInputError('edges', `header announces ${m} edges but the file is shorter`);
  }
  const distance = new Float64Array(n * n).fill(Infinity);
  for (let i = 0; i < n; i++) distance[i * n + i] = 0;
  for (let e = 0; e < m; e++) {
    const a = numbers[3 + 3 * e]! - 1;
    const b = numbers[4 + 3 * e]! - 1;
    const cost = numbers[5 + 3 * e]!;
    if (!(a >= 0 && a < n && b >= 0 && b < n) || !Number.isFinite(cost)) {
      throw new PlanningInputError(`edges[${e}]`, `invalid edge ${a + 1} ${b + 1} ${cost}`);
    }
    if (a === b) continue;
    distance[a * n + b] = cost;
    distance[b * n + a] = cost;
  }
  for (let k = 0; k < n; k++) {
    const rowK = k * n;
    for (let i = 0; i < n; i++) {
      const dik = distance[i * n + k]!;
      if (dik === Infinity) continue;
      const rowI = i * n;
      for (let j = 0; j < n; j++) {
        const candidate = dik + distance[rowK + j]!;
        if (candidate < distance[rowI + j]!) distance[rowI + j] = candidate;
      }
    }
  }
  for (let k = 0; k < distance.length; k++) {
    if (distance[k] === Infinity) throw new PlanningInputError('edges', 'the graph is not connected');
  }
  return {
    instance: { demandCount: n, siteCount: n, weights: new Float64Array(n).fill(1), distance },
    p,
  };
}

/** Parses `pmedopt.txt`-style lines ("pmed1 5819" or similar); returns a name → optimum map. */
export function parseOrLibOptima(text: string): Map<string, number> {
  const optima = new Map<string, number>();
  for (const line of text.split(/\r?\n/)) {
    const match = /(pmed\d+)\D+(\d+)\s*$/i.exec(line.trim());
    if (match) optima.set(match[1]!.toLowerCase(), Number(match[2]));
  }
  return optima;
}
