import { sql, type Kysely, type Transaction } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import {
  generateOccurrences,
  type GeneratedSchedule,
  type Occurrence,
  type ScheduleRule,
  type SkippedDate,
} from '../../domain/recurrence.ts';
import { isStopDateInPast } from '../../domain/stopConflicts.ts';
import { addDays, localDateOf, type LocalDate } from '../../domain/time.ts';
import type { Database } from '../../db/schema.ts';
import { createStopInTransaction } from './stopCreator.ts';
import { lockUnit, requireSite } from './stopPlanning.ts';
import { recordAudit } from '../audit.ts';

export interface ScheduleTimes {
  setupMinutes: number;
  teardownMinutes: number;
  counters?: number | undefined;
  slotMinutes?: number | undefined;
}

export interface ScheduleCreatorProps extends ScheduleTimes {
  municipalityId: string;
  unitId: string;
  siteId: string;
  rule: ScheduleRule;
  horizonWeeks: number;
  today: LocalDate;
  actor: string;
  source?: string;
}

export interface ScheduleCreated {
  scheduleId: string;
  stopIds: string[];
  skipped: SkippedDate[];
}

export const storedRule = (rule: ScheduleRule & ScheduleTimes) => JSON.stringify(rule);

function horizonOf(rule: ScheduleRule, today: LocalDate, horizonWeeks: number) {
  const from = rule.validFrom > today ? rule.validFrom : today;
  const end = addDays(today, horizonWeeks * 7);
  const to = rule.validUntil && rule.validUntil < end ? rule.validUntil : end;
  return { from, to };
}

/** The occurrences of a rule from today (or its start) up to the horizon, public holidays skipped. */
export function occurrencesUpToHorizon(
  rule: ScheduleRule,
  today: LocalDate,
  horizonWeeks: number,
): GeneratedSchedule {
  const { from, to } = horizonOf(rule, today, horizonWeeks);
  return from <= to ? generateOccurrences(rule, { from, to }) : { occurrences: [], skipped: [] };
}

/** A schedule as far as its stops are concerned: where, which unit, and the stored rule with its times. */
export interface ScheduleStopsTarget {
  municipalityId: string;
  unitId: string;
  siteId: string;
  scheduleId: string;
  rule: ScheduleRule & ScheduleTimes;
}

/** Creates the stop of one occurrence of a schedule; a unit busy elsewhere throws `stop_conflict`. */
function createOccurrenceStop(
  trx: Transaction<Database>,
  target: ScheduleStopsTarget,
  date: LocalDate,
  actor: string,
): Promise<string> {
  return createStopInTransaction(trx, {
    municipalityId: target.municipalityId,
    unitId: target.unitId,
    siteId: target.siteId,
    scheduleId: target.scheduleId,
    date,
    startTime: target.rule.startTime,
    endTime: target.rule.endTime,
    setupMinutes: target.rule.setupMinutes,
    teardownMinutes: target.rule.teardownMinutes,
    counters: target.rule.counters,
    slotMinutes: target.rule.slotMinutes,
    actor,
  });
}

/**
 * Creates the stops of a schedule's occurrences, all or nothing: a date on which the unit is busy elsewhere
 * refuses them all with a `stop_conflict` on the rule that names the date.
 */
export async function createScheduleStops(
  trx: Transaction<Database>,
  target: ScheduleStopsTarget,
  occurrences: Occurrence[],
  actor: string,
): Promise<string[]> {
  const stopIds: string[] = [];
  const today = localDateOf(Date.now());
  // Generation never creates a stop dated in the past (createStopInTransaction would refuse it).
  for (const occurrence of occurrences.filter((o) => !isStopDateInPast(o.date, today))) {
    try {
      stopIds.push(await createOccurrenceStop(trx, target, occurrence.date, actor));
    } catch (error) {
      if (error instanceof DomainError && error.code === 'stop_conflict') {
        throw new DomainError('stop_conflict', {
          field: 'rule',
          message: `on ${occurrence.date}: ${error.message}`,
          details: { date: occurrence.date, ...error.details },
        });
      }
      throw error;
    }
  }
  return stopIds;
}

/**
 * Creates a schedule and its stops up to the horizon, all or nothing: a date on which the unit is busy
 * elsewhere refuses the whole schedule with that date named, so the planner can add an exception.
 * Public holidays (NRW) are skipped and reported.
 */
export async function createSchedule(
  db: Kysely<Database>,
  props: ScheduleCreatorProps,
): Promise<ScheduleCreated> {
  return db.transaction().execute(async (trx) => {
    await lockUnit(trx, props.municipalityId, props.unitId);
    await requireSite(trx, props.municipalityId, props.siteId);
    const generated = occurrencesUpToHorizon(props.rule, props.today, props.horizonWeeks);
    const rule = {
      ...props.rule,
      setupMinutes: props.setupMinutes,
      teardownMinutes: props.teardownMinutes,
      counters: props.counters,
      slotMinutes: props.slotMinutes,
    };
    const { scheduleId } = await trx
      .insertInto('schedules')
      .values({
        municipality_id: props.municipalityId,
        unit_id: props.unitId,
        site_id: props.siteId,
        rule: storedRule(rule),
        source: props.source ?? 'manual',
      })
      .returning('id as scheduleId')
      .executeTakeFirstOrThrow();
    const stopIds = await createScheduleStops(
      trx,
      { municipalityId: props.municipalityId, unitId: props.unitId, siteId: props.siteId, scheduleId, rule },
      generated.occurrences,
      props.actor,
    );
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: props.actor,
      action: 'schedule.created',
      subjectType: 'schedule',
      subjectId: scheduleId,
      details: { stops: stopIds.length, skipped: generated.skipped.length },
    });
    return { scheduleId, stopIds, skipped: generated.skipped };
  });
}

/**
 * Keeps every active schedule generating stops up to the horizon (run daily). A date on which the unit
 * has meanwhile been planned elsewhere is left out and recorded in the audit log.
 */
export async function extendSchedules(
  db: Kysely<Database>,
  now: Date,
  horizonWeeks: number,
): Promise<number> {
  const today = localDateOf(now.getTime());
  const schedules = await db
    .selectFrom('schedules')
    .selectAll()
    .where('status', 'in', ['active', 'ended'])
    .execute();
  let created = 0;
  for (const schedule of schedules) {
    const rule = schedule.rule as unknown as ScheduleRule & ScheduleTimes;
    const { from, to } = horizonOf(rule, today, horizonWeeks);
    if (from > to) continue;
    const existing = new Set(
      (
        await db
          .selectFrom('stops')
          .select('local_date')
          .where('schedule_id', '=', schedule.id)
          .where('local_date', '>=', from)
          .execute()
      ).map((stop) => stop.local_date),
    );
    for (const date of schedule.skipped_dates) existing.add(date);
    for (const occurrence of generateOccurrences(rule, { from, to }).occurrences) {
      if (existing.has(occurrence.date)) continue;
      try {
        await db.transaction().execute((trx: Transaction<Database>) =>
          createOccurrenceStop(
            trx,
            {
              municipalityId: schedule.municipality_id,
              unitId: schedule.unit_id,
              siteId: schedule.site_id,
              scheduleId: schedule.id,
              rule,
            },
            occurrence.date,
            'system:schedule',
          ),
        );
        created++;
      } catch (error) {
        if (!(error instanceof DomainError && error.code === 'stop_conflict')) throw error;
        // Remembered on the schedule, so the date is skipped (and reported) once, not on every run.
        await db.transaction().execute(async (trx) => {
          await trx
            .updateTable('schedules')
            .set({ skipped_dates: sql`array_append(skipped_dates, ${occurrence.date}::date)` })
            .where('id', '=', schedule.id)
            .execute();
          await recordAudit(trx, {
            municipalityId: schedule.municipality_id,
            actor: 'system:schedule',
            action: 'schedule.occurrence_skipped',
            subjectType: 'schedule',
            subjectId: schedule.id,
            details: { date: occurrence.date, reason: error.message },
          });
        });
      }
    }
  }
  return created;
}
