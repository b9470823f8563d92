import { sql, type Kysely } from 'kysely';
import type { LocalDate } from '../../domain/time.ts';
import type { Database } from '../../db/schema.ts';

export interface ScheduleFilter {
  unitId?: string | undefined;
  siteId?: string | undefined;
  status?: 'draft' | 'active' | 'paused' | 'ended' | undefined;
}

interface StoredRuleView {
  pattern: { kind: 'weekly' | 'every_n_weeks' | 'monthly_nth_weekday' } & Record<string, unknown>;
  startTime: string;
  endTime: string;
  validFrom: string;
  validUntil?: string;
  exceptionDates?: string[];
}

const collator = new Intl.Collator('de');

/** The municipality's schedules with their rule, exceptions and how many stops lie ahead. */
export async function listSchedules(
  db: Kysely<Database>,
  municipalityId: string,
  filter: ScheduleFilter,
  today: LocalDate,
) {
  let query = db
    .selectFrom('schedules')
    .innerJoin('units', (join) =>
      join
        .onRef('units.municipality_id', '=', 'schedules.municipality_id')
        .onRef('units.id', '=', 'schedules.unit_id'),
    )
    .innerJoin('sites', (join) =>
      join
        .onRef('sites.municipality_id', '=', 'schedules.municipality_id')
        .onRef('sites.id', '=', 'schedules.site_id'),
    )
    .select([
      'schedules.id',
      'schedules.status',
      'schedules.source',
      'schedules.rule',
      'schedules.skipped_dates',
      'schedules.unit_id',
      'schedules.site_id',
      'units.name as unit_name',
      'sites.name as site_name',
    ])
    .select((eb) => [
      eb
        .selectFrom('stops')
        .select(sql<string>`count(*)`.as('n'))
        .whereRef('stops.schedule_id', '=', 'schedules.id')
        .where('stops.status', '<>', 'cancelled')
        .where('stops.local_date', '>=', today)
        .as('upcoming'),
      eb
        .selectFrom('stops')
        .select(sql<string>`min(local_date)::text`.as('d'))
        .whereRef('stops.schedule_id', '=', 'schedules.id')
        .where('stops.status', '<>', 'cancelled')
        .where('stops.local_date', '>=', today)
        .as('next_date'),
    ])
    .where('schedules.municipality_id', '=', municipalityId);
  if (filter.unitId) query = query.where('schedules.unit_id', '=', filter.unitId);
  if (filter.siteId) query = query.where('schedules.site_id', '=', filter.siteId);
  if (filter.status) query = query.where('schedules.status', '=', filter.status);
  const rows = await query.orderBy('schedules.created_at').orderBy('schedules.id').execute();
  return rows
    .map((row) => {
      const rule = row.rule as unknown as StoredRuleView;
      return {
        id: row.id,
        status: row.status,
        source: row.source,
        unit: { id: row.unit_id, name: row.unit_name },
        site: { id: row.site_id, name: row.site_name },
        pattern: rule.pattern,
        startTime: rule.startTime,
        endTime: rule.endTime,
        validFrom: rule.validFrom,
        validUntil: rule.validUntil ?? null,
        exceptionDates: [...(rule.exceptionDates ?? [])].sort(),
        skippedDates: row.skipped_dates.map((date) => String(date).slice(0, 10)).sort(),
        upcomingStops: Number(row.upcoming ?? 0),
        nextStopDate: row.next_date ?? null,
      };
    })
    .sort((a, b) => collator.compare(a.unit.name, b.unit.name) || collator.compare(a.site.name, b.site.name));
}
