import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { withStaffTables, type StaffRole } from '../../db/staffSchema.ts';
import { recordAudit, staffActor } from '../audit.ts';
import { createSession, type NewSession, type SessionSettings } from '../auth/sessions.ts';
import { normaliseStaffEmail } from './staffUserCreate.ts';
import { DomainError } from '../../domain/errors.ts';

export interface StaffOidcSignInProps {
  municipalityId: string;
  /** The identity provider's stable id of the person (`sub`). */
  subject: string;
  email: string | undefined;
  emailVerified: boolean | undefined;
  name: string | undefined;
  /** The role the provider's role claim maps to; undefined when it names none of ours. */
  role: StaffRole | undefined;
  sessions: SessionSettings;
}

export interface StaffOidcSignInResult {
  userId: string;
  session: NewSession;
}

export type OidcRefusal =
  'no-staff-role' | 'no-email' | 'account-inactive' | 'subject-mismatch' | 'concurrent-sign-in';

const refusalMessages: Record<OidcRefusal, string> = {
  'no-staff-role': 'The identity provider gives this person no staff role (admin, planner or clerk).',
  'no-email': 'The identity provider sent no verified e-mail address for a new account.',
  'account-inactive': 'This staff account is deactivated.',
  'subject-mismatch': 'This e-mail address belongs to a staff account linked to another identity.',
  'concurrent-sign-in':
    'The account was being created by another sign-in at the same moment. Please try again.',
};

export class OidcSignInRefused extends DomainError {
  constructor(readonly reason: OidcRefusal) {
    super('oidc_sign_in_refused', { message: refusalMessages[reason], details: { reason } });
  }
}

/**
 * Signs in a person the identity provider vouched for: finds the account by subject, else links it
 * by verified e-mail, else creates it; the role follows the provider's role claim on every sign-in.
 */
export async function signInStaffWithOidc(
  database: Kysely<Database>,
  props: StaffOidcSignInProps,
): Promise<StaffOidcSignInResult> {
  const db = withStaffTables(database);
  const email = props.email && props.emailVerified !== false ? normaliseStaffEmail(props.email) : undefined;
  const outcome = await db.transaction().execute(async (trx) => {
    const columns = ['id', 'role', 'active', 'oidc_subject'] as const;
    const bySubject = await trx
      .selectFrom('staff_users')
      .select(columns)
      .where('municipality_id', '=', props.municipalityId)
      .where('oidc_subject', '=', props.subject)
      .forUpdate()
      .executeTakeFirst();
    const byEmail =
      bySubject || !email
        ? undefined
        : await trx
            .selectFrom('staff_users')
            .select(columns)
            .where('municipality_id', '=', props.municipalityId)
            .where('email', '=', email)
            .forUpdate()
            .executeTakeFirst();
    const existing = bySubject ?? byEmail;

    if (existing && existing.oidc_subject !== null && existing.oidc_subject !== props.subject) {
      return { kind: 'refused' as const, reason: 'subject-mismatch' as const, userId: existing.id };
    }
    if (existing && !existing.active) {
      return { kind: 'refused' as const, reason: 'account-inactive' as const, userId: existing.id };
    }
    if (!props.role)
      return { kind: 'refused' as const, reason: 'no-staff-role' as const, userId: existing?.id };

    let userId: string;
    if (existing) {
      userId = existing.id;
      const changes: Record<string, unknown> = {};
      if (existing.role !== props.role) changes.role = { from: existing.role, to: props.role };
      if (existing.oidc_subject === null) changes.linkedToIdentityProvider = true;
      if (Object.keys(changes).length > 0) {
        await trx
          .updateTable('staff_users')
          .set({ role: props.role, oidc_subject: props.subject, updated_at: new Date() })
          .where('id', '=', existing.id)
          .execute();
        await recordAudit(trx, {
          municipalityId: props.municipalityId,
          actor: 'oidc',
          action: 'staff_user.updated',
          subjectType: 'staff_user',
          subjectId: existing.id,
          details: { changes },
        });
      }
    } else {
      if (!email) return { kind: 'refused' as const, reason: 'no-email' as const, userId: undefined };
      const created = await trx
        .insertInto('staff_users')
        .values({
          municipality_id: props.municipalityId,
          email,
          name: props.name?.trim().slice(0, 200) || email,
          role: props.role,
          password_hash: null,
          oidc_subject: props.subject,
        })
        // A second first sign-in at the same moment: no unique-violation error (its message would quote the address).
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!created)
        return { kind: 'refused' as const, reason: 'concurrent-sign-in' as const, userId: undefined };
      userId = created.id;
      await recordAudit(trx, {
        municipalityId: props.municipalityId,
        actor: 'oidc',
        action: 'staff_user.created',
        subjectType: 'staff_user',
        subjectId: userId,
        details: { role: props.role, via: 'oidc' },
      });
    }

    const session = await createSession(
      trx,
      { id: userId, municipalityId: props.municipalityId },
      'oidc',
      props.sessions,
    );
    await recordAudit(trx, {
      municipalityId: props.municipalityId,
      actor: staffActor(userId),
      action: 'staff.signed_in',
      subjectType: 'staff_user',
      subjectId: userId,
      details: { method: 'oidc' },
    });
    return { kind: 'signed-in' as const, userId, session };
  });

  if (outcome.kind === 'refused') {
    await recordAudit(db, {
      municipalityId: props.municipalityId,
      actor: 'anonymous',
      action: 'staff.sign_in_failed',
      subjectType: 'staff_user',
      subjectId: outcome.userId ?? null,
      details: { method: 'oidc', reason: outcome.reason },
    });
    throw new OidcSignInRefused(outcome.reason);
  }
  return { userId: outcome.userId, session: outcome.session };
}
