import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { DateTime } from 'luxon';
import type { Database } from '../../src/db/schema.ts';
import { createStop } from '../../src/server/commands/stopCreator.ts';

export async function municipalityId(db: Kysely<Database>, slug = 'guetersloh'): Promise<string> {
  return (
    await db.selectFrom('municipalities').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()
  ).id;
}

/** A weekday some days from now, as a local date: stops in tests always lie in the future. */
export function upcomingDate(daysAhead: number, weekday = 3): string {
  let date = DateTime.now().setZone('Europe/Berlin').startOf('day').plus({ days: daysAhead });
  while (date.weekday !== weekday) date = date.plus({ days: 1 });
  return date.toISODate()!;
}

/** The same weekday in the week before and the week after the next change of daylight saving time. */
export function datesAroundNextDstChange(weekday = 3): { before: string; after: string } {
  let day = DateTime.now().setZone('Europe/Berlin').startOf('day').plus({ days: 2 });
  while (day.offset === day.plus({ days: 1 }).offset) day = day.plus({ days: 1 });
  let before = day.minus({ days: 6 });
  while (before.weekday !== weekday) before = before.plus({ days: 1 });
  let after = day.plus({ days: 1 });
  while (after.weekday !== weekday) after = after.plus({ days: 1 });
  return { before: before.toISODate()!, after: after.toISODate()! };
}

export async function createTestStop(
  db: Kysely<Database>,
  props: {
    unitId?: string;
    siteId?: string;
    date?: string;
    startTime?: string;
    endTime?: string;
    counters?: number;
    slug?: string;
  } = {},
): Promise<string> {
  return createStop(db, {
    municipalityId: await municipalityId(db, props.slug),
    unitId: props.unitId ?? 'rathausmobil',
    siteId: props.siteId ?? 'bahnhof-avenwedde',
    date: props.date ?? upcomingDate(7),
    startTime: props.startTime ?? '09:00',
    endTime: props.endTime ?? '12:00',
    setupMinutes: 30,
    teardownMinutes: 30,
    counters: props.counters,
    actor: 'test',
  });
}

/** Solves the server's proof-of-work challenge as the browser does. */
export async function solvedCaptcha(app: FastifyInstance): Promise<string> {
  const challenge = (await app.inject({ method: 'GET', url: '/api/v1/captcha' })).json();
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error('captcha not solved');
  return Buffer.from(
    JSON.stringify({
      challenge: { parameters: challenge.parameters, signature: challenge.signature },
      solution,
    }),
  ).toString('base64');
}

/** The secret link token from the newest mail to `to` in the outbox. */
export async function tokenFromLatestMail(
  db: Kysely<Database>,
  to: string,
  purpose?: string,
): Promise<{ token: string; text: string; subject: string }> {
  let query = db.selectFrom('mails').selectAll().where('to_address', '=', to).orderBy('created_at', 'desc');
  if (purpose) query = query.where('purpose', '=', purpose);
  const mail = await query.executeTakeFirstOrThrow();
  const match = /#([A-Za-z0-9_-]{20,})/.exec(mail.text_body);
  if (!match) throw new Error(`no link with a token in mail "${mail.subject}"`);
  return { token: match[1]!, text: mail.text_body, subject: mail.subject };
}
