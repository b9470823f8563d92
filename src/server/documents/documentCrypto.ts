import { randomBytes, webcrypto } from 'node:crypto';
import type { DocumentKeyring } from './documentKeys.ts';

/**
 * Documents at rest: AES-256-GCM with a random 96-bit IV per encryption and a 128-bit tag. The associated
 * data binds a ciphertext to its municipality and document id, so a ciphertext copied onto another row (or
 * another tenant's row) fails to decrypt instead of showing the wrong document.
 *
 * Node's Web Crypto API does the work: its operations run in libuv's thread pool, so encrypting or hashing a
 * 10 MiB upload does not block the event loop (the server never blocks), and concurrent uploads use every core.
 */
export interface SealedDocument {
  keyId: string;
  iv: Buffer;
  authTag: Buffer;
  ciphertext: Buffer;
}

/** Which document a ciphertext belongs to. */
export interface DocumentBinding {
  municipalityId: string;
  documentId: string;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A document that cannot be decrypted or verified: tampered, or bound to another row. Never user input. */
export class DocumentIntegrityError extends Error {
  override readonly name = 'DocumentIntegrityError';
  constructor(readonly documentId: string) {
    super(`document ${documentId} failed its integrity check (tampered, moved or a wrong key)`);
  }
}

/** A document encrypted under a key id that DOCUMENT_KEYS no longer lists. */
export class DocumentKeyMissingError extends Error {
  override readonly name = 'DocumentKeyMissingError';
  constructor(
    readonly documentId: string,
    readonly keyId: string,
  ) {
    super(
      `document ${documentId} is encrypted with key "${keyId}", which DOCUMENT_KEYS does not list: add the old key after the current one and run rotate-document-keys`,
    );
  }
}

export function documentAssociatedData(binding: DocumentBinding): Buffer {
  return Buffer.from(`mobiles-rathaus/document/v1\u0000${binding.municipalityId}\u0000${binding.documentId}`);
}

const { subtle } = webcrypto;
const importedKeys = new WeakMap<Buffer, Promise<CryptoKey>>();

function cryptoKey(key: Buffer): Promise<CryptoKey> {
  let imported = importedKeys.get(key);
  if (!imported) {
    imported = subtle.importKey('raw', key, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
    importedKeys.set(key, imported);
  }
  return imported;
}

/** SHA-256 of the plaintext, computed off the event loop. */
export async function sha256(bytes: Uint8Array): Promise<Buffer> {
  return Buffer.from(await subtle.digest('SHA-256', bytes));
}

/** Encrypts under the keyring's current key. */
export async function encryptDocument(
  keyring: DocumentKeyring,
  binding: DocumentBinding,
  plaintext: Uint8Array,
): Promise<SealedDocument> {
  const iv = randomBytes(IV_BYTES);
  const sealed = Buffer.from(
    await subtle.encrypt(
      { name: 'AES-GCM', iv, additionalData: documentAssociatedData(binding), tagLength: TAG_BYTES * 8 },
      await cryptoKey(keyring.current.key),
      plaintext,
    ),
  );
  return {
    keyId: keyring.current.id,
    iv,
    ciphertext: sealed.subarray(0, sealed.length - TAG_BYTES),
    authTag: sealed.subarray(sealed.length - TAG_BYTES),
  };
}

/** Decrypts and authenticates; throws DocumentKeyMissingError or DocumentIntegrityError, never returns bad bytes. */
export async function decryptDocument(
  keyring: DocumentKeyring,
  binding: DocumentBinding,
  sealed: SealedDocument,
): Promise<Buffer> {
  const key = keyring.byId.get(sealed.keyId);
  if (!key) throw new DocumentKeyMissingError(binding.documentId, sealed.keyId);
  if (sealed.iv.length !== IV_BYTES || sealed.authTag.length !== TAG_BYTES) {
    throw new DocumentIntegrityError(binding.documentId);
  }
  try {
    return Buffer.from(
      await subtle.decrypt(
        {
          name: 'AES-GCM',
          iv: sealed.iv,
          additionalData: documentAssociatedData(binding),
          tagLength: TAG_BYTES * 8,
        },
        await cryptoKey(key),
        Buffer.concat([sealed.ciphertext, sealed.authTag]),
      ),
    );
  } catch {
    throw new DocumentIntegrityError(binding.documentId);
  }
}
