import { describe, expect, it } from 'vitest';
import {
  decryptJson,
  deriveKey,
  encryptJson,
  PBKDF2_ITERATIONS,
  randomSalt,
  WrongPasswordError,
} from './crypto.ts';

describe('device encryption', () => {
  it('uses at least 200,000 PBKDF2 iterations', () => {
    expect(PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(200_000);
  });

  it('round-trips a value with the same password and salt', async () => {
    const salt = randomSalt();
    const value = { name: 'Erika Mustermann', code: 'AB12-CD34', services: [{ id: 'x', quantity: 2 }] };
    const blob = await encryptJson(await deriveKey('richtiges Passwort', salt), value);
    expect(blob.data).not.toContain('Erika');
    expect(atob(blob.data)).not.toContain('Erika');
    const again = await deriveKey('richtiges Passwort', salt);
    expect(await decryptJson(again, blob)).toEqual(value);
  });

  it('fails with a wrong password (the GCM tag does not match)', async () => {
    const salt = randomSalt();
    const blob = await encryptJson(await deriveKey('richtiges Passwort', salt), { secret: 1 });
    await expect(decryptJson(await deriveKey('falsches Passwort', salt), blob)).rejects.toBeInstanceOf(
      WrongPasswordError,
    );
  });

  it('fails with the right password but another salt', async () => {
    const blob = await encryptJson(await deriveKey('pw-12345678', randomSalt()), { secret: 1 });
    await expect(decryptJson(await deriveKey('pw-12345678', randomSalt()), blob)).rejects.toBeInstanceOf(
      WrongPasswordError,
    );
  });

  it('uses a fresh IV for every record', async () => {
    const key = await deriveKey('pw-12345678', randomSalt());
    const first = await encryptJson(key, { same: true });
    const second = await encryptJson(key, { same: true });
    expect(first.iv).not.toBe(second.iv);
    expect(first.data).not.toBe(second.data);
  });

  it('refuses too few iterations', async () => {
    await expect(deriveKey('pw', randomSalt(), 1000)).rejects.toThrow(/200,000/);
  });

  it('keeps the key inside WebCrypto: it cannot be exported', async () => {
    const key = await deriveKey('pw-12345678', randomSalt());
    expect(key.extractable).toBe(false);
    await expect(globalThis.crypto.subtle.exportKey('raw', key)).rejects.toThrow();
  });
});
