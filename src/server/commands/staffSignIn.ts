import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { withStaffTables, type StaffRole } from '../../db/staffSchema.ts';
import { recordAudit, staffActor } from '../audit.ts';
import { verifyAgainstDummy, verifyPassword } from '../auth/passwords.ts';
import { createSession, type NewSession, type SessionSettings } from '../auth/sessions.ts';
import { DomainError } from '../../domain/errors.ts';

export interface StaffSignInProps {
  /** The municipality the request was made for: accounts of others are not found. */
  municipalityId: string;
  email: string;
  password: string;
  sessions: SessionSettings;
  lockout: { attempts: number; minutes: number };
}

export interface StaffSignInResult {
  user: { id: string; name: string; email: string; role: StaffRole };
  mustChangePassword: boolean;
  session: NewSession;
}

// One message for an unknown address, a wrong password, an inactive account and an account without password.
const signInFailed = () =>
  new DomainError('sign_in_failed', {
    field: 'password',
    message: 'The e-mail address or the password is not right.',
  });

const accountLocked = (minutes: number) =>
  new DomainError('account_locked', {
    message:
      `Too many failed sign-ins: this account is locked for ${minutes} minutes. ` +
      'Try again later, or ask an administrator to unlock it.',
  });

/** Checks e-mail and password, counts failures towards a lockout, and opens a session on success. */
export async function signInStaff(
  database: Kysely<Database>,
  props: StaffSignInProps,
): Promise<StaffSignInResult> {
  const db = withStaffTables(database);
  const email = props.email.trim().toLowerCase();
  const user = await db
    .selectFrom('staff_users')
    .select(['id', 'name', 'email', 'role', 'password_hash', 'active', 'must_change_password'])
    .select(sql<boolean>`coalesce(locked_until > now(), false)`.as('locked'))
    .where('municipality_id', '=', props.municipalityId)
    .where('email', '=', email)
    .executeTakeFirst();

  if (!user || !user.active || !user.password_hash) {
    await verifyAgainstDummy(props.password);
    await recordAudit(db, {
      municipalityId: props.municipalityId,
      actor: 'anonymous',
      action: 'staff.sign_in_failed',
      subjectType: 'staff_user',
      subjectId: user?.id ?? null,
      details: {
        method: 'password',
        reason: !user ? 'unknown_account' : !user.active ? 'inactive' : 'no_password',
      },
    });
    throw signInFailed();
  }
  if (user.locked) {
    await verifyAgainstDummy(props.password);
    await recordAudit(db, {
      municipalityId: props.municipalityId,
      actor: 'anonymous',
      action: 'staff.sign_in_refused',
      subjectType: 'staff_user',
      subjectId: user.id,
      details: { method: 'password', reason: 'locked' },
    });
    throw accountLocked(props.lockout.minutes);
  }

  const passwordIsRight = await verifyPassword(user.password_hash, props.password);
  const outcome = await db.transaction().execute(async (trx) => {
    // The row lock orders concurrent attempts on one account, so none of the failures is lost.
    const current = await trx
      .selectFrom('staff_users')
      .select(['failed_sign_ins', 'active'])
      .select(sql<boolean>`coalesce(locked_until > now(), false)`.as('locked'))
      .where('id', '=', user.id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (current.locked) return { kind: 'locked' as const };
    if (!current.active) return { kind: 'failed' as const };

    if (!passwordIsRight) {
      const failuresInARow = current.failed_sign_ins + 1;
      const locksNow = failuresInARow >= props.lockout.attempts;
      await trx
        .updateTable('staff_users')
        .set(
          locksNow
            ? {
                failed_sign_ins: 0,
                locked_until: sql<Date>`now() + make_interval(mins => ${props.lockout.minutes})`,
              }
            : { failed_sign_ins: failuresInARow },
        )
        .where('id', '=', user.id)
        .execute();
      await recordAudit(trx, {
        municipalityId: props.municipalityId,
        actor: 'anonymous',
        action: 'staff.sign_in_failed',
        subjectType: 'staff_user',
        subjectId: user.id,
        details: { method: 'password', reason: 'wrong_password', failuresInARow },
      });
      if (!locksNow) return { kind: 'failed' as const };
      await recordAudit(trx, {
        municipalityId: props.municipalityId,
        actor: 'system',
        action: 'staff.locked_out',
        subjectType: 'staff_user',
        subjectId: user.id,
        details: { failuresInARow, lockedForMinutes: props.lockout.minutes },
      });
      return { kind: 'locked' as const };
    }

    await trx
      .updateTable('staff_users')
      .set({ failed_sign_ins: 0, locked_until: null })
      .where('id', '=', user.id)
      .execute();
    const session = await createSession(
      trx,
      { id: user.id, municipalityId: props.municipalityId },
      'password',
      props.sessions,
    );
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: staffActor(user.id),
      action: 'staff.signed_in',
      subjectType: 'staff_user',
      subjectId: user.id,
      details: { method: 'password' },
    });
    return { kind: 'signed-in' as const, session };
  });

  if (outcome.kind === 'locked') throw accountLocked(props.lockout.minutes);
  if (outcome.kind === 'failed') throw signInFailed();
  return {
    user: { id: user.id, name: user.name, email: user.email, role: user.role },
    mustChangePassword: user.must_change_password,
    session: outcome.session,
  };
}
