import type { Kysely } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import type { Database } from '../../db/schema.ts';
import type { StaffDatabase, StaffRole } from '../../db/staffSchema.ts';

/** The departments a staff user answers for, sorted. */
export async function currentUserDepartments(
  database: Kysely<Database> | Kysely<StaffDatabase>,
  municipalityId: string,
  userId: string,
): Promise<string[]> {
  const rows = await (database as unknown as Kysely<Database>)
    .selectFrom('staff_user_departments')
    .select('department_id')
    .where('municipality_id', '=', municipalityId)
    .where('user_id', '=', userId)
    .orderBy('department_id')
    .execute();
  return rows.map((row) => row.department_id);
}

/**
 * Replaces a user's departments inside the caller's transaction. Only department leads have departments (a
 * lead without any sees and changes nothing until an admin assigns some); unknown ids are refused naming
 * the field `departmentIds`.
 */
export async function setUserDepartments(
  database: Kysely<Database> | Kysely<StaffDatabase>,
  props: { municipalityId: string; userId: string; role: StaffRole; departmentIds: readonly string[] },
): Promise<string[]> {
  const trx = database as unknown as Kysely<Database>;
  const wanted = props.role === 'department' ? [...new Set(props.departmentIds)].sort() : [];
  if (props.role !== 'department' && props.departmentIds.length > 0) {
    throw new DomainError('departments_only_for_leads', {
      field: 'departmentIds',
      message: "Only the role 'department' has departments.",
    });
  }
  if (wanted.length > 0) {
    const known = await trx
      .selectFrom('departments')
      .select('id')
      .where('municipality_id', '=', props.municipalityId)
      .where('id', 'in', wanted)
      .execute();
    const unknown = wanted.filter((id) => !known.some((row) => row.id === id));
    if (unknown.length > 0) {
      throw new DomainError('unknown_department', {
        field: 'departmentIds',
        message: `No department ${unknown.join(', ')} in this municipality.`,
        details: { unknown },
      });
    }
  }
  await trx
    .deleteFrom('staff_user_departments')
    .where('municipality_id', '=', props.municipalityId)
    .where('user_id', '=', props.userId)
    .execute();
  if (wanted.length > 0) {
    await trx
      .insertInto('staff_user_departments')
      .values(
        wanted.map((departmentId) => ({
          municipality_id: props.municipalityId,
          user_id: props.userId,
          department_id: departmentId,
        })),
      )
      .execute();
  }
  return wanted;
}
