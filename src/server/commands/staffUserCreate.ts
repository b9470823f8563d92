import type { Kysely } from 'kysely';
import { parseEmail } from '../../domain/email.ts';
import type { Database } from '../../db/schema.ts';
import { withStaffTables, type StaffRole } from '../../db/staffSchema.ts';
import { recordAudit } from '../audit.ts';
import { generatePassword, hashPassword, MIN_PASSWORD_LENGTH } from '../auth/passwords.ts';
import { DomainError } from '../../domain/errors.ts';
import { setUserDepartments } from './staffUserDepartments.ts';

export interface StaffUserCreateProps {
  municipalityId: string;
  /** Audit actor, e.g. `staffActor(adminId)` or 'system'. */
  actor: string;
  email: string;
  name: string;
  role: StaffRole;
  /** Left out: a password is generated and returned once. Either way it must be changed at first sign-in. */
  password?: string | undefined;
  /** False only for test fixtures and other callers that set a final password. */
  mustChangePassword?: boolean;
  /** The departments a department lead answers for (role 'department' only). */
  departmentIds?: readonly string[] | undefined;
}

export interface CreatedStaffUser {
  id: string;
  email: string;
  name: string;
  role: StaffRole;
  /** Only when it was generated: shown to the admin once, stored nowhere in clear. */
  initialPassword?: string;
}

/** Normalises a staff e-mail address for storage and look-up; undefined when it is not an address. */
export function normaliseStaffEmail(raw: string): string | undefined {
  return parseEmail(raw)?.address.toLowerCase();
}

/** Creates a staff account in one municipality. */
export async function createStaffUser(
  database: Kysely<Database>,
  props: StaffUserCreateProps,
): Promise<CreatedStaffUser> {
  const email = normaliseStaffEmail(props.email);
  if (!email)
    throw new DomainError('invalid_email', {
      field: 'email',
      message: 'This is not a valid e-mail address.',
    });
  const name = props.name.trim();
  if (!name) throw new DomainError('invalid_name', { field: 'name', message: 'The name must not be empty.' });
  if (props.password !== undefined && props.password.length < MIN_PASSWORD_LENGTH) {
    throw new DomainError('password_too_short', {
      field: 'password',
      message: `A password needs at least ${MIN_PASSWORD_LENGTH} characters.`,
    });
  }
  const initialPassword = props.password === undefined ? generatePassword() : undefined;
  const passwordHash = await hashPassword(props.password ?? initialPassword!);

  const db = withStaffTables(database);
  // Also runs inside a caller's transaction (the initial admin is created under a lock).
  const inTransaction = <T>(work: (trx: typeof db) => Promise<T>) =>
    db.isTransaction ? work(db) : db.transaction().execute(work);
  return inTransaction(async (trx) => {
    const created = await trx
      .insertInto('staff_users')
      .values({
        municipality_id: props.municipalityId,
        email,
        name,
        role: props.role,
        password_hash: passwordHash,
        must_change_password: props.mustChangePassword ?? true,
      })
      .onConflict((oc) => oc.columns(['municipality_id', 'email']).doNothing())
      .returning(['id'])
      .executeTakeFirst();
    if (!created) {
      throw new DomainError('email_taken', {
        field: 'email',
        message: 'A staff account with this e-mail address exists already.',
      });
    }
    const departmentIds = await setUserDepartments(trx, {
      municipalityId: props.municipalityId,
      userId: created.id,
      role: props.role,
      departmentIds: props.departmentIds ?? [],
    });
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: props.actor,
      action: 'staff_user.created',
      subjectType: 'staff_user',
      subjectId: created.id,
      details: {
        role: props.role,
        passwordGenerated: initialPassword !== undefined,
        ...(departmentIds.length > 0 ? { departmentIds } : {}),
      },
    });
    return { id: created.id, email, name, role: props.role, ...(initialPassword ? { initialPassword } : {}) };
  });
}
