/**
 * The writing side of a case's process, shared by the case commands (caseCreator, caseStepCompleter,
 * taskUpdater) and the hooks in the booking confirmation and the station's finish. Every function takes the
 * caller's transaction: a case, its events, its tasks and its hand-offs change together or not at all. The
 * rules come from src/domain/caseProcess.ts; this module only loads and writes.
 *
 * Seams for the lead engineer (wired by the other helpers' branches):
 * - `recordCaseEvent` is the one writer of `case_events`: the CloudEvents webhooks hook in here
 *   (`emitCaseEvent` on 'created', 'step_completed', 'hand_off_queued' …), in the same transaction.
 * - `queueEfileHandOff` records the queued hand-off; the xdomea writer picks up `efile_hand_offs` rows with
 *   status 'queued' (or is enqueued from here as a job) and moves the case on with `hand_off_written` /
 *   `hand_off_confirmed` from the domain's status machine.
 */
import type { Transaction } from 'kysely';
import { DateTime } from 'luxon';
import type { CaseEventType } from '../../domain/webhooks.ts';
import { queueEfileHandOff as queueEfileWrite } from '../efile/efileHandOffQueue.ts';
import { emitCaseEvent } from '../webhooks/caseEvents.ts';
import type { CaseEventChannel, CaseEventKind, Database } from '../../db/schema.ts';
import {
  assertValidProcessSteps,
  defaultProcessSteps,
  formatCaseNumber,
  stepDeadline,
  type EfileMessage,
  type ProcessStep,
  type StepEntry,
} from '../../domain/caseProcess.ts';

export type Trx = Transaction<Database>;

export interface CaseEventInput {
  municipalityId: string;
  caseId: string;
  kind: CaseEventKind;
  stepKey?: string | null;
  channel: CaseEventChannel;
  /** `staff:<id>`, 'citizen' or 'system': never a name. */
  actor: string;
  at: Date;
  /** Ids, keys and codes only: no personal data, no document content. */
  data?: Record<string, unknown>;
}

/** Which timeline events the specialist procedures receive as CloudEvents (webhooks), and as what. */
const webhookTypes: Partial<Record<CaseEventKind, CaseEventType>> = {
  created: 'de.mobiles-rathaus.case.created',
  step_completed: 'de.mobiles-rathaus.case.step-completed',
  hand_off_queued: 'de.mobiles-rathaus.case.status-changed',
  hand_off_failed: 'de.mobiles-rathaus.case.status-changed',
  hand_off_confirmed: 'de.mobiles-rathaus.case.handed-off',
  cancelled: 'de.mobiles-rathaus.case.status-changed',
  closed: 'de.mobiles-rathaus.case.closed',
};

/**
 * Appends one event to the case's timeline (and the process log). The one writer of `case_events`: events
 * the specialist procedures subscribe to go out as CloudEvents from here, in the same transaction (ids, the
 * case number, step, channel and status only; never the citizen).
 */
export async function recordCaseEvent(trx: Trx, event: CaseEventInput): Promise<void> {
  await trx
    .insertInto('case_events')
    .values({
      municipality_id: event.municipalityId,
      case_id: event.caseId,
      at: event.at,
      kind: event.kind,
      step_key: event.stepKey ?? null,
      channel: event.channel,
      actor: event.actor,
      data: JSON.stringify(event.data ?? {}),
    })
    .execute();
  const type = webhookTypes[event.kind];
  if (!type) return;
  const kase = await trx
    .selectFrom('cases')
    .select(['department_id', 'service_id', 'number', 'status'])
    .where('id', '=', event.caseId)
    .executeTakeFirstOrThrow();
  // A record confirmed while its documents still follow is not handed off yet.
  if (type === 'de.mobiles-rathaus.case.handed-off' && kase.status !== 'handed_off') return;
  const scalar = (value: unknown) => (typeof value === 'string' ? value : null);
  await emitCaseEvent(trx, {
    municipalityId: event.municipalityId,
    departmentId: kase.department_id,
    serviceId: kase.service_id,
    type,
    caseId: event.caseId,
    time: event.at,
    data: {
      caseNumber: kase.number,
      status: kase.status,
      step: event.stepKey ?? null,
      channel: event.channel,
      ...(scalar(event.data?.handOffId) ? { handOffId: scalar(event.data?.handOffId) } : {}),
      ...(scalar(event.data?.taskId) ? { taskId: scalar(event.data?.taskId) } : {}),
    },
  });
}

/** Reads a definition's steps from its JSON column. */
export function stepsOf(json: unknown): ProcessStep[] {
  const steps = (typeof json === 'string' ? JSON.parse(json) : json) as ProcessStep[];
  return steps;
}

export interface ActiveDefinition {
  id: string;
  steps: ProcessStep[];
  efileMessage: EfileMessage;
}

/**
 * The service's process definition in force. A service without one gets the default process (source 'seed'),
 * created here; two transactions creating it at once meet at the one-active index and both use the winner's.
 */
export async function activeDefinition(
  trx: Trx,
  municipalityId: string,
  serviceId: string,
): Promise<ActiveDefinition> {
  const load = () =>
    trx
      .selectFrom('process_definitions')
      .select(['id', 'steps', 'efile_message'])
      .where('municipality_id', '=', municipalityId)
      .where('service_id', '=', serviceId)
      .where('active', '=', true)
      .executeTakeFirst();
  let row = await load();
  if (!row) {
    const steps = defaultProcessSteps();
    assertValidProcessSteps(steps);
    const latest = await trx
      .selectFrom('process_definitions')
      .select((eb) => eb.fn.max('version').as('version'))
      .where('municipality_id', '=', municipalityId)
      .where('service_id', '=', serviceId)
      .executeTakeFirst();
    await trx
      .insertInto('process_definitions')
      .values({
        municipality_id: municipalityId,
        service_id: serviceId,
        version: Number(latest?.version ?? 0) + 1,
        name: 'Standardablauf',
        source: 'seed',
        steps: JSON.stringify(steps),
        efile_message: 'record',
      })
      .onConflict((conflict) => conflict.doNothing())
      .execute();
    row = await load();
  }
  if (!row) throw new Error(`no process definition for ${serviceId}`);
  return { id: row.id, steps: stepsOf(row.steps), efileMessage: row.efile_message };
}

/** The next case number of the municipality and year, by one atomic upsert of the counter row. */
export async function nextCaseNumber(trx: Trx, municipalityId: string, at: Date): Promise<string> {
  const year = DateTime.fromJSDate(at).setZone('Europe/Berlin').year;
  const { last_number } = await trx
    .insertInto('case_number_counters')
    .values({ municipality_id: municipalityId, year, last_number: 1 })
    .onConflict((conflict) =>
      conflict
        .columns(['municipality_id', 'year'])
        .doUpdateSet((eb) => ({ last_number: eb('case_number_counters.last_number', '+', 1) })),
    )
    .returning('last_number')
    .executeTakeFirstOrThrow();
  return formatCaseNumber(year, last_number);
}

/** The channel a step's events carry. */
export const stepChannel = (step: ProcessStep): CaseEventChannel =>
  step.actor === 'stop' ? 'stop' : step.actor === 'department' ? 'department' : 'back_office';

export interface EnteredCase {
  municipalityId: string;
  caseId: string;
  departmentId: string | null;
  efileMessage: EfileMessage;
}

/**
 * Writes what entering a step means: the 'step_started' event, a task in the owning department's inbox for a
 * back-office or department step (due by the step's deadline), and a queued hand-off for the hand-off step.
 * The case row's status and current step are set by the caller.
 */
export async function enterCaseStep(
  trx: Trx,
  target: EnteredCase,
  entry: StepEntry,
  context: { actor: string; at: Date },
): Promise<void> {
  const { step } = entry;
  await recordCaseEvent(trx, {
    municipalityId: target.municipalityId,
    caseId: target.caseId,
    kind: 'step_started',
    stepKey: step.key,
    channel: stepChannel(step),
    actor: context.actor,
    at: context.at,
  });
  if (entry.createsTask) {
    const task = await trx
      .insertInto('tasks')
      .values({
        municipality_id: target.municipalityId,
        case_id: target.caseId,
        step_key: step.key,
        department_id: target.departmentId,
        due_at: stepDeadline(step, context.at),
        created_at: context.at,
        updated_at: context.at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordCaseEvent(trx, {
      municipalityId: target.municipalityId,
      caseId: target.caseId,
      kind: 'task_created',
      stepKey: step.key,
      channel: stepChannel(step),
      actor: 'system',
      at: context.at,
      data: { taskId: task.id, departmentId: target.departmentId },
    });
  }
  if (entry.queuesHandOff) await queueEfileHandOff(trx, target, context);
}

/**
 * The one place a case's hand-off is queued: the hand-off row (`efile_hand_offs`, status 'queued') with the job
 * that writes its xdomea message, and the 'hand_off_queued' event, in the caller's transaction. Called on
 * reaching the hand-off step (`enterCaseStep`) and when staff hand a case off again (`handOffCaseToEfile`); the
 * caller sets the case's status first, so the event's CloudEvent carries it.
 */
export async function queueEfileHandOff(
  trx: Trx,
  target: EnteredCase,
  context: { actor: string; at: Date },
): Promise<string> {
  // The hand-off row and the job that writes its xdomea message, in this transaction.
  const handOff = {
    id: await queueEfileWrite(trx, {
      municipalityId: target.municipalityId,
      caseId: target.caseId,
      message: target.efileMessage,
    }),
  };
  await recordCaseEvent(trx, {
    municipalityId: target.municipalityId,
    caseId: target.caseId,
    kind: 'hand_off_queued',
    channel: 'back_office',
    actor: context.actor,
    at: context.at,
    data: { handOffId: handOff.id, message: target.efileMessage },
  });
  return handOff.id;
}
