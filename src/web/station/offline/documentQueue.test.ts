import { describe, expect, it } from 'vitest';
import { ApiProblem } from '../../api/client.ts';
import { deriveKey, randomSalt, WrongPasswordError } from './crypto.ts';
import {
  checkCapturedFile,
  documentFileName,
  DocumentQueue,
  encryptedDocumentStore,
  MAX_DOCUMENT_BYTES,
  MemoryDocumentBackend,
  type CapturedDocument,
  type SendDocument,
} from './documentQueue.ts';

const stopId = '11111111-1111-4111-8111-111111111111';
const caseId = '22222222-2222-4222-8222-222222222222';
const secretTitle = 'Meldebescheinigung Erika Mustermann';
const pdf = () =>
  new Uint8Array(new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Name (Erika Mustermann) >>\n%%EOF\n'));

// One key for the file: PBKDF2 with 250,000 iterations takes a while on busy cores.
const keyOnce = deriveKey('richtiges Passwort', randomSalt());

async function setUp(send: SendDocument) {
  const key = await keyOnce;
  const backend = new MemoryDocumentBackend();
  let ids = 0;
  const queue = new DocumentQueue(
    encryptedDocumentStore(() => key, backend),
    send,
    () => new Date('2026-12-07T10:00:00Z'),
    () => `upload-${++ids}`,
  );
  return { backend, queue, key };
}

const capture = (queue: DocumentQueue, title = secretTitle) =>
  queue.capture({
    stopId,
    caseId,
    caseNumber: 'MR-2026-000001',
    title,
    mediaType: 'application/pdf',
    bytes: pdf(),
  });

/** A server that stores each upload id once and answers a second send as a replay. */
function server() {
  const stored = new Map<string, { id: string; bytes: Uint8Array }>();
  const calls: string[] = [];
  let loseAnswers = 0;
  const send: SendDocument = async (document, bytes) => {
    calls.push(document.clientUploadId);
    const earlier = stored.get(document.clientUploadId);
    const answer = earlier
      ? { id: earlier.id, replayed: true }
      : { id: `doc-${stored.size + 1}`, replayed: false };
    if (!earlier) stored.set(document.clientUploadId, { id: answer.id, bytes });
    if (loseAnswers > 0) {
      loseAnswers -= 1;
      throw new ApiProblem({ status: 0, code: 'network_error' });
    }
    return answer;
  };
  return {
    stored,
    calls,
    send,
    loseNextAnswer() {
      loseAnswers += 1;
    },
  };
}

describe('captured documents on the device', () => {
  it('checks type, emptiness and size before anything is stored', () => {
    expect(checkCapturedFile(undefined)).toBe('missing');
    expect(checkCapturedFile({ type: 'text/plain', size: 10 })).toBe('type');
    expect(checkCapturedFile({ type: 'image/heic', size: 10 })).toBe('type');
    expect(checkCapturedFile({ type: 'application/pdf', size: 0 })).toBe('empty');
    expect(checkCapturedFile({ type: 'image/jpeg', size: MAX_DOCUMENT_BYTES + 1 })).toBe('tooLarge');
    expect(checkCapturedFile({ type: 'image/png', size: MAX_DOCUMENT_BYTES })).toBeUndefined();
  });

  it('names the file after the title with the extension of its type, without paths', () => {
    expect(documentFileName(' Antrag ', 'application/pdf')).toBe('Antrag.pdf');
    expect(documentFileName('Foto/Ausweis\\Rückseite', 'image/jpeg')).toBe('Foto-Ausweis-Rückseite.jpg');
    expect(documentFileName('\u0000', 'image/png')).toBe('Dokument.png');
    expect(documentFileName('x'.repeat(400), 'image/png')).toHaveLength(150 + 4);
  });

  it('keeps title and bytes only encrypted, with the upload id made at capture', async () => {
    const { backend, queue } = await setUp(server().send);
    const captured = await capture(queue);
    expect(captured).toMatchObject({
      clientUploadId: 'upload-1',
      state: 'pending',
      fileName: `${secretTitle}.pdf`,
      sizeBytes: pdf().byteLength,
      capturedAt: '2026-12-07T10:00:00.000Z',
    });
    const raw = JSON.stringify([...backend.records.values()]);
    expect(raw).not.toContain('Erika');
    expect(raw).not.toContain('Mustermann');
    expect(raw).not.toContain('%PDF');
    expect(raw).not.toContain(btoa('%PDF-1.4'));
    expect(raw).not.toContain(caseId);
    expect(await queue.list()).toEqual([captured]);

    // Another key (another password) opens nothing.
    const other = await deriveKey('falsches Passwort', randomSalt());
    await expect(encryptedDocumentStore(() => other, backend).list()).rejects.toBeInstanceOf(
      WrongPasswordError,
    );
  });

  it('sends each document once and deletes the local copy after the server has it', async () => {
    const remote = server();
    const { backend, queue } = await setUp(remote.send);
    const first = await capture(queue, 'Antrag');
    const second = await capture(queue, 'Foto');
    const result = await queue.flush();
    expect(result.error).toBeUndefined();
    expect(result.sent.map((s) => [s.document.clientUploadId, s.documentId])).toEqual([
      [first.clientUploadId, 'doc-1'],
      [second.clientUploadId, 'doc-2'],
    ]);
    expect(remote.calls).toEqual([first.clientUploadId, second.clientUploadId]);
    expect(new TextDecoder().decode(remote.stored.get(first.clientUploadId)!.bytes)).toContain('%PDF-1.4');
    expect(backend.records.size).toBe(0);
    expect(await queue.list()).toEqual([]);
    // Nothing left: a second flush sends nothing.
    await queue.flush();
    expect(remote.calls).toHaveLength(2);
  });

  it('after a lost answer sends the same upload id again, so the server stores it once', async () => {
    const remote = server();
    const { queue } = await setUp(remote.send);
    const captured = await capture(queue);
    remote.loseNextAnswer();
    const lost = await queue.flush();
    expect(lost.error).toBeInstanceOf(ApiProblem);
    expect(lost.sent).toEqual([]);
    expect(await queue.pending()).toEqual([captured]);

    const retried = await queue.flush();
    expect(retried.sent.map((s) => s.documentId)).toEqual(['doc-1']);
    expect(remote.calls).toEqual([captured.clientUploadId, captured.clientUploadId]);
    expect(remote.stored.size).toBe(1);
    expect(await queue.list()).toEqual([]);
  });

  it('keeps documents pending offline and on server errors, in order', async () => {
    const failures = [0, 503, 401];
    const calls: string[] = [];
    const { queue } = await setUp(async (document) => {
      calls.push(document.title);
      const status = failures.shift();
      if (status !== undefined) throw new ApiProblem({ status });
      return { id: 'doc', replayed: false };
    });
    await capture(queue, 'eins');
    await capture(queue, 'zwei');
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const result = await queue.flush();
      expect(result.error).toBeDefined();
      expect((await queue.pending()).map((d) => d.title)).toEqual(['eins', 'zwei']);
    }
    const result = await queue.flush();
    expect(result.sent.map((s) => s.document.title)).toEqual(['eins', 'zwei']);
    expect(calls).toEqual(['eins', 'eins', 'eins', 'eins', 'zwei']);
  });

  it('keeps a refused document as failed with its reason, goes on with the next, and discards it on request', async () => {
    const { queue } = await setUp(async (document) => {
      if (document.title === 'geschlossen') {
        throw new ApiProblem({ status: 409, code: 'illegal_transition' });
      }
      return { id: 'doc-ok', replayed: false };
    });
    const refused = await capture(queue, 'geschlossen');
    await capture(queue, 'offen');
    const result = await queue.flush();
    expect(result.failed).toEqual([{ ...refused, state: 'failed', reason: 'illegal_transition' }]);
    expect(result.sent.map((s) => s.document.title)).toEqual(['offen']);
    const left: CapturedDocument[] = await queue.list();
    expect(left).toEqual([{ ...refused, state: 'failed', reason: 'illegal_transition' }]);
    // A failed document is not sent again by itself.
    expect((await queue.flush()).sent).toEqual([]);
    await queue.discard(refused.clientUploadId);
    expect(await queue.list()).toEqual([]);
  });

  it('runs one flush at a time', async () => {
    const remote = server();
    const { queue } = await setUp(remote.send);
    await capture(queue);
    const [a, b] = await Promise.all([queue.flush(), queue.flush()]);
    expect(a).toBe(b);
    expect(remote.calls).toHaveLength(1);
  });
});
