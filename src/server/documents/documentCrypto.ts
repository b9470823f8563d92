import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { DocumentKeyring } from './documentKeys.ts';

/**
 * Documents at rest: AES-256-GCM with a random 96-bit IV per encryption and a 128-bit tag. The associated
 * data binds a ciphertext to its municipality and document id, so a ciphertext copied onto another row (or
 * another tenant's row) fails to decrypt instead of showing the wrong document.
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

export const sha256 = (bytes: Uint8Array): Buffer => createHash('sha256').update(bytes).digest();

/** Encrypts under the keyring's current key. */
export function encryptDocument(
  keyring: DocumentKeyring,
  binding: DocumentBinding,
  plaintext: Uint8Array,
): SealedDocument {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyring.current.key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(documentAssociatedData(binding));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { keyId: keyring.current.id, iv, authTag: cipher.getAuthTag(), ciphertext };
}

/** Decrypts and authenticates; throws DocumentKeyMissingError or DocumentIntegrityError, never returns bad bytes. */
export function decryptDocument(
  keyring: DocumentKeyring,
  binding: DocumentBinding,
  sealed: SealedDocument,
): Buffer {
  const key = keyring.byId.get(sealed.keyId);
  if (!key) throw new DocumentKeyMissingError(binding.documentId, sealed.keyId);
  if (sealed.iv.length !== IV_BYTES || sealed.authTag.length !== TAG_BYTES) {
    throw new DocumentIntegrityError(binding.documentId);
  }
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(documentAssociatedData(binding));
  decipher.setAuthTag(sealed.authTag);
  try {
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
  } catch {
    throw new DocumentIntegrityError(binding.documentId);
  }
}
