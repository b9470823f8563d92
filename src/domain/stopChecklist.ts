/**
 * The readiness checklist of a stop, generated from what the unit carries and what the stop offers: each
 * device on board, the connection, a privacy screen at every counter, the forms, the card terminal.
 */
import { DomainError } from './errors.ts';

export type ChecklistItemKind = 'device' | 'connectivity' | 'privacy_screen' | 'forms' | 'card_terminal';

export interface ChecklistItemTemplate {
  key: string;
  kind: ChecklistItemKind;
  /** The equipment kind a device item stands for. */
  equipmentKind?: string;
}

export interface ChecklistSignOff {
  key: string;
  status: 'ok' | 'problem';
  note?: string | null | undefined;
}

const connectionKinds = new Set(['secure_network']);
const formKinds = new Set(['secure_forms']);
const terminalKinds = new Set(['card_payment']);

/** The checklist for a unit carrying `equipmentKinds` at a stop offering `servicesOffered` services. */
export function stopChecklistItems(
  equipmentKinds: readonly string[],
  servicesOffered: number,
): ChecklistItemTemplate[] {
  const kinds = [...new Set(equipmentKinds)].sort();
  const devices = kinds
    .filter((kind) => !connectionKinds.has(kind) && !formKinds.has(kind) && !terminalKinds.has(kind))
    .map((kind): ChecklistItemTemplate => ({ key: `device:${kind}`, kind: 'device', equipmentKind: kind }));
  const items: ChecklistItemTemplate[] = [...devices];
  items.push({ key: 'connectivity', kind: 'connectivity' });
  if (servicesOffered > 0) items.push({ key: 'privacy_screen', kind: 'privacy_screen' });
  if (kinds.some((kind) => formKinds.has(kind))) items.push({ key: 'forms', kind: 'forms' });
  if (kinds.some((kind) => terminalKinds.has(kind)))
    items.push({ key: 'card_terminal', kind: 'card_terminal' });
  return items;
}

/**
 * Checks a sign-off against the checklist: every item answered once, no unknown item, a note with every
 * problem. Throws a 422 naming the field; returns the answers in the checklist's order.
 */
export function validateSignOff(
  items: readonly ChecklistItemTemplate[],
  answers: readonly ChecklistSignOff[],
): { key: string; status: 'ok' | 'problem'; note: string | null }[] {
  const keys = new Set(items.map((item) => item.key));
  const seen = new Map<string, { key: string; status: 'ok' | 'problem'; note: string | null }>();
  answers.forEach((answer, index) => {
    if (!keys.has(answer.key)) {
      throw new DomainError('checklist_incomplete', {
        field: `items.${index}.key`,
        message: `"${answer.key}" is not on this stop's checklist`,
      });
    }
    if (seen.has(answer.key)) {
      throw new DomainError('checklist_incomplete', {
        field: `items.${index}.key`,
        message: `"${answer.key}" is answered twice`,
      });
    }
    const note = answer.note?.trim() || null;
    if (answer.status === 'problem' && !note) {
      throw new DomainError('checklist_incomplete', {
        field: `items.${index}.note`,
        message: 'describe the problem in a note',
      });
    }
    seen.set(answer.key, { key: answer.key, status: answer.status, note });
  });
  const missing = items.filter((item) => !seen.has(item.key));
  if (missing.length > 0) {
    throw new DomainError('checklist_incomplete', {
      field: 'items',
      message: `not answered: ${missing.map((item) => item.key).join(', ')}`,
      details: { missing: missing.map((item) => item.key) },
    });
  }
  return items.map((item) => seen.get(item.key)!);
}

export const OPENING_REASON_MAX = 500;

/**
 * The rule for opening a stop: its checklist is signed off, or the clerk gives a reason for opening without it
 * (audited and shown to the planners). Returns the reason to keep (null when signed off); throws a 422 naming
 * `field` when neither.
 */
export function openingReason(
  signedOff: boolean,
  reason: string | null | undefined,
  field = 'reason',
): string | null {
  if (signedOff) return null;
  const given = reason?.trim() ?? '';
  if (given === '') {
    throw new DomainError('checklist_not_signed_off', {
      field,
      message: 'sign off the checklist first, or give a reason for opening the stop without it',
    });
  }
  if (given.length > OPENING_REASON_MAX) {
    throw new DomainError('validation', { field, message: `at most ${OPENING_REASON_MAX} characters` });
  }
  return given;
}
