// The hand-off of a case to the e-file end to end (tracker issue 11, item 4): queued by staff, written by the
// job as an xdomea container into the transfer directory, unzipped and validated against the official XSD,
// confirmed by the DMS through the inbox, its documents filed into the DMS's record; a refusal, a failing
// transfer directory and a missing confirmation on PGlite and PostgreSQL.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type AppConfig } from '../../config.ts';
import type { DatabaseHandle } from '../../db/connection.ts';
import { formatCaseNumber, type ProcessStep } from '../../domain/caseProcess.ts';
import { DomainError } from '../../domain/errors.ts';
import { samplePdf, samplePng } from '../../../test/support/documentSamples.ts';
import { createStaff, type TestStaff } from '../../../test/support/staffSession.ts';
import { createTestDatabase, testDatabaseKinds } from '../../../test/support/testDatabase.ts';
import { acceptedFvConfirmation, handOverConfirmation } from '../../../test/support/xdomeaConfirmations.ts';
import { handOffCaseToEfile } from '../commands/caseEfileHandOffRequester.ts';
import { storeDocument } from '../commands/documentStorer.ts';
import { readEfileConfirmations, resendUnconfirmedHandOffs } from '../commands/efileConfirmationsReader.ts';
import { EFILE_WRITE_ATTEMPTS } from '../commands/efileHandOffWriter.ts';
import { jobHandlers } from '../jobs/jobHandlers.ts';
import { runDueJobs } from '../jobs/jobRunner.ts';
import { listEfileHandOffs } from '../queries/efileHandOffQueries.ts';
import { validateXdomeaMessage } from './index.ts';

const RECORD_SERVICE = 'personalausweis-beantragen';
const HAND_OVER_SERVICE = 'fuehrungszeugnis';

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe.each(testDatabaseKinds)('hand-off to the e-file (%s)', (kind) => {
  let database: DatabaseHandle;
  let lead: TestStaff;
  let config: AppConfig;
  let workDir: string;
  let running = 0;
  const db = () => database.db;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    lead = await createStaff(database.db, 'guetersloh', 'admin');
    workDir = await mkdtemp(join(tmpdir(), 'mr-efile-'));
    config = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: workDir,
      DOCUMENT_KEYS: `k1:${randomBytes(32).toString('base64')}`,
    });
  });
  afterAll(async () => {
    await database?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  /** A case of a service in the given status at its hand-off step (or another), as the case commands leave it. */
  async function createCase(
    serviceId: string,
    status: 'in_progress' | 'closed' = 'in_progress',
    atHandOff = true,
  ) {
    const service = await db()
      .selectFrom('services as s')
      .innerJoin('process_definitions as p', (join) =>
        join.onRef('p.municipality_id', '=', 's.municipality_id').onRef('p.service_id', '=', 's.id'),
      )
      .select(['s.department_id', 'p.id as definition_id', 'p.steps'])
      .where('s.municipality_id', '=', lead.municipalityId)
      .where('s.id', '=', serviceId)
      .where('p.active', '=', true)
      .executeTakeFirstOrThrow();
    const steps = service.steps as ProcessStep[];
    const handOffStep = steps.find((step) => step.handOff)!;
    running += 1;
    return db()
      .insertInto('cases')
      .values({
        municipality_id: lead.municipalityId,
        number: formatCaseNumber(2026, 900_000 + running),
        service_id: serviceId,
        department_id: service.department_id,
        process_definition_id: service.definition_id,
        status,
        channel: 'stop',
        current_step_key: atHandOff ? handOffStep.key : steps[0]!.key,
        citizen_name: 'Erika Mustermann',
      })
      .returning(['id', 'number', 'department_id'])
      .executeTakeFirstOrThrow();
  }

  async function addDocument(caseId: string, fileName: string, bytes: Uint8Array) {
    const { document } = await storeDocument(db(), config, {
      municipalityId: lead.municipalityId,
      ownerKind: 'case',
      ownerId: caseId,
      serviceId: RECORD_SERVICE,
      fileName,
      bytes,
      capturedBy: lead.id,
    });
    return document.id;
  }

  const runEfileJobs = async (now = new Date()) => {
    let runs = 0;
    while ((await runDueJobs(db(), jobHandlers(db(), config), now, undefined, { only: ['efile.write'] })) > 0)
      runs++;
    return runs;
  };

  const handOffsOf = (caseId: string) => listEfileHandOffs(db(), lead.municipalityId, undefined, { caseId });
  const caseStatus = async (caseId: string) =>
    (await db().selectFrom('cases').select('status').where('id', '=', caseId).executeTakeFirstOrThrow())
      .status;
  const eventsOf = async (caseId: string) =>
    (
      await db()
        .selectFrom('case_events')
        .select('kind')
        .where('case_id', '=', caseId)
        .orderBy('id')
        .execute()
    ).map((event) => event.kind);

  /** The container's files; its message validated against the official schema. */
  async function container(fileName: string) {
    const files = unzipSync(new Uint8Array(await readFile(join(config.efile.transferDir, fileName))));
    const names = Object.keys(files);
    const messageName = names.find((name) => name.endsWith('.xml'))!;
    const xml = new TextDecoder().decode(files[messageName]);
    expect(await validateXdomeaMessage(xml)).toEqual({ valid: true, errors: [] });
    return { files, names, messageName, xml };
  }

  it('creates the record (0604), files the documents into the DMS’s record (0605) and hands the case off', async () => {
    const kase = await createCase(RECORD_SERVICE);
    const pdf = samplePdf('Antrag');
    const png = samplePng();
    const pdfId = await addDocument(kase.id, 'Antrag.pdf', pdf);
    const pngId = await addDocument(kase.id, 'Foto.png', png);

    const queued = await handOffCaseToEfile(db(), {
      municipalityId: lead.municipalityId,
      caseId: kase.id,
      userId: lead.id,
      departments: undefined,
      now: new Date(),
    });
    expect(queued.message).toBe('record');
    expect(await caseStatus(kase.id)).toBe('handing_off');
    expect(await runEfileJobs()).toBeGreaterThan(0);

    const [record] = await handOffsOf(kase.id);
    expect(record).toMatchObject({
      id: queued.handOffId,
      message: 'record',
      status: 'written',
      documents: 0,
    });
    const created = await container(record!.fileName!);
    expect(created.messageName).toBe(`${queued.handOffId}_FVDaten.SGOErstellen.0604.xml`);
    expect(created.xml).toContain(kase.number);
    // The citizen's name is not in the message head or the record's subject.
    expect(created.xml).not.toContain('Mustermann');

    // The DMS confirms the record with its own id: the documents follow into it.
    const dmsRecordId = randomUUID();
    await mkdir(config.efile.inboxDir, { recursive: true });
    const confirmationName = `${queued.handOffId}_FVDaten.ImportBestaetigen.0630.xml`;
    await writeFile(
      join(config.efile.inboxDir, confirmationName),
      acceptedFvConfirmation(queued.handOffId, dmsRecordId),
    );
    expect(await readEfileConfirmations(db(), config, new Date())).toMatchObject({
      confirmed: 1,
      rejected: 0,
    });
    expect(await caseStatus(kase.id)).toBe('handing_off');
    await runEfileJobs();
    const afterRecord = await handOffsOf(kase.id);
    const filing = afterRecord.find((handOff) => handOff.message === 'file')!;
    expect(filing).toMatchObject({ status: 'written', documents: 2 });
    expect(afterRecord.find((handOff) => handOff.message === 'record')).toMatchObject({
      status: 'confirmed',
      dmsRecordId,
    });
    const filed = await container(filing.fileName!);
    expect(filed.messageName).toBe(`${filing.id}_FVDaten.SGOAblegen.0605.xml`);
    expect(filed.xml).toContain(dmsRecordId);
    const documents = filed.names.filter((name) => !name.endsWith('.xml'));
    expect(documents).toHaveLength(2);
    const byId = (id: string) => filed.files[documents.find((name) => name.startsWith(id))!]!;
    expect(Buffer.from(byId(pdfId)).equals(Buffer.from(pdf))).toBe(true);
    expect(Buffer.from(byId(pngId)).equals(Buffer.from(png))).toBe(true);
    // Each document read for the hand-off is audited with its purpose.
    const reads = await db()
      .selectFrom('audit_events')
      .select(['actor', 'details'])
      .where('action', '=', 'document.read')
      .where('subject_id', 'in', [pdfId, pngId])
      .execute();
    expect(reads).toHaveLength(2);
    for (const read of reads) {
      expect(read.actor).toBe('system');
      expect(read.details).toMatchObject({ purpose: 'efile_handoff' });
    }

    await writeFile(
      join(config.efile.inboxDir, `${filing.id}_FVDaten.ImportBestaetigen.0630.xml`),
      acceptedFvConfirmation(filing.id, dmsRecordId),
    );
    expect(await readEfileConfirmations(db(), config, new Date())).toMatchObject({ confirmed: 1 });
    expect(await caseStatus(kase.id)).toBe('handed_off');
    expect(await eventsOf(kase.id)).toEqual([
      'hand_off_queued',
      'handed_off',
      'hand_off_confirmed',
      'handed_off',
      'hand_off_confirmed',
    ]);
    // The same confirmation read again (a crash before its file moved) changes nothing.
    await writeFile(
      join(config.efile.inboxDir, confirmationName),
      acceptedFvConfirmation(queued.handOffId, randomUUID()),
    );
    expect(await readEfileConfirmations(db(), config, new Date())).toMatchObject({
      confirmed: 0,
      ignored: 1,
    });
    expect((await handOffsOf(kase.id)).find((handOff) => handOff.message === 'record')?.dmsRecordId).toBe(
      dmsRecordId,
    );
    expect(await readdir(config.efile.inboxDir)).toEqual(['processed']);
  });

  it('hands a case over (0401); a refusal sends it back to work, and staff hand it off again', async () => {
    const kase = await createCase(HAND_OVER_SERVICE);
    await addDocument(kase.id, 'Antrag.pdf', samplePdf('Führungszeugnis'));
    const first = await handOffCaseToEfile(db(), {
      municipalityId: lead.municipalityId,
      caseId: kase.id,
      userId: lead.id,
      departments: undefined,
      now: new Date(),
    });
    expect(first.message).toBe('hand_over');
    await runEfileJobs();
    const [written] = await handOffsOf(kase.id);
    const handedOver = await container(written!.fileName!);
    expect(handedOver.messageName).toBe(`${first.handOffId}_Abgabe.Abgabe.0401.xml`);
    expect(handedOver.names.filter((name) => !name.endsWith('.xml'))).toHaveLength(1);

    await writeFile(
      join(config.efile.inboxDir, `${first.handOffId}_Abgabe.ImportBestaetigen.0402.xml`),
      handOverConfirmation(first.handOffId, kase.id, false),
    );
    expect(await readEfileConfirmations(db(), config, new Date())).toMatchObject({ rejected: 1 });
    expect((await handOffsOf(kase.id))[0]).toMatchObject({ status: 'rejected' });
    expect((await handOffsOf(kase.id))[0]!.lastError).toContain('Aktenplaneinheit fehlt');
    expect(await caseStatus(kase.id)).toBe('in_progress');

    const second = await handOffCaseToEfile(db(), {
      municipalityId: lead.municipalityId,
      caseId: kase.id,
      userId: lead.id,
      departments: undefined,
      now: new Date(),
    });
    await runEfileJobs();
    await writeFile(
      join(config.efile.inboxDir, `${second.handOffId}_Abgabe.ImportBestaetigen.0402.xml`),
      handOverConfirmation(second.handOffId, kase.id, true),
    );
    expect(await readEfileConfirmations(db(), config, new Date())).toMatchObject({ confirmed: 1 });
    expect(await caseStatus(kase.id)).toBe('handed_off');
    expect((await handOffsOf(kase.id)).map((handOff) => handOff.status).sort()).toEqual([
      'confirmed',
      'rejected',
    ]);
  });

  it('refuses what cannot be handed off and changes nothing', async () => {
    const closed = await createCase(RECORD_SERVICE, 'closed');
    const open = await createCase(RECORD_SERVICE);
    const early = await createCase(RECORD_SERVICE, 'in_progress', false);
    const props = (caseId: string, departments?: string[]) => ({
      municipalityId: lead.municipalityId,
      caseId,
      userId: lead.id,
      departments,
      now: new Date(),
    });
    expect((await refusal(handOffCaseToEfile(db(), props(randomUUID())))).code).toBe('not_found');
    expect((await refusal(handOffCaseToEfile(db(), props('not-a-uuid')))).code).toBe('not_found');
    expect((await refusal(handOffCaseToEfile(db(), props(closed.id)))).code).toBe('illegal_transition');
    expect((await refusal(handOffCaseToEfile(db(), props(early.id)))).code).toBe('step_not_current');
    expect(await handOffsOf(early.id)).toEqual([]);
    const other = (await refusal(handOffCaseToEfile(db(), props(open.id, ['another-department'])))).code;
    expect(other).toBe('department_scope');
    expect(await handOffsOf(open.id)).toEqual([]);
    expect(await handOffsOf(closed.id)).toEqual([]);
    expect(await caseStatus(open.id)).toBe('in_progress');
    // A department lead of the case's own department may.
    await handOffCaseToEfile(db(), props(open.id, [open.department_id!]));
    // A case already in hand-off is not queued twice.
    expect((await refusal(handOffCaseToEfile(db(), props(open.id)))).code).toBe('illegal_transition');
    expect(await handOffsOf(open.id)).toHaveLength(1);
  });

  it('keeps a failing write queued with its error, fails it after the last attempt, and writes again what stays unconfirmed', async () => {
    const kase = await createCase(HAND_OVER_SERVICE);
    const queued = await handOffCaseToEfile(db(), {
      municipalityId: lead.municipalityId,
      caseId: kase.id,
      userId: lead.id,
      departments: undefined,
      now: new Date(),
    });
    // The transfer directory is a file: every write fails.
    const blocked = join(workDir, 'not-a-directory');
    await writeFile(blocked, 'x');
    const working = config;
    config = { ...config, efile: { ...config.efile, transferDir: blocked } };
    try {
      let now = Date.now();
      for (let attempt = 1; attempt <= EFILE_WRITE_ATTEMPTS; attempt++) {
        await runDueJobs(db(), jobHandlers(db(), config), new Date(now), undefined, {
          only: ['efile.write'],
        });
        const [handOff] = await handOffsOf(kase.id);
        expect(handOff!.attempts).toBe(attempt);
        expect(handOff!.lastError).toBeTruthy();
        expect(handOff!.status).toBe(attempt < EFILE_WRITE_ATTEMPTS ? 'queued' : 'failed');
        now += 24 * 3_600_000; // past the job queue's back-off
      }
    } finally {
      config = working;
    }
    expect(await caseStatus(kase.id)).toBe('in_progress');
    expect(await eventsOf(kase.id)).toContain('hand_off_failed');

    // Handed off again, written, but the DMS never answers: written again after a day, then failed.
    const again = await handOffCaseToEfile(db(), {
      municipalityId: lead.municipalityId,
      caseId: kase.id,
      userId: lead.id,
      departments: undefined,
      now: new Date(),
    });
    await runEfileJobs();
    const written = (await handOffsOf(kase.id)).find((handOff) => handOff.id === again.handOffId)!;
    expect(written).toMatchObject({ status: 'written', attempts: 1 });
    let now = Date.now();
    expect(await resendUnconfirmedHandOffs(db(), new Date(now + 3_600_000), 24)).toEqual({
      resent: 0,
      failed: 0,
    });
    for (let attempt = 2; attempt <= EFILE_WRITE_ATTEMPTS; attempt++) {
      now += 25 * 3_600_000;
      expect(await resendUnconfirmedHandOffs(db(), new Date(now), 24)).toEqual({ resent: 1, failed: 0 });
      await runEfileJobs(new Date(now));
      const handOff = (await handOffsOf(kase.id)).find((entry) => entry.id === again.handOffId)!;
      expect(handOff).toMatchObject({ status: 'written', attempts: attempt, fileName: written.fileName });
    }
    // Rewritten under the same name: one container for the DMS.
    const containers = (await readdir(config.efile.transferDir)).filter((name) =>
      name.startsWith(again.handOffId),
    );
    expect(containers).toEqual([written.fileName]);
    now += 25 * 3_600_000;
    expect(await resendUnconfirmedHandOffs(db(), new Date(now), 24)).toEqual({ resent: 0, failed: 1 });
    expect((await handOffsOf(kase.id)).find((entry) => entry.id === again.handOffId)).toMatchObject({
      status: 'failed',
      lastError: 'no confirmation from the DMS',
    });
    expect(await caseStatus(kase.id)).toBe('in_progress');
    void queued;
  });
});
