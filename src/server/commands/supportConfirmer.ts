import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { DomainError } from '../../domain/errors.ts';
import { recordAudit } from '../audit.ts';
import { assertLink } from './participationChecks.ts';

/** The link in the support mail was opened: the support counts from now on (double opt-in). */
export async function confirmSupport(
  db: Kysely<Database>,
  props: { municipalityId: string; supportId: string; token: string; now: Date },
): Promise<{ alreadyConfirmed: boolean }> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('suggestion_supports')
      .select(['id', 'suggestion_id', 'token_hash', 'status'])
      .where('municipality_id', '=', props.municipalityId)
      .where('id', '=', props.supportId)
      .forUpdate()
      .executeTakeFirst();
    assertLink(props.token, row?.token_hash);
    if (row!.status === 'confirmed') return { alreadyConfirmed: true };
    if (row!.status === 'withdrawn')
      throw new DomainError('illegal_transition', { field: 'token', message: 'the support was withdrawn' });
    await trx
      .updateTable('suggestion_supports')
      .set({ status: 'confirmed', confirmed_at: props.now })
      .where('id', '=', row!.id)
      .execute();
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: 'citizen',
      action: 'support.confirmed',
      subjectType: 'suggestion',
      subjectId: row!.suggestion_id,
      details: { supportId: row!.id },
    });
    return { alreadyConfirmed: false };
  });
}
