/**
 * The order of a day's home visits (Hausbesuche): the route that starts at the unit's base, visits every
 * accepted home visit inside its time window and returns, with the least travel. Exact for the day sizes that
 * occur (up to MAX_ROUTE_VISITS): a dynamic programme over subsets in the style of Held–Karp, where a state
 * (visited set, last visit) keeps every label (travel so far, time ready to leave) that no other label beats on
 * both counts. Waiting for a window to open is allowed; a window constrains the start of the visit.
 *
 * Times are minutes after midnight of the visit day (local time), one representation along the whole path;
 * the server converts at its edges. Travel minutes come from coordinates with the road factors of
 * src/domain/travel.ts (great-circle distance × detour, urban speed, parking), or from a matrix the caller
 * passes (an OSRM table, or a test's).
 */
import { DomainError } from '../domain/errors.ts';
import { drivingMinutes, type LatLon } from '../domain/travel.ts';

/** The largest day the exact solver accepts: 2^14 × 14 states stay well under a second. */
export const MAX_ROUTE_VISITS = 14;

export interface RouteVisit {
  id: string;
  position: LatLon;
  /** The earliest start of the visit (minutes after midnight). */
  windowStart: number;
  /** The latest start of the visit (minutes after midnight). */
  windowEnd: number;
  /** Minutes spent at the door. */
  serviceMinutes: number;
}

export interface RouteInput {
  /** Where the team starts and ends (the unit's base or the town hall). */
  base: LatLon;
  /** When the team leaves the base (minutes after midnight). */
  dayStart: number;
  /** By when the team must be back (minutes after midnight). */
  dayEnd: number;
  visits: readonly RouteVisit[];
  /**
   * Travel minutes, index 0 the base and i + 1 the visit i; when absent, computed from the coordinates with
   * the urban driving assumptions. Need not be symmetric.
   */
  travelMinutes?: readonly (readonly number[])[];
}

export interface RouteLeg {
  visitId: string;
  /** Minutes of driving from the previous place (the base for the first leg). */
  travelMinutes: number;
  arrival: number;
  /** Minutes waited at the door until the window opens. */
  waitMinutes: number;
  start: number;
  end: number;
  windowStart: number;
  windowEnd: number;
  /** Minutes left between this start and the window's end: 0 means the window decided the order. */
  slackMinutes: number;
}

export interface RoutePlan {
  /** Visit ids in the order driven. */
  order: string[];
  legs: RouteLeg[];
  /** Minutes of driving back to the base after the last visit. */
  returnTravelMinutes: number;
  /** When the team is back at the base. */
  returnAt: number;
  /** Every minute driven, the way back included: what the order minimises. */
  totalTravelMinutes: number;
  totalWaitMinutes: number;
  /** Driving minutes of the plain order by window start (ties by id), null when that order is infeasible. */
  windowOrderTravelMinutes: number | null;
  /** States the programme visited, for the explanation and the bench. */
  labels: number;
}

interface Label {
  cost: number;
  /** Time ready to leave the last visit. */
  time: number;
  last: number;
  parent: Label | null;
}

function fail(field: string, reason: string, details: Record<string, string | number> = {}): never {
  throw new DomainError('route_infeasible', {
    field,
    message: `no feasible order of the home visits: ${reason}`,
    details: { reason, ...details },
  });
}

function checkInput(input: RouteInput): number[][] {
  const n = input.visits.length;
  if (n > MAX_ROUTE_VISITS)
    throw new DomainError('route_too_large', {
      field: 'visits',
      message: `${n} visits in one day; the exact order is computed for at most ${MAX_ROUTE_VISITS}`,
      details: { visits: n, max: MAX_ROUTE_VISITS },
    });
  if (!Number.isFinite(input.dayStart) || !Number.isFinite(input.dayEnd) || input.dayEnd < input.dayStart)
    throw new DomainError('invalid_range', { field: 'dayEnd', message: 'the day ends before it starts' });
  const ids = new Set<string>();
  input.visits.forEach((visit, index) => {
    if (ids.has(visit.id))
      throw new DomainError('validation', { field: `visits[${index}].id`, message: 'duplicate visit' });
    ids.add(visit.id);
    if (!(visit.windowEnd >= visit.windowStart))
      throw new DomainError('invalid_range', {
        field: `visits[${index}].windowEnd`,
        message: 'the window ends before it starts',
      });
    if (!(visit.serviceMinutes >= 0) || !Number.isFinite(visit.serviceMinutes))
      throw new DomainError('invalid_duration', {
        field: `visits[${index}].serviceMinutes`,
        message: 'the minutes at the door must be zero or more',
      });
  });
  if (input.travelMinutes) {
    const matrix = input.travelMinutes;
    if (matrix.length !== n + 1 || matrix.some((row) => row.length !== n + 1))
      throw new DomainError('invalid_travel_time', {
        field: 'travelMinutes',
        message: `expected a ${n + 1} × ${n + 1} matrix`,
      });
    if (matrix.some((row) => row.some((cell) => !(cell >= 0) || !Number.isFinite(cell))))
      throw new DomainError('invalid_travel_time', {
        field: 'travelMinutes',
        message: 'travel minutes must be finite and not negative',
      });
    return matrix.map((row) => [...row]);
  }
  const places = [input.base, ...input.visits.map((visit) => visit.position)];
  return places.map((from) => places.map((to) => drivingMinutes(from, to)));
}

/** Drives an order and returns its legs, or the index of the first visit whose window it misses. */
export function evaluateOrder(
  input: RouteInput,
  order: readonly number[],
  travel: readonly (readonly number[])[] = checkInput(input),
):
  | { feasible: true; legs: RouteLeg[]; returnTravelMinutes: number; returnAt: number; travel: number }
  | { feasible: false; missed: number | 'dayEnd' } {
  let time = input.dayStart;
  let previous = 0;
  let cost = 0;
  const legs: RouteLeg[] = [];
  for (const index of order) {
    const visit = input.visits[index]!;
    const drive = travel[previous]![index + 1]!;
    const arrival = time + drive;
    const start = Math.max(arrival, visit.windowStart);
    if (start > visit.windowEnd) return { feasible: false, missed: index };
    cost += drive;
    legs.push({
      visitId: visit.id,
      travelMinutes: drive,
      arrival,
      waitMinutes: start - arrival,
      start,
      end: start + visit.serviceMinutes,
      windowStart: visit.windowStart,
      windowEnd: visit.windowEnd,
      slackMinutes: visit.windowEnd - start,
    });
    time = start + visit.serviceMinutes;
    previous = index + 1;
  }
  const back = travel[previous]![0]!;
  if (time + back > input.dayEnd) return { feasible: false, missed: 'dayEnd' };
  return { feasible: true, legs, returnTravelMinutes: back, returnAt: time + back, travel: cost + back };
}

/** Adds a label to a Pareto front unless one there is at least as good on both counts; drops those it beats. */
function insert(front: Label[], label: Label): boolean {
  for (const other of front) if (other.cost <= label.cost && other.time <= label.time) return false;
  let kept = 0;
  for (const other of front)
    if (!(label.cost <= other.cost && label.time <= other.time)) front[kept++] = other;
  front.length = kept;
  front.push(label);
  return true;
}

/**
 * The order with the least driving that meets every window and is back by the day's end; among equal
 * driving, the earliest return. Throws `route_infeasible` naming the visit (or `dayEnd`) when no order exists.
 */
export function planHomeVisitRoute(input: RouteInput): RoutePlan {
  const travel = checkInput(input);
  const visits = input.visits;
  const n = visits.length;
  if (n === 0) fail('visits', 'no_visits');

  // A visit that cannot be reached in time even by the quickest way from the base has no order: name it.
  // (The quickest way, not the direct one: a matrix from a routing service need not keep the triangle rule.)
  const quickest = shortestPaths(travel);
  visits.forEach((visit, index) => {
    const arrival = input.dayStart + quickest[0]![index + 1]!;
    if (arrival > visit.windowEnd)
      fail(`visits[${index}].windowEnd`, 'window_unreachable', {
        visitId: visit.id,
        earliestArrival: arrival,
      });
    const back = Math.max(arrival, visit.windowStart) + visit.serviceMinutes + quickest[index + 1]![0]!;
    if (back > input.dayEnd) fail('dayEnd', 'day_too_short', { visitId: visit.id, earliestReturn: back });
  });

  const full = (1 << n) - 1;
  // fronts[mask * n + last]: the Pareto labels of the state.
  const fronts: (Label[] | undefined)[] = new Array<Label[] | undefined>((full + 1) * n);
  let labels = 0;
  for (let k = 0; k < n; k++) {
    const visit = visits[k]!;
    const drive = travel[0]![k + 1]!;
    if (input.dayStart + drive > visit.windowEnd) continue;
    const start = Math.max(input.dayStart + drive, visit.windowStart);
    fronts[(1 << k) * n + k] = [{ cost: drive, time: start + visit.serviceMinutes, last: k, parent: null }];
    labels++;
  }
  for (let mask = 1; mask < full; mask++) {
    for (let j = 0; j < n; j++) {
      const front = fronts[mask * n + j];
      if (!front) continue;
      const row = travel[j + 1]!;
      for (let k = 0; k < n; k++) {
        if (mask & (1 << k)) continue;
        const visit = visits[k]!;
        const next = mask | (1 << k);
        for (const label of front) {
          const arrival = label.time + row[k + 1]!;
          if (arrival > visit.windowEnd) continue;
          const start = arrival < visit.windowStart ? visit.windowStart : arrival;
          const candidate: Label = {
            cost: label.cost + row[k + 1]!,
            time: start + visit.serviceMinutes,
            last: k,
            parent: label,
          };
          const slot = next * n + k;
          const target = fronts[slot] ?? (fronts[slot] = []);
          if (insert(target, candidate)) labels++;
        }
      }
    }
  }

  let best: { label: Label; total: number; back: number } | null = null;
  for (let j = 0; j < n; j++) {
    for (const label of fronts[full * n + j] ?? []) {
      const back = label.time + travel[j + 1]![0]!;
      if (back > input.dayEnd) continue;
      const total = label.cost + travel[j + 1]![0]!;
      if (!best || total < best.total || (total === best.total && back < best.back))
        best = { label, total, back };
    }
  }
  if (!best) {
    // Name the visit most often missing from the longest partial routes: the one the windows shut out.
    for (let j = 0; j < n; j++)
      if (fronts[full * n + j]?.length) fail('dayEnd', 'day_too_short', { visits: n });
    let deepest = 0;
    let missing = -1;
    for (let mask = full - 1; mask >= 1; mask--) {
      let any = false;
      for (let j = 0; j < n && !any; j++) if (fronts[mask * n + j]?.length) any = true;
      if (!any) continue;
      const size = popcount(mask);
      if (size > deepest) {
        deepest = size;
        missing = [...Array(n).keys()].find((k) => !(mask & (1 << k)))!;
      }
    }
    if (missing >= 0 && deepest < n)
      fail(`visits[${missing}].windowEnd`, 'windows_conflict', {
        visitId: visits[missing]!.id,
        visitsInOrder: deepest,
      });
    fail('visits', 'windows_conflict', {});
  }

  const reversed: number[] = [];
  for (let label: Label | null = best.label; label; label = label.parent) reversed.push(label.last);
  const order = reversed.reverse();
  const driven = evaluateOrder(input, order, travel);
  if (!driven.feasible) throw new Error('the route programme returned an infeasible order');

  const byWindow = [...visits.keys()].sort(
    (a, b) =>
      visits[a]!.windowStart - visits[b]!.windowStart ||
      (visits[a]!.id < visits[b]!.id ? -1 : visits[a]!.id > visits[b]!.id ? 1 : 0),
  );
  const plain = evaluateOrder(input, byWindow, travel);
  return {
    order: order.map((index) => visits[index]!.id),
    legs: driven.legs,
    returnTravelMinutes: driven.returnTravelMinutes,
    returnAt: driven.returnAt,
    totalTravelMinutes: driven.travel,
    totalWaitMinutes: driven.legs.reduce((sum, leg) => sum + leg.waitMinutes, 0),
    windowOrderTravelMinutes: plain.feasible ? plain.travel : null,
    labels,
  };
}

/** Floyd–Warshall: the quickest way between any two places, through others if that is quicker. */
function shortestPaths(travel: readonly (readonly number[])[]): number[][] {
  const d = travel.map((row) => [...row]);
  const size = d.length;
  for (let k = 0; k < size; k++)
    for (let i = 0; i < size; i++)
      for (let j = 0; j < size; j++) if (d[i]![k]! + d[k]![j]! < d[i]![j]!) d[i]![j] = d[i]![k]! + d[k]![j]!;
  return d;
}

function popcount(mask: number): number {
  let count = 0;
  for (let m = mask; m; m &= m - 1) count++;
  return count;
}
