import type { Kysely } from 'kysely';
import type { CostAssumptions } from '../../domain/evaluation.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import { evaluationAssumptions, type EvaluationAssumptionsView } from '../queries/evaluationQuery.ts';

export interface EvaluationAssumptionsProps extends CostAssumptions {
  municipalityId: string;
  actor: string;
  userId: string;
  note: string | null;
}

const limits: Record<keyof CostAssumptions, number> = {
  staffHourRateEur: 1000,
  unitDayCostEur: 100_000,
  travelCostPerStopEur: 100_000,
};

/** A planner's cost assumptions of the evaluation: what a staff hour, a unit's day and a trip cost. */
export async function updateEvaluationAssumptions(
  db: Kysely<Database>,
  props: EvaluationAssumptionsProps,
): Promise<EvaluationAssumptionsView> {
  for (const field of Object.keys(limits) as (keyof CostAssumptions)[]) {
    const value = props[field];
    if (!Number.isFinite(value) || value < 0 || value > limits[field]) {
      throw new DomainError('validation', {
        field,
        message: `${field} must lie between 0 and ${limits[field]}`,
        details: { max: limits[field] },
      });
    }
  }
  const values = {
    staff_hour_rate_eur: props.staffHourRateEur,
    unit_day_cost_eur: props.unitDayCostEur,
    travel_cost_per_stop_eur: props.travelCostPerStopEur,
    note: props.note,
    updated_by: props.userId,
  };
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('evaluation_assumptions')
      .values({ municipality_id: props.municipalityId, ...values })
      .onConflict((conflict) =>
        conflict.column('municipality_id').doUpdateSet({ ...values, updated_at: new Date() }),
      )
      .execute();
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: props.actor,
      action: 'evaluation.assumptions_changed',
      subjectType: 'evaluation',
      details: {
        staffHourRateEur: props.staffHourRateEur,
        unitDayCostEur: props.unitDayCostEur,
        travelCostPerStopEur: props.travelCostPerStopEur,
      },
    });
  });
  return evaluationAssumptions(db, props.municipalityId);
}
