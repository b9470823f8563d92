import type { Kysely } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import { assertStopNotInPast } from '../../domain/stopConflicts.ts';
import { localDateOf } from '../../domain/time.ts';
import type { Database } from '../../db/schema.ts';
import { pgConstraint, pgErrorCode, pgErrorCodes } from '../dbErrors.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { stopMovedMail } from '../mail/templates.ts';
import { capacityStatuses, lockStop } from './bookingCapacity.ts';
import { assertUnitFree, lockUnit, requireSite, windowInstants, type StopWindow } from './stopPlanning.ts';
import { recordAudit } from '../audit.ts';

export interface StopChangerProps {
  municipalityId: string;
  stopId: string;
  changes: Partial<StopWindow> & { siteId?: string | undefined; counters?: number | undefined };
  actor: string;
  /** Base of the links in the mails to people booked at a stop that moves. */
  publicBaseUrl?: string | undefined;
}

/**
 * Changes a stop's time, place or counters. Booked appointments must still fit: a change that would
 * push an appointment outside the new window, or leave too few counters, is refused with 409. When the place
 * or time changes, everyone with a confirmed appointment there is told by mail, in the same transaction.
 */
export async function changeStop(db: Kysely<Database>, props: StopChangerProps): Promise<void> {
  try {
    await db.transaction().execute(async (trx) => {
      const current = await lockStop(trx, props.municipalityId, props.stopId);
      if (current.status === 'cancelled' || current.status === 'closed') {
        throw new DomainError('stop_not_changeable', {
          field: 'stopId',
          message: `A stop that is ${current.status} cannot be changed.`,
        });
      }
      const unit = await lockUnit(trx, props.municipalityId, current.unit_id);
      const localTime = (date: Date) =>
        new Intl.DateTimeFormat('de-DE', {
          timeZone: 'Europe/Berlin',
          hour: '2-digit',
          minute: '2-digit',
          hourCycle: 'h23',
        }).format(date);
      const next = {
        id: current.id,
        siteId: props.changes.siteId ?? current.site_id,
        date: props.changes.date ?? current.local_date,
        startTime: props.changes.startTime ?? localTime(new Date(current.starts_at)),
        endTime: props.changes.endTime ?? localTime(new Date(current.ends_at)),
        setupMinutes: props.changes.setupMinutes ?? current.setup_minutes,
        teardownMinutes: props.changes.teardownMinutes ?? current.teardown_minutes,
      };
      // Neither moved into the past nor changed once its day has gone.
      assertStopNotInPast(next.date, localDateOf(Date.now()));
      const counters = props.changes.counters ?? current.counters;
      if (counters > unit.counters) {
        throw new DomainError('invalid_counters', {
          field: 'counters',
          message: `${unit.name} has ${unit.counters} counter(s)`,
        });
      }
      await requireSite(trx, props.municipalityId, next.siteId);
      await assertUnitFree(trx, props.municipalityId, current.unit_id, next);
      const instants = windowInstants(next);
      const booked = await trx
        .selectFrom('bookings')
        .select(['starts_at', 'ends_at', 'counter'])
        .where('stop_id', '=', current.id)
        .where('status', 'in', capacityStatuses)
        .execute();
      const outside = booked.filter(
        (b) => new Date(b.starts_at) < instants.startsAt || new Date(b.ends_at) > instants.endsAt,
      );
      if (outside.length > 0) {
        throw new DomainError('stop_has_bookings', {
          field: 'startTime',
          message: `${outside.length} appointment(s) would lie outside the new times. Move or cancel them first.`,
        });
      }
      if (booked.some((b) => b.counter > counters)) {
        throw new DomainError('stop_has_bookings', {
          field: 'counters',
          message: 'Appointments are booked on the counters that would be removed.',
        });
      }
      await trx
        .updateTable('stops')
        .set({
          site_id: next.siteId,
          local_date: next.date,
          starts_at: instants.startsAt,
          ends_at: instants.endsAt,
          setup_minutes: next.setupMinutes,
          teardown_minutes: next.teardownMinutes,
          occupied_from: instants.occupiedFrom,
          occupied_until: instants.occupiedUntil,
          counters,
          updated_at: new Date(),
        })
        .where('id', '=', current.id)
        .execute();
      const moved =
        next.siteId !== current.site_id ||
        instants.startsAt.getTime() !== new Date(current.starts_at).getTime() ||
        instants.endsAt.getTime() !== new Date(current.ends_at).getTime();
      let bookedNotified = 0;
      if (moved) {
        const site = await trx
          .selectFrom('sites')
          .select(['name', 'address'])
          .where('municipality_id', '=', props.municipalityId)
          .where('id', '=', next.siteId)
          .executeTakeFirstOrThrow();
        const toTell = await trx
          .selectFrom('bookings')
          .select(['email', 'locale', 'code', 'starts_at'])
          .where('stop_id', '=', current.id)
          .where('status', 'in', ['confirmed', 'checked_in'])
          .where('email', 'is not', null)
          .execute();
        for (const booking of toTell) {
          bookedNotified++;
          await enqueueMail(trx, {
            municipalityId: props.municipalityId,
            purpose: 'stop.moved',
            to: booking.email!,
            ...stopMovedMail(booking.locale, {
              siteName: site.name,
              address: site.address,
              start: instants.startsAt,
              end: instants.endsAt,
              code: booking.code,
              appointmentStart: new Date(booking.starts_at),
              stopUrl: `${props.publicBaseUrl ?? ''}/termine/${current.id}`,
            }),
          });
        }
      }
      await recordAudit(trx, {
        municipalityId: props.municipalityId,
        actor: props.actor,
        action: 'stop.changed',
        subjectType: 'stop',
        subjectId: current.id,
        details: { ...props.changes, bookedNotified },
      });
    });
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
}
