import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import type { ScheduleRule } from '../../../domain/recurrence.ts';
import { schedulePatternOf, SETUP_MINUTES, TEARDOWN_MINUTES } from '../../../planning/scenarioSetup.ts';
import { recordAudit } from '../../audit.ts';
import { notFound } from '../../problem.ts';
import { storedRule } from '../scheduleCreator.ts';
import type { ScenarioResultView } from './scenarioTypes.ts';
import { DomainError } from '../../../domain/errors.ts';
import { isSchoolSite } from '../../../domain/schoolHolidays.ts';

export interface ScenarioApproverProps {
  municipalityId: string;
  scenarioId: string;
  /** First day the schedules may run (the later of this and the timetable's start is used). */
  today: string;
  actor: string;
}

/**
 * Turns the proposed timetable of a finished scenario into DRAFT schedules (source `scenario:<id>`).
 * Drafts make no stops: a planner activates each one, which is when conflicts with other stops show.
 */
export async function approveScenario(
  db: Kysely<Database>,
  props: ScenarioApproverProps,
): Promise<{ scheduleIds: string[] }> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('planning_scenarios')
      .select(['status', 'result', 'approved_at'])
      .where('municipality_id', '=', props.municipalityId)
      .where('id', '=', props.scenarioId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound('scenario', 'scenarioId', props.scenarioId);
    if (row.status !== 'done' || !row.result) {
      throw new DomainError('scenario_not_done', {
        field: 'status',
        message: 'Only a scenario that has run successfully can be approved.',
      });
    }
    if (row.approved_at) {
      throw new DomainError('scenario_approved', {
        field: 'status',
        message: 'This scenario has already been approved.',
      });
    }
    const result = row.result as unknown as ScenarioResultView;
    if (result.timetable.rules.length === 0) {
      throw new DomainError('no_timetable', {
        field: 'timetable',
        message: 'The scenario proposes no timetable to approve.',
      });
    }
    const validFrom =
      result.timetable.horizon.start > props.today ? result.timetable.horizon.start : props.today;
    const scheduleIds: string[] = [];
    // Stops at a school do not run in the NRW school holidays (the domain's calendar).
    const schools = new Set(
      (
        await trx
          .selectFrom('sites')
          .select(['id', 'category'])
          .where('municipality_id', '=', props.municipalityId)
          .execute()
      )
        .filter((site) => isSchoolSite(site.category))
        .map((site) => site.id),
    );
    for (const rule of result.timetable.rules) {
      const scheduleRule: ScheduleRule = {
        pattern: schedulePatternOf(rule, validFrom) as ScheduleRule['pattern'],
        startTime: rule.startTime,
        endTime: rule.endTime,
        validFrom,
        ...(schools.has(rule.siteId) ? { schoolHolidayPolicy: 'skip' as const } : {}),
      };
      const { id } = await trx
        .insertInto('schedules')
        .values({
          municipality_id: props.municipalityId,
          unit_id: rule.unitId,
          site_id: rule.siteId,
          rule: storedRule({
            ...scheduleRule,
            setupMinutes: SETUP_MINUTES,
            teardownMinutes: TEARDOWN_MINUTES,
          }),
          status: 'draft',
          source: `scenario:${props.scenarioId}`,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      scheduleIds.push(id);
    }
    await trx
      .updateTable('planning_scenarios')
      .set({
        approved_at: new Date(),
        approved_by: props.actor,
        approved_schedule_ids: scheduleIds,
        updated_at: new Date(),
      })
      .where('id', '=', props.scenarioId)
      .execute();
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: props.actor,
      action: 'scenario.approved',
      subjectType: 'planning_scenario',
      subjectId: props.scenarioId,
      details: { scheduleIds, validFrom },
    });
    return { scheduleIds };
  });
}
