import { describe, expect, it } from 'vitest';
import type { OperationsResponse } from '../api/types.ts';
import { makeOperation, deviceTicketNumber, type Operation } from './operations.ts';
import { MemoryOperationStore, OperationQueue } from './opQueue.ts';

const stop = '11111111-1111-4111-8111-111111111111';
let counter = 0;
const op = (entryId = 'e1'): Operation =>
  makeOperation(
    { type: 'start_service', entryId },
    new Date('2025-06-04T08:00:00Z'),
    () => `op-${++counter}`,
  );

function answering(outcome: (op: Operation) => OperationsResponse['results'][number]['outcome']) {
  const calls: Operation[][] = [];
  const send = async (_stopId: string, ops: Operation[]): Promise<OperationsResponse> => {
    calls.push(ops);
    return { version: 1, results: ops.map((o) => ({ opId: o.opId, outcome: outcome(o), reason: 'why' })) };
  };
  return { calls, send };
}

describe('operation queue', () => {
  it('makes operations with an id and the device time', () => {
    const made = makeOperation({ type: 'call', entryId: 'x', counter: 2 }, new Date('2025-01-01T10:00:00Z'));
    expect(made.opId).toMatch(/^[0-9a-f-]{36}$/);
    expect(made.at).toBe('2025-01-01T10:00:00.000Z');
    expect(made).toMatchObject({ type: 'call', entryId: 'x', counter: 2 });
  });

  it('keeps operations in order and drops applied and duplicate ones after the answer', async () => {
    const store = new MemoryOperationStore();
    const { calls, send } = answering((o) => (o.opId.endsWith('2') ? 'duplicate' : 'applied'));
    const queue = new OperationQueue(store, send);
    const ops = [op(), op(), op()];
    for (const o of ops) await queue.enqueue(stop, o);
    const result = await queue.flush();
    expect(calls).toEqual([ops]);
    expect(result.confirmed.map((c) => c.op)).toEqual(ops);
    expect(result.conflicts).toEqual([]);
    expect(await queue.pending()).toEqual([]);
  });

  it('turns conflict and rejected answers into conflicts with the reason', async () => {
    const store = new MemoryOperationStore();
    const first = op();
    const second = op();
    const { send } = answering((o) => (o.opId === first.opId ? 'conflict' : 'rejected'));
    const queue = new OperationQueue(store, send);
    await queue.enqueue(stop, first);
    await queue.enqueue(stop, second);
    const result = await queue.flush();
    expect(result.conflicts.map((c) => [c.opId, c.outcome, c.reason])).toEqual([
      [first.opId, 'conflict', 'why'],
      [second.opId, 'rejected', 'why'],
    ]);
    expect(await queue.pending()).toEqual([]);
  });

  it('keeps everything when the network fails, and sends it later exactly once', async () => {
    const store = new MemoryOperationStore();
    let offline = true;
    const sent: string[] = [];
    const queue = new OperationQueue(store, async (_stop, ops) => {
      if (offline) throw Object.assign(new Error('offline'), { status: 0 });
      sent.push(...ops.map((o) => o.opId));
      return { version: 2, results: ops.map((o) => ({ opId: o.opId, outcome: 'applied' as const })) };
    });
    const ops = [op(), op()];
    for (const o of ops) await queue.enqueue(stop, o);
    const failed = await queue.flush();
    expect(failed.error).toBeDefined();
    expect(await queue.pending()).toHaveLength(2);
    offline = false;
    await queue.flush();
    await queue.flush();
    expect(sent).toEqual(ops.map((o) => o.opId));
    expect(await queue.pending()).toEqual([]);
  });

  it('keeps the operations when the session is gone (401) or the server fails (500)', async () => {
    for (const status of [401, 403, 500, 503]) {
      const store = new MemoryOperationStore();
      const queue = new OperationQueue(store, async () => {
        throw Object.assign(new Error('nope'), { status });
      });
      await queue.enqueue(stop, op());
      const result = await queue.flush();
      expect(result.error).toBeDefined();
      expect(await queue.pending()).toHaveLength(1);
    }
  });

  it('rejects a whole batch the server refuses outright (400, 404) instead of retrying it forever', async () => {
    const store = new MemoryOperationStore();
    const queue = new OperationQueue(store, async () => {
      throw Object.assign(new Error('bad'), { status: 404, detail: 'no such stop' });
    });
    await queue.enqueue(stop, op());
    const result = await queue.flush();
    expect(result.conflicts).toMatchObject([{ outcome: 'rejected', reason: 'no such stop' }]);
    expect(await queue.pending()).toEqual([]);
  });

  it('keeps the problem code of a refused batch as its reason, never the English detail', async () => {
    const store = new MemoryOperationStore();
    const queue = new OperationQueue(store, async () => {
      throw Object.assign(new Error('bad'), {
        status: 409,
        code: 'stop_closed',
        detail: 'The stop is closed.',
      });
    });
    await queue.enqueue(stop, op());
    const result = await queue.flush();
    expect(result.conflicts).toMatchObject([{ outcome: 'rejected', reason: 'stop-closed' }]);
  });

  it('sends in batches and per stop', async () => {
    const store = new MemoryOperationStore();
    const { calls, send } = answering(() => 'applied');
    const queue = new OperationQueue(store, send, 2);
    const other = '22222222-2222-4222-8222-222222222222';
    await queue.enqueue(stop, op());
    await queue.enqueue(stop, op());
    await queue.enqueue(stop, op());
    await queue.enqueue(other, op());
    await queue.flush();
    expect(calls.map((c) => c.length)).toEqual([2, 1, 1]);
  });

  it('keeps an operation the server did not answer for', async () => {
    const store = new MemoryOperationStore();
    const queue = new OperationQueue(store, async () => ({ version: 1, results: [] }));
    await queue.enqueue(stop, op());
    const result = await queue.flush();
    expect(result.error).toBeDefined();
    expect(await queue.pending()).toHaveLength(1);
  });

  it('runs one flush at a time', async () => {
    const store = new MemoryOperationStore();
    const { calls, send } = answering(() => 'applied');
    const queue = new OperationQueue(store, send);
    await queue.enqueue(stop, op());
    await Promise.all([queue.flush(), queue.flush()]);
    expect(calls).toHaveLength(1);
  });

  it('numbers walk-in tickets per counter without collisions', () => {
    expect(deviceTicketNumber(1, [])).toBe('W-101');
    expect(deviceTicketNumber(1, ['W-101', 'W-102', 'W-201', 'W-007'])).toBe('W-103');
    expect(deviceTicketNumber(2, ['W-101', 'W-102', 'W-201'])).toBe('W-202');
  });
});
