import type { Transaction } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import type { DistrictArea } from '../../domain/participation.ts';
import type { Database } from '../../db/schema.ts';
import { tokenMatches } from '../secrets.ts';

/** Shared loads of the participation commands (no decisions here). */
export async function districtAreas(
  trx: Transaction<Database>,
  municipalityId: string,
): Promise<DistrictArea[]> {
  const rows = await trx
    .selectFrom('districts')
    .select(['id', 'lat', 'lon', 'outline', 'parent_id'])
    .where('municipality_id', '=', municipalityId)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    lat: row.lat,
    lon: row.lon,
    outline: (typeof row.outline === 'string'
      ? JSON.parse(row.outline)
      : row.outline) as DistrictArea['outline'],
  }));
}

/** A published suggestion of the municipality, locked, or `suggestion_not_open` on `suggestionId`. */
export async function publishedSuggestion(
  trx: Transaction<Database>,
  municipalityId: string,
  suggestionId: string,
) {
  const row = await trx
    .selectFrom('suggestions')
    .select(['id', 'status'])
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', suggestionId)
    .executeTakeFirst();
  if (!row) throw new DomainError('not_found', { field: 'suggestionId', message: 'no such suggestion' });
  if (row.status !== 'published')
    throw new DomainError('suggestion_not_open', {
      field: 'suggestionId',
      message: 'the suggestion is not published',
    });
  return row;
}

/** The link's secret matches the stored hash, or `participation_link_invalid` on `token`. */
export function assertLink(token: string, storedHash: string | null | undefined): void {
  if (!storedHash || !tokenMatches(token, storedHash))
    throw new DomainError('participation_link_invalid', {
      field: 'token',
      message: 'No entry matches this link.',
    });
}
