import type { Kysely, Transaction } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import type { Database } from '../../db/schema.ts';
import { withStaffTables, type StaffDatabase, type StaffRole } from '../../db/staffSchema.ts';
import { recordAudit, staffActor } from '../audit.ts';
import { verifyAgainstDummy, verifyPassword } from '../auth/passwords.ts';
import { createSession, type NewSession, type SessionSettings } from '../auth/sessions.ts';
import {
  accountThrottleKey,
  addressThrottleKey,
  clearThrottle,
  dropForgottenThrottles,
  markFirstDelay,
  normaliseStaffEmail,
  reserveAttempt,
  takeBackAttempt,
} from '../auth/signInThrottle.ts';
import type { AppConfig } from '../../config.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { signInThrottledMail } from '../mail/staffMails.ts';

export interface StaffSignInProps {
  /** The municipality the request was made for: accounts of others are not found. */
  municipalityId: string;
  email: string;
  password: string;
  /** The client's IP address (behind a proxy: from X-Forwarded-For when TRUST_PROXY is set). */
  clientAddress: string;
  sessions: SessionSettings;
  throttle: AppConfig['staffAuth']['signInThrottle'];
  /** Keys the hash of client addresses in the throttle table. */
  addressSecret: string;
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

const throttled = (retryAfterSeconds: number) =>
  new DomainError('sign_in_throttled', {
    message:
      `Too many failed sign-ins: please wait ${retryAfterSeconds} second(s) before the next attempt. ` +
      'With the right password, signing in works again after the wait.',
    details: { retryAfterSeconds },
  });

/**
 * Checks e-mail and password and opens a session. Failed attempts are throttled per account and per client
 * address with growing delays; an attempt inside a delay is refused (429) without being evaluated. Known and
 * unknown addresses take the same path: one argon2 verification, the same counting, the same answers.
 */
export async function signInStaff(
  database: Kysely<Database>,
  props: StaffSignInProps,
): Promise<StaffSignInResult> {
  const db = withStaffTables(database);
  const email = normaliseStaffEmail(props.email);
  const accountKey = accountThrottleKey(email);
  const addressKey = addressThrottleKey(props.addressSecret, props.clientAddress);
  const user = await db
    .selectFrom('staff_users')
    .select(['id', 'name', 'email', 'role', 'password_hash', 'active', 'must_change_password'])
    .where('municipality_id', '=', props.municipalityId)
    .where('email', '=', email)
    .executeTakeFirst();

  // Counted as a failure before the check, under row locks: parallel guesses cannot slip past a delay.
  const { waitSeconds, reservations } = await db.transaction().execute((trx) =>
    reserveAttempt(
      trx,
      props.municipalityId,
      [
        { key: accountKey, rule: props.throttle.account },
        { key: addressKey, rule: props.throttle.address },
      ],
      props.throttle.failureMemoryMinutes,
    ),
  );
  if (waitSeconds > 0) {
    await recordAudit(db, {
      municipalityId: props.municipalityId,
      actor: 'anonymous',
      action: 'staff.sign_in_refused',
      subjectType: 'staff_user',
      subjectId: user?.id ?? null,
      details: { method: 'password', reason: 'throttled', retryAfterSeconds: waitSeconds },
    });
    throw throttled(waitSeconds);
  }
  const account = reservations.find((reservation) => reservation.key.kind === 'account')!;

  const usable = user !== undefined && user.active && user.password_hash !== null;
  const passwordIsRight = usable
    ? await verifyPassword(user.password_hash!, props.password)
    : await verifyAgainstDummy(props.password);

  const outcome = await db.transaction().execute(async (trx) => {
    if (!passwordIsRight || !usable || !user) {
      const firstDelay = await markFirstDelay(trx, props.municipalityId, account);
      await dropForgottenThrottles(trx, props.municipalityId, props.throttle.failureMemoryMinutes);
      await recordAudit(trx, {
        municipalityId: props.municipalityId,
        actor: 'anonymous',
        action: 'staff.sign_in_failed',
        subjectType: 'staff_user',
        subjectId: user?.id ?? null,
        details: {
          method: 'password',
          reason: !user
            ? 'unknown_account'
            : !user.active
              ? 'inactive'
              : !user.password_hash
                ? 'no_password'
                : 'wrong_password',
          failures: account.failures,
        },
      });
      if (firstDelay && user && user.active) {
        await notifyOwner(trx, props.municipalityId, user, account.delaySeconds);
      }
      return { kind: 'failed' as const };
    }

    await clearThrottle(trx, props.municipalityId, accountKey);
    await takeBackAttempt(trx, props.municipalityId, addressKey);
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

  if (outcome.kind === 'failed' || !user) throw signInFailed();
  return {
    user: { id: user.id, name: user.name, email: user.email, role: user.role },
    mustChangePassword: user.must_change_password,
    session: outcome.session,
  };
}

/** Tells the owner once per episode that sign-ins to the account are being delayed. */
async function notifyOwner(
  trx: Transaction<StaffDatabase>,
  municipalityId: string,
  user: { id: string; name: string; email: string },
  delaySeconds: number,
): Promise<void> {
  const municipality = await trx
    .selectFrom('municipalities')
    .select('name')
    .where('id', '=', municipalityId)
    .executeTakeFirstOrThrow();
  await enqueueMail(trx as unknown as Transaction<Database>, {
    municipalityId,
    purpose: 'staff_sign_in_throttled',
    to: user.email,
    ...signInThrottledMail({ name: user.name, delaySeconds, municipalityName: municipality.name }),
  });
  await recordAudit(trx, {
    municipalityId,
    actor: 'system',
    action: 'staff.sign_in_throttled',
    subjectType: 'staff_user',
    subjectId: user.id,
    details: { delaySeconds, ownerNotified: true },
  });
}
