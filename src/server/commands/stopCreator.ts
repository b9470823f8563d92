import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import { assertStopNotInPast } from '../../domain/stopConflicts.ts';
import { localDateOf, type LocalDate } from '../../domain/time.ts';
import type { Database } from '../../db/schema.ts';
import { pgConstraint, pgErrorCode, pgErrorCodes } from '../dbErrors.ts';
import { assertUnitFree, lockUnit, requireSite, windowInstants, type StopWindow } from './stopPlanning.ts';
import { recordAudit } from '../audit.ts';

export interface StopCreatorProps extends StopWindow {
  municipalityId: string;
  unitId: string;
  siteId: string;
  /** Defaults to the unit's counters; never more. */
  counters?: number | undefined;
  slotMinutes?: number | undefined;
  scheduleId?: string | undefined;
  actor: string;
  /** The local date the past begins before; defaults to today in Europe/Berlin. */
  today?: LocalDate | undefined;
}

/** Places a unit at a site for a time window, inside the caller's transaction. */
export async function createStopInTransaction(
  trx: Transaction<Database>,
  props: StopCreatorProps,
): Promise<string> {
  assertStopNotInPast(props.date, props.today ?? localDateOf(Date.now()));
  const unit = await lockUnit(trx, props.municipalityId, props.unitId);
  await requireSite(trx, props.municipalityId, props.siteId);
  const counters = props.counters ?? unit.counters;
  if (counters > unit.counters) {
    throw new DomainError('invalid_counters', {
      field: 'counters',
      message: `${unit.name} has ${unit.counters} counter(s)`,
    });
  }
  const id = randomUUID();
  await assertUnitFree(trx, props.municipalityId, props.unitId, { ...props, id });
  const instants = windowInstants(props);
  try {
    await trx
      .insertInto('stops')
      .values({
        municipality_id: props.municipalityId,
        id,
        unit_id: props.unitId,
        site_id: props.siteId,
        schedule_id: props.scheduleId ?? null,
        local_date: props.date,
        starts_at: instants.startsAt,
        ends_at: instants.endsAt,
        setup_minutes: props.setupMinutes,
        teardown_minutes: props.teardownMinutes,
        occupied_from: instants.occupiedFrom,
        occupied_until: instants.occupiedUntil,
        counters,
        slot_minutes: props.slotMinutes ?? 5,
      })
      .execute();
  } catch (error) {
    if (
      pgErrorCode(error) === pgErrorCodes.exclusionViolation &&
      pgConstraint(error) === 'stops_unit_not_twice'
    ) {
      throw new DomainError('stop_conflict', {
        field: 'startTime',
        message: 'the unit is already at another stop at that time',
      });
    }
    throw error;
  }
  await recordAudit(trx, {
    municipalityId: props.municipalityId,
    actor: props.actor,
    action: 'stop.created',
    subjectType: 'stop',
    subjectId: id,
    details: { unitId: props.unitId, siteId: props.siteId, date: props.date },
  });
  return id;
}

export async function createStop(db: Kysely<Database>, props: StopCreatorProps): Promise<string> {
  return db.transaction().execute((trx) => createStopInTransaction(trx, props));
}
