import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, parseDocumentKeys, type AppConfig } from '../../config.ts';
import type { DatabaseHandle } from '../../db/connection.ts';
import { DomainError } from '../../domain/errors.ts';
import { paddedJpeg, sampleJpeg, samplePdf, samplePng } from '../../../test/support/documentSamples.ts';
import { pdfText } from '../../../test/support/pdfText.ts';
import { createStaff, type TestStaff } from '../../../test/support/staffSession.ts';
import { createTestDatabase, testDatabaseKinds } from '../../../test/support/testDatabase.ts';
import { staffActor } from '../audit.ts';
import { DocumentIntegrityError, DocumentKeyMissingError } from '../documents/documentCrypto.ts';
import { listDocuments } from '../queries/documentQueries.ts';
import { recordAudit } from '../audit.ts';
import { documentsPerKey, rotateDocumentKeys } from './documentKeyRotator.ts';
import { readDocument } from './documentReader.ts';
import { storeDocument, type StoreDocumentProps } from './documentStorer.ts';
import { deleteExpiredDocuments } from './expiredDocumentDeleter.ts';

const SERVICE = 'personalausweis-beantragen';
const DAY = 86_400_000;
const keyText = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe.each(testDatabaseKinds)('documents (%s)', (kind) => {
  let database: DatabaseHandle;
  let clerk: TestStaff;
  let config: AppConfig;
  const caseId = () => randomUUID();

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    clerk = await createStaff(database.db, 'guetersloh', 'clerk');
    config = loadConfig({ NODE_ENV: 'test', DOCUMENT_KEYS: keyText('k2026') });
  });
  afterAll(async () => {
    await database?.close();
  });

  const props = (overrides: Partial<StoreDocumentProps> = {}): StoreDocumentProps => ({
    municipalityId: clerk.municipalityId,
    ownerKind: 'case',
    ownerId: caseId(),
    serviceId: SERVICE,
    fileName: 'Antrag Mustermann.pdf',
    bytes: samplePdf('Erika Mustermann'),
    capturedBy: clerk.id,
    ...overrides,
  });

  const auditRowsOf = (documentId: string) =>
    database.db
      .selectFrom('audit_events')
      .select(['action', 'actor', 'details'])
      .where('subject_id', '=', documentId)
      .orderBy('id')
      .execute();

  const count = async () =>
    (
      await database.db
        .selectFrom('documents')
        .select(sql<number>`count(*)::int`.as('n'))
        .executeTakeFirstOrThrow()
    ).n;

  it('stores a document encrypted and reads it back, auditing the store and every read with its purpose', async () => {
    const bytes = samplePdf('Erika Mustermann');
    const { document, replayed } = await storeDocument(database.db, config, props({ bytes }));
    expect(replayed).toBe(false);
    expect(document).toMatchObject({
      ownerKind: 'case',
      serviceId: SERVICE,
      fileName: 'Antrag Mustermann.pdf',
      mediaType: 'application/pdf',
      sizeBytes: bytes.length,
      capturedBy: clerk.id,
      deletedAt: null,
    });
    // 180 days by default.
    expect(document.retainUntil.getTime() - document.capturedAt.getTime()).toBe(180 * DAY);

    const row = await database.db
      .selectFrom('documents')
      .select(['ciphertext', 'key_id'])
      .where('id', '=', document.id)
      .executeTakeFirstOrThrow();
    expect(row.key_id).toBe('k2026');
    expect(Buffer.from(row.ciphertext!).includes(Buffer.from('Mustermann'))).toBe(false);

    for (const purpose of ['case_view', 'efile_handoff']) {
      const read = await readDocument(database.db, config, {
        municipalityId: clerk.municipalityId,
        documentId: document.id,
        actor: staffActor(clerk.id),
        purpose,
      });
      expect(read.bytes.equals(bytes)).toBe(true);
      expect(read.document.fileName).toBe('Antrag Mustermann.pdf');
      // A real PDF, as PDF.js reads it.
      expect((await pdfText(read.bytes)).text).toContain('Erika Mustermann');
    }
    const audit = await auditRowsOf(document.id);
    expect(audit.map((event) => event.action)).toEqual(['document.stored', 'document.read', 'document.read']);
    expect(audit.map((event) => (event.details as { purpose?: string }).purpose)).toEqual([
      undefined,
      'case_view',
      'efile_handoff',
    ]);
    expect(audit.every((event) => event.actor === staffActor(clerk.id))).toBe(true);
    expect(JSON.stringify(audit)).not.toMatch(/Mustermann|Antrag/);

    const listed = await listDocuments(database.db, clerk.municipalityId, {
      ownerKind: 'case',
      ownerId: document.ownerId,
    });
    expect(listed).toEqual([document]);
    expect(
      await listDocuments(database.db, randomUUID(), { ownerKind: 'case', ownerId: document.ownerId }),
    ).toEqual([]);
  });

  it('the audit helper refuses a file name in the details', async () => {
    await expect(
      recordAudit(database.db, {
        municipalityId: clerk.municipalityId,
        actor: 'system',
        action: 'document.stored',
        subjectType: 'document',
        details: { fileName: 'Ausweis Mustermann.pdf' },
      }),
    ).rejects.toThrow(/personal data/);
  });

  it("keeps another municipality's reader out, and refuses a malformed id or a free-text purpose", async () => {
    const { document } = await storeDocument(database.db, config, props());
    const otherMunicipality = randomUUID();
    for (const [documentId, municipalityId] of [
      [document.id, otherMunicipality],
      ['not-a-uuid', clerk.municipalityId],
      [randomUUID(), clerk.municipalityId],
    ] as const) {
      const error = await refusal(
        readDocument(database.db, config, {
          municipalityId,
          documentId,
          actor: 'system',
          purpose: 'case_view',
        }),
      );
      expect([error.code, error.field]).toEqual(['not_found', 'documentId']);
    }
    const purpose = await refusal(
      readDocument(database.db, config, {
        municipalityId: clerk.municipalityId,
        documentId: document.id,
        actor: 'system',
        purpose: 'Anruf von Frau Mustermann',
      }),
    );
    expect([purpose.code, purpose.field]).toEqual(['validation', 'purpose']);
    expect((await auditRowsOf(document.id)).map((event) => event.action)).toEqual(['document.stored']);
  });

  it('refuses bad input with its field and stores nothing', async () => {
    const before = await count();
    const cases: [Partial<StoreDocumentProps>, string, string][] = [
      [{ fileName: 'ausweis.pdf', bytes: samplePng() }, 'document_type_mismatch', 'fileName'],
      [
        { fileName: 'foto.jpg', bytes: sampleJpeg(), declaredMediaType: 'image/png' },
        'document_type_mismatch',
        'mediaType',
      ],
      [{ fileName: 'notiz.txt', bytes: Buffer.from('Hallo') }, 'document_type_not_allowed', 'file'],
      [{ bytes: Buffer.alloc(0) }, 'document_empty', 'file'],
      [{ serviceId: 'gibt-es-nicht' }, 'unknown_service', 'serviceId'],
      [{ capturedBy: randomUUID() }, 'unknown_staff_user', 'capturedBy'],
      [{ clientUploadId: 'mit Leerzeichen' }, 'validation', 'clientUploadId'],
      [{ ownerKind: 'Case!' }, 'validation', 'ownerKind'],
    ];
    for (const [overrides, code, field] of cases) {
      const error = await refusal(storeDocument(database.db, config, props(overrides)));
      expect([error.code, error.field]).toEqual([code, field]);
    }
    const small = { ...config, documents: { ...config.documents, maxBytes: 1024 } };
    const tooLarge = await refusal(
      storeDocument(database.db, small, props({ fileName: 'foto.jpg', bytes: paddedJpeg(2048) })),
    );
    expect([tooLarge.code, tooLarge.status, tooLarge.field]).toEqual(['document_too_large', 413, 'file']);
    expect(await count()).toBe(before);
  });

  it('stores an offline upload exactly once: a replay returns the first document, another file is refused', async () => {
    const clientUploadId = `tablet-${randomUUID()}`;
    const upload = props({ clientUploadId, fileName: 'foto.jpg', bytes: sampleJpeg() });
    const first = await storeDocument(database.db, config, upload);
    const before = await count();
    const again = await storeDocument(database.db, config, { ...upload, bytes: Buffer.from(upload.bytes) });
    expect(again.replayed).toBe(true);
    expect(again.document).toEqual(first.document);
    expect(await count()).toBe(before);

    const different = await refusal(
      storeDocument(database.db, config, { ...upload, fileName: 'foto.png', bytes: samplePng() }),
    );
    expect([different.code, different.status, different.field]).toEqual([
      'client_upload_id_reused',
      409,
      'clientUploadId',
    ]);
    const otherOwner = await refusal(storeDocument(database.db, config, { ...upload, ownerId: caseId() }));
    expect(otherOwner.code).toBe('client_upload_id_reused');
    expect(await count()).toBe(before);
    expect((await auditRowsOf(first.document.id)).map((event) => event.action)).toEqual(['document.stored']);
  });

  it('stores concurrent sends of one offline upload once', async () => {
    const upload = props({ clientUploadId: `tablet-${randomUUID()}` });
    const results = await Promise.all(
      Array.from({ length: 6 }, () => storeDocument(database.db, config, { ...upload })),
    );
    expect(new Set(results.map((result) => result.document.id)).size).toBe(1);
    expect(results.filter((result) => !result.replayed)).toHaveLength(1);
    const rows = await database.db
      .selectFrom('documents')
      .select('id')
      .where('client_upload_id', '=', upload.clientUploadId!)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('detects a tampered ciphertext and a ciphertext moved to another row', async () => {
    const a = await storeDocument(database.db, config, props());
    const b = await storeDocument(database.db, config, props({ fileName: 'scan.png', bytes: samplePng() }));
    await sql`UPDATE documents SET ciphertext = set_byte(ciphertext, 10, get_byte(ciphertext, 10) # 1) WHERE id = ${a.document.id}`.execute(
      database.db,
    );
    await sql`UPDATE documents SET (ciphertext, iv, auth_tag, sha256) = (SELECT ciphertext, iv, auth_tag, sha256 FROM documents WHERE id = ${a.document.id}) WHERE id = ${b.document.id}`.execute(
      database.db,
    );
    for (const documentId of [a.document.id, b.document.id]) {
      await expect(
        readDocument(database.db, config, {
          municipalityId: clerk.municipalityId,
          documentId,
          actor: 'system',
          purpose: 'case_view',
        }),
      ).rejects.toThrow(DocumentIntegrityError);
    }
    // A failed read returns nothing and records no read.
    expect((await auditRowsOf(a.document.id)).map((event) => event.action)).toEqual(['document.stored']);
  });

  it("deletes documents after their service's retention period: content and name gone, the audit trail without either", async () => {
    await database.db
      .updateTable('services')
      .set({ document_retention_days: 30 })
      .where('municipality_id', '=', clerk.municipalityId)
      .where('id', '=', 'meldebescheinigung')
      .execute();
    const capturedAt = new Date('2026-01-05T09:00:00Z');
    const clientUploadId = `tablet-${randomUUID()}`;
    const marker = `Geheim-${randomBytes(4).toString('hex')}`;
    const short = await storeDocument(
      database.db,
      config,
      props({
        serviceId: 'meldebescheinigung',
        fileName: `${marker}.pdf`,
        bytes: samplePdf(marker),
        clientUploadId,
        now: capturedAt,
      }),
    );
    const long = await storeDocument(database.db, config, props({ now: capturedAt }));
    expect(short.document.retainUntil.toISOString()).toBe('2026-02-04T09:00:00.000Z');
    await readDocument(database.db, config, {
      municipalityId: clerk.municipalityId,
      documentId: short.document.id,
      actor: staffActor(clerk.id),
      purpose: 'case_view',
    });

    // A day before the period ends nothing goes; after it, the 30-day document does, the 180-day one stays.
    await deleteExpiredDocuments(database.db, new Date('2026-02-03T09:00:00Z'));
    expect(
      (
        await database.db
          .selectFrom('documents')
          .select('deleted_at')
          .where('id', '=', short.document.id)
          .executeTakeFirstOrThrow()
      ).deleted_at,
    ).toBeNull();
    expect(
      await deleteExpiredDocuments(database.db, new Date('2026-02-05T00:00:00Z')),
    ).toBeGreaterThanOrEqual(1);

    const tombstone = await database.db
      .selectFrom('documents')
      .selectAll()
      .where('id', '=', short.document.id)
      .executeTakeFirstOrThrow();
    expect(tombstone).toMatchObject({
      file_name: null,
      sha256: null,
      key_id: null,
      iv: null,
      auth_tag: null,
      ciphertext: null,
      media_type: 'application/pdf',
    });
    expect(tombstone.deleted_at).toBeInstanceOf(Date);
    expect(
      (
        await database.db
          .selectFrom('documents')
          .select('deleted_at')
          .where('id', '=', long.document.id)
          .executeTakeFirstOrThrow()
      ).deleted_at,
    ).toBeNull();

    // Nothing of the text or the name is left in the documents table or the audit trail.
    const everything = await sql<{ text: string }>`
      SELECT (SELECT coalesce(string_agg(d::text, ' '), '') FROM documents d) ||
             (SELECT coalesce(string_agg(a::text, ' '), '') FROM audit_events a) AS text`.execute(
      database.db,
    );
    expect(everything.rows[0]!.text).not.toContain(marker);
    expect(everything.rows[0]!.text).not.toContain(Buffer.from(marker).toString('hex'));
    expect((await auditRowsOf(short.document.id)).map((event) => event.action)).toEqual([
      'document.stored',
      'document.read',
      'document.deleted',
    ]);

    const gone = await refusal(
      readDocument(database.db, config, {
        municipalityId: clerk.municipalityId,
        documentId: short.document.id,
        actor: 'system',
        purpose: 'case_view',
      }),
    );
    expect([gone.code, gone.status]).toEqual(['document_deleted', 410]);
    // The tablet sending the old upload again does not bring it back.
    const replay = await refusal(
      storeDocument(
        database.db,
        config,
        props({
          serviceId: 'meldebescheinigung',
          fileName: `${marker}.pdf`,
          bytes: samplePdf(marker),
          clientUploadId,
        }),
      ),
    );
    expect(replay.code).toBe('document_deleted');
  });

  it('re-encrypts documents under the current key in batches, old key by old key', async () => {
    const oldConfig = loadConfig({ NODE_ENV: 'test', DOCUMENT_KEYS: keyText('k2025') });
    const stored = [];
    for (let index = 0; index < 5; index++) {
      stored.push({
        bytes: samplePng(index + 1, 1),
        id: (
          await storeDocument(
            database.db,
            oldConfig,
            props({ fileName: `scan-${index}.png`, bytes: samplePng(index + 1, 1) }),
          )
        ).document.id,
      });
    }
    // Without the old key the documents cannot be read.
    await expect(
      readDocument(database.db, config, {
        municipalityId: clerk.municipalityId,
        documentId: stored[0]!.id,
        actor: 'system',
        purpose: 'case_view',
      }),
    ).rejects.toThrow(DocumentKeyMissingError);
    await expect(rotateDocumentKeys(database.db, config, { actor: 'cli:test' })).rejects.toThrow(
      DocumentKeyMissingError,
    );

    const rotationConfig = {
      ...config,
      documents: {
        ...config.documents,
        keys: [
          ...config.documents.keys!,
          ...parseDocumentKeys(`k2025:${oldConfig.documents.keys![0]!.key.toString('base64')}`),
        ],
      },
    };
    const batches: number[] = [];
    const result = await rotateDocumentKeys(database.db, rotationConfig, {
      actor: 'cli:test',
      batchSize: 2,
      onBatch: (done) => batches.push(done),
    });
    expect(result.reencrypted).toBe(5);
    expect(batches).toEqual([2, 4, 5]);
    expect(result.currentKeyId).toBe('k2026');
    expect(Object.keys(result.perKey)).toEqual(['k2026']);
    expect(await documentsPerKey(database.db)).toEqual(result.perKey);

    // Readable with the current key alone now.
    for (const { id, bytes } of stored) {
      const read = await readDocument(database.db, config, {
        municipalityId: clerk.municipalityId,
        documentId: id,
        actor: 'system',
        purpose: 'case_view',
      });
      expect(read.bytes.equals(bytes)).toBe(true);
    }
    const events = await database.db
      .selectFrom('audit_events')
      .select('details')
      .where('action', '=', 'documents.reencrypted')
      .execute();
    expect(
      events.flatMap((event) => (event.details as { documentIds: string[] }).documentIds).sort(),
    ).toEqual(stored.map((document) => document.id).sort());
    // Nothing left to do: a second run re-encrypts nothing.
    expect((await rotateDocumentKeys(database.db, rotationConfig, { actor: 'cli:test' })).reencrypted).toBe(
      0,
    );
  });
});
