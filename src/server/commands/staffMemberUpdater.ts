import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { recordAudit } from '../audit.ts';
import { notFound } from '../problem.ts';
import {
  checkStaffMemberReferences,
  staffMemberConstraintError,
  writeStaffMemberLists,
  type StaffMemberFields,
} from './staffMemberFields.ts';

/** Changes a staff member; lists given (qualifications, leave) replace the stored ones. */
export async function updateStaffMember(
  db: Kysely<Database>,
  props: { municipalityId: string; actor: string; staffMemberId: string } & Partial<StaffMemberFields>,
): Promise<{ id: string }> {
  try {
    return await db.transaction().execute(async (trx) => {
      const member = await trx
        .selectFrom('staff_members')
        .select('id')
        .where('municipality_id', '=', props.municipalityId)
        .where('id', '=', props.staffMemberId)
        .forUpdate()
        .executeTakeFirst();
      if (!member) throw notFound('staff member', 'staffMemberId', props.staffMemberId);
      await checkStaffMemberReferences(trx, props.municipalityId, props);
      await trx
        .updateTable('staff_members')
        .set({
          ...(props.name !== undefined ? { name: props.name.trim() } : {}),
          ...(props.staffUserId !== undefined ? { staff_user_id: props.staffUserId } : {}),
          ...(props.sharePercent !== undefined ? { share_percent: props.sharePercent } : {}),
          ...(props.mobileWorkingDays !== undefined
            ? { mobile_working_days: [...new Set(props.mobileWorkingDays)].sort() }
            : {}),
          ...(props.preferredDistrictIds !== undefined
            ? { preferred_district_ids: [...new Set(props.preferredDistrictIds)] }
            : {}),
          ...(props.earliestStart !== undefined ? { earliest_start: props.earliestStart } : {}),
          ...(props.active !== undefined ? { active: props.active } : {}),
          updated_at: sql<Date>`now()`,
        })
        .where('id', '=', member.id)
        .execute();
      await writeStaffMemberLists(trx, props.municipalityId, member.id, props);
      await recordAudit(trx, {
        municipalityId: props.municipalityId,
        actor: props.actor,
        action: 'staff_member.updated',
        subjectType: 'staff_member',
        subjectId: member.id,
        details: {
          fields: Object.keys(props).filter(
            (key) => !['municipalityId', 'actor', 'staffMemberId', 'name'].includes(key),
          ),
        },
      });
      return { id: member.id };
    });
  } catch (error) {
    return staffMemberConstraintError(error);
  }
}
