import type { Kysely } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import type { LocalDate } from '../../domain/time.ts';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import { storedRule } from './scheduleCreator.ts';
import { lockSchedule, type StoredRule } from './scheduleUpdater.ts';
import { cancelStopInTransaction } from './stopCanceller.ts';

export interface ScheduleEnderProps {
  municipalityId: string;
  scheduleId: string;
  /** The last day the schedule runs (inclusive); not before today. */
  endDate: LocalDate;
  /** Told to people booked at the stops after the end date. */
  reason: string | null;
  today: LocalDate;
  actor: string;
  now: Date;
  publicBaseUrl: string;
}

export interface ScheduleEnded {
  endDate: LocalDate;
  stopsCancelled: number;
  bookingsCancelled: number;
  subscribersNotified: number;
}

/**
 * Ends a schedule on a date: no stops after it are generated, and its planned stops after it are cancelled,
 * everyone booked there or subscribed to the site told (as when one stop is cancelled). Stops up to the end
 * date stay.
 */
export async function endSchedule(db: Kysely<Database>, props: ScheduleEnderProps): Promise<ScheduleEnded> {
  if (props.endDate < props.today) {
    throw new DomainError('schedule_end_in_past', {
      field: 'endDate',
      message: `A schedule cannot end in the past (${props.endDate} is before ${props.today}).`,
      details: { endDate: props.endDate, today: props.today },
    });
  }
  return db.transaction().execute(async (trx) => {
    const schedule = await lockSchedule(trx, props.municipalityId, props.scheduleId);
    const rule = schedule.rule as unknown as StoredRule;
    const endDate = rule.validUntil && rule.validUntil < props.endDate ? rule.validUntil : props.endDate;
    await trx
      .updateTable('schedules')
      .set({ status: 'ended', rule: storedRule({ ...rule, validUntil: endDate }) })
      .where('id', '=', schedule.id)
      .execute();
    const after = await trx
      .selectFrom('stops')
      .select(['id', 'status', 'local_date'])
      .where('municipality_id', '=', props.municipalityId)
      .where('schedule_id', '=', schedule.id)
      .where('local_date', '>', endDate)
      .where('status', 'in', ['scheduled', 'open'])
      .orderBy('local_date')
      .execute();
    let bookingsCancelled = 0;
    let subscribersNotified = 0;
    for (const stop of after) {
      const result = await cancelStopInTransaction(trx, {
        municipalityId: props.municipalityId,
        stopId: stop.id,
        reason: props.reason,
        actor: props.actor,
        now: props.now,
        publicBaseUrl: props.publicBaseUrl,
      });
      bookingsCancelled += result.bookingsCancelled;
      subscribersNotified += result.subscribersNotified;
    }
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: props.actor,
      action: 'schedule.ended',
      subjectType: 'schedule',
      subjectId: schedule.id,
      details: { endDate, stopsCancelled: after.length, bookingsCancelled },
    });
    return { endDate, stopsCancelled: after.length, bookingsCancelled, subscribersNotified };
  });
}
