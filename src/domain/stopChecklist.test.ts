import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.ts';
import { openingReason, stopChecklistItems, validateSignOff } from './stopChecklist.ts';

describe('the readiness checklist of a stop', () => {
  it('lists each device on board, the connection, the privacy screen, the forms and the card terminal', () => {
    const items = stopChecklistItems(
      ['printer', 'secure_network', 'card_payment', 'secure_forms', 'printer'],
      3,
    );
    expect(items.map((item) => item.key)).toEqual([
      'device:printer',
      'connectivity',
      'privacy_screen',
      'forms',
      'card_terminal',
    ]);
    expect(stopChecklistItems(['printer'], 0).map((item) => item.key)).toEqual([
      'device:printer',
      'connectivity',
    ]);
  });

  it('needs every item answered once, no unknown item, and a note with every problem', () => {
    const items = stopChecklistItems(['printer'], 1);
    expect(
      validateSignOff(items, [
        { key: 'privacy_screen', status: 'ok' },
        { key: 'connectivity', status: 'problem', note: ' LTE schwach ' },
        { key: 'device:printer', status: 'ok', note: '' },
      ]),
    ).toEqual([
      { key: 'device:printer', status: 'ok', note: null },
      { key: 'connectivity', status: 'problem', note: 'LTE schwach' },
      { key: 'privacy_screen', status: 'ok', note: null },
    ]);
    const fieldOf = (answers: Parameters<typeof validateSignOff>[1]) => {
      try {
        validateSignOff(items, answers);
      } catch (error) {
        return error instanceof DomainError ? error.field : 'other';
      }
      return undefined;
    };
    expect(fieldOf([{ key: 'device:printer', status: 'ok' }])).toBe('items');
    expect(fieldOf([{ key: 'device:scanner', status: 'ok' }])).toBe('items.0.key');
    expect(fieldOf([{ key: 'connectivity', status: 'problem' }])).toBe('items.0.note');
    expect(
      fieldOf([
        { key: 'connectivity', status: 'ok' },
        { key: 'connectivity', status: 'ok' },
      ]),
    ).toBe('items.1.key');
  });

  it('opens a stop once its checklist is signed off, or with a reason naming the field when it is not', () => {
    expect(openingReason(true, undefined)).toBeNull();
    expect(openingReason(true, 'ignored')).toBeNull();
    expect(openingReason(false, '  Tablet defekt, Papierliste  ')).toBe('Tablet defekt, Papierliste');
    for (const missing of [undefined, null, '', '   ']) {
      let thrown: unknown;
      try {
        openingReason(false, missing, 'operations.0.reason');
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(DomainError);
      expect(thrown).toMatchObject({ code: 'checklist_not_signed_off', field: 'operations.0.reason' });
    }
    expect(() => openingReason(false, 'x'.repeat(501))).toThrow(DomainError);
  });
});
