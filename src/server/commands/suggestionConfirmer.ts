import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import { assertLink } from './participationChecks.ts';

/** The author opened the link: the suggestion goes to the moderation queue (still pending, not public). */
export async function confirmSuggestion(
  db: Kysely<Database>,
  props: { municipalityId: string; suggestionId: string; token: string; now: Date },
): Promise<{ alreadyConfirmed: boolean }> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('suggestions')
      .select(['id', 'confirm_token_hash', 'confirmed_at'])
      .where('municipality_id', '=', props.municipalityId)
      .where('id', '=', props.suggestionId)
      .forUpdate()
      .executeTakeFirst();
    assertLink(props.token, row?.confirm_token_hash);
    if (row!.confirmed_at) return { alreadyConfirmed: true };
    await trx.updateTable('suggestions').set({ confirmed_at: props.now }).where('id', '=', row!.id).execute();
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: 'citizen',
      action: 'suggestion.confirmed',
      subjectType: 'suggestion',
      subjectId: row!.id,
    });
    return { alreadyConfirmed: false };
  });
}
