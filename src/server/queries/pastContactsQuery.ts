import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

/**
 * The demand layer "past contacts" of the needs analysis (tracker issue 10, item 8), by the district people
 * said they come from, over the last twelve months: bookings that were not cancelled (kept, served or missed:
 * each was a person who wanted the service there) and walk-ins that were not cancelled. Anonymised visits count
 * too: the district is kept when the personal data goes.
 */
export async function pastContactsByDistrict(
  db: Kysely<Database>,
  municipalityId: string,
  now = new Date(),
): Promise<Record<string, number>> {
  const since = new Date(now.getTime() - 365 * 86_400_000);
  const [bookings, tickets] = await Promise.all([
    db
      .selectFrom('bookings')
      .select(['district_id', (eb) => eb.fn.countAll<string>().as('count')])
      .where('municipality_id', '=', municipalityId)
      .where('district_id', 'is not', null)
      .where('status', 'not in', ['cancelled', 'expired', 'held'])
      .where('created_at', '>=', since)
      .groupBy('district_id')
      .execute(),
    db
      .selectFrom('tickets')
      .select(['origin_district_id', (eb) => eb.fn.countAll<string>().as('count')])
      .where('municipality_id', '=', municipalityId)
      .where('origin_district_id', 'is not', null)
      .where('status', '<>', 'cancelled')
      .where('created_at', '>=', since)
      .groupBy('origin_district_id')
      .execute(),
  ]);
  const counts: Record<string, number> = {};
  for (const row of bookings) counts[row.district_id!] = (counts[row.district_id!] ?? 0) + Number(row.count);
  for (const row of tickets) {
    counts[row.origin_district_id!] = (counts[row.origin_district_id!] ?? 0) + Number(row.count);
  }
  return counts;
}
