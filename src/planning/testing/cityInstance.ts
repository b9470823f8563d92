import { coverageFromDistances, type CoverageInstance, type DistanceInstance } from '../problem.ts';
import { createRandom } from '../random.ts';

export interface CityInstance {
  /** Travel minutes from demand point i to site j, weights = residents (integers). */
  distance: DistanceInstance;
  /** Sites within `radiusMinutes` cover a demand point. */
  coverage: CoverageInstance;
  radiusMinutes: number;
}

/**
 * A deterministic city-sized test instance: demand points in clustered neighbourhoods (a town centre
 * and villages), weighted by a resident count, and candidate sites spread over the same area. Travel
 * time is the straight line at 25 km/h with a detour factor 1.3, rounded to whole minutes.
 */
export function generateCityInstance(
  demandCount: number,
  siteCount: number,
  seed: number,
  radiusMinutes = 10,
): CityInstance {
  const random = createRandom(seed);
  const gaussian = () => {
    const u = Math.max(1e-12, random());
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
  const sizeKm = 6 + Math.sqrt(demandCount) / 4;
  const clusterCount = Math.max(4, Math.round(demandCount / 150));
  const clusters = Array.from({ length: clusterCount }, (_, k) => ({
    x: random() * sizeKm,
    y: random() * sizeKm,
    spread: k === 0 ? sizeKm / 6 : 0.3 + random() * 1.2,
    density: k === 0 ? 4 : 1 + random() * 2,
  }));
  const totalDensity = clusters.reduce((sum, c) => sum + c.density, 0);
  const pickCluster = () => {
    let r = random() * totalDensity;
    for (const c of clusters) if ((r -= c.density) <= 0) return c;
    return clusters[0]!;
  };
  const point = () => {
    const c = pickCluster();
    return { x: c.x + gaussian() * c.spread, y: c.y + gaussian() * c.spread };
  };
  const demand = Array.from({ length: demandCount }, point);
  const sites = Array.from({ length: siteCount }, point);
  const weights = Float64Array.from(demand, () => 5 + Math.floor(random() * random() * 400));
  const distance = new Float64Array(demandCount * siteCount);
  const minutesPerKm = (60 / 25) * 1.3;
  for (let i = 0; i < demandCount; i++) {
    const a = demand[i]!;
    for (let j = 0; j < siteCount; j++) {
      const b = sites[j]!;
      distance[i * siteCount + j] = Math.round(Math.hypot(a.x - b.x, a.y - b.y) * minutesPerKm);
    }
  }
  const instance: DistanceInstance = { demandCount, siteCount, weights, distance };
  return { distance: instance, coverage: coverageFromDistances(instance, radiusMinutes), radiusMinutes };
}
