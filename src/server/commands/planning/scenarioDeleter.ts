import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { recordAudit } from '../../audit.ts';
import { notFound } from '../../problem.ts';
import { DomainError } from '../../../domain/errors.ts';

/** Deletes a scenario that is not running. Schedules made from it stay (they name it in their source). */
export async function deleteScenario(
  db: Kysely<Database>,
  props: { municipalityId: string; scenarioId: string; actor: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('planning_scenarios')
      .select(['status', 'name'])
      .where('municipality_id', '=', props.municipalityId)
      .where('id', '=', props.scenarioId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound('scenario', 'scenarioId', props.scenarioId);
    if (row.status === 'queued' || row.status === 'running') {
      throw new DomainError('scenario_running', {
        field: 'status',
        message: 'A running scenario cannot be deleted; wait for it.',
      });
    }
    await trx
      .deleteFrom('planning_scenarios')
      .where('municipality_id', '=', props.municipalityId)
      .where('id', '=', props.scenarioId)
      .execute();
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: props.actor,
      action: 'scenario.deleted',
      subjectType: 'planning_scenario',
      subjectId: props.scenarioId,
      details: { status: row.status },
    });
  });
}
