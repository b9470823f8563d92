import type { Kysely, Transaction } from 'kysely';
import { findStopConflicts, type StopConflict, type UnitStop } from '../../domain/stopConflicts.ts';
import { DomainError } from '../../domain/errors.ts';
import { addDays, formatInstant, zonedInstant, type LocalDate, type LocalTime } from '../../domain/time.ts';
import { drivingMinutes } from '../../domain/travel.ts';
import type { Database } from '../../db/schema.ts';
import { notFound } from '../problem.ts';

/** Shared steps of the commands that place a unit at a site: lock, load, check conflicts. */

export interface StopWindow {
  date: LocalDate;
  startTime: LocalTime;
  endTime: LocalTime;
  setupMinutes: number;
  teardownMinutes: number;
}

export async function lockUnit(trx: Transaction<Database>, municipalityId: string, unitId: string) {
  // Serialises every change to one unit's stops, so two planners cannot place it twice at once.
  const unit = await trx
    .selectFrom('units')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', unitId)
    .forUpdate()
    .executeTakeFirst();
  if (!unit) throw notFound('unit', 'unitId', unitId);
  return unit;
}

export async function requireSite(trx: Transaction<Database>, municipalityId: string, siteId: string) {
  const site = await trx
    .selectFrom('sites')
    .select(['id', 'name', 'address', 'lat', 'lon', 'district_id'])
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', siteId)
    .executeTakeFirst();
  if (!site) throw notFound('site', 'siteId', siteId);
  return site;
}

export function windowInstants(window: StopWindow) {
  const startsAt = zonedInstant(window.date, window.startTime);
  const endsAt = zonedInstant(window.date, window.endTime);
  if (!(endsAt > startsAt)) {
    throw new DomainError('invalid_range', {
      field: 'endTime',
      message: 'the stop must end after it starts',
    });
  }
  return {
    startsAt: new Date(startsAt),
    endsAt: new Date(endsAt),
    occupiedFrom: new Date(startsAt - window.setupMinutes * 60_000),
    occupiedUntil: new Date(endsAt + window.teardownMinutes * 60_000),
  };
}

/** The conflicts of a proposed window with the unit's other stops (overlap, or too little time to drive). */
export async function unitConflicts(
  db: Kysely<Database>,
  municipalityId: string,
  unitId: string,
  proposed: StopWindow & { id: string; siteId: string },
): Promise<StopConflict[]> {
  const neighbours = await db
    .selectFrom('stops')
    .select(['id', 'site_id', 'local_date', 'starts_at', 'ends_at', 'setup_minutes', 'teardown_minutes'])
    .where('municipality_id', '=', municipalityId)
    .where('unit_id', '=', unitId)
    .where('status', '<>', 'cancelled')
    .where('local_date', '>=', addDays(proposed.date, -1))
    .where('local_date', '<=', addDays(proposed.date, 1))
    .execute();
  const siteIds = [...new Set([proposed.siteId, ...neighbours.map((stop) => stop.site_id)])];
  const sites = await db
    .selectFrom('sites')
    .select(['id', 'lat', 'lon'])
    .where('municipality_id', '=', municipalityId)
    .where('id', 'in', siteIds)
    .execute();
  const position = new Map(sites.map((site) => [site.id, site]));
  const travel = (from: string, to: string) => drivingMinutes(position.get(from)!, position.get(to)!);
  const toUnitStop = (stop: (typeof neighbours)[number]): UnitStop => ({
    id: stop.id,
    siteId: stop.site_id,
    date: stop.local_date,
    windowStart: formatInstant(new Date(stop.starts_at).getTime()),
    windowEnd: formatInstant(new Date(stop.ends_at).getTime()),
    setupMinutes: stop.setup_minutes,
    teardownMinutes: stop.teardown_minutes,
  });
  const instants = windowInstants(proposed);
  return findStopConflicts(
    neighbours.map(toUnitStop),
    {
      id: proposed.id,
      siteId: proposed.siteId,
      date: proposed.date,
      windowStart: formatInstant(instants.startsAt.getTime()),
      windowEnd: formatInstant(instants.endsAt.getTime()),
      setupMinutes: proposed.setupMinutes,
      teardownMinutes: proposed.teardownMinutes,
    },
    travel,
  );
}

/** Refuses a window that overlaps another stop of the unit or leaves too little time to drive between. */
export async function assertUnitFree(
  trx: Transaction<Database>,
  municipalityId: string,
  unitId: string,
  proposed: StopWindow & { id: string; siteId: string },
): Promise<void> {
  const conflicts = await unitConflicts(trx, municipalityId, unitId, proposed);
  if (conflicts.length > 0) {
    const first = conflicts[0]!;
    throw new DomainError('stop_conflict', {
      field: first.kind === 'overlap' ? 'startTime' : 'siteId',
      message:
        first.kind === 'overlap'
          ? `the unit is already at another stop at that time (${first.overlapMinutes} minutes overlap)`
          : `the unit needs ${first.requiredMinutes} minutes to drive ${first.direction === 'from_previous' ? 'from its previous' : 'to its next'} stop but has ${first.availableMinutes}`,
      details: { conflicts },
    });
  }
}
