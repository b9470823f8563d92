/**
 * The device's IndexedDB: the current stop's day, queued operations, conflicts and captured documents, each
 * record encrypted (AES-GCM, see crypto.ts). In the clear are only the salt, record ids, the order of the
 * operations and documents, the device id and the counter this tablet serves.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { HomeVisitPasses } from '../../../contracts/homeVisit.ts';
import type { OfferedService, StationDay, StopChecklist } from '../api/types.ts';
import {
  decryptJson,
  deriveKey,
  encryptJson,
  PBKDF2_ITERATIONS,
  randomSalt,
  WrongPasswordError,
  type EncryptedBlob,
} from './crypto.ts';
import { encryptedDocumentStore, type DocumentRecord, type DocumentStore } from './documentQueue.ts';
import type { Conflict, OperationStore } from './opQueue.ts';
import type { Operation, QueuedOperation } from './operations.ts';
import { storedDeviceKey, storeDeviceKey } from './deviceKey.ts';

export const VAULT_DB_NAME = 'mobiles-rathaus-station';

interface VaultHeader {
  salt: string;
  iterations: number;
  /** the signed-in person, encrypted: opening it proves the password */
  check: EncryptedBlob;
}

interface StationDb extends DBSchema {
  meta: { key: string; value: unknown };
  days: { key: string; value: { stopId: string; blob: EncryptedBlob } };
  ops: { key: string; value: { opId: string; seq: number; blob: EncryptedBlob } };
  conflicts: { key: string; value: { opId: string; blob: EncryptedBlob } };
  /** documents captured for cases (documentQueue.ts), version 2 */
  documents: { key: string; value: DocumentRecord };
}

export interface VaultIdentity {
  userId: string;
  name: string;
  email: string;
}

export interface StoredDay {
  day: StationDay;
  services: OfferedService[];
  savedAt: string;
  /** The stop's readiness checklist as last fetched: it can be signed off offline. */
  checklist?: StopChecklist | undefined;
}

const storeNames = ['meta', 'days', 'ops', 'conflicts', 'documents'] as const;

let connection: Promise<IDBPDatabase<StationDb>> | undefined;

function database(): Promise<IDBPDatabase<StationDb>> {
  connection ??= openDB<StationDb>(VAULT_DB_NAME, 2, {
    upgrade(db, oldVersion) {
      if (oldVersion < 1) {
        db.createObjectStore('meta');
        db.createObjectStore('days', { keyPath: 'stopId' });
        db.createObjectStore('ops', { keyPath: 'opId' });
        db.createObjectStore('conflicts', { keyPath: 'opId' });
      }
      if (oldVersion < 2) db.createObjectStore('documents', { keyPath: 'clientUploadId' });
    },
  });
  return connection;
}

export class Vault {
  private key: CryptoKey | undefined;

  get unlocked(): boolean {
    return this.key !== undefined;
  }

  private requireKey(): CryptoKey {
    if (!this.key) throw new Error('the device data is locked');
    return this.key;
  }

  /** After encrypting: the key must still be the one used, else the data was locked or wiped meanwhile. */
  private async writableWith(key: CryptoKey): Promise<IDBPDatabase<StationDb>> {
    const db = await database();
    if (this.key !== key) throw new Error('the device data was locked meanwhile');
    return db;
  }

  async exists(): Promise<boolean> {
    return (await (await database()).get('meta', 'vault')) !== undefined;
  }

  /** Opens the data with the password; WrongPasswordError when it does not fit. */
  async unlock(password: string): Promise<VaultIdentity> {
    const header = (await (await database()).get('meta', 'vault')) as VaultHeader | undefined;
    if (!header) throw new Error('there is no data on this device');
    const key = await deriveKey(password, header.salt, header.iterations);
    const identity = await decryptJson<VaultIdentity>(key, header.check);
    this.key = key;
    return identity;
  }

  /** At sign-in: opens the data of the same person, or wipes what is there and starts afresh. */
  async openFor(password: string, identity: VaultIdentity): Promise<void> {
    if (await this.exists()) {
      try {
        const found = await this.unlock(password);
        if (found.userId === identity.userId) return;
      } catch (error) {
        if (!(error instanceof WrongPasswordError)) throw error;
      }
    }
    await this.create(password, identity);
  }

  async create(password: string, identity: VaultIdentity): Promise<void> {
    await this.wipe();
    const salt = randomSalt();
    const key = await deriveKey(password, salt, PBKDF2_ITERATIONS);
    const header: VaultHeader = {
      salt,
      iterations: PBKDF2_ITERATIONS,
      check: await encryptJson(key, identity),
    };
    await (await database()).put('meta', header, 'vault');
    this.key = key;
  }

  lock() {
    this.key = undefined;
  }

  private deviceIdOnce: Promise<string> | undefined;

  /** The tablet's device id (deviceKey.ts); one made up by an older version in `meta` moves there. */
  deviceId(): Promise<string> {
    this.deviceIdOnce ??= (async () => {
      const kept = await storedDeviceKey();
      if (kept) return kept;
      const db = await database();
      const older = (await db.get('meta', 'deviceId')) as string | undefined;
      const id = older ?? globalThis.crypto.randomUUID();
      await storeDeviceKey(id);
      if (older) await db.delete('meta', 'deviceId');
      return id;
    })();
    this.deviceIdOnce.catch(() => {
      this.deviceIdOnce = undefined;
    });
    return this.deviceIdOnce;
  }

  async counter(): Promise<number | undefined> {
    return (await (await database()).get('meta', 'counter')) as number | undefined;
  }

  async setCounter(counter: number): Promise<void> {
    await (await database()).put('meta', counter, 'counter');
  }

  async saveDay(stored: StoredDay): Promise<void> {
    const key = this.requireKey();
    const blob = await encryptJson(key, stored);
    await (await this.writableWith(key)).put('days', { stopId: stored.day.stop.id, blob });
  }

  async loadDay(stopId: string): Promise<StoredDay | undefined> {
    const record = await (await database()).get('days', stopId);
    return record ? decryptJson<StoredDay>(this.requireKey(), record.blob) : undefined;
  }

  /** Personal data is kept for one stop's day only: every other day goes. */
  async keepOnlyDay(stopId: string): Promise<void> {
    const db = await database();
    for (const key of await db.getAllKeys('days')) if (key !== stopId) await db.delete('days', key);
  }

  async deleteDay(stopId: string): Promise<void> {
    await (await database()).delete('days', stopId);
  }

  /**
   * Today's home-visit passes (signed by the server when the list was loaded online), encrypted like a day:
   * the QR codes show at the door without a connection. Another day's list is deleted on reading.
   */
  async saveHomeVisitPasses(passes: HomeVisitPasses): Promise<void> {
    const key = this.requireKey();
    const blob = await encryptJson(key, passes);
    await (await this.writableWith(key)).put('meta', blob, 'homeVisitPasses');
  }

  async loadHomeVisitPasses(today: string): Promise<HomeVisitPasses | undefined> {
    const db = await database();
    const blob = (await db.get('meta', 'homeVisitPasses')) as EncryptedBlob | undefined;
    if (!blob) return undefined;
    const passes = await decryptJson<HomeVisitPasses>(this.requireKey(), blob);
    if (passes.date === today) return passes;
    await db.delete('meta', 'homeVisitPasses');
    return undefined;
  }

  async loadConflicts(): Promise<Conflict[]> {
    const key = this.requireKey();
    const records = await (await database()).getAll('conflicts');
    const conflicts = await Promise.all(records.map((r) => decryptJson<Conflict>(key, r.blob)));
    return conflicts.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  }

  async addConflicts(conflicts: readonly Conflict[]): Promise<void> {
    const key = this.requireKey();
    for (const conflict of conflicts) {
      const blob = await encryptJson(key, conflict);
      await (await this.writableWith(key)).put('conflicts', { opId: conflict.opId, blob });
    }
  }

  async dismissConflict(opId: string): Promise<void> {
    await (await database()).delete('conflicts', opId);
  }

  operationStore(): OperationStore {
    return {
      list: async () => {
        const key = this.requireKey();
        const records = await (await database()).getAll('ops');
        const entries = await Promise.all(
          records.map(async (record) => {
            const content = await decryptJson<{ stopId: string; op: Operation }>(key, record.blob);
            return { seq: record.seq, stopId: content.stopId, op: content.op } satisfies QueuedOperation;
          }),
        );
        return entries.sort((a, b) => a.seq - b.seq);
      },
      add: async (entry) => {
        const key = this.requireKey();
        const blob = await encryptJson(key, { stopId: entry.stopId, op: entry.op });
        await (await this.writableWith(key)).put('ops', { opId: entry.op.opId, seq: entry.seq, blob });
      },
      remove: async (opIds) => {
        const db = await database();
        const tx = db.transaction('ops', 'readwrite');
        await Promise.all([...opIds.map((id) => tx.store.delete(id)), tx.done]);
      },
    };
  }

  /** Captured documents, encrypted with the same key as everything else (documentQueue.ts). */
  documentStore(): DocumentStore {
    return encryptedDocumentStore(() => this.requireKey(), {
      all: async () => (await database()).getAll('documents'),
      get: async (clientUploadId) => (await database()).get('documents', clientUploadId),
      put: async (record, key) => {
        await (await this.writableWith(key)).put('documents', record);
      },
      delete: async (clientUploadId) => {
        await (await database()).delete('documents', clientUploadId);
      },
    });
  }

  /** Wipes every store on the device: days, operations, conflicts, documents and the vault header. */
  async wipe(): Promise<void> {
    const db = await database();
    const tx = db.transaction([...storeNames], 'readwrite');
    await Promise.all([...storeNames.map((name) => tx.objectStore(name).clear()), tx.done]);
    this.key = undefined;
  }
}

export const vault = new Vault();
