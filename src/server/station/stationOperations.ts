import type { DeliveredService, InPersonReason, QueueEntryKind, ServiceOutcome } from '../../db/schema.ts';
import { DomainError } from '../../domain/errors.ts';
import type { ChecklistSignOff } from '../../domain/stopChecklist.ts';
import { inPersonReasonProblem } from '../../domain/visitFeedback.ts';

/** The operation types of `POST /api/v1/staff/station/stops/:stopId/operations` (docs/station-api.md). */
export const stationOperationTypes = [
  'open_stop',
  'close_stop',
  'check_in',
  'issue_ticket',
  'call',
  'recall',
  'start_service',
  'no_show',
  'park',
  'resume',
  'hand_over',
  'finish',
  'sign_off_checklist',
] as const;
export type StationOperationType = (typeof stationOperationTypes)[number];

interface OperationBase {
  opId: string;
  /** Device clock, ISO instant. */
  at: string;
}

export type StationOperation = OperationBase &
  /** `reason`: why the stop opens without a signed-off checklist (needed only then). */
  (
    | { type: 'open_stop'; reason?: string | undefined }
    | { type: 'close_stop' }
    | { type: 'check_in'; code: string }
    /** The readiness checklist signed off on the tablet, perhaps offline: it travels in order with the rest. */
    | { type: 'sign_off_checklist'; items: ChecklistSignOff[] }
    | {
        type: 'issue_ticket';
        ticketId: string;
        displayNumber: string;
        services: DeliveredService[];
        name?: string | undefined;
        /** "Aus welchem Stadtteil kommen Sie?" (optional), asked at the counter. */
        originDistrictId?: string | undefined;
      }
    | { type: 'call'; entryId: string; counter: number }
    | { type: 'recall' | 'start_service' | 'no_show' | 'park'; entryId: string }
    | { type: 'resume'; entryId: string; counter?: number | undefined }
    | { type: 'hand_over'; entryId: string; toCounter: number }
    | {
        type: 'finish';
        entryId: string;
        deliveredServices: DeliveredService[];
        outcome: ServiceOutcome;
        /** Why the person came in person for services that also exist online (optional, per service). */
        inPersonReasons?: { serviceId: string; reason: InPersonReason }[] | undefined;
      }
  );

/** What the route's schema has already checked: the envelope and the type of every field that is present. */
export interface RawStationOperation {
  opId: string;
  at: string;
  type: StationOperationType;
  code?: string | undefined;
  ticketId?: string | undefined;
  displayNumber?: string | undefined;
  services?: DeliveredService[] | undefined;
  name?: string | undefined;
  entryId?: string | undefined;
  counter?: number | undefined;
  toCounter?: number | undefined;
  deliveredServices?: DeliveredService[] | undefined;
  outcome?: ServiceOutcome | undefined;
  reason?: string | undefined;
  items?: ChecklistSignOff[] | undefined;
  originDistrictId?: string | undefined;
  inPersonReasons?: { serviceId: string; reason: InPersonReason }[] | undefined;
}

const required: Record<StationOperationType, (keyof RawStationOperation)[]> = {
  open_stop: [],
  close_stop: [],
  check_in: ['code'],
  issue_ticket: ['ticketId', 'displayNumber'],
  call: ['entryId', 'counter'],
  recall: ['entryId'],
  start_service: ['entryId'],
  no_show: ['entryId'],
  park: ['entryId'],
  resume: ['entryId'],
  hand_over: ['entryId', 'toCounter'],
  finish: ['entryId', 'deliveredServices', 'outcome'],
  sign_off_checklist: ['items'],
};
const allowed: Record<StationOperationType, (keyof RawStationOperation)[]> = {
  ...required,
  open_stop: ['reason'],
  issue_ticket: ['ticketId', 'displayNumber', 'services', 'name', 'originDistrictId'],
  resume: ['entryId', 'counter'],
  finish: ['entryId', 'deliveredServices', 'outcome', 'inPersonReasons'],
};
const envelope = new Set<keyof RawStationOperation>(['opId', 'at', 'type']);

/**
 * Checks each operation carries exactly the payload of its type. A malformed batch is refused as a whole
 * (400 naming the field), before anything is applied.
 */
export function parseStationOperations(raw: readonly RawStationOperation[]): StationOperation[] {
  return raw.map((operation, index) => {
    const at = `operations.${index}`;
    for (const field of required[operation.type]) {
      if (operation[field] === undefined) {
        throw new DomainError('validation', {
          field: `${at}.${field}`,
          message: `a ${operation.type} operation needs "${field}"`,
        });
      }
    }
    for (const field of Object.keys(operation) as (keyof RawStationOperation)[]) {
      if (
        operation[field] !== undefined &&
        !envelope.has(field) &&
        !allowed[operation.type].includes(field)
      ) {
        throw new DomainError('validation', {
          field: `${at}.${field}`,
          message: `a ${operation.type} operation takes no "${field}"`,
        });
      }
    }
    if (operation.type === 'finish' && operation.inPersonReasons) {
      const problem = inPersonReasonProblem(operation.inPersonReasons, operation.deliveredServices ?? []);
      if (problem) {
        throw new DomainError('validation', {
          field: `${at}.inPersonReasons.${problem.index}.${problem.field}`,
          message: problem.message,
        });
      }
    }
    if (operation.type === 'issue_ticket') {
      return { ...operation, services: operation.services ?? [] } as StationOperation;
    }
    return operation as StationOperation;
  });
}

/** An entry's state as the device is told it (no personal data). */
export interface EntryState {
  id: string;
  kind: QueueEntryKind | 'stop';
  displayNumber: string | null;
  status: string;
  counter: number | null;
}

export type OperationOutcome = 'applied' | 'duplicate' | 'conflict' | 'rejected';

export interface OperationResult {
  opId: string;
  outcome: OperationOutcome;
  /** Kebab-case reason for anything but `applied`, e.g. 'illegal-transition', 'entry-not-found'. */
  reason?: string;
  entry?: EntryState;
}

/** Thrown inside an operation's transaction before it writes anything: the operation is not applied. */
export class OperationRefused extends Error {
  constructor(
    readonly outcome: 'conflict' | 'rejected',
    readonly reason: string,
    readonly entry?: EntryState,
  ) {
    super(`${outcome}: ${reason}`);
  }
}
