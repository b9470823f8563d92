/**
 * Clipping demand to a municipality: the union of its districts' outlines (GeoJSON, [lon, lat] rings) or,
 * where no outline is known, a box around the districts' reference points with a margin. Pure.
 */
import type { LatLon } from './geo.ts';

export type OutlineGeometry =
  { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };

interface Box {
  minLat: number;
  maxLat: number;
  minLon: number;
  maxLon: number;
}

export interface ClipArea {
  kind: 'outline' | 'box';
  contains(point: LatLon): boolean;
  box: Box;
}

/** Even-odd ray casting on one ring of [lon, lat] positions. */
function inRing(ring: readonly number[][], lon: number, lat: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const xi = ring[i]![0]!;
    const yi = ring[i]![1]!;
    const xj = ring[j]![0]!;
    const yj = ring[j]![1]!;
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Inside a polygon: inside its outer ring and in none of its holes. */
function inPolygon(rings: readonly (readonly number[][])[], lon: number, lat: number): boolean {
  if (rings.length === 0 || !inRing(rings[0]!, lon, lat)) return false;
  for (let k = 1; k < rings.length; k++) if (inRing(rings[k]!, lon, lat)) return false;
  return true;
}

function boxOf(polygons: readonly (readonly (readonly number[][])[])[]): Box {
  const box = { minLat: Infinity, maxLat: -Infinity, minLon: Infinity, maxLon: -Infinity };
  for (const polygon of polygons) {
    for (const [lon, lat] of polygon[0] ?? []) {
      box.minLat = Math.min(box.minLat, lat!);
      box.maxLat = Math.max(box.maxLat, lat!);
      box.minLon = Math.min(box.minLon, lon!);
      box.maxLon = Math.max(box.maxLon, lon!);
    }
  }
  return box;
}

const inBox = (box: Box, point: LatLon) =>
  point.lat >= box.minLat && point.lat <= box.maxLat && point.lon >= box.minLon && point.lon <= box.maxLon;

/** The area covered by any of the outlines (a box test first, then the polygons). */
export function outlineArea(outlines: readonly OutlineGeometry[]): ClipArea {
  const polygons = outlines.flatMap((outline) =>
    outline.type === 'Polygon' ? [outline.coordinates] : outline.coordinates,
  );
  const boxes = polygons.map((polygon) => boxOf([polygon]));
  return {
    kind: 'outline',
    box: boxOf(polygons),
    contains(point) {
      for (let k = 0; k < polygons.length; k++) {
        if (inBox(boxes[k]!, point) && inPolygon(polygons[k]!, point.lon, point.lat)) return true;
      }
      return false;
    },
  };
}

/** The box around `points` widened by `marginMetres` on every side. */
export function boxArea(points: readonly LatLon[], marginMetres: number): ClipArea {
  const lats = points.map((point) => point.lat);
  const lons = points.map((point) => point.lon);
  const dLat = marginMetres / 111_320;
  const midLat = (Math.min(...lats) + Math.max(...lats)) / 2;
  const dLon = marginMetres / (111_320 * Math.cos((midLat * Math.PI) / 180));
  const box = {
    minLat: Math.min(...lats) - dLat,
    maxLat: Math.max(...lats) + dLat,
    minLon: Math.min(...lons) - dLon,
    maxLon: Math.max(...lons) + dLon,
  };
  return { kind: 'box', box, contains: (point) => inBox(box, point) };
}

/** Margin around the reference points where a municipality has no outline. */
export const BOX_MARGIN_METRES = 3000;

/**
 * The municipality's area: the union of the top-level districts' outlines where every top-level district has
 * one, else a box around all reference points (districts and sites) with {@link BOX_MARGIN_METRES}.
 */
export function municipalityArea(
  districts: readonly (LatLon & { parentId: string | null; outline: OutlineGeometry | null })[],
  otherPoints: readonly LatLon[] = [],
): ClipArea {
  const top = districts.filter((district) => district.parentId === null);
  const withOutline = top.filter((district) => district.outline !== null);
  if (top.length > 0 && withOutline.length === top.length) {
    return outlineArea(withOutline.map((district) => district.outline!));
  }
  const points = [...districts, ...otherPoints];
  if (points.length === 0) throw new Error('a municipality without districts has no area');
  return boxArea(points, BOX_MARGIN_METRES);
}
