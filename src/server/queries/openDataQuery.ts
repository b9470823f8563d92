import type { Kysely } from 'kysely';
import type { ShownCount } from '../../domain/evaluation.ts';
import type { Database } from '../../db/schema.ts';
import { evaluate } from './evaluationQuery.ts';

export interface OpenDataRow {
  /** YYYY-MM */
  month: string;
  /** null: all sites together */
  siteId: string | null;
  siteName: string | null;
  visits: ShownCount;
  contacts: ShownCount;
  servicesDelivered: ShownCount;
  walkInShare: number | null;
  waitMedianMinutes: number | null;
  /** The figures of this site and year hold simulated demo activity (a demo database only). */
  simulated: boolean;
}

/**
 * The anonymised figures of a year for the city's open-data portal: per month, for all sites and per site.
 * Only counts and figures from the evaluation, with counts under 5 and figures on fewer than 5 contacts left
 * out (null), exactly as the dashboard shows them. Nothing about people, costs or staff.
 */
export async function openDataOfYear(
  db: Kysely<Database>,
  municipalityId: string,
  year: number,
): Promise<OpenDataRow[]> {
  const filter = { from: `${year}-01-01`, to: `${year}-12-31` };
  const sites = await db
    .selectFrom('sites')
    .select(['id', 'name'])
    .where('municipality_id', '=', municipalityId)
    .orderBy('id')
    .execute();
  const rows: OpenDataRow[] = [];
  const add = async (site: { id: string; name: string } | null) => {
    const result = await evaluate(db, municipalityId, { ...filter, siteId: site?.id }, undefined);
    for (const period of result.byPeriod) {
      if (period.visits === 0) continue;
      rows.push({
        month: period.key,
        siteId: site?.id ?? null,
        siteName: site?.name ?? null,
        visits: period.visits,
        contacts: period.contacts,
        servicesDelivered: period.servicesDelivered,
        walkInShare: period.walkInShare,
        waitMedianMinutes: period.waitMedianMinutes,
        simulated: result.demo,
      });
    }
  };
  await add(null);
  for (const site of sites) await add(site);
  return rows.sort(
    (a, b) => a.month.localeCompare(b.month) || (a.siteId ?? '').localeCompare(b.siteId ?? ''),
  );
}
