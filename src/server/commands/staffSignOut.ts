import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { withStaffTables } from '../../db/staffSchema.ts';
import { recordAudit, staffActor } from '../audit.ts';

export interface StaffSignOutProps {
  municipalityId: string;
  userId: string;
  /** The hash of the session to end (never the raw id). */
  sessionIdHash: string;
}

/** Ends one session. */
export async function signOutStaff(database: Kysely<Database>, props: StaffSignOutProps): Promise<void> {
  await withStaffTables(database)
    .transaction()
    .execute(async (trx) => {
      await trx
        .updateTable('staff_sessions')
        .set({ revoked_at: sql<Date>`now()` })
        .where('id_hash', '=', props.sessionIdHash)
        .where('user_id', '=', props.userId)
        .where('revoked_at', 'is', null)
        .execute();
      await recordAudit(trx, {
        municipalityId: props.municipalityId,
        actor: staffActor(props.userId),
        action: 'staff.signed_out',
        subjectType: 'staff_user',
        subjectId: props.userId,
      });
    });
}
