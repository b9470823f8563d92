import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, parseDocumentKeys, type AppConfig, type DocumentKey } from '../../config.ts';

/** The keys documents are encrypted with: the current one encrypts, every listed one decrypts. */
export interface DocumentKeyring {
  current: DocumentKey;
  byId: ReadonlyMap<string, Buffer>;
}

export type DocumentKeyConfig = Pick<AppConfig, 'documents' | 'dataDir' | 'nodeEnv'>;

/** The development key file under DATA_DIR, in DOCUMENT_KEYS format (one key per line, current first). */
export const DEVELOPMENT_KEY_FILE = 'document-keys';

export function keyringOf(keys: readonly DocumentKey[]): DocumentKeyring {
  const [current] = keys;
  if (!current) throw new ConfigError('DOCUMENT_KEYS holds no key');
  return { current, byId: new Map(keys.map((key) => [key.id, key.key])) };
}

const fromConfig = new WeakMap<readonly DocumentKey[], DocumentKeyring>();
const fromFile = new Map<string, DocumentKeyring>();

/**
 * The keyring of this configuration: DOCUMENT_KEYS when set (production must set it, src/config.ts). Otherwise,
 * in development and tests, a key generated on first use and kept in DATA_DIR/document-keys with mode 0600, so
 * documents stay readable after a restart of `npm start`. The file is made only when documents are first used.
 */
export function documentKeyring(config: DocumentKeyConfig): DocumentKeyring {
  const keys = config.documents.keys;
  if (keys) {
    let keyring = fromConfig.get(keys);
    if (!keyring) fromConfig.set(keys, (keyring = keyringOf(keys)));
    return keyring;
  }
  if (config.nodeEnv === 'production') {
    throw new ConfigError(
      'NODE_ENV=production needs DOCUMENT_KEYS: it encrypts the documents captured for cases.',
    );
  }
  const path = join(config.dataDir, DEVELOPMENT_KEY_FILE);
  let keyring = fromFile.get(path);
  if (!keyring) fromFile.set(path, (keyring = keyringOf(readOrCreateKeyFile(path, config.dataDir))));
  return keyring;
}

function readOrCreateKeyFile(path: string, dataDir: string): DocumentKey[] {
  try {
    mkdirSync(dataDir, { recursive: true });
    const id = `dev-${new Date().toISOString().slice(0, 10).replaceAll('-', '')}`;
    // 'wx': of two processes starting together, one writes the key and the other reads it.
    writeFileSync(path, `${id}:${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) {
    throw new ConfigError(
      `${path} holds the document keys and must be readable by its owner only (chmod 600)`,
    );
  }
  return parseDocumentKeys(readFileSync(path, 'utf8'), path);
}
