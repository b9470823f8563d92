import type { Kysely } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import type { Database, SuggestionAnswer } from '../../db/schema.ts';
import { recordAudit, staffActor } from '../audit.ts';

/** The planner answers a published suggestion: "planned", "not planned because …" (reason required) or "done". */
export async function answerSuggestion(
  db: Kysely<Database>,
  props: {
    municipalityId: string;
    userId: string;
    suggestionId: string;
    answer: SuggestionAnswer;
    reason: string | null;
    now: Date;
  },
): Promise<void> {
  const reason = props.reason?.trim() || null;
  if (props.answer === 'not_planned' && !reason)
    throw new DomainError('validation', { field: 'reason', message: 'say why it is not planned' });
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('suggestions')
      .select(['id', 'status', 'answer'])
      .where('municipality_id', '=', props.municipalityId)
      .where('id', '=', props.suggestionId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw new DomainError('not_found', { field: 'suggestionId', message: 'no such suggestion' });
    if (row.status !== 'published')
      throw new DomainError('suggestion_not_open', {
        field: 'suggestionId',
        message: 'answer published suggestions',
      });
    await trx
      .updateTable('suggestions')
      .set({ answer: props.answer, answer_reason: reason, answered_at: props.now, answered_by: props.userId })
      .where('id', '=', row.id)
      .execute();
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: staffActor(props.userId),
      action: 'suggestion.answered',
      subjectType: 'suggestion',
      subjectId: row.id,
      details: { from: row.answer, to: props.answer },
    });
  });
}
