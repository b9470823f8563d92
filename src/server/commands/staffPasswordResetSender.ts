import { randomBytes } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { DomainError } from '../../domain/errors.ts';
import type { Database } from '../../db/schema.ts';
import { withStaffTables } from '../../db/staffSchema.ts';
import { recordAudit, staffActor } from '../audit.ts';
import { hashSessionId } from '../auth/sessions.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { passwordResetMail } from '../mail/staffMails.ts';

/** How long a reset link works. */
export const PASSWORD_RESET_MINUTES = 60;

/** The staff page that sets the new password; the token travels in the fragment, never to a server log. */
export const passwordResetLink = (baseUrl: string, token: string) =>
  `${baseUrl}/planung/passwort-neu#${token}`;

export interface StaffPasswordResetSenderProps {
  municipalityId: string;
  /** The admin who sends the link. */
  adminUserId: string;
  userId: string;
  /** Base of the link in the mail (the municipality's public address). */
  publicBaseUrl: string;
}

/**
 * Sends a staff member a one-time link to set a new password (60 minutes, single use). Only the token's hash
 * is stored, and a new link replaces every older one of the user. The current password keeps working until
 * the link is used.
 */
export async function sendStaffPasswordReset(
  database: Kysely<Database>,
  props: StaffPasswordResetSenderProps,
): Promise<{ expiresAt: Date }> {
  return withStaffTables(database)
    .transaction()
    .execute(async (trx) => {
      const user = await trx
        .selectFrom('staff_users')
        .innerJoin('municipalities', 'municipalities.id', 'staff_users.municipality_id')
        .select([
          'staff_users.id',
          'staff_users.name',
          'staff_users.email',
          'staff_users.active',
          'staff_users.password_hash',
          'staff_users.oidc_subject',
          'municipalities.name as municipalityName',
        ])
        .where('staff_users.municipality_id', '=', props.municipalityId)
        .where('staff_users.id', '=', props.userId)
        .forUpdate('staff_users')
        .executeTakeFirst();
      if (!user) {
        throw new DomainError('not_found', {
          field: 'userId',
          message: `no staff user with id ${props.userId}`,
        });
      }
      if (!user.active) {
        throw new DomainError('account_inactive', {
          field: 'userId',
          message: 'This account is deactivated: activate it first, then send the link.',
        });
      }
      if (user.password_hash === null && user.oidc_subject !== null) {
        throw new DomainError('account_without_password', {
          field: 'userId',
          message:
            'This account signs in through single sign-on; its password is kept by the identity provider.',
        });
      }
      const token = randomBytes(32).toString('base64url');
      await trx.deleteFrom('staff_password_resets').where('user_id', '=', user.id).execute();
      const { expires_at } = await trx
        .insertInto('staff_password_resets')
        .values({
          token_hash: hashSessionId(token),
          municipality_id: props.municipalityId,
          user_id: user.id,
          created_by: props.adminUserId,
          expires_at: sql<Date>`now() + make_interval(mins => ${PASSWORD_RESET_MINUTES})`,
        })
        .returning('expires_at')
        .executeTakeFirstOrThrow();
      await enqueueMail(trx as unknown as Transaction<Database>, {
        municipalityId: props.municipalityId,
        purpose: 'staff_password_reset',
        to: user.email,
        ...passwordResetMail({
          name: user.name,
          link: passwordResetLink(props.publicBaseUrl, token),
          minutes: PASSWORD_RESET_MINUTES,
          municipalityName: user.municipalityName,
        }),
      });
      await recordAudit(trx, {
        municipalityId: props.municipalityId,
        actor: staffActor(props.adminUserId),
        action: 'staff.password_reset_sent',
        subjectType: 'staff_user',
        subjectId: user.id,
        details: { validMinutes: PASSWORD_RESET_MINUTES },
      });
      return { expiresAt: new Date(expires_at) };
    });
}
