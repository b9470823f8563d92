/** Operations: every change the station makes, applied on the device first and sent to the server later. */

export type FinishOutcome = 'done' | 'follow_up' | 'referred';

/** Why the citizen came in person for a service that also exists online ("why not online"). */
export const inPersonReasons = ['did_not_know', 'no_eid', 'needs_help', 'legal_presence', 'other'] as const;
export type InPersonReason = (typeof inPersonReasons)[number];

export interface ServiceQuantity {
  serviceId: string;
  quantity: number;
}

/** One item of the readiness checklist as answered on the tablet. */
export interface ChecklistAnswer {
  key: string;
  status: 'ok' | 'problem';
  note?: string;
}

export type OperationPayload =
  /** `reason`: why the stop opens without its signed-off checklist (the server refuses it otherwise) */
  | { type: 'open_stop'; reason?: string }
  /** the checklist signed off, online or offline: it travels in the outbox before the opening */
  | { type: 'sign_off_checklist'; items: ChecklistAnswer[] }
  | { type: 'close_stop' }
  | { type: 'check_in'; code: string }
  | {
      type: 'issue_ticket';
      ticketId: string;
      displayNumber: string;
      services: ServiceQuantity[];
      name?: string;
      originDistrictId?: string;
    }
  | { type: 'call'; entryId: string; counter: number }
  | { type: 'recall'; entryId: string }
  | { type: 'start_service'; entryId: string }
  | { type: 'no_show'; entryId: string }
  | { type: 'park'; entryId: string }
  /** calls the parked person again, at `counter` (default: the counter that parked them) */
  | { type: 'resume'; entryId: string; counter?: number }
  | { type: 'hand_over'; entryId: string; toCounter: number }
  | {
      type: 'finish';
      entryId: string;
      deliveredServices: ServiceQuantity[];
      outcome: FinishOutcome;
      inPersonReasons?: { serviceId: string; reason: InPersonReason }[];
    };

export type OperationType = OperationPayload['type'];

/** An operation as sent to `POST …/operations`: the payload plus its idempotency key and device time. */
export type Operation = OperationPayload & { opId: string; at: string };

/** An operation waiting on the device, with the stop it belongs to and its place in the queue. */
export interface QueuedOperation {
  seq: number;
  stopId: string;
  op: Operation;
}

export function makeOperation(
  payload: OperationPayload,
  now: Date = new Date(),
  randomId: () => string = () => globalThis.crypto.randomUUID(),
): Operation {
  return { ...payload, opId: randomId(), at: now.toISOString() } as Operation;
}

/** The walk-in number a device gives offline: `W-<counter><seq>`, so two tablets never collide. */
export function deviceTicketNumber(counter: number, existing: readonly string[]): string {
  const prefix = `W-${counter}`;
  let highest = 0;
  for (const number of existing) {
    const match = new RegExp(`^W-${counter}(\\d{2,})$`).exec(number);
    if (match?.[1]) highest = Math.max(highest, Number(match[1]));
  }
  return `${prefix}${String(highest + 1).padStart(2, '0')}`;
}
