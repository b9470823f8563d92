/**
 * The rules of the staff roster, shared by the exact proposal (solver.ts) and a planner's override
 * (assignStaffToStop): pure, no I/O.
 *
 * - A stop needs a crew: two people for a van (driver and second person at the counter, never alone in the
 *   vehicle) or for a home visit, one for a kit (Bürgerkoffer). See {@link crewSizeFor}.
 * - Together the crew holds the qualification for every service the stop offers: for each such service at
 *   least one person of the crew may handle it.
 * - Nobody is on leave that day, nor on one of their days of mobile (remote) work.
 * - Nobody is at two stops whose occupied times (setup to teardown) overlap.
 * - Nobody works more minutes at stops in one ISO week than their share of 39 hours.
 * - Wishes are soft: a person's assignment misses a wish when the stop lies outside their preferred districts
 *   (if they named any), and another when it starts before their earliest start (if they set one).
 */
import { DateTime } from 'luxon';

export const FULL_TIME_MINUTES_PER_WEEK = 39 * 60;

export interface RosterStop {
  id: string;
  /** Local date (Europe/Berlin), YYYY-MM-DD. */
  date: string;
  /** Occupied time (setup to teardown) in epoch milliseconds. */
  from: number;
  until: number;
  /** Local start of the opening (minutes after midnight), compared with earliest-start wishes. */
  startMinute: number;
  districtId: string | null;
  crewSize: number;
  /** Services the stop offers: the crew must together be qualified for each. */
  requiredServices: readonly string[];
}

export interface RosterStaffMember {
  id: string;
  qualifications: readonly string[];
  /** Working-time share in percent of 39 hours. */
  sharePercent: number;
  leave: readonly { firstDay: string; lastDay: string }[];
  /** ISO weekdays (1 = Monday) of mobile (remote) work. */
  mobileWorkingDays: readonly number[];
  preferredDistrictIds: readonly string[];
  /** Minutes after midnight, or null. */
  earliestStartMinute: number | null;
}

export type UnavailableReason = 'on_leave' | 'mobile_working_day' | 'over_share';

export const crewSizeFor = (unitKind: 'van' | 'kit', homeVisit = false) =>
  homeVisit || unitKind === 'van' ? 2 : 1;

export const weeklyMinutes = (member: Pick<RosterStaffMember, 'sharePercent'>) =>
  Math.floor((FULL_TIME_MINUTES_PER_WEEK * member.sharePercent) / 100);

export const stopMinutes = (stop: Pick<RosterStop, 'from' | 'until'>) =>
  Math.ceil((stop.until - stop.from) / 60_000);

/** ISO week of a local date, e.g. "2026-W50". */
export function isoWeekOf(date: string): string {
  const day = DateTime.fromISO(date, { zone: 'utc' });
  return `${day.weekYear}-W${String(day.weekNumber).padStart(2, '0')}`;
}

const weekdayOf = (date: string) => DateTime.fromISO(date, { zone: 'utc' }).weekday;

/** Why a person cannot work at a stop at all, whatever else they do; null when they can. */
export function unavailableReason(stop: RosterStop, member: RosterStaffMember): UnavailableReason | null {
  if (member.leave.some((leave) => leave.firstDay <= stop.date && stop.date <= leave.lastDay))
    return 'on_leave';
  if (member.mobileWorkingDays.includes(weekdayOf(stop.date))) return 'mobile_working_day';
  if (stopMinutes(stop) > weeklyMinutes(member)) return 'over_share';
  return null;
}

/** Number of wishes (0–2) an assignment misses. */
export function unmetWishes(stop: RosterStop, member: RosterStaffMember): number {
  let unmet = 0;
  if (
    member.preferredDistrictIds.length > 0 &&
    (stop.districtId === null || !member.preferredDistrictIds.includes(stop.districtId))
  )
    unmet += 1;
  if (member.earliestStartMinute !== null && stop.startMinute < member.earliestStartMinute) unmet += 1;
  return unmet;
}

export const stopsOverlap = (a: Pick<RosterStop, 'from' | 'until'>, b: Pick<RosterStop, 'from' | 'until'>) =>
  a.from < b.until && b.from < a.until;

/** Services of the stop that nobody in the crew may handle. */
export function missingQualifications(
  stop: RosterStop,
  crew: readonly Pick<RosterStaffMember, 'qualifications'>[],
): string[] {
  return stop.requiredServices.filter(
    (service) => !crew.some((member) => member.qualifications.includes(service)),
  );
}

export type TeamViolation =
  | { kind: 'crew_too_small'; needed: number; given: number }
  /** Only for a whole proposal: exactly the crew size, nobody twice. */
  | { kind: 'crew_size'; needed: number; given: number }
  | { kind: 'missing_qualification'; serviceId: string }
  | { kind: 'unavailable'; index: number; memberId: string; reason: UnavailableReason }
  | { kind: 'busy'; index: number; memberId: string; otherStopId: string }
  | { kind: 'over_share'; index: number; memberId: string; week: string; minutes: number; allowed: number };

/**
 * Checks a crew for one stop against everything else the roster already holds (`others`: the person's other
 * assignments, with their stops). Returns every violation, in a fixed order: per member first, then the crew.
 */
export function checkTeam(
  stop: RosterStop,
  crew: readonly RosterStaffMember[],
  others: readonly { memberId: string; stop: RosterStop }[],
): TeamViolation[] {
  const violations: TeamViolation[] = [];
  const week = isoWeekOf(stop.date);
  crew.forEach((member, index) => {
    const reason = unavailableReason(stop, member);
    if (reason && reason !== 'over_share') {
      violations.push({ kind: 'unavailable', index, memberId: member.id, reason });
      return;
    }
    const theirs = others.filter((other) => other.memberId === member.id && other.stop.id !== stop.id);
    const clash = theirs.find((other) => stopsOverlap(other.stop, stop));
    if (clash) {
      violations.push({ kind: 'busy', index, memberId: member.id, otherStopId: clash.stop.id });
      return;
    }
    const minutes =
      stopMinutes(stop) +
      theirs
        .filter((other) => isoWeekOf(other.stop.date) === week)
        .reduce((sum, other) => sum + stopMinutes(other.stop), 0);
    if (minutes > weeklyMinutes(member))
      violations.push({
        kind: 'over_share',
        index,
        memberId: member.id,
        week,
        minutes,
        allowed: weeklyMinutes(member),
      });
  });
  if (crew.length < stop.crewSize)
    violations.push({ kind: 'crew_too_small', needed: stop.crewSize, given: crew.length });
  for (const serviceId of missingQualifications(stop, crew))
    violations.push({ kind: 'missing_qualification', serviceId });
  return violations;
}

export interface RosterQuality {
  /** Wishes missed over all assignments. */
  unmetWishes: number;
  /** The most wishes missed by any one person. */
  maxUnmetPerPerson: number;
}

/** Every violation of a whole roster (crew per stop), checked stop by stop against the rest. */
export function checkRoster(
  stops: readonly RosterStop[],
  staff: readonly RosterStaffMember[],
  crews: ReadonlyMap<string, readonly string[]>,
): { stopId: string; violations: TeamViolation[] }[] {
  const byId = new Map(staff.map((member) => [member.id, member]));
  const all = stops.flatMap((stop) => (crews.get(stop.id) ?? []).map((memberId) => ({ memberId, stop })));
  const result: { stopId: string; violations: TeamViolation[] }[] = [];
  for (const stop of stops) {
    const crew = (crews.get(stop.id) ?? []).map((id) => byId.get(id)!);
    const violations = checkTeam(stop, crew, all);
    if (crew.length > stop.crewSize || new Set(crews.get(stop.id) ?? []).size !== crew.length)
      violations.push({ kind: 'crew_size', needed: stop.crewSize, given: crew.length });
    if (violations.length > 0) result.push({ stopId: stop.id, violations });
  }
  return result;
}

/** The quality of a roster by the objective: unmet wishes in total, then the most for one person. */
export function rosterQuality(
  stops: readonly RosterStop[],
  staff: readonly RosterStaffMember[],
  crews: ReadonlyMap<string, readonly string[]>,
): RosterQuality {
  const byId = new Map(staff.map((member) => [member.id, member]));
  const perPerson = new Map<string, number>();
  let total = 0;
  for (const stop of stops)
    for (const memberId of crews.get(stop.id) ?? []) {
      const unmet = unmetWishes(stop, byId.get(memberId)!);
      total += unmet;
      perPerson.set(memberId, (perPerson.get(memberId) ?? 0) + unmet);
    }
  return { unmetWishes: total, maxUnmetPerPerson: Math.max(0, ...perPerson.values()) };
}
