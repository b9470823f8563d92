import type { Kysely } from 'kysely';
import type { Database, DistrictOutline } from '../../db/schema.ts';
import { DomainError } from '../../domain/errors.ts';
import { reportMap, type ReportMap } from '../../planning/reportMap.ts';
import type { ScenarioInputs, ScenarioResultView } from '../commands/planning/scenarioTypes.ts';
import { notFound } from '../problem.ts';

/** What the council report needs beyond the scenario view: the map, projected once for page and PDF. */
export interface ScenarioReportView {
  scenario: {
    id: string;
    name: string;
    inputs: ScenarioInputs;
    result: ScenarioResultView;
    finishedAt: string | null;
    approvedAt: string | null;
  };
  map: ReportMap;
}

/** Outer rings of the outlines (holes add nothing to an orientation drawing). */
function outerRings(outline: DistrictOutline): number[][][] {
  return outline.type === 'Polygon'
    ? outline.coordinates.slice(0, 1)
    : outline.coordinates.flatMap((polygon) => polygon.slice(0, 1));
}

/**
 * The report of a scenario that has run: its inputs and result with the map of chosen sites, their catchments
 * and the demand beyond the access limit, over the districts' outlines where the data has them.
 * 404 when the scenario is not the municipality's; 409 `scenario_not_done` before it has a result.
 */
export async function scenarioReportOf(
  db: Kysely<Database>,
  municipalityId: string,
  scenarioId: string,
): Promise<ScenarioReportView> {
  const row = await db
    .selectFrom('planning_scenarios')
    .select(['id', 'name', 'status', 'inputs', 'result', 'finished_at', 'approved_at'])
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', scenarioId)
    .executeTakeFirst();
  if (!row) throw notFound('scenario', 'scenarioId', scenarioId);
  if (row.status !== 'done' || !row.result) {
    throw new DomainError('scenario_not_done', {
      field: 'status',
      message: 'The report needs a scenario that has run successfully.',
    });
  }
  const result = row.result as unknown as ScenarioResultView;
  const districts = await db
    .selectFrom('districts')
    .select('outline')
    .where('municipality_id', '=', municipalityId)
    .where('outline', 'is not', null)
    .execute();
  const robustness =
    result.robustness?.status === 'done'
      ? new Map(result.robustness.sites.map((site) => [site.siteId, site.class]))
      : undefined;
  const map = reportMap({
    sites: result.chosenSites,
    demand: result.demand,
    robustness,
    outlines: districts.flatMap((district) => (district.outline ? outerRings(district.outline) : [])),
  });
  const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());
  return {
    scenario: {
      id: row.id,
      name: row.name,
      inputs: row.inputs as unknown as ScenarioInputs,
      result,
      finishedAt: iso(row.finished_at),
      approvedAt: iso(row.approved_at),
    },
    map,
  };
}
