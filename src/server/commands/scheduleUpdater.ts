import type { Kysely, Transaction } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import type { ScheduleRule } from '../../domain/recurrence.ts';
import type { LocalDate } from '../../domain/time.ts';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import { notFound } from '../problem.ts';
import {
  createScheduleStops,
  occurrencesUpToHorizon,
  storedRule,
  type ScheduleTimes,
} from './scheduleCreator.ts';
import { cancelStopInTransaction } from './stopCanceller.ts';
import { assertUnitFree, lockUnit } from './stopPlanning.ts';

const berlinTime = (date: Date) =>
  new Intl.DateTimeFormat('de-DE', {
    timeZone: 'Europe/Berlin',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(date);

export interface ScheduleUpdaterProps {
  municipalityId: string;
  scheduleId: string;
  /** 'paused': no new stops are generated (planned ones stay); 'active': resumes and fills up to the horizon. */
  status?: 'active' | 'paused' | undefined;
  /** The complete new list of exception dates (no stop on these dates). */
  exceptionDates?: LocalDate[] | undefined;
  /** Told to people booked at stops that a new exception date cancels. */
  reason?: string | null | undefined;
  horizonWeeks: number;
  today: LocalDate;
  actor: string;
  now: Date;
  publicBaseUrl: string;
}

export interface ScheduleUpdated {
  status: string;
  stopsCreated: number;
  stopsCancelled: number;
}

export type StoredRule = ScheduleRule & ScheduleTimes;

/** Loads a schedule of the municipality for change, locked; 404 on `scheduleId` when it does not exist. */
export async function lockSchedule(trx: Transaction<Database>, municipalityId: string, scheduleId: string) {
  const schedule = await trx
    .selectFrom('schedules')
    .selectAll()
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', scheduleId)
    .forUpdate()
    .executeTakeFirst();
  if (!schedule) throw notFound('schedule', 'scheduleId', scheduleId);
  return schedule;
}

/**
 * Pauses or resumes a schedule and replaces its exception dates. A new exception date cancels the schedule's
 * planned stop on that date (everyone booked or subscribed is told, as when a stop is cancelled); a removed
 * exception date, and resuming, create the missing stops up to the horizon, all or nothing: a date on which the
 * unit is elsewhere refuses the change with a `stop_conflict` naming it.
 */
export async function updateSchedule(
  db: Kysely<Database>,
  props: ScheduleUpdaterProps,
): Promise<ScheduleUpdated> {
  return db.transaction().execute(async (trx) => {
    const schedule = await lockSchedule(trx, props.municipalityId, props.scheduleId);
    if (schedule.status === 'ended') {
      throw new DomainError('schedule_ended', {
        field: 'scheduleId',
        message: 'An ended schedule cannot be changed.',
      });
    }
    if (props.status && schedule.status === 'draft') {
      throw new DomainError('schedule_not_draft', {
        field: 'status',
        message: 'A draft schedule is activated from its scenario, not paused or resumed.',
      });
    }
    await lockUnit(trx, props.municipalityId, schedule.unit_id);
    const oldRule = schedule.rule as unknown as StoredRule;
    const oldExceptions = new Set(oldRule.exceptionDates ?? []);
    const exceptionDates = props.exceptionDates
      ? [...new Set(props.exceptionDates)].sort()
      : [...oldExceptions].sort();
    const added = exceptionDates.filter((date) => !oldExceptions.has(date));
    const rule: StoredRule = { ...oldRule, exceptionDates };
    const status = props.status ?? schedule.status;

    let stopsCancelled = 0;
    if (added.length > 0) {
      const planned = await trx
        .selectFrom('stops')
        .select(['id', 'status', 'local_date'])
        .where('municipality_id', '=', props.municipalityId)
        .where('schedule_id', '=', schedule.id)
        .where('local_date', 'in', added)
        .where('status', 'in', ['scheduled', 'open'])
        .execute();
      const open = planned.find((stop) => stop.status === 'open');
      if (open) {
        throw new DomainError('stop_not_changeable', {
          field: 'exceptionDates',
          message: `The stop on ${open.local_date} is open and cannot be skipped.`,
          details: { date: open.local_date },
        });
      }
      for (const stop of planned) {
        await cancelStopInTransaction(trx, {
          municipalityId: props.municipalityId,
          stopId: stop.id,
          reason: props.reason ?? null,
          actor: props.actor,
          now: props.now,
          publicBaseUrl: props.publicBaseUrl,
        });
        stopsCancelled++;
      }
    }

    await trx
      .updateTable('schedules')
      .set({ status, rule: storedRule(rule) })
      .where('id', '=', schedule.id)
      .execute();

    let stopsCreated = 0;
    if (status === 'active') {
      // Dates that already had a stop (also a cancelled one) or were skipped for a conflict stay as they are.
      const known = new Set(
        (
          await trx
            .selectFrom('stops')
            .select('local_date')
            .where('schedule_id', '=', schedule.id)
            .where('local_date', '>=', props.today)
            .execute()
        ).map((stop) => stop.local_date),
      );
      const removed = [...oldExceptions].filter(
        (date) => !exceptionDates.includes(date) && date >= props.today,
      );
      // A date freed from its exception gets its stop back: the one cancelled for it is planned again.
      if (removed.length > 0) {
        const cancelled = await trx
          .selectFrom('stops')
          .selectAll()
          .where('schedule_id', '=', schedule.id)
          .where('local_date', 'in', removed)
          .where('status', '=', 'cancelled')
          .execute();
        for (const stop of cancelled) {
          await assertUnitFree(trx, props.municipalityId, schedule.unit_id, {
            id: stop.id,
            siteId: stop.site_id,
            date: stop.local_date,
            startTime: berlinTime(new Date(stop.starts_at)),
            endTime: berlinTime(new Date(stop.ends_at)),
            setupMinutes: stop.setup_minutes,
            teardownMinutes: stop.teardown_minutes,
          });
          await trx
            .updateTable('stops')
            .set({ status: 'scheduled', cancel_reason: null, updated_at: props.now })
            .where('id', '=', stop.id)
            .execute();
          stopsCreated++;
        }
      }
      for (const date of schedule.skipped_dates) known.add(date);
      const missing = occurrencesUpToHorizon(rule, props.today, props.horizonWeeks).occurrences.filter(
        (occurrence) => !known.has(occurrence.date),
      );
      const created = await createScheduleStops(
        trx,
        {
          municipalityId: props.municipalityId,
          unitId: schedule.unit_id,
          siteId: schedule.site_id,
          scheduleId: schedule.id,
          rule,
        },
        missing,
        props.actor,
      );
      stopsCreated += created.length;
    }

    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: props.actor,
      action: 'schedule.updated',
      subjectType: 'schedule',
      subjectId: schedule.id,
      details: {
        status: { before: schedule.status, after: status },
        exceptionsAdded: added,
        stopsCancelled,
        stopsCreated,
      },
    });
    return { status, stopsCreated, stopsCancelled };
  });
}
