import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import { assertLink } from './participationChecks.ts';

/** withdrawSupport: by the link in the support mail; the support no longer counts (and may be given again). */
export async function withdrawSupport(
  db: Kysely<Database>,
  props: { municipalityId: string; supportId: string; token: string; now: Date },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('suggestion_supports')
      .select(['id', 'suggestion_id', 'token_hash', 'status'])
      .where('municipality_id', '=', props.municipalityId)
      .where('id', '=', props.supportId)
      .forUpdate()
      .executeTakeFirst();
    assertLink(props.token, row?.token_hash);
    if (row!.status === 'withdrawn') return;
    await trx
      .updateTable('suggestion_supports')
      .set({ status: 'withdrawn', withdrawn_at: props.now })
      .where('id', '=', row!.id)
      .execute();
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: 'citizen',
      action: 'support.withdrawn',
      subjectType: 'suggestion',
      subjectId: row!.suggestion_id,
      details: { supportId: row!.id },
    });
  });
}
