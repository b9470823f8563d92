import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { withStaffTables } from '../../db/staffSchema.ts';
import { recordAudit, staffActor } from '../audit.ts';
import { revokeSessionsOfUser } from '../auth/sessions.ts';

export interface StaffSignOutEverywhereProps {
  municipalityId: string;
  userId: string;
}

/** Ends every session of the user, the current one included (e.g. after a lost device). */
export async function signOutStaffEverywhere(
  database: Kysely<Database>,
  props: StaffSignOutEverywhereProps,
): Promise<{ revokedSessions: number }> {
  return withStaffTables(database)
    .transaction()
    .execute(async (trx) => {
      const revokedSessions = await revokeSessionsOfUser(trx, props.userId);
      await recordAudit(trx, {
        municipalityId: props.municipalityId,
        actor: staffActor(props.userId),
        action: 'staff.signed_out_everywhere',
        subjectType: 'staff_user',
        subjectId: props.userId,
        details: { revokedSessions },
      });
      return { revokedSessions };
    });
}
