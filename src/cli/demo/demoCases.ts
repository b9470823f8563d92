import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import type { AppConfig } from '../../config.ts';
import type { CaseChannel, Database } from '../../db/schema.ts';
import { withStaffTables } from '../../db/staffSchema.ts';
import { MINUTE_MS } from '../../domain/time.ts';
import { stepsOf } from '../../server/cases/caseWorkflow.ts';
import { addCaseDocument } from '../../server/commands/caseDocumentAdder.ts';
import { openCase } from '../../server/commands/caseCreator.ts';
import { completeCaseStep } from '../../server/commands/caseStepCompleter.ts';
import { applyConfirmation } from '../../server/commands/efileConfirmationsReader.ts';
import { writeEfileHandOff } from '../../server/commands/efileHandOffWriter.ts';
import { onePagePdf } from './onePagePdf.ts';

/** Who the demo cases' steps were worked by: the demo, never a person. */
const DEMO_ACTOR = 'system:demo';
const DAY_MS = 24 * 60 * MINUTE_MS;

/**
 * The demo cases: one per state a back office meets, so the case pages and the hand-off to the e-file can be
 * tried at once. Names are fictitious; every case is marked as demo (cases.demo).
 * - `openedMinutesAgo` / `stepsDone`: opened then, and that many steps completed (each a while later);
 * - `handOff`: what the DMS answered to the hand-off reached with the last completed step.
 */
interface DemoCase {
  serviceId: string;
  channel: CaseChannel;
  citizen: string;
  /** Days before now the case was opened. */
  openedDaysAgo: number;
  /** Steps completed, each `stepEveryDays` after the previous one (the first after opening). */
  stepsDone: 'all_before_hand_off' | number;
  stepEveryDays: number;
  documents: { fileName: string; text: string }[];
  handOff?: 'refused' | 'confirmed';
}

export const demoCases: readonly DemoCase[] = [
  // Just opened online: waits at its first step, at the stop.
  {
    serviceId: 'wohnsitz-anmelden',
    channel: 'online',
    citizen: 'Mia Beispiel',
    openedDaysAgo: 0.05,
    stepsDone: 0,
    stepEveryDays: 0,
    documents: [],
  },
  // The ID card is in: it waits at the stop to be handed over.
  {
    serviceId: 'personalausweis-beantragen',
    channel: 'stop',
    citizen: 'Paul Platzhalter',
    openedDaysAgo: 21,
    stepsDone: 3,
    stepEveryDays: 6,
    documents: [{ fileName: 'Antrag-Personalausweis.pdf', text: 'Demo: Antrag Personalausweis (fiktiv)' }],
  },
  // Taken up at the stop this morning: the order is a task in the back office's inbox.
  {
    serviceId: 'reisepass-beantragen',
    channel: 'stop',
    citizen: 'Lena Probe',
    openedDaysAgo: 0.2,
    stepsDone: 1,
    stepEveryDays: 0.01,
    documents: [],
  },
  // Its back-office task is past its deadline (two days).
  {
    serviceId: 'fuehrungszeugnis',
    channel: 'stop',
    citizen: 'Otto Exempel',
    openedDaysAgo: 8,
    stepsDone: 1,
    stepEveryDays: 0.02,
    documents: [],
  },
  // At the hand-off step; the DMS refused the record: ready to be handed off again from the case page.
  {
    serviceId: 'bewohnerparkausweis',
    channel: 'back_office',
    citizen: 'Clara Fiktiv',
    openedDaysAgo: 6,
    stepsDone: 'all_before_hand_off',
    stepEveryDays: 1,
    documents: [{ fileName: 'Fahrzeugschein.pdf', text: 'Demo: Fahrzeugschein (fiktiv)' }],
    handOff: 'refused',
  },
  // Handed off: the DMS confirmed the record and the documents filed into it.
  {
    serviceId: 'wohnsitz-anmelden',
    channel: 'stop',
    citizen: 'Jonas Muster',
    openedDaysAgo: 12,
    stepsDone: 'all_before_hand_off',
    stepEveryDays: 2,
    documents: [
      { fileName: 'Wohnungsgeberbestaetigung.pdf', text: 'Demo: Wohnungsgeberbestaetigung (fiktiv)' },
      { fileName: 'Anmeldung.pdf', text: 'Demo: Anmeldung (fiktiv)' },
    ],
    handOff: 'confirmed',
  },
];

/** A one-page PDF saying what it is: a demo document (checked by content like every upload). */
export function demoPdf(text: string): Uint8Array {
  return onePagePdf(text.replace(/[()\\]/g, ''), 14);
}

/**
 * Writes the demo cases through the case commands, as staff and the DMS would have moved them: opened
 * (openCase, marked demo), steps completed with their checklists (completeCaseStep: tasks, deadlines and the
 * queued hand-off follow from the process), documents added (addCaseDocument: encrypted with the configured
 * keys), the hand-off written (writeEfileHandOff, into a temporary folder the demo removes again: no DMS
 * imports it) and answered by the DMS (applyConfirmation). Needs the first admin (documents name who captured
 * them); without one, none are written. Only for a fresh embedded development database (seedDemoActivity).
 */
export async function seedDemoCases(
  db: Kysely<Database>,
  config: AppConfig,
  options: { municipalityId: string; now?: Date },
): Promise<{ cases: number }> {
  const now = options.now ?? new Date();
  const { municipalityId } = options;
  const admin = await withStaffTables(db)
    .selectFrom('staff_users')
    .select('id')
    .where('municipality_id', '=', municipalityId)
    .where('role', '=', 'admin')
    .orderBy('created_at')
    .executeTakeFirst();
  if (!admin) return { cases: 0 };
  const services = new Set(
    (
      await db
        .selectFrom('process_definitions')
        .select('service_id')
        .where('municipality_id', '=', municipalityId)
        .where('active', '=', true)
        .execute()
    ).map((row) => row.service_id),
  );
  const workDir = await mkdtemp(join(tmpdir(), 'mr-demo-efile-'));
  const demoConfig: AppConfig = {
    ...config,
    efile: { ...config.efile, transferDir: join(workDir, 'outbox'), inboxDir: join(workDir, 'inbox') },
  };
  let written = 0;
  try {
    for (const demo of demoCases) {
      if (!services.has(demo.serviceId)) continue;
      await writeDemoCase(db, demoConfig, { municipalityId, adminId: admin.id, now, demo });
      written++;
    }
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  return { cases: written };
}

async function writeDemoCase(
  db: Kysely<Database>,
  config: AppConfig,
  props: { municipalityId: string; adminId: string; now: Date; demo: DemoCase },
): Promise<void> {
  const { municipalityId, adminId, demo } = props;
  let at = new Date(props.now.getTime() - demo.openedDaysAgo * DAY_MS);
  const later = () => (at = new Date(at.getTime() + demo.stepEveryDays * DAY_MS));
  const { id: caseId } = await db.transaction().execute((trx) =>
    openCase(trx, {
      municipalityId,
      serviceId: demo.serviceId,
      channel: demo.channel,
      actor: demo.channel === 'online' ? 'citizen' : DEMO_ACTOR,
      citizen: { name: demo.citizen },
      at,
      demo: true,
    }),
  );
  const definition = await db
    .selectFrom('cases')
    .innerJoin('process_definitions', 'process_definitions.id', 'cases.process_definition_id')
    .select('process_definitions.steps')
    .where('cases.id', '=', caseId)
    .executeTakeFirstOrThrow();
  const steps = stepsOf(definition.steps);
  const handOffIndex = steps.findIndex((step) => step.handOff);
  const done = demo.stepsDone === 'all_before_hand_off' ? handOffIndex : demo.stepsDone;

  for (const [index, document] of demo.documents.entries()) {
    await addCaseDocument(db, config, {
      municipalityId,
      caseId,
      userId: adminId,
      departments: undefined,
      fileName: document.fileName,
      declaredMediaType: 'application/pdf',
      bytes: demoPdf(document.text),
      clientUploadId: undefined,
      channel: demo.channel === 'back_office' ? 'back_office' : 'stop',
      now: new Date(at.getTime() + (index + 1) * MINUTE_MS),
    });
  }
  for (const step of steps.slice(0, done)) {
    later();
    await completeCaseStep(db, {
      municipalityId,
      caseId,
      stepKey: step.key,
      checklist: step.checklist,
      actor: DEMO_ACTOR,
      userId: adminId,
      role: 'admin',
      departmentScope: undefined,
      at,
    });
  }
  if (!demo.handOff) return;

  // Reaching the hand-off step queued its message: written now, answered by the demo's DMS an hour later.
  const answer = async (accepted: boolean) => {
    const handOff = await db
      .selectFrom('efile_hand_offs')
      .select(['id', 'message'])
      .where('case_id', '=', caseId)
      .where('status', '=', 'queued')
      .orderBy('queued_at')
      .executeTakeFirstOrThrow();
    later();
    await writeEfileHandOff(db, config, { municipalityId, handOffId: handOff.id, attempt: 1 }, at);
    later();
    await applyConfirmation(
      db,
      {
        fileName: `${handOff.id}_demo.xml`,
        processId: handOff.id,
        messageCode: handOff.message === 'hand_over' ? '0402' : '0630',
        messageName:
          handOff.message === 'hand_over' ? 'Abgabe.ImportBestaetigen' : 'FVDaten.ImportBestaetigen',
        confirmation: 'import',
        messageKind: undefined,
        accepted,
        createdAt: at.toISOString(),
        ...(accepted
          ? { records: [{ id: randomUUID(), accepted: true, location: 'Demo-Akte 32/1' }] }
          : { error: 'Demo: Aktenplankennzeichen fehlt' }),
      },
      at,
    );
    return handOff.message;
  };
  if (demo.handOff === 'refused') {
    await answer(false);
    return;
  }
  // A record first (its documents then follow into it with a filing message), or a hand-over at once.
  if ((await answer(true)) === 'record') {
    const pending = await db
      .selectFrom('efile_hand_offs')
      .select('id')
      .where('case_id', '=', caseId)
      .where('status', '=', 'queued')
      .executeTakeFirst();
    if (pending) await answer(true);
  }
}
