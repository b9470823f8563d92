import type { Kysely } from 'kysely';
import type { ScheduleRule } from '../../domain/recurrence.ts';
import type { LocalDate } from '../../domain/time.ts';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import { notFound } from '../problem.ts';
import { createScheduleStops, occurrencesUpToHorizon, type ScheduleTimes } from './scheduleCreator.ts';
import { lockUnit } from './stopPlanning.ts';
import { DomainError } from '../../domain/errors.ts';

export interface ScheduleActivatorProps {
  municipalityId: string;
  scheduleId: string;
  horizonWeeks: number;
  today: LocalDate;
  actor: string;
}

/**
 * Activates a DRAFT schedule: generates its stops up to the horizon, all or nothing. A date on which the
 * unit is elsewhere refuses the activation (409 `stop-conflict`, the date named); holidays are skipped.
 */
export async function activateSchedule(
  db: Kysely<Database>,
  props: ScheduleActivatorProps,
): Promise<{ scheduleId: string; stopIds: string[]; skipped: number }> {
  return db.transaction().execute(async (trx) => {
    const schedule = await trx
      .selectFrom('schedules')
      .selectAll()
      .where('municipality_id', '=', props.municipalityId)
      .where('id', '=', props.scheduleId)
      .forUpdate()
      .executeTakeFirst();
    if (!schedule) throw notFound('schedule', 'scheduleId', props.scheduleId);
    if (schedule.status !== 'draft') {
      throw new DomainError('schedule_not_draft', {
        field: 'status',
        message: `The schedule is already ${schedule.status}.`,
      });
    }
    await lockUnit(trx, props.municipalityId, schedule.unit_id);
    const rule = schedule.rule as unknown as ScheduleRule & ScheduleTimes;
    const generated = occurrencesUpToHorizon(rule, props.today, props.horizonWeeks);
    const stopIds = await createScheduleStops(
      trx,
      {
        municipalityId: props.municipalityId,
        unitId: schedule.unit_id,
        siteId: schedule.site_id,
        scheduleId: schedule.id,
        rule,
      },
      generated.occurrences,
      props.actor,
    );
    await trx
      .updateTable('schedules')
      .set({ status: 'active' })
      .where('municipality_id', '=', props.municipalityId)
      .where('id', '=', props.scheduleId)
      .execute();
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: props.actor,
      action: 'schedule.activated',
      subjectType: 'schedule',
      subjectId: props.scheduleId,
      details: { stops: stopIds.length, skipped: generated.skipped.length, source: schedule.source },
    });
    return { scheduleId: props.scheduleId, stopIds, skipped: generated.skipped.length };
  });
}
