// Documents of a case through HTTP (tracker issue 11, item 2): added as the raw file by the clerk at the stop,
// checked by content, stored once for an offline upload sent twice, read back with an audited purpose, out of
// reach of another department and another municipality, on PGlite and PostgreSQL.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePdf, samplePng } from '../../../../test/support/documentSamples.ts';
import { signInAs, type StaffSignIn } from '../../../../test/support/staffSession.ts';
import { createTestApp, type TestApp } from '../../../../test/support/testApp.ts';
import { testDatabaseKinds } from '../../../../test/support/testDatabase.ts';

const service = 'meldebescheinigung'; // Bürgerbüro, no shipped model: the default process

describe.each(testDatabaseKinds)('case documents on %s', (kind) => {
  let test: TestApp;
  let clerk: StaffSignIn;
  let lead: StaffSignIn; // Bürgerbüro
  let otherLead: StaffSignIn; // Finanzen
  let caseId: string;
  const db = () => test.database.db;

  beforeAll(async () => {
    test = await createTestApp(kind);
    clerk = await signInAs(test.app, 'clerk');
    lead = await signInAs(test.app, 'department');
    otherLead = await signInAs(test.app, 'department');
    for (const [who, departmentId] of [
      [lead, 'buergerbuero'],
      [otherLead, 'finanzen'],
    ] as const) {
      await db()
        .insertInto('staff_user_departments')
        .values({
          municipality_id: who.user.municipalityId,
          user_id: who.user.id,
          department_id: departmentId,
        })
        .execute();
    }
    const created = await test.app.inject({
      method: 'POST',
      url: '/api/v1/staff/cases',
      headers: clerk.headers,
      payload: { serviceId: service, channel: 'stop', citizenName: 'Erika Mustermann' },
    });
    expect(created.statusCode, created.body).toBe(201);
    caseId = created.json<{ id: string }>().id;
  });
  afterAll(async () => test?.close());

  const upload = (who: StaffSignIn, bytes: Uint8Array, query: string, contentType = 'application/pdf') =>
    test.app.inject({
      method: 'POST',
      url: `/api/v1/staff/cases/${caseId}/documents?${query}`,
      headers: { ...who.headers, 'content-type': contentType },
      payload: Buffer.from(bytes),
    });
  const documentsOfCase = () =>
    db().selectFrom('documents').select('id').where('owner_id', '=', caseId).execute();

  it('adds a document at the stop once, puts it on the timeline and reads it back with an audited purpose', async () => {
    const pdf = samplePdf('Unterschriebenes Formular');
    const uploadId = randomUUID();
    const first = await upload(clerk, pdf, `fileName=formular.pdf&clientUploadId=${uploadId}`);
    expect(first.statusCode, first.body).toBe(201);
    const stored = first.json<{ id: string; replayed: boolean; mediaType: string }>();
    expect(stored).toMatchObject({ replayed: false, mediaType: 'application/pdf' });
    // The tablet sends it again after a lost answer: stored once.
    const again = await upload(clerk, pdf, `fileName=formular.pdf&clientUploadId=${uploadId}`);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: stored.id, replayed: true });
    expect(await documentsOfCase()).toHaveLength(1);

    const events = await db()
      .selectFrom('case_events')
      .select(['kind', 'channel', 'data'])
      .where('case_id', '=', caseId)
      .where('kind', '=', 'document_added')
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ channel: 'stop', data: { documentId: stored.id } });

    const read = await test.app.inject({
      method: 'GET',
      url: `/api/v1/staff/cases/${caseId}/documents/${stored.id}?purpose=processing`,
      headers: lead.headers,
    });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.headers['content-type']).toBe('application/pdf');
    expect(read.headers['content-disposition']).toContain('formular.pdf');
    expect(Buffer.from(read.rawPayload).equals(Buffer.from(pdf))).toBe(true);
    const audit = await db()
      .selectFrom('audit_events')
      .select(['actor', 'details'])
      .where('action', '=', 'document.read')
      .where('subject_id', '=', stored.id)
      .execute();
    expect(audit).toEqual([
      { actor: `staff:${lead.user.id}`, details: expect.objectContaining({ purpose: 'case_processing' }) },
    ]);
    expect(JSON.stringify(audit)).not.toContain('formular');

    // The case page lists it, without its content.
    const view = await test.app.inject({
      method: 'GET',
      url: `/api/v1/staff/cases/${caseId}?purpose=processing`,
      headers: lead.headers,
    });
    expect(view.json().documents).toEqual([
      expect.objectContaining({ id: stored.id, fileName: 'formular.pdf', deleted: false }),
    ]);
  });

  it('refuses a file that is not what its name says, a replayed id with another file, a read without purpose and other departments', async () => {
    const before = (await documentsOfCase()).length;
    const disguised = await upload(clerk, samplePng(), 'fileName=scan.pdf', 'application/pdf');
    expect(disguised.statusCode).toBe(422);
    expect(disguised.headers['content-type']).toContain('application/problem+json');
    expect(disguised.json()).toMatchObject({ code: 'document_type_mismatch' });
    expect(disguised.json().field).toBeTruthy();

    const text = await upload(clerk, new TextEncoder().encode('hallo'), 'fileName=notiz.pdf');
    expect(text.statusCode).toBe(422);

    const uploadId = randomUUID();
    expect(
      (await upload(clerk, samplePdf('eins'), `fileName=a.pdf&clientUploadId=${uploadId}`)).statusCode,
    ).toBe(201);
    const reused = await upload(clerk, samplePdf('zwei'), `fileName=a.pdf&clientUploadId=${uploadId}`);
    expect(reused.statusCode).toBe(409);
    expect(reused.json()).toMatchObject({ code: 'client_upload_id_reused', field: 'clientUploadId' });

    const tooLarge = await upload(
      clerk,
      new Uint8Array(test.config.documents.maxBytes + 10),
      'fileName=gross.pdf',
    );
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.headers['content-type']).toContain('application/problem+json');

    const other = await upload(otherLead, samplePdf('fremd'), 'fileName=fremd.pdf');
    expect(other.statusCode).toBe(404);
    expect((await documentsOfCase()).length).toBe(before + 1);

    const [document] = await documentsOfCase();
    const noPurpose = await test.app.inject({
      method: 'GET',
      url: `/api/v1/staff/cases/${caseId}/documents/${document!.id}`,
      headers: lead.headers,
    });
    expect(noPurpose.statusCode).toBe(400);
    expect(noPurpose.json().field).toContain('purpose');
    const otherRead = await test.app.inject({
      method: 'GET',
      url: `/api/v1/staff/cases/${caseId}/documents/${document!.id}?purpose=processing`,
      headers: otherLead.headers,
    });
    expect(otherRead.statusCode).toBe(404);
    const wrongCase = await test.app.inject({
      method: 'GET',
      url: `/api/v1/staff/cases/${randomUUID()}/documents/${document!.id}?purpose=processing`,
      headers: lead.headers,
    });
    expect(wrongCase.statusCode).toBe(404);
  });
});
