import { type CoverageInstance, coverageFromLists, transposeCoverage } from '../problem.ts';

export interface ReducedCoverage {
  instance: CoverageInstance;
  /** Reduced site index → original site index. */
  siteOriginal: Int32Array;
  /** Original demand points that no site covers (they can never count). */
  uncoverableDemand: number;
}

/**
 * Shrinks a covering instance without changing its optimum (for MCLP and set covering):
 * 1. a site whose covered set is contained in another site's set is dropped (ties keep the lower index);
 * 2. demand points covered by exactly the same remaining sites are merged (weights add up);
 * 3. demand points no site covers are dropped.
 */
export function reduceCoverage(instance: CoverageInstance, minSites = 1): ReducedCoverage {
  const { siteCount: m, demandCount: n, coverStart, coverDemand, weights } = instance;
  const by = transposeCoverage(instance);
  const size = (j: number) => coverStart[j + 1]! - coverStart[j]!;
  const marker = new Int32Array(n).fill(-1);
  const dominated = new Uint8Array(m);
  for (let j = 0; j < m; j++) {
    const sj = size(j);
    if (sj === 0) {
      dominated[j] = 1;
      continue;
    }
    // Any dominating site must cover j's rarest demand point.
    let rarest = coverDemand[coverStart[j]!]!;
    for (let k = coverStart[j]!; k < coverStart[j + 1]!; k++) {
      const i = coverDemand[k]!;
      if (by.byStart[i + 1]! - by.byStart[i]! < by.byStart[rarest + 1]! - by.byStart[rarest]!) rarest = i;
    }
    for (let k = coverStart[j]!; k < coverStart[j + 1]!; k++) marker[coverDemand[k]!] = j;
    for (let t = by.byStart[rarest]!; t < by.byStart[rarest + 1]! && dominated[j] === 0; t++) {
      const other = by.bySite[t]!;
      if (other === j || dominated[other] === 1) continue;
      const so = size(other);
      if (so < sj || (so === sj && other > j)) continue;
      let inside = 0;
      for (let k = coverStart[other]!; k < coverStart[other + 1]!; k++)
        if (marker[coverDemand[k]!] === j) inside++;
      if (inside === sj) dominated[j] = 1;
    }
  }
  const kept: number[] = [];
  for (let j = 0; j < m; j++) if (dominated[j] === 0) kept.push(j);
  // Keep enough sites for p: re-admit the largest dropped ones.
  if (kept.length < minSites) {
    const dropped = [];
    for (let j = 0; j < m; j++) if (dominated[j] === 1) dropped.push(j);
    dropped.sort((a, b) => size(b) - size(a));
    for (const j of dropped.slice(0, minSites - kept.length)) kept.push(j);
    kept.sort((a, b) => a - b);
  }

  // Signature of each demand point: the sorted list of kept sites covering it.
  const keptIndex = new Int32Array(m).fill(-1);
  kept.forEach((j, index) => (keptIndex[j] = index));
  const groups = new Map<string, number>();
  const groupWeights: number[] = [];
  const demandGroup = new Int32Array(n).fill(-1);
  let uncoverableDemand = 0;
  for (let i = 0; i < n; i++) {
    const sites: number[] = [];
    for (let t = by.byStart[i]!; t < by.byStart[i + 1]!; t++) {
      const reduced = keptIndex[by.bySite[t]!]!;
      if (reduced >= 0) sites.push(reduced);
    }
    if (sites.length === 0) {
      uncoverableDemand += weights[i]!;
      continue;
    }
    sites.sort((a, b) => a - b);
    const key = sites.join(',');
    let group = groups.get(key);
    if (group === undefined) {
      group = groupWeights.length;
      groups.set(key, group);
      groupWeights.push(0);
    }
    groupWeights[group]! += weights[i]!;
    demandGroup[i] = group;
  }
  const lists: number[][] = kept.map(() => []);
  const seen = new Int32Array(groupWeights.length).fill(-1);
  kept.forEach((j, index) => {
    for (let k = coverStart[j]!; k < coverStart[j + 1]!; k++) {
      const group = demandGroup[coverDemand[k]!]!;
      if (group >= 0 && seen[group] !== index) {
        seen[group] = index;
        lists[index]!.push(group);
      }
    }
  });
  return {
    instance: coverageFromLists(Float64Array.from(groupWeights), lists),
    siteOriginal: Int32Array.from(kept),
    uncoverableDemand,
  };
}
