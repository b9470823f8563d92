/**
 * Participation (issue 15): the pure rules behind suggestions, supports and comments. No I/O.
 */
import { DomainError } from './errors.ts';
import { greatCircleKm, type LatLon } from './travel.ts';

/** Longest comment, in characters (the database checks the same). */
export const COMMENT_MAX_LENGTH = 2000;
export const SUGGESTION_REASON_MIN_LENGTH = 10;
export const SUGGESTION_REASON_MAX_LENGTH = 2000;
/** A suggested place is covered when a stop of the plan is at a site this close (about 12 minutes on foot). */
export const WALKING_RADIUS_KM = 1;
/** Without district outlines, a place counts as inside when it is this close to a district's reference point. */
export const MAX_KM_FROM_A_DISTRICT = 6;

export type GeoOutline =
  { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };

export interface DistrictArea extends LatLon {
  id: string;
  outline: GeoOutline | null;
}

/** Ray casting on one ring of [lon, lat] positions. */
function inRing(point: LatLon, ring: number[][]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi = 0, yi = 0] = ring[i]!;
    const [xj = 0, yj = 0] = ring[j]!;
    if (yi > point.lat !== yj > point.lat && point.lon < ((xj - xi) * (point.lat - yi)) / (yj - yi) + xi)
      inside = !inside;
  }
  return inside;
}

function inPolygon(point: LatLon, rings: number[][][]): boolean {
  const [outer, ...holes] = rings;
  return Boolean(outer && inRing(point, outer)) && !holes.some((hole) => inRing(point, hole));
}

export function inOutline(point: LatLon, outline: GeoOutline): boolean {
  return outline.type === 'Polygon'
    ? inPolygon(point, outline.coordinates)
    : outline.coordinates.some((polygon) => inPolygon(point, polygon));
}

/**
 * The district a point lies in: inside an outline where the data has outlines, otherwise the nearest reference
 * point within MAX_KM_FROM_A_DISTRICT. Undefined: the point is outside the municipality.
 */
export function districtOf(point: LatLon, districts: readonly DistrictArea[]): string | undefined {
  const outlined = districts.filter((district) => district.outline);
  if (outlined.length > 0) return outlined.find((district) => inOutline(point, district.outline!))?.id;
  let best: { id: string; km: number } | undefined;
  for (const district of districts) {
    const km = greatCircleKm(point, district);
    if (km <= MAX_KM_FROM_A_DISTRICT && (!best || km < best.km)) best = { id: district.id, km };
  }
  return best?.id;
}

/** Throws `outside_municipality` on `lat` when the place is not inside the municipality. */
export function assertInsideMunicipality(point: LatLon, districts: readonly DistrictArea[]): string {
  const district = districtOf(point, districts);
  if (!district)
    throw new DomainError('outside_municipality', {
      field: 'lat',
      message: 'the place is outside the municipality',
    });
  return district;
}

/** Throws `comment_too_long` or `validation` on `body`. Returns the trimmed body. */
export function checkCommentBody(body: string): string {
  const trimmed = body.trim();
  if (trimmed.length === 0)
    throw new DomainError('validation', { field: 'body', message: 'the comment is empty' });
  if ([...trimmed].length > COMMENT_MAX_LENGTH)
    throw new DomainError('comment_too_long', {
      field: 'body',
      message: `a comment has at most ${COMMENT_MAX_LENGTH} characters`,
    });
  return trimmed;
}

export interface PlannedStopSite extends LatLon {
  siteId: string;
  siteName: string;
  /** the next stop at the site on or after today, or null when only past stops or schedules are known */
  nextStop: string | null;
}

export type Coverage =
  | { covered: true; why: 'stop_within_radius'; siteId: string; siteName: string; distanceKm: number }
  | {
      covered: false;
      why: 'no_stop_within_radius';
      siteId: string | null;
      siteName: string | null;
      distanceKm: number | null;
    };

/**
 * Whether the plan covers a suggested place: a site with a stop in the plan within WALKING_RADIUS_KM (the
 * nearest one is named either way, so the planner sees why).
 */
export function coverageOf(
  point: LatLon,
  planned: readonly PlannedStopSite[],
  radiusKm = WALKING_RADIUS_KM,
): Coverage {
  let nearest: { site: PlannedStopSite; km: number } | undefined;
  for (const site of planned) {
    const km = greatCircleKm(point, site);
    if (!nearest || km < nearest.km) nearest = { site, km };
  }
  if (nearest && nearest.km <= radiusKm)
    return {
      covered: true,
      why: 'stop_within_radius',
      siteId: nearest.site.siteId,
      siteName: nearest.site.siteName,
      distanceKm: round1(nearest.km),
    };
  return {
    covered: false,
    why: 'no_stop_within_radius',
    siteId: nearest?.site.siteId ?? null,
    siteName: nearest?.site.siteName ?? null,
    distanceKm: nearest ? round1(nearest.km) : null,
  };
}

const round1 = (km: number) => Math.round(km * 10) / 10;

export interface DemandPoint extends LatLon {
  weight: number;
}

/** The suggestions demand layer: each published suggestion weighs 1 plus its confirmed supports. */
export function suggestionDemandPoints(
  suggestions: readonly (LatLon & { supports: number })[],
): DemandPoint[] {
  return suggestions.map(({ lat, lon, supports }) => ({ lat, lon, weight: 1 + Math.max(0, supports) }));
}

export type ModerationDecision = 'publish' | 'reject' | 'hide';

/** The status a moderation decision leaves: only pending content can be rejected; only published hidden. */
export function statusAfter(
  current: 'pending' | 'published' | 'rejected' | 'hidden',
  decision: ModerationDecision,
): 'published' | 'rejected' | 'hidden' {
  if (decision === 'publish') return 'published';
  if (decision === 'reject') {
    if (current === 'published')
      throw new DomainError('illegal_transition', {
        field: 'decision',
        message: 'hide published content instead',
      });
    return 'rejected';
  }
  if (current === 'pending' || current === 'rejected')
    throw new DomainError('illegal_transition', {
      field: 'decision',
      message: 'only published content is hidden',
    });
  return 'hidden';
}
