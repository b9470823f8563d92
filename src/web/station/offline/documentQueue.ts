/**
 * Documents captured at the stop (tracker issue 11): a scan, photo or signed form for an open case of a visit.
 * Captured online or offline, each waits in the device's encrypted store with the `clientUploadId` it got at
 * capture, and leaves it only once the server has it (`addCaseDocument` answered 201, or 200 for a replay of
 * the same id): an answer lost on the way makes the next attempt a replay, so the case gets it exactly once.
 * A refusal that will not change (a closed case, a file the server does not take) keeps the document as
 * failed, with the reason, until staff discard it. A network failure, a lost session or a server error keeps
 * it pending for the next attempt.
 */
import { decryptBytes, decryptJson, encryptBytes, encryptJson, type EncryptedBlob } from './crypto.ts';
import { isTransient, reasonOf } from './opQueue.ts';

export const documentMediaTypes = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type DocumentMediaType = (typeof documentMediaTypes)[number];

/** The server's default limit (DOCUMENT_MAX_BYTES); the server checks again against its own. */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
export const MAX_TITLE_LENGTH = 150;

const extensions: Record<DocumentMediaType, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
};

/** What the device keeps about a captured document besides its bytes (encrypted like them). */
export interface CapturedDocument {
  clientUploadId: string;
  stopId: string;
  caseId: string;
  /** 'MR-2026-000042', to show which case it goes to */
  caseNumber: string;
  title: string;
  /** sent as fileName: the title with the extension of its type */
  fileName: string;
  mediaType: DocumentMediaType;
  sizeBytes: number;
  capturedAt: string;
  state: 'pending' | 'failed';
  /** failed: the server's problem code */
  reason?: string;
}

export interface SentDocument {
  document: CapturedDocument;
  /** the server's id of the stored document */
  documentId: string;
  sentAt: string;
}

export interface DocumentStore {
  /** every captured document still on the device, oldest first */
  list(): Promise<CapturedDocument[]>;
  content(clientUploadId: string): Promise<Uint8Array<ArrayBuffer> | undefined>;
  add(document: CapturedDocument, bytes: Uint8Array<ArrayBuffer>): Promise<void>;
  /** the document's facts (its state) change; the bytes stay */
  update(document: CapturedDocument): Promise<void>;
  remove(clientUploadId: string): Promise<void>;
}

export type SendDocument = (
  document: CapturedDocument,
  bytes: Uint8Array<ArrayBuffer>,
) => Promise<{ id: string; replayed: boolean }>;

export interface DocumentFlushResult {
  sent: SentDocument[];
  failed: CapturedDocument[];
  /** the error that stopped the flush, when one did */
  error?: unknown;
}

export type CaptureProblem = 'missing' | 'type' | 'empty' | 'tooLarge';

/** The check on the device before anything is stored: a PDF, JPEG or PNG, not empty, within the limit. */
export function checkCapturedFile(
  file: { type: string; size: number } | undefined,
  maxBytes = MAX_DOCUMENT_BYTES,
): CaptureProblem | undefined {
  if (!file) return 'missing';
  if (!(documentMediaTypes as readonly string[]).includes(file.type)) return 'type';
  if (file.size === 0) return 'empty';
  if (file.size > maxBytes) return 'tooLarge';
  return undefined;
}

/** The file name sent to the server: the title without path or control characters, with the type's extension. */
export function documentFileName(title: string, mediaType: DocumentMediaType): string {
  const clean = title
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]+/g, '')
    .replace(/[/\\]+/g, '-')
    .trim();
  const base = clean.slice(0, MAX_TITLE_LENGTH) || 'Dokument';
  return `${base}.${extensions[mediaType]}`;
}

export interface CaptureInput {
  stopId: string;
  caseId: string;
  caseNumber: string;
  title: string;
  mediaType: DocumentMediaType;
  bytes: Uint8Array<ArrayBuffer>;
}

export class DocumentQueue {
  private flushing: Promise<DocumentFlushResult> | undefined;

  constructor(
    private readonly store: DocumentStore,
    private readonly send: SendDocument,
    private readonly now: () => Date = () => new Date(),
    private readonly randomId: () => string = () => globalThis.crypto.randomUUID(),
  ) {}

  /** Keeps the document on the device with its upload id, made now, once: every later attempt sends that id. */
  async capture(input: CaptureInput): Promise<CapturedDocument> {
    const title = input.title.trim();
    const document: CapturedDocument = {
      clientUploadId: this.randomId(),
      stopId: input.stopId,
      caseId: input.caseId,
      caseNumber: input.caseNumber,
      title,
      fileName: documentFileName(title, input.mediaType),
      mediaType: input.mediaType,
      sizeBytes: input.bytes.byteLength,
      capturedAt: this.now().toISOString(),
      state: 'pending',
    };
    await this.store.add(document, input.bytes);
    return document;
  }

  list(): Promise<CapturedDocument[]> {
    return this.store.list();
  }

  async pending(): Promise<CapturedDocument[]> {
    return (await this.store.list()).filter((document) => document.state === 'pending');
  }

  /** A failed document goes from the device (staff saw why the server refused it). */
  discard(clientUploadId: string): Promise<void> {
    return this.store.remove(clientUploadId);
  }

  /** Sends every pending document, one after the other; only one flush runs at a time. */
  flush(): Promise<DocumentFlushResult> {
    this.flushing ??= this.flushAll().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private async flushAll(): Promise<DocumentFlushResult> {
    const result: DocumentFlushResult = { sent: [], failed: [] };
    for (const document of await this.pending()) {
      const bytes = await this.store.content(document.clientUploadId);
      if (!bytes) {
        // Its bytes are gone (wiped meanwhile): nothing left to send.
        await this.store.remove(document.clientUploadId);
        continue;
      }
      let answer: { id: string; replayed: boolean };
      try {
        answer = await this.send(document, bytes);
      } catch (error) {
        if (isTransient(error)) return { ...result, error };
        const reason = reasonOf(error).replaceAll('-', '_');
        const failed: CapturedDocument = { ...document, state: 'failed', reason };
        await this.store.update(failed);
        result.failed.push(failed);
        continue;
      }
      await this.store.remove(document.clientUploadId);
      result.sent.push({ document, documentId: answer.id, sentAt: this.now().toISOString() });
    }
    return result;
  }
}

/** A captured document as IndexedDB holds it: only its id and place in the queue are in the clear. */
export interface DocumentRecord {
  clientUploadId: string;
  seq: number;
  /** the CapturedDocument, encrypted */
  facts: EncryptedBlob;
  /** the file's bytes, encrypted */
  content: EncryptedBlob;
}

/** Where the encrypted records live: IndexedDB on the tablet (vault.ts), a Map in tests. */
export interface DocumentRecordBackend {
  all(): Promise<DocumentRecord[]>;
  get(clientUploadId: string): Promise<DocumentRecord | undefined>;
  /** `key`: the key the record was encrypted with; the backend refuses it if the data was locked meanwhile */
  put(record: DocumentRecord, key: CryptoKey): Promise<void>;
  delete(clientUploadId: string): Promise<void>;
}

/** A document store that encrypts facts and bytes with the device's key before the backend sees them. */
export function encryptedDocumentStore(key: () => CryptoKey, backend: DocumentRecordBackend): DocumentStore {
  let lastSeq = 0;
  return {
    async list() {
      const current = key();
      const records = (await backend.all()).sort((a, b) => a.seq - b.seq);
      return Promise.all(records.map((record) => decryptJson<CapturedDocument>(current, record.facts)));
    },
    async content(clientUploadId) {
      const record = await backend.get(clientUploadId);
      return record ? decryptBytes(key(), record.content) : undefined;
    },
    async add(document, bytes) {
      const current = key();
      lastSeq = Math.max(lastSeq + 1, Date.now());
      const [facts, content] = await Promise.all([
        encryptJson(current, document),
        encryptBytes(current, bytes),
      ]);
      await backend.put({ clientUploadId: document.clientUploadId, seq: lastSeq, facts, content }, current);
    },
    async update(document) {
      const current = key();
      const record = await backend.get(document.clientUploadId);
      if (!record) return;
      await backend.put({ ...record, facts: await encryptJson(current, document) }, current);
    },
    remove: (clientUploadId) => backend.delete(clientUploadId),
  };
}

/** A record backend in memory (tests, and the fallback where IndexedDB is missing). */
export class MemoryDocumentBackend implements DocumentRecordBackend {
  readonly records = new Map<string, DocumentRecord>();

  async all() {
    return [...this.records.values()];
  }

  async get(clientUploadId: string) {
    return this.records.get(clientUploadId);
  }

  async put(record: DocumentRecord) {
    this.records.set(record.clientUploadId, record);
  }

  async delete(clientUploadId: string) {
    this.records.delete(clientUploadId);
  }
}
