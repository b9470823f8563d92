import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { checkTestPhase, type TestPhaseDraft } from '../../domain/testPhase.ts';
import { recordAudit } from '../audit.ts';
import { getTestPhase, type TestPhaseView } from '../queries/testPhaseQueries.ts';

export interface TestPhaseCreatorProps {
  municipalityId: string;
  /** `staffActor(userId)`, for the audit trail. */
  actor: string;
  /** The planner's staff account (created_by). */
  userId: string;
  draft: TestPhaseDraft;
}

/**
 * A planner defines a test phase: period, sites, units and KPI targets. Loads the ids that exist, asks the
 * domain once whether the draft holds (the first problem names its field), then writes the phase, its sites,
 * units and targets and the audit event in one transaction. The foreign keys and checks of migration 032
 * hold the same rules in the database.
 */
export async function createTestPhase(
  db: Kysely<Database>,
  props: TestPhaseCreatorProps,
): Promise<TestPhaseView> {
  const id = await db.transaction().execute(async (trx) => {
    const [sites, units, districts] = await Promise.all([
      trx.selectFrom('sites').select('id').where('municipality_id', '=', props.municipalityId).execute(),
      trx.selectFrom('units').select('id').where('municipality_id', '=', props.municipalityId).execute(),
      trx.selectFrom('districts').select('id').where('municipality_id', '=', props.municipalityId).execute(),
    ]);
    const phase = checkTestPhase(props.draft, {
      siteIds: new Set(sites.map((row) => row.id)),
      unitIds: new Set(units.map((row) => row.id)),
      districtIds: new Set(districts.map((row) => row.id)),
    });
    const { id: phaseId } = await trx
      .insertInto('test_phases')
      .values({
        municipality_id: props.municipalityId,
        name: phase.name,
        start_date: phase.startDate,
        end_date: phase.endDate,
        created_by: props.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const of = { municipality_id: props.municipalityId, test_phase_id: phaseId };
    await trx
      .insertInto('test_phase_sites')
      .values(phase.siteIds.map((siteId) => ({ ...of, site_id: siteId })))
      .execute();
    await trx
      .insertInto('test_phase_units')
      .values(phase.unitIds.map((unitId) => ({ ...of, unit_id: unitId })))
      .execute();
    await trx
      .insertInto('test_phase_targets')
      .values(
        phase.targets.map((target, position) => ({
          ...of,
          position,
          kpi: target.kpi,
          comparator: target.comparator,
          target: target.target,
          district_id: target.districtId,
        })),
      )
      .execute();
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: props.actor,
      action: 'test_phase.created',
      subjectType: 'test_phase',
      subjectId: phaseId,
      details: {
        startDate: phase.startDate,
        endDate: phase.endDate,
        siteIds: phase.siteIds,
        unitIds: phase.unitIds,
        targets: phase.targets.map((target) => ({ ...target })),
      },
    });
    return phaseId;
  });
  return getTestPhase(db, props.municipalityId, id);
}
