import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Keeps the webhooks' signing secrets encrypted at rest: AES-256-GCM with a key derived (SHA-256) from
 * WEBHOOK_SECRET_KEY, the webhook's id as associated data (a secret copied onto another row does not
 * decrypt). Stored as `v1.<iv>.<ciphertext+tag>` (base64url). The server must sign with the secret, so a
 * one-way hash cannot be used; encryption means a database dump or backup alone does not reveal it.
 * Rotating WEBHOOK_SECRET_KEY: decrypt with the old key and encrypt with the new one (or create the webhooks
 * anew, which also gives the receivers new secrets).
 */
const keyOf = (secretKey: string) => createHash('sha256').update(secretKey).digest();

export function sealSecret(secretKey: string, webhookId: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(secretKey), iv);
  cipher.setAAD(Buffer.from(webhookId));
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `v1.${iv.toString('base64url')}.${sealed.toString('base64url')}`;
}

export function openSecret(secretKey: string, webhookId: string, stored: string): string {
  const [version, ivText, sealedText] = stored.split('.');
  if (version !== 'v1' || !ivText || !sealedText) throw new Error('unknown webhook secret format');
  const sealed = Buffer.from(sealedText, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', keyOf(secretKey), Buffer.from(ivText, 'base64url'));
  decipher.setAAD(Buffer.from(webhookId));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]).toString(
    'utf8',
  );
}
