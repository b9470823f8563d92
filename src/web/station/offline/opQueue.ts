/**
 * The queue of operations not yet confirmed by the server. Operations leave it only when the server's
 * answer for them has arrived: `applied` and `duplicate` drop them, `conflict` and `rejected` drop them
 * and turn them into conflicts for staff to see. A network failure, a lost session or a server error
 * keeps them for the next attempt.
 */
import type { OperationOutcome, OperationsResponse } from '../api/types.ts';
import type { Operation, QueuedOperation } from './operations.ts';

export const MAX_BATCH = 200;

export interface OperationStore {
  /** every queued operation, in the order they were made */
  list(): Promise<QueuedOperation[]>;
  add(entry: QueuedOperation): Promise<void>;
  remove(opIds: readonly string[]): Promise<void>;
}

export interface Conflict {
  opId: string;
  stopId: string;
  op: Operation;
  outcome: Extract<OperationOutcome, 'conflict' | 'rejected'>;
  reason: string;
  entry?: unknown;
  receivedAt: string;
}

export type SendOperations = (stopId: string, operations: Operation[]) => Promise<OperationsResponse>;

export interface FlushResult {
  /** operations the server has (applied now or before) */
  confirmed: QueuedOperation[];
  conflicts: Conflict[];
  /** the error that stopped the flush, when one did */
  error?: unknown;
  version?: number | string;
}

/** HTTP statuses after which the same batch may well succeed later. */
export function isTransient(error: unknown): boolean {
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status !== 'number') return true;
  return (
    status === 0 || status === 401 || status === 403 || status === 408 || status === 429 || status >= 500
  );
}

/** The reason of a refused batch: its problem code (kebab-case, like the operations' own reasons) if any. */
export function reasonOf(error: unknown): string {
  const problem = error as {
    code?: string;
    detail?: string;
    title?: string;
    message?: string;
    status?: number;
  };
  if (problem.code) return problem.code.replaceAll('_', '-');
  return problem.detail ?? problem.title ?? problem.message ?? `HTTP ${problem.status ?? '?'}`;
}

export class OperationQueue {
  private flushing: Promise<FlushResult> | undefined;
  private nextSeq = 0;

  constructor(
    private readonly store: OperationStore,
    private readonly send: SendOperations,
    private readonly batchSize = 50,
    private readonly now: () => Date = () => new Date(),
  ) {
    if (batchSize < 1 || batchSize > MAX_BATCH) throw new Error(`batch size must be 1–${MAX_BATCH}`);
  }

  async enqueue(stopId: string, op: Operation): Promise<QueuedOperation> {
    const existing = await this.store.list();
    const highest = existing.reduce((max, entry) => Math.max(max, entry.seq), -1);
    this.nextSeq = Math.max(this.nextSeq, highest + 1, Date.now());
    const entry = { seq: this.nextSeq, stopId, op };
    this.nextSeq += 1;
    await this.store.add(entry);
    return entry;
  }

  async pending(stopId?: string): Promise<QueuedOperation[]> {
    const all = await this.store.list();
    return stopId === undefined ? all : all.filter((entry) => entry.stopId === stopId);
  }

  /** Sends everything queued, batch by batch; only one flush runs at a time. */
  flush(): Promise<FlushResult> {
    this.flushing ??= this.flushAll().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private async flushAll(): Promise<FlushResult> {
    const result: FlushResult = { confirmed: [], conflicts: [] };
    for (;;) {
      const queued = (await this.store.list()).sort((a, b) => a.seq - b.seq);
      const first = queued[0];
      if (!first) return result;
      const batch = queued.filter((entry) => entry.stopId === first.stopId).slice(0, this.batchSize);
      let response: OperationsResponse;
      try {
        response = await this.send(
          first.stopId,
          batch.map((entry) => entry.op),
        );
      } catch (error) {
        if (isTransient(error)) return { ...result, error };
        // The server refused the whole batch (it is malformed or the stop is gone): it never will take it.
        const receivedAt = this.now().toISOString();
        for (const entry of batch) {
          result.conflicts.push({
            opId: entry.op.opId,
            stopId: entry.stopId,
            op: entry.op,
            outcome: 'rejected',
            reason: reasonOf(error),
            receivedAt,
          });
        }
        await this.store.remove(batch.map((entry) => entry.op.opId));
        continue;
      }
      result.version = response.version;
      const answered = new Map(response.results.map((r) => [r.opId, r]));
      const done: string[] = [];
      const receivedAt = this.now().toISOString();
      for (const entry of batch) {
        const answer = answered.get(entry.op.opId);
        if (!answer) continue;
        done.push(entry.op.opId);
        if (answer.outcome === 'applied' || answer.outcome === 'duplicate') {
          result.confirmed.push(entry);
        } else {
          result.conflicts.push({
            opId: entry.op.opId,
            stopId: entry.stopId,
            op: entry.op,
            outcome: answer.outcome,
            reason: answer.reason ?? answer.outcome,
            entry: answer.entry,
            receivedAt,
          });
        }
      }
      await this.store.remove(done);
      // The server answered but not for these operations: try again later rather than loop.
      if (done.length === 0) return { ...result, error: new Error('the server answered no operation') };
    }
  }
}

/** An operation store in memory (tests, and the fallback where IndexedDB is missing). */
export class MemoryOperationStore implements OperationStore {
  private entries: QueuedOperation[] = [];

  async list() {
    return [...this.entries].sort((a, b) => a.seq - b.seq);
  }

  async add(entry: QueuedOperation) {
    this.entries.push(entry);
  }

  async remove(opIds: readonly string[]) {
    const gone = new Set(opIds);
    this.entries = this.entries.filter((entry) => !gone.has(entry.op.opId));
  }
}
