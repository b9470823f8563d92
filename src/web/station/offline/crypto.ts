/**
 * Encryption of personal data on the device: AES-GCM under a key derived with PBKDF2 (SHA-256) from the
 * staff member's password and a random salt. The key is never exported or stored: after a reload the
 * person types the password again. A wrong password fails the GCM tag check: `WrongPasswordError`.
 */

export const PBKDF2_ITERATIONS = 250_000;
const SALT_BYTES = 16;
const IV_BYTES = 12;

export interface EncryptedBlob {
  /** base64 of the 12-byte IV */
  iv: string;
  /** base64 of the ciphertext with the GCM tag */
  data: string;
}

export class WrongPasswordError extends Error {
  constructor() {
    super('The password does not open the data on this device.');
    this.name = 'WrongPasswordError';
  }
}

function subtle(): SubtleCrypto {
  const value = globalThis.crypto?.subtle;
  if (!value) throw new Error('WebCrypto is not available (a secure context is needed).');
  return value;
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

export function randomSalt(): string {
  return toBase64(globalThis.crypto.getRandomValues(new Uint8Array(SALT_BYTES)));
}

/** Derives the non-extractable AES-GCM key from the password and the stored salt. */
export async function deriveKey(
  password: string,
  salt: string,
  iterations: number = PBKDF2_ITERATIONS,
): Promise<CryptoKey> {
  if (iterations < 200_000) throw new Error('PBKDF2 needs at least 200,000 iterations');
  const material = await subtle().importKey('raw', new TextEncoder().encode(password), 'PBKDF2', false, [
    'deriveKey',
  ]);
  return subtle().deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: fromBase64(salt), iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

export async function encryptJson(key: CryptoKey, value: unknown): Promise<EncryptedBlob> {
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const plain = new TextEncoder().encode(JSON.stringify(value));
  const cipher = await subtle().encrypt({ name: 'AES-GCM', iv }, key, plain);
  return { iv: toBase64(iv), data: toBase64(new Uint8Array(cipher)) };
}

export async function decryptJson<T>(key: CryptoKey, blob: EncryptedBlob): Promise<T> {
  let plain: ArrayBuffer;
  try {
    plain = await subtle().decrypt({ name: 'AES-GCM', iv: fromBase64(blob.iv) }, key, fromBase64(blob.data));
  } catch {
    throw new WrongPasswordError();
  }
  return JSON.parse(new TextDecoder().decode(plain)) as T;
}

/** A file's bytes encrypted as they are (no JSON, no base64 inside): the documents captured offline. */
export async function encryptBytes(key: CryptoKey, bytes: Uint8Array<ArrayBuffer>): Promise<EncryptedBlob> {
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const cipher = await subtle().encrypt({ name: 'AES-GCM', iv }, key, bytes);
  return { iv: toBase64(iv), data: toBase64(new Uint8Array(cipher)) };
}

export async function decryptBytes(key: CryptoKey, blob: EncryptedBlob): Promise<Uint8Array<ArrayBuffer>> {
  try {
    const plain = await subtle().decrypt(
      { name: 'AES-GCM', iv: fromBase64(blob.iv) },
      key,
      fromBase64(blob.data),
    );
    return new Uint8Array(plain);
  } catch {
    throw new WrongPasswordError();
  }
}
