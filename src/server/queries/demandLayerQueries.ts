import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { listPublishedSuggestions } from './participationQueries.ts';
import { pastContactsByDistrict } from './pastContactsQuery.ts';

/** Demand layers as the planner's pages list them: each with its source, date and licence. */
export async function listDemandLayers(db: Kysely<Database>, municipalityId: string) {
  const [layers, districts, estimates, contacts, suggestions] = await Promise.all([
    db
      .selectFrom('demand_layers')
      .selectAll()
      .where('municipality_id', '=', municipalityId)
      .orderBy('imported_at', 'desc')
      .execute(),
    db
      .selectFrom('districts')
      .select(['population', 'population_date'])
      .where('municipality_id', '=', municipalityId)
      .execute(),
    db
      .selectFrom('demand_estimates')
      .select((eb) => [eb.fn.countAll<string>().as('count'), eb.fn.max('submitted_at').as('latest')])
      .where('municipality_id', '=', municipalityId)
      .executeTakeFirst(),
    pastContactsByDistrict(db, municipalityId),
    listPublishedSuggestions(db, municipalityId),
  ]);
  const dates = districts.map((row) => row.population_date).filter((date): date is string => !!date);
  return {
    items: layers.map((row) => ({
      id: row.id,
      kind: row.kind,
      name: row.name,
      fileName: row.file_name,
      source: row.source,
      sourceDate: row.source_date === null ? null : String(row.source_date).slice(0, 10),
      licence: row.licence,
      cellSizeM: row.cell_size_m,
      clip: row.clip,
      points: row.point_count,
      rowsRead: row.rows_read,
      rowsOutside: row.rows_outside,
      weightTotal: row.weight_total,
      residents65plusTotal: row.residents_65plus_total,
      importedAt: new Date(row.imported_at).toISOString(),
    })),
    districts: {
      count: districts.length,
      withPopulation: districts.filter((row) => row.population !== null).length,
      latestDate: dates.sort().at(-1)?.slice(0, 10) ?? null,
    },
    departmentEstimates: Number(estimates?.count ?? 0),
    departmentEstimatesLatest: estimates?.latest
      ? new Date(estimates.latest).toISOString().slice(0, 10)
      : null,
    pastContacts: Object.values(contacts).reduce((sum, count) => sum + count, 0),
    suggestions: suggestions.length,
  };
}
