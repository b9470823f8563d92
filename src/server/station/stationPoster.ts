import { createHmac } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { hashToken, tokenMatches } from '../secrets.ts';

/**
 * The walk-in poster of a stop (`/station/warteschlange/<stopId>#<token>`). The token is an HMAC of the stop id
 * and the stop's day under `config.stationPosterSecret`, so the server can print the same poster again without
 * storing the token, and a poster belongs to one stop day only: moving the stop to another day gives a new
 * token, and after the day the old one is refused (walkInTickets.ts). The database keeps only its hash
 * (`stop_posters`), written when staff open the stop or view its day. Phones are checked against that hash.
 * With a random per-process secret (STATION_POSTER_SECRET unset) a printed poster stops working after a
 * restart: production must set the secret.
 */
export function posterToken(secret: string, stopId: string, localDate: string): string {
  return createHmac('sha256', secret).update(`station-poster:${stopId}:${localDate}`).digest('base64url');
}

export const posterUrl = (publicBaseUrl: string, stopId: string, token: string) =>
  `${publicBaseUrl}/station/warteschlange/${stopId}#${token}`;

/** Makes sure the stop's poster hash matches the current secret; returns the token. */
export async function ensurePoster(
  trx: Transaction<Database>,
  municipalityId: string,
  stopId: string,
  localDate: string,
  secret: string,
): Promise<string> {
  const token = posterToken(secret, stopId, localDate);
  const tokenHash = hashToken(token);
  await trx
    .insertInto('stop_posters')
    .values({ municipality_id: municipalityId, stop_id: stopId, token_hash: tokenHash })
    .onConflict((oc) =>
      oc
        .column('stop_id')
        .doUpdateSet({ token_hash: tokenHash, created_at: new Date() })
        .where('stop_posters.token_hash', '<>', tokenHash),
    )
    .execute();
  return token;
}

export async function posterTokenMatches(
  trx: Transaction<Database>,
  municipalityId: string,
  stopId: string,
  token: string,
): Promise<boolean> {
  const poster = await trx
    .selectFrom('stop_posters')
    .select('token_hash')
    .where('municipality_id', '=', municipalityId)
    .where('stop_id', '=', stopId)
    .executeTakeFirst();
  return poster !== undefined && tokenMatches(token, poster.token_hash);
}
