import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseDocumentKeys } from '../../config.ts';
import { samplePdf } from '../../../test/support/documentSamples.ts';
import {
  decryptDocument,
  DocumentIntegrityError,
  DocumentKeyMissingError,
  encryptDocument,
  type SealedDocument,
} from './documentCrypto.ts';
import { DEVELOPMENT_KEY_FILE, documentKeyring, keyringOf } from './documentKeys.ts';

const keyText = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;
const binding = {
  municipalityId: '0f6c2e9e-5c1a-4f6e-9a38-1b2c3d4e5f60',
  documentId: 'a1b2c3d4-0000-4000-8000-000000000001',
};
const flip = (buffer: Buffer, index: number) => {
  const copy = Buffer.from(buffer);
  copy[index]! ^= 0x01;
  return copy;
};

describe('document encryption (AES-256-GCM)', () => {
  const keyring = keyringOf(parseDocumentKeys(keyText('k1')));
  const plaintext = samplePdf('Meldebescheinigung');

  it('round-trips, with a fresh IV each time and no plaintext in the ciphertext', async () => {
    const first = await encryptDocument(keyring, binding, plaintext);
    const second = await encryptDocument(keyring, binding, plaintext);
    expect(first.keyId).toBe('k1');
    expect(first.iv).toHaveLength(12);
    expect(first.authTag).toHaveLength(16);
    expect(first.ciphertext).toHaveLength(plaintext.length);
    expect(first.iv.equals(second.iv)).toBe(false);
    expect(first.ciphertext.equals(second.ciphertext)).toBe(false);
    expect(first.ciphertext.includes(Buffer.from('Meldebescheinigung'))).toBe(false);
    expect((await decryptDocument(keyring, binding, first)).equals(plaintext)).toBe(true);
  });

  it('detects a flipped byte anywhere: ciphertext, IV or tag', async () => {
    const sealed = await encryptDocument(keyring, binding, plaintext);
    const tampered: SealedDocument[] = [
      { ...sealed, ciphertext: flip(sealed.ciphertext, 0) },
      { ...sealed, ciphertext: flip(sealed.ciphertext, sealed.ciphertext.length - 1) },
      { ...sealed, iv: flip(sealed.iv, 5) },
      { ...sealed, authTag: flip(sealed.authTag, 15) },
      { ...sealed, ciphertext: sealed.ciphertext.subarray(0, sealed.ciphertext.length - 1) },
    ];
    for (const bad of tampered) {
      await expect(decryptDocument(keyring, binding, bad)).rejects.toThrow(DocumentIntegrityError);
    }
  });

  it('binds a ciphertext to its document and municipality', async () => {
    const sealed = await encryptDocument(keyring, binding, plaintext);
    await expect(
      decryptDocument(keyring, { ...binding, documentId: 'a1b2c3d4-0000-4000-8000-000000000002' }, sealed),
    ).rejects.toThrow(DocumentIntegrityError);
    await expect(
      decryptDocument(
        keyring,
        { ...binding, municipalityId: '1f6c2e9e-5c1a-4f6e-9a38-1b2c3d4e5f60' },
        sealed,
      ),
    ).rejects.toThrow(DocumentIntegrityError);
  });

  it('refuses a key id the keyring does not list, and a different key under the same id', async () => {
    const sealed = await encryptDocument(keyring, binding, plaintext);
    const other = keyringOf(parseDocumentKeys(keyText('k2')));
    await expect(decryptDocument(other, binding, sealed)).rejects.toThrow(DocumentKeyMissingError);
    const sameIdOtherKey = keyringOf(parseDocumentKeys(keyText('k1')));
    await expect(decryptDocument(sameIdOtherKey, binding, sealed)).rejects.toThrow(DocumentIntegrityError);
  });

  it('decrypts with an older key listed after the current one, and encrypts with the current one', async () => {
    const old = parseDocumentKeys(keyText('2025'));
    const sealedOld = await encryptDocument(keyringOf(old), binding, plaintext);
    const rotated = keyringOf([...parseDocumentKeys(keyText('2026')), ...old]);
    expect((await decryptDocument(rotated, binding, sealedOld)).equals(plaintext)).toBe(true);
    expect((await encryptDocument(rotated, binding, plaintext)).keyId).toBe('2026');
  });
});

describe('DOCUMENT_KEYS', () => {
  it('reads keyId:base64key pairs, the first being current', async () => {
    const config = loadConfig({ DOCUMENT_KEYS: `${keyText('new')}, ${keyText('old')}` });
    expect(config.documents.keys?.map((key) => key.id)).toEqual(['new', 'old']);
    expect(config.documents.maxBytes).toBe(10 * 1024 * 1024);
    expect(config.documents.defaultRetentionDays).toBe(180);
  });

  it.each([
    ['no id', randomBytes(32).toString('base64')],
    ['a short key', `k:${randomBytes(16).toString('base64')}`],
    ['not base64', `k:${'!'.repeat(44)}`],
    ['an id twice', `${keyText('k')},${keyText('k')}`],
    ['a bad id', keyText('k 1')],
  ])('refuses %s', (_, value) => {
    expect(() => loadConfig({ DOCUMENT_KEYS: value })).toThrow(ConfigError);
  });
});

describe('the development key file', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'mr-doc-keys-'));
    dirs.push(dir);
    return dir;
  };

  it('is made once with mode 0600 and read back by the next process', async () => {
    const dataDir = join(tempDir(), 'var');
    const config = loadConfig({ DATA_DIR: dataDir });
    expect(config.documents.keys).toBeUndefined();
    const keyring = documentKeyring(config);
    const path = join(dataDir, DEVELOPMENT_KEY_FILE);
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
    // As another process would: parse the file again.
    const again = keyringOf(parseDocumentKeys(readFileSync(path, 'utf8')));
    expect(again.current.id).toBe(keyring.current.id);
    expect(again.current.key.equals(keyring.current.key)).toBe(true);
  });

  it('refuses a key file others can read', async () => {
    if (process.platform === 'win32') return;
    const dataDir = tempDir();
    writeFileSync(join(dataDir, DEVELOPMENT_KEY_FILE), `${keyText('dev')}\n`, { mode: 0o644 });
    expect(() => documentKeyring(loadConfig({ DATA_DIR: dataDir }))).toThrow(/chmod 600/);
  });

  it('is never used in production', async () => {
    const config = loadConfig({ DATA_DIR: tempDir() });
    expect(() => documentKeyring({ ...config, nodeEnv: 'production' })).toThrow(/DOCUMENT_KEYS/);
  });
});
