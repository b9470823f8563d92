import type { Kysely } from 'kysely';
import { emailLimitKey } from '../../domain/email.ts';
import type { Database } from '../../db/schema.ts';
import { subscriptionLinks } from '../bookingLinks.ts';
import { enqueueMail } from '../mail/outbox.ts';
import { subscriptionConfirmMail, type Locale } from '../mail/templates.ts';
import { notFound } from '../problem.ts';
import { hashToken, newLinkToken, tokenMatches } from '../secrets.ts';
import { DomainError } from '../../domain/errors.ts';

/**
 * "Tell me when a stop at this site is cancelled": active only after the link in the e-mail is opened. Asking
 * again while the subscription is pending sends the confirmation again at most once per
 * `confirmationResendMinutes` (no mail to anyone many times over).
 */
export async function subscribeToSite(
  db: Kysely<Database>,
  props: {
    municipalityId: string;
    siteId: string;
    email: string;
    locale: Locale;
    publicBaseUrl: string;
    now: Date;
    confirmationResendMinutes: number;
  },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const site = await trx
      .selectFrom('sites')
      .select(['id', 'name'])
      .where('municipality_id', '=', props.municipalityId)
      .where('id', '=', props.siteId)
      .executeTakeFirst();
    if (!site) throw notFound('site', 'siteId', props.siteId);
    const emailKey = emailLimitKey(props.email);
    const existing = await trx
      .selectFrom('site_subscriptions')
      .select(['id', 'status', 'confirm_sent_at'])
      .where('municipality_id', '=', props.municipalityId)
      .where('site_id', '=', site.id)
      .where('email_key', '=', emailKey)
      .forUpdate()
      .executeTakeFirst();
    if (existing?.status === 'active') return;
    const resendAfter = props.now.getTime() - props.confirmationResendMinutes * 60_000;
    if (existing?.confirm_sent_at && new Date(existing.confirm_sent_at).getTime() > resendAfter) return;
    // A new mail needs a new token (only its hash is kept), which retires the link in the earlier mail.
    const token = newLinkToken();
    const row = await trx
      .insertInto('site_subscriptions')
      .values({
        municipality_id: props.municipalityId,
        site_id: site.id,
        email: props.email,
        email_key: emailKey,
        locale: props.locale,
        token_hash: hashToken(token),
        confirm_sent_at: props.now,
      })
      .onConflict((conflict) =>
        conflict
          .columns(['municipality_id', 'site_id', 'email_key'])
          .doUpdateSet({ token_hash: hashToken(token), locale: props.locale, confirm_sent_at: props.now }),
      )
      .returning(['id', 'status'])
      .executeTakeFirstOrThrow();
    if (row.status === 'active') return;
    await enqueueMail(trx, {
      municipalityId: props.municipalityId,
      purpose: 'subscription.confirm',
      to: props.email,
      ...subscriptionConfirmMail(props.locale, {
        siteName: site.name,
        confirmUrl: subscriptionLinks(props.publicBaseUrl, row.id, token).confirm,
      }),
    });
  });
}

export async function confirmSiteSubscription(
  db: Kysely<Database>,
  props: { municipalityId: string; subscriptionId: string; token: string },
) {
  await db.transaction().execute(async (trx) => {
    const subscription = await trx
      .selectFrom('site_subscriptions')
      .select(['id', 'token_hash'])
      .where('municipality_id', '=', props.municipalityId)
      .where('id', '=', props.subscriptionId)
      .forUpdate()
      .executeTakeFirst();
    if (!subscription || !tokenMatches(props.token, subscription.token_hash)) {
      throw new DomainError('subscription_not_found', {
        field: 'token',
        message: 'No subscription matches this link.',
      });
    }
    await trx
      .updateTable('site_subscriptions')
      .set({ status: 'active' })
      .where('id', '=', subscription.id)
      .execute();
  });
}
