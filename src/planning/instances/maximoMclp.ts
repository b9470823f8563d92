import { PlanningInputError } from '../errors.ts';
import type { CoverageInstance } from '../problem.ts';

export interface MaximoInstance {
  name: string;
  latitudes: Float64Array;
  longitudes: Float64Array;
  demand: Float64Array;
}

export interface MaximoOptimum {
  objective: number;
  /** 0-based point indices of the optimal facility set. */
  sites: number[];
}

/** Parses a Máximo/AILS MCLP file (TSPLIB-like: NODE_COORD_SECTION "lat lon", DEMAND_SECTION). */
export function parseMaximoInstance(text: string): MaximoInstance {
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  let name = '';
  let dimension = -1;
  let section: 'header' | 'coords' | 'demand' = 'header';
  const lat: number[] = [];
  const lon: number[] = [];
  const demand: number[] = [];
  for (const [index, line] of lines.entries()) {
    if (line === '' || line === 'EOF') continue;
    if (line.startsWith('NODE_COORD_SECTION')) section = 'coords';
    else if (line.startsWith('DEMAND_SECTION')) section = 'demand';
    else if (section === 'header') {
      const [key, value] = line.split(':').map((part) => part.trim());
      if (key === 'NAME') name = value ?? '';
      if (key === 'DIMENSION') dimension = Number(value);
    } else if (section === 'coords') {
      const [a, b] = line.split(/\s+/).map(Number);
      if (a === undefined || b === undefined || !Number.isFinite(a) || !Number.isFinite(b)) {
        throw new PlanningInputError(`line ${index + 1}`, `expected "lat lon", got "${line}"`);
      }
      lat.push(a);
      lon.push(b);
    } else {
      const value = Number(line);
      if (!Number.isFinite(value))
        throw new PlanningInputError(`line ${index + 1}`, `expected a demand, got "${line}"`);
      demand.push(value);
    }
  }
  if (!(dimension > 0) || lat.length !== dimension || demand.length !== dimension) {
    throw new PlanningInputError(
      'DIMENSION',
      `header says ${dimension} points, found ${lat.length} coordinates and ${demand.length} demands`,
    );
  }
  return {
    name,
    latitudes: Float64Array.from(lat),
    longitudes: Float64Array.from(lon),
    demand: Float64Array.from(demand),
  };
}

export function parseMaximoOptimum(text: string): MaximoOptimum {
  const objective = /f:\s*([\d.]+)/.exec(text);
  const sites = /Facilidade:\s*([\d\s]+)/.exec(text);
  if (!objective || !sites)
    throw new PlanningInputError('optimum', 'expected "f: …" and "Facilidade: …" lines');
  return {
    objective: Number(objective[1]),
    sites: sites[1]!.trim().split(/\s+/).map(Number),
  };
}

/** Earth radius used by Máximo et al. for these instances. */
const MAXIMO_EARTH_RADIUS_M = 6_378_100;

/**
 * The instances' own metric: spherical law of cosines with R = 6 378 100 m, rounded to float32.
 * The published optima only reproduce with exactly this rule.
 */
export function maximoDistance(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const a1 = lat1 * rad;
  const a2 = lat2 * rad;
  const cosine = Math.cos(a1) * Math.cos(a2) * Math.cos((lon2 - lon1) * rad) + Math.sin(a1) * Math.sin(a2);
  return Math.fround(Math.acos(Math.min(1, Math.max(-1, cosine))) * MAXIMO_EARTH_RADIUS_M);
}

/** Every point is a demand point and a candidate site; site j covers i when d(i, j) <= radius. */
export function maximoCoverage(instance: MaximoInstance, radius: number): CoverageInstance {
  const n = instance.demand.length;
  const { latitudes, longitudes } = instance;
  const byLatitude = Array.from({ length: n }, (_, k) => k).sort((a, b) => latitudes[a]! - latitudes[b]!);
  // Generous latitude window (10 % margin) as a pre-filter; the exact rule decides.
  const window = (((radius / MAXIMO_EARTH_RADIUS_M) * 180) / Math.PI) * 1.1 + 1e-9;
  const lists: number[][] = Array.from({ length: n }, () => []);
  for (let a = 0; a < n; a++) {
    const j = byLatitude[a]!;
    lists[j]!.push(j);
    for (let b = a + 1; b < n; b++) {
      const i = byLatitude[b]!;
      if (latitudes[i]! - latitudes[j]! > window) break;
      if (maximoDistance(latitudes[j]!, longitudes[j]!, latitudes[i]!, longitudes[i]!) <= radius) {
        lists[j]!.push(i);
        lists[i]!.push(j);
      }
    }
  }
  const coverStart = new Int32Array(n + 1);
  for (let j = 0; j < n; j++) coverStart[j + 1] = coverStart[j]! + lists[j]!.length;
  const coverDemand = new Int32Array(coverStart[n]!);
  for (let j = 0; j < n; j++) coverDemand.set(lists[j]!, coverStart[j]!);
  return { demandCount: n, siteCount: n, weights: instance.demand, coverStart, coverDemand };
}
