import { describe, expect, it } from 'vitest';
import type { StationDay } from '../api/types.ts';
import {
  applyOperation,
  applyOperations,
  computeQueue,
  currentAtCounter,
  findEntry,
  nextForCounter,
  normaliseCode,
} from './dayReducer.ts';
import { makeOperation, type OperationPayload } from './operations.ts';

const at = new Date('2025-06-04T08:10:00Z');
const op = (payload: OperationPayload) => makeOperation(payload, at);
const service = {
  id: 'ausweis',
  nameDe: 'Ausweis',
  nameEn: 'ID card',
  quantity: 1,
  minutesEach: 15,
  documents: null,
};

function sampleDay(): StationDay {
  return {
    stop: {
      id: 'stop-1',
      status: 'open',
      siteName: 'Bücherei',
      address: null,
      startsAt: '2025-06-04T07:00:00Z',
      endsAt: '2025-06-04T11:00:00Z',
      counters: 2,
    },
    serverTime: '2025-06-04T08:00:00Z',
    version: 1,
    appointments: [
      {
        id: 'a1',
        kind: 'appointment',
        displayNumber: 'T-01',
        code: 'AB12-CD34',
        status: 'confirmed',
        startsAt: '2025-06-04T08:00:00Z',
        endsAt: '2025-06-04T08:15:00Z',
        name: 'Erika Mustermann',
        phone: null,
        services: [service],
        checkedInAt: null,
        counter: 1,
      },
    ],
    tickets: [],
    queue: [],
    counters: [
      { number: 1, busyWith: null },
      { number: 2, busyWith: null },
    ],
    posterUrl: '/station/warteschlange/stop-1#token',
  };
}

describe('optimistic day state', () => {
  it('normalises typed booking codes', () => {
    expect(normaliseCode(' ab12cd34 ')).toBe('AB12-CD34');
    expect(normaliseCode('ab12-cd34')).toBe('AB12-CD34');
  });

  it('checks in a booked appointment by its code, once', () => {
    const day = applyOperation(sampleDay(), op({ type: 'check_in', code: 'ab12 cd34' }));
    expect(findEntry(day, 'a1')).toMatchObject({ status: 'checked_in', checkedInAt: at.toISOString() });
    const again = applyOperation(day, op({ type: 'check_in', code: 'AB12-CD34' }));
    expect(again).toBe(day);
  });

  it('ignores an unknown code', () => {
    const day = sampleDay();
    expect(applyOperation(day, op({ type: 'check_in', code: 'ZZZZ-ZZZZ' }))).toBe(day);
  });

  it('issues a walk-in ticket with the catalogue names', () => {
    const day = applyOperation(
      sampleDay(),
      op({
        type: 'issue_ticket',
        ticketId: 't1',
        displayNumber: 'W-101',
        services: [{ serviceId: 'ausweis', quantity: 1 }],
      }),
      [{ id: 'ausweis', nameDe: 'Personalausweis', nameEn: 'ID card', typicalMinutes: 20 }],
    );
    expect(day.tickets).toMatchObject([
      {
        id: 't1',
        displayNumber: 'W-101',
        status: 'waiting',
        origin: 'staff',
        services: [{ nameDe: 'Personalausweis', minutesEach: 20 }],
      },
    ]);
  });

  it('runs an entry through call, start and finish and frees the counter', () => {
    let day = applyOperations(sampleDay(), [
      op({ type: 'check_in', code: 'AB12-CD34' }),
      op({ type: 'call', entryId: 'a1', counter: 2 }),
    ]);
    expect(currentAtCounter(day, 2)?.id).toBe('a1');
    expect(day.counters.find((c) => c.number === 2)?.busyWith).toBe('a1');
    day = applyOperations(day, [
      op({ type: 'start_service', entryId: 'a1' }),
      op({
        type: 'finish',
        entryId: 'a1',
        deliveredServices: [{ serviceId: 'ausweis', quantity: 2 }],
        outcome: 'done',
      }),
    ]);
    expect(findEntry(day, 'a1')).toMatchObject({
      status: 'finished',
      services: [{ id: 'ausweis', quantity: 2 }],
    });
    expect(day.counters.every((c) => c.busyWith === null)).toBe(true);
  });

  it('ignores moves that do not fit the state (finish before start, call of a booked one)', () => {
    const day = sampleDay();
    expect(applyOperation(day, op({ type: 'call', entryId: 'a1', counter: 1 }))).toBe(day);
    const checkedIn = applyOperation(day, op({ type: 'check_in', code: 'AB12-CD34' }));
    expect(
      applyOperation(
        checkedIn,
        op({ type: 'finish', entryId: 'a1', deliveredServices: [], outcome: 'done' }),
      ),
    ).toBe(checkedIn);
    expect(applyOperation(checkedIn, op({ type: 'start_service', entryId: 'nope' }))).toBe(checkedIn);
  });

  it('parks, resumes, hands over and records a no-show', () => {
    let day = applyOperations(sampleDay(), [
      op({ type: 'issue_ticket', ticketId: 't1', displayNumber: 'W-101', services: [] }),
      op({ type: 'call', entryId: 't1', counter: 1 }),
      op({ type: 'park', entryId: 't1' }),
    ]);
    expect(findEntry(day, 't1')?.status).toBe('parked');
    expect(currentAtCounter(day, 1)).toBeUndefined();
    day = applyOperation(day, op({ type: 'resume', entryId: 't1', counter: 1 }));
    expect(findEntry(day, 't1')).toMatchObject({ status: 'called', counter: 1 });
    expect(currentAtCounter(day, 1)?.id).toBe('t1');
    day = applyOperation(day, op({ type: 'hand_over', entryId: 't1', toCounter: 2 }));
    expect(findEntry(day, 't1')).toMatchObject({ status: 'waiting', reservedForCounter: 2 });
    const queue = computeQueue(day, at);
    expect(nextForCounter(day, queue, 2)?.id).toBe('t1');
    expect(nextForCounter(day, queue, 1)).toBeUndefined();
    day = applyOperations(day, [
      op({ type: 'call', entryId: 't1', counter: 2 }),
      op({ type: 'no_show', entryId: 't1' }),
    ]);
    expect(findEntry(day, 't1')?.status).toBe('no_show');
  });

  it('start and finish win over a no-show recorded meanwhile', () => {
    let day = applyOperations(sampleDay(), [
      op({ type: 'issue_ticket', ticketId: 't1', displayNumber: 'W-101', services: [] }),
      op({ type: 'call', entryId: 't1', counter: 1 }),
      op({ type: 'no_show', entryId: 't1' }),
    ]);
    day = applyOperation(day, op({ type: 'start_service', entryId: 't1' }));
    expect(findEntry(day, 't1')?.status).toBe('in_service');
  });

  it('applying confirmed operations again changes nothing (the view keeps them until the next fetch)', () => {
    const ops = [
      op({ type: 'open_stop' }),
      op({ type: 'check_in', code: 'AB12-CD34' }),
      op({ type: 'issue_ticket', ticketId: 't1', displayNumber: 'W-101', services: [] }),
      op({ type: 'call', entryId: 'a1', counter: 1 }),
      op({ type: 'start_service', entryId: 'a1' }),
      op({ type: 'finish', entryId: 'a1', deliveredServices: [], outcome: 'done' }),
      op({ type: 'call', entryId: 't1', counter: 1 }),
    ];
    const once = applyOperations(sampleDay(), ops);
    expect(applyOperations(once, ops)).toEqual(once);
  });

  it('a checklist sign-off leaves the day as it is; the stop opens after it, also with a reason', () => {
    const scheduled = { ...sampleDay(), stop: { ...sampleDay().stop, status: 'scheduled' as const } };
    const signed = applyOperation(
      scheduled,
      op({ type: 'sign_off_checklist', items: [{ key: 'connectivity', status: 'ok' }] }),
    );
    expect(signed).toEqual(scheduled);
    expect(applyOperation(signed, op({ type: 'open_stop' })).stop.status).toBe('open');
    expect(applyOperation(scheduled, op({ type: 'open_stop', reason: 'Tablet defekt' })).stop.status).toBe(
      'open',
    );
  });

  it('closing the stop marks waiting walk-ins as no-show', () => {
    const day = applyOperations(sampleDay(), [
      op({ type: 'issue_ticket', ticketId: 't1', displayNumber: 'W-101', services: [] }),
      op({ type: 'close_stop' }),
    ]);
    expect(day.stop.status).toBe('closed');
    expect(findEntry(day, 't1')?.status).toBe('no_show');
  });

  it('computes the merged queue with waits: appointments due first, walk-ins in arrival order', () => {
    const day = applyOperations(sampleDay(), [
      op({
        type: 'issue_ticket',
        ticketId: 't1',
        displayNumber: 'W-101',
        services: [{ serviceId: 'ausweis', quantity: 1 }],
      }),
      op({
        type: 'issue_ticket',
        ticketId: 't2',
        displayNumber: 'W-102',
        services: [{ serviceId: 'ausweis', quantity: 1 }],
      }),
      op({
        type: 'issue_ticket',
        ticketId: 't3',
        displayNumber: 'W-103',
        services: [{ serviceId: 'ausweis', quantity: 1 }],
      }),
      op({ type: 'check_in', code: 'AB12-CD34' }),
    ]);
    const queue = computeQueue(day, at);
    expect(queue.map((q) => q.entryId)).toEqual(['a1', 't1', 't2', 't3']);
    expect(queue.map((q) => q.position)).toEqual([1, 2, 3, 4]);
    expect(queue[0]?.estimatedWaitMinutes).toBe(0);
    expect(queue[3]?.estimatedWaitMinutes).toBeGreaterThan(0);
  });
});
