import type { Kysely } from 'kysely';
import {
  baselineOf,
  compareWithTownHall,
  type ComparisonFigures,
  type DailyServiceCount,
  type TownHallComparison,
} from '../../domain/townHallComparison.ts';
import type { Database } from '../../db/schema.ts';
import { loadSelection } from './evaluationQuery.ts';

/** The comparison's selection: a period and, optionally, one service (the other dashboard filters do not apply). */
export interface TownHallFilter {
  from: string;
  to: string;
  serviceId?: string | undefined;
}

type Named<T> = T & { nameDe: string; nameEn: string };

export interface TownHallComparisonResult extends Omit<TownHallComparison, 'byService' | 'byServiceMonth'> {
  filter: TownHallFilter;
  byService: Named<ComparisonFigures & { serviceId: string }>[];
  byServiceMonth: Named<ComparisonFigures & { serviceId: string; month: string }>[];
}

/**
 * The town hall's imported counts against the Mobiles Rathaus' services delivered (all stops, sites, units and
 * channels) for a period and its baseline (the same number of days before). `serviceScope` keeps a department
 * lead to the own departments' services.
 */
export async function townHallComparison(
  db: Kysely<Database>,
  municipalityId: string,
  filter: TownHallFilter,
  serviceScope: string[] | undefined,
): Promise<TownHallComparisonResult> {
  const selection = await loadSelection(
    db,
    municipalityId,
    { from: filter.from, to: filter.to, serviceId: filter.serviceId },
    serviceScope,
  );
  const baseline = baselineOf(filter.from, filter.to);
  const inScope = (serviceId: string) =>
    (!serviceScope || serviceScope.includes(serviceId)) &&
    (!filter.serviceId || serviceId === filter.serviceId);

  let countQuery = db
    .selectFrom('town_hall_counts')
    .select(['day', 'service_id', 'count'])
    .where('municipality_id', '=', municipalityId)
    .where('day', '>=', baseline.from)
    .where('day', '<=', filter.to);
  if (filter.serviceId) countQuery = countQuery.where('service_id', '=', filter.serviceId);
  const [counts, covered, firstStop, services] = await Promise.all([
    countQuery.execute(),
    db
      .selectFrom('town_hall_counts')
      .select('day')
      .distinct()
      .where('municipality_id', '=', municipalityId)
      .where('day', '>=', baseline.from)
      .where('day', '<=', filter.to)
      .execute(),
    db
      .selectFrom('stops')
      .select((eb) => eb.fn.min('local_date').as('first'))
      .where('municipality_id', '=', municipalityId)
      .where('status', '!=', 'cancelled')
      .executeTakeFirst(),
    db
      .selectFrom('services')
      .select(['id', 'name_de', 'name_en'])
      .where('municipality_id', '=', municipalityId)
      .execute(),
  ]);

  const localDateOf = new Map(selection.stops.map((stop) => [stop.stopId, stop.localDate]));
  const mobile = new Map<string, DailyServiceCount>();
  for (const visit of selection.selected) {
    if (visit.outcome !== 'finished') continue;
    const day = localDateOf.get(visit.stopId)!;
    for (const service of visit.services) {
      if (!inScope(service.serviceId)) continue;
      const key = `${day}|${service.serviceId}`;
      const entry = mobile.get(key) ?? { day, serviceId: service.serviceId, count: 0 };
      entry.count += service.quantity;
      mobile.set(key, entry);
    }
  }

  const comparison = compareWithTownHall({
    from: filter.from,
    to: filter.to,
    townHall: counts
      .filter((row) => inScope(row.service_id))
      .map((row) => ({ day: String(row.day), serviceId: row.service_id, count: row.count })),
    coveredDays: covered.map((row) => String(row.day)),
    mobile: [...mobile.values()],
    firstMobileDay: firstStop?.first ? String(firstStop.first) : null,
  });
  const names = new Map(services.map((service) => [service.id, service]));
  const named = <T extends { serviceId: string }>(row: T): Named<T> => ({
    ...row,
    nameDe: names.get(row.serviceId)?.name_de ?? row.serviceId,
    nameEn: names.get(row.serviceId)?.name_en ?? row.serviceId,
  });
  return {
    ...comparison,
    filter,
    byService: comparison.byService.map(named),
    byServiceMonth: comparison.byServiceMonth.map(named),
  };
}

export interface TownHallImportsResult {
  items: {
    id: string;
    fileName: string;
    importedAt: string;
    rows: number;
    days: number;
    firstDay: string;
    lastDay: string;
    replacedRows: number;
  }[];
  /** What the counts cover now: days with a count, the first and the last. */
  coverage: { days: number; firstDay: string | null; lastDay: string | null };
  /** The catalogue's services, by German name: what a file may name. */
  services: { id: string; nameDe: string; nameEn: string }[];
}

/** The latest imports of the town hall's counts, and the days the counts cover now. */
export async function townHallImports(
  db: Kysely<Database>,
  municipalityId: string,
  limit = 20,
): Promise<TownHallImportsResult> {
  const [imports, coverage, services] = await Promise.all([
    db
      .selectFrom('town_hall_imports')
      .select([
        'id',
        'file_name',
        'imported_at',
        'row_count',
        'day_count',
        'first_day',
        'last_day',
        'replaced_rows',
      ])
      .where('municipality_id', '=', municipalityId)
      .orderBy('imported_at', 'desc')
      .orderBy('id')
      .limit(limit)
      .execute(),
    db
      .selectFrom('town_hall_counts')
      .select((eb) => [
        eb.fn.count<number>('day').distinct().as('days'),
        eb.fn.min('day').as('first'),
        eb.fn.max('day').as('last'),
      ])
      .where('municipality_id', '=', municipalityId)
      .executeTakeFirst(),
    db
      .selectFrom('services')
      .select(['id', 'name_de', 'name_en'])
      .where('municipality_id', '=', municipalityId)
      .execute(),
  ]);
  const collator = new Intl.Collator('de');
  return {
    items: imports.map((row) => ({
      id: row.id,
      fileName: row.file_name,
      importedAt: new Date(row.imported_at).toISOString(),
      rows: row.row_count,
      days: row.day_count,
      firstDay: String(row.first_day),
      lastDay: String(row.last_day),
      replacedRows: row.replaced_rows,
    })),
    coverage: {
      days: Number(coverage?.days ?? 0),
      firstDay: coverage?.first ? String(coverage.first) : null,
      lastDay: coverage?.last ? String(coverage.last) : null,
    },
    services: services
      .map((service) => ({ id: service.id, nameDe: service.name_de, nameEn: service.name_en }))
      .sort((a, b) => collator.compare(a.nameDe, b.nameDe)),
  };
}
