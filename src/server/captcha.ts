import { randomBytes } from 'node:crypto';
import { createChallenge, randomInt, verifySolution, type Challenge, type Payload } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { DomainError } from '../domain/errors.ts';

/**
 * ALTCHA proof of work: the browser spends a moment of computing on a challenge, which is invisible and
 * accessible for people but costly for bots taking slots in bulk. Each solution is accepted once.
 */
export interface CaptchaSettings {
  hmacSecret: string;
  /** The largest counter the client may have to search: the work a solution costs. */
  maxNumber: number;
  validMinutes: number;
}

export function captchaSettings(secret: string | undefined, maxNumber: number): CaptchaSettings {
  return { hmacSecret: secret ?? randomBytes(32).toString('hex'), maxNumber, validMinutes: 20 };
}

export async function newCaptchaChallenge(settings: CaptchaSettings): Promise<Challenge> {
  return createChallenge({
    algorithm: 'SHA-256',
    cost: 1,
    counter: randomInt(Math.max(1, Math.floor(settings.maxNumber / 10)), settings.maxNumber),
    deriveKey,
    hmacSignatureSecret: settings.hmacSecret,
    expiresAt: new Date(Date.now() + settings.validMinutes * 60_000),
  });
}

const invalid = () =>
  new DomainError('captcha_invalid', {
    field: 'captcha',
    message: 'The automatic check against bots failed. Please try again.',
  });

/** Verifies a base64-encoded solution and records it, inside the caller's transaction or connection. */
export async function verifyCaptcha(
  db: Kysely<Database>,
  settings: CaptchaSettings,
  encoded: string,
): Promise<void> {
  await recordCaptchaUse(db, settings, await checkCaptcha(settings, encoded));
}

/** A solution whose proof and signature were checked, not yet recorded as used. */
export interface CheckedCaptcha {
  signature: string;
}

/** Checks a base64-encoded solution (proof of work and signature) without any database work. */
export async function checkCaptcha(settings: CaptchaSettings, encoded: string): Promise<CheckedCaptcha> {
  let payload: Payload;
  try {
    payload = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as Payload;
  } catch {
    throw invalid();
  }
  if (!payload?.challenge?.signature || !payload.solution) throw invalid();
  let verified: boolean;
  try {
    const result = await verifySolution({
      challenge: payload.challenge,
      solution: payload.solution,
      deriveKey,
      hmacSignatureSecret: settings.hmacSecret,
    });
    verified = result.verified === true;
  } catch {
    verified = false;
  }
  if (!verified) throw invalid();
  return { signature: payload.challenge.signature };
}

/** Records a checked solution as used: a second use of it is refused (in every process). */
export async function recordCaptchaUse(
  db: Kysely<Database>,
  settings: CaptchaSettings,
  checked: CheckedCaptcha,
): Promise<void> {
  const inserted = await db
    .insertInto('captcha_uses')
    .values({
      signature: checked.signature,
      expires_at: new Date(Date.now() + settings.validMinutes * 60_000),
    })
    .onConflict((conflict) => conflict.column('signature').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) throw invalid();
}
