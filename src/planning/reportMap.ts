/**
 * The report's map (issue 13, part 6): chosen sites, each site's catchment and the demand beyond the access
 * limit, projected once here and drawn twice — as SVG in the planner's report and as vector graphics in the
 * server's PDF — so both show the same picture. Positions are ETRS89-LAEA (EPSG:3035, the Zensus grid's
 * projection, equal-area), scaled into a box of `width` units with north up; no tiles, so it prints anywhere.
 */
import { latLonToLaea } from './laea.ts';

export interface ReportMapSiteInput {
  id: string;
  name: string;
  lat: number;
  lon: number;
}

export interface ReportMapDemandInput {
  name: string;
  lat: number;
  lon: number;
  residents: number;
  nearestSiteId: string;
  travelMinutes: number;
  covered: boolean;
}

export interface ReportMapInput {
  sites: readonly ReportMapSiteInput[];
  demand: readonly ReportMapDemandInput[];
  /** The robustness check's class per site id, where it ran. */
  robustness?: ReadonlyMap<string, 'robust' | 'sometimes' | 'never'> | undefined;
  /** District outlines as GeoJSON rings ([longitude, latitude] positions), drawn for orientation. */
  outlines?: readonly (readonly (readonly number[])[])[] | undefined;
  /** Width of the drawing in its own units (default 800). */
  width?: number;
}

export type MapRobustness = 'robust' | 'sometimes' | null;

export interface ReportMapSite {
  siteId: string;
  name: string;
  /** 1-based: the number in the marker, the legend and the table. */
  number: number;
  x: number;
  y: number;
  colour: string;
  robustness: MapRobustness;
  /** Demand points whose nearest chosen site this is. */
  demandPoints: number;
  /** People at those points within the access limit, and beyond it. */
  coveredResidents: number;
  uncoveredResidents: number;
  /** Mean travel time of its points, weighted by people (null when none has people). */
  meanMinutes: number | null;
}

export interface ReportMap {
  width: number;
  height: number;
  sites: ReportMapSite[];
  /** Convex hull of each site's covered points and the site itself (at least three corners). */
  catchments: { number: number; colour: string; hull: [number, number][] }[];
  /** Every demand point; `site` is the 1-based number of its nearest chosen site. */
  points: { x: number; y: number; r: number; site: number; covered: boolean }[];
  /** District outlines, projected. */
  outlines: [number, number][][];
  uncovered: { points: number; residents: number; names: string[] };
  /** A scale bar: its length in metres and in drawing units. */
  scale: { metres: number; length: number };
}

/** Colour-blind-safe (Okabe–Ito without vermilion and yellow, which read as "uncovered" or vanish in print). */
export const CATCHMENT_COLOURS = [
  '#0072b2',
  '#e69f00',
  '#009e73',
  '#cc79a7',
  '#56b4e9',
  '#6a3d9a',
  '#8c6d1f',
  '#4d4d4d',
] as const;
/** The cross of demand beyond the access limit. */
export const UNCOVERED_COLOUR = '#b3261e';

const MIN_EXTENT_METRES = 2_000;
const PADDING = 24;
const MAX_UNCOVERED_NAMES = 8;

const round = (value: number) => Math.round(value * 10) / 10;

/** Andrew's monotone chain: the convex hull, counter-clockwise, without collinear points. */
export function convexHull(points: readonly [number, number][]): [number, number][] {
  const sorted = [...new Map(points.map((p) => [`${p[0]},${p[1]}`, p])).values()].sort(
    (a, b) => a[0] - b[0] || a[1] - b[1],
  );
  if (sorted.length < 3) return sorted;
  const cross = (o: [number, number], a: [number, number], b: [number, number]) =>
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const lower: [number, number][] = [];
  for (const p of sorted) {
    while (lower.length >= 2 && cross(lower[lower.length - 2]!, lower[lower.length - 1]!, p) <= 0)
      lower.pop();
    lower.push(p);
  }
  const upper: [number, number][] = [];
  for (const p of [...sorted].reverse()) {
    while (upper.length >= 2 && cross(upper[upper.length - 2]!, upper[upper.length - 1]!, p) <= 0)
      upper.pop();
    upper.push(p);
  }
  return [...lower.slice(0, -1), ...upper.slice(0, -1)];
}

/** A round length (1, 2 or 5 × 10ⁿ metres) near a fifth of the map's width. */
function scaleBar(metresPerUnit: number, width: number) {
  const target = (width / 5) * metresPerUnit;
  const power = 10 ** Math.floor(Math.log10(target));
  const metres = [5, 2, 1].map((step) => step * power).find((value) => value <= target) ?? power;
  return { metres, length: round(metres / metresPerUnit) };
}

export function reportMap(input: ReportMapInput): ReportMap {
  const width = input.width ?? 800;
  const sitesLaea = input.sites.map((site) => latLonToLaea(site));
  const demandLaea = input.demand.map((point) => latLonToLaea(point));
  const outlinesLaea = (input.outlines ?? []).map((ring) =>
    ring.map((position) => latLonToLaea({ lon: position[0]!, lat: position[1]! })),
  );
  const everything = [...sitesLaea, ...demandLaea, ...outlinesLaea.flat()];
  if (everything.length === 0) everything.push({ x: 0, y: 0 });
  // A loop, not Math.min(...): a Kreis's grid would overflow the call stack.
  let [minX, maxX, minY, maxY] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const p of everything) {
    minX = Math.min(minX, p.x);
    maxX = Math.max(maxX, p.x);
    minY = Math.min(minY, p.y);
    maxY = Math.max(maxY, p.y);
  }
  // A map of one place still shows its surroundings.
  if (maxX - minX < MIN_EXTENT_METRES) {
    const middle = (minX + maxX) / 2;
    minX = middle - MIN_EXTENT_METRES / 2;
    maxX = middle + MIN_EXTENT_METRES / 2;
  }
  if (maxY - minY < MIN_EXTENT_METRES) {
    const middle = (minY + maxY) / 2;
    minY = middle - MIN_EXTENT_METRES / 2;
    maxY = middle + MIN_EXTENT_METRES / 2;
  }
  // Fit the width; a very tall area is limited to 1.25 × the width and centred.
  const inner = width - 2 * PADDING;
  const scale = Math.min(inner / (maxX - minX), (1.25 * inner) / (maxY - minY));
  const height = Math.round((maxY - minY) * scale + 2 * PADDING);
  const offsetX = PADDING + (inner - (maxX - minX) * scale) / 2;
  const project = (p: { x: number; y: number }): [number, number] => [
    round(offsetX + (p.x - minX) * scale),
    round(PADDING + (maxY - p.y) * scale),
  ];

  const numberOf = new Map(input.sites.map((site, index) => [site.id, index + 1]));
  const colourOf = (number: number) => CATCHMENT_COLOURS[(number - 1) % CATCHMENT_COLOURS.length]!;
  const maxResidents = input.demand.reduce((max, point) => Math.max(max, point.residents), 1);
  const points = input.demand.map((point, index) => {
    const [x, y] = project(demandLaea[index]!);
    return {
      x,
      y,
      r: round(2.5 + 6.5 * Math.sqrt(Math.max(0, point.residents) / maxResidents)),
      site: numberOf.get(point.nearestSiteId) ?? 0,
      covered: point.covered,
    };
  });

  const sites: ReportMapSite[] = input.sites.map((site, index) => {
    const number = index + 1;
    const [x, y] = project(sitesLaea[index]!);
    const own = input.demand.filter((point) => point.nearestSiteId === site.id);
    const people = own.reduce((sum, point) => sum + point.residents, 0);
    const robustness = input.robustness?.get(site.id);
    return {
      siteId: site.id,
      name: site.name,
      number,
      x,
      y,
      colour: colourOf(number),
      robustness: robustness === 'robust' || robustness === 'sometimes' ? robustness : null,
      demandPoints: own.length,
      coveredResidents: own.filter((p) => p.covered).reduce((sum, p) => sum + p.residents, 0),
      uncoveredResidents: own.filter((p) => !p.covered).reduce((sum, p) => sum + p.residents, 0),
      meanMinutes:
        people > 0 ? own.reduce((sum, p) => sum + p.residents * p.travelMinutes, 0) / people : null,
    };
  });

  const catchments = sites.flatMap((site) => {
    const corners = points
      .filter((point) => point.site === site.number && point.covered)
      .map((point): [number, number] => [point.x, point.y]);
    const hull = convexHull([[site.x, site.y], ...corners]);
    return hull.length >= 3 ? [{ number: site.number, colour: site.colour, hull }] : [];
  });

  const uncoveredDemand = input.demand.filter((point) => !point.covered);
  const names = [
    ...new Set(
      [...uncoveredDemand]
        .sort((a, b) => b.residents - a.residents)
        .map((point) => point.name)
        .filter((name) => name.trim() !== ''),
    ),
  ].slice(0, MAX_UNCOVERED_NAMES);

  const outlines = outlinesLaea.map((ring) => ring.map(project));

  return {
    width,
    height,
    sites,
    catchments,
    points,
    outlines,
    uncovered: {
      points: uncoveredDemand.length,
      residents: uncoveredDemand.reduce((sum, point) => sum + point.residents, 0),
      names,
    },
    scale: scaleBar(1 / scale, width),
  };
}
