import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import { recordAudit } from '../../audit.ts';
import { prepareScenario } from './scenarioPreparation.ts';
import type { ScenarioInputs } from './scenarioTypes.ts';

export interface ScenarioCreatorProps {
  municipalityId: string;
  name: string;
  inputs: ScenarioInputs;
  actor: string;
}

/**
 * Stores a scenario as a draft after checking that its inputs make a solvable model (422 naming the field
 * otherwise), so a planner learns about a wrong number of sites before pressing "run".
 */
export async function createScenario(db: Kysely<Database>, props: ScenarioCreatorProps): Promise<string> {
  // Once a Zensus grid is stored it is the default demand of a new scenario (pinned to that grid).
  if (!props.inputs.layerWeights) {
    const grid = await db
      .selectFrom('demand_layers')
      .select('id')
      .where('municipality_id', '=', props.municipalityId)
      .where('kind', '=', 'grid')
      .orderBy('imported_at', 'desc')
      .executeTakeFirst();
    if (grid)
      props = {
        ...props,
        inputs: { ...props.inputs, layerWeights: [{ kind: 'grid', layerId: grid.id, weight: 1 }] },
      };
  }
  await prepareScenario(db, props.municipalityId, props.inputs);
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('planning_scenarios')
      .values({
        municipality_id: props.municipalityId,
        name: props.name,
        inputs: JSON.stringify(props.inputs),
        progress: null,
        result: null,
        error: null,
        created_by: props.actor,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: props.actor,
      action: 'scenario.created',
      subjectType: 'planning_scenario',
      subjectId: id,
      details: {
        objective: props.inputs.objective,
        units: props.inputs.units,
        p: props.inputs.p ?? null,
        budgetPerMonth: props.inputs.budgetPerMonth ?? null,
      },
    });
    return id;
  });
}
