import type { NodeQueue, TreeNode, TreeShare } from './branchAndBound.ts';

/**
 * Shared memory of a branch-and-bound searched by two threads (SharedArrayBuffer + Atomics, no
 * messages while searching, so both threads can run synchronous loops):
 * - the best objective value any thread found (for pruning);
 * - a mailbox through which a busy thread hands its better open nodes to a thread whose queue ran dry;
 * - the end of the search: done when both threads wait with no node in the mailbox, or stopped when a
 *   thread hit the time limit — then every thread reports the best bound of the nodes it still held.
 */
export interface SharedTreeBuffers {
  siteCount: number;
  multiplierCount: number;
  capacity: number;
  control: SharedArrayBuffer;
  values: SharedArrayBuffer;
  fixings: SharedArrayBuffer;
  lambdas: SharedArrayBuffer;
}

const LOCK = 0;
const HUNGRY = 1; // + thread (0 or 1)
const JOINED = 3; // helper thread: 0 not yet, 1 searching, −1 too late (the search ended without it)
const MAIL_COUNT = 4;
const MAIL_TO = 5;
const DONE = 6; // 0 searching, 1 tree exhausted, 2 stopped
const SIGNAL = 7;
const CONTROL_SIZE = 8;

const INCUMBENT = 0;
const LEFT_BOUND = 1; // + thread: best bound of the nodes a stopping thread still held
const MAIL_BOUND = 3; // + slot

export function createSharedTreeBuffers(
  siteCount: number,
  multiplierCount: number,
  capacity = 32,
): SharedTreeBuffers {
  const buffers: SharedTreeBuffers = {
    siteCount,
    multiplierCount,
    capacity,
    control: new SharedArrayBuffer(CONTROL_SIZE * 4),
    values: new SharedArrayBuffer((MAIL_BOUND + capacity) * 8),
    fixings: new SharedArrayBuffer(capacity * siteCount),
    lambdas: new SharedArrayBuffer(capacity * multiplierCount * 8),
  };
  const values = new Float64Array(buffers.values);
  values[INCUMBENT] = -Infinity;
  values[LEFT_BOUND] = -Infinity;
  values[LEFT_BOUND + 1] = -Infinity;
  return buffers;
}

/** One thread's view (thread 0: the solver's own thread, which starts with the root; thread 1: the helper). */
export class SharedTree implements TreeShare {
  private readonly control: Int32Array;
  private readonly values: Float64Array;
  private readonly fixings: Int8Array;
  private readonly lambdas: Float64Array;
  private readonly other: number;
  /** Called after each node on thread 0 (e.g. to start the helper once the tree proves big). */
  onNode?: () => void;
  /** Nodes handed over and received, for the report. */
  given = 0;
  received = 0;

  constructor(
    private readonly buffers: SharedTreeBuffers,
    private readonly thread: 0 | 1,
    /** Waiting for nodes ends here (performance.now() of this thread). */
    private readonly deadline = Infinity,
  ) {
    this.control = new Int32Array(buffers.control);
    this.values = new Float64Array(buffers.values);
    this.fixings = new Int8Array(buffers.fixings);
    this.lambdas = new Float64Array(buffers.lambdas);
    this.other = 1 - thread;
  }

  private lock(): void {
    while (Atomics.compareExchange(this.control, LOCK, 0, 1) !== 0) Atomics.wait(this.control, LOCK, 1, 1);
  }
  private unlock(): void {
    Atomics.store(this.control, LOCK, 0);
    Atomics.notify(this.control, LOCK, 1);
  }
  private signal(): void {
    Atomics.add(this.control, SIGNAL, 1);
    Atomics.notify(this.control, SIGNAL);
  }

  /** Helper thread: take part unless the search already ended. Returns false when too late. */
  join(): boolean {
    this.lock();
    const late = Atomics.load(this.control, DONE) !== 0 || Atomics.load(this.control, JOINED) === -1;
    if (!late) {
      Atomics.store(this.control, JOINED, 1);
      // Until this thread reports, what it holds is unknown (it might fail).
      this.values[LEFT_BOUND + this.thread] = Infinity;
    }
    this.signal();
    this.unlock();
    return !late;
  }

  /** Blocks until the helper joined (or `timeoutMs` passed); for tests that need both threads searching. */
  waitForJoin(timeoutMs: number): boolean {
    const until = performance.now() + timeoutMs;
    while (Atomics.load(this.control, JOINED) === 0 && performance.now() < until)
      Atomics.wait(this.control, SIGNAL, Atomics.load(this.control, SIGNAL), 10);
    return Atomics.load(this.control, JOINED) === 1;
  }

  /** Thread 0 after its search: whether the helper took part (and will report); later joins are refused. */
  closeJoining(): boolean {
    this.lock();
    const joined = Atomics.load(this.control, JOINED) === 1;
    if (!joined) Atomics.store(this.control, JOINED, -1);
    this.unlock();
    return joined;
  }

  incumbent(): number {
    this.lock();
    const value = this.values[INCUMBENT]!;
    this.unlock();
    return value;
  }

  offer(value: number): void {
    this.lock();
    if (value > this.values[INCUMBENT]!) this.values[INCUMBENT] = value;
    this.unlock();
  }

  stopped(): boolean {
    return Atomics.load(this.control, DONE) === 2;
  }

  afterNode(queue: NodeQueue): void {
    if (this.thread === 0) this.onNode?.();
    if (queue.size < 2) return;
    if (Atomics.load(this.control, HUNGRY + this.other) !== 1 || Atomics.load(this.control, MAIL_COUNT) !== 0)
      return;
    this.lock();
    if (
      Atomics.load(this.control, HUNGRY + this.other) === 1 &&
      Atomics.load(this.control, MAIL_COUNT) === 0
    ) {
      // Every second of the best nodes, so that both threads keep good ones.
      const taken: TreeNode[] = [];
      while (taken.length < 2 * this.buffers.capacity && queue.size > 0) taken.push(queue.pop()!);
      let count = 0;
      taken.forEach((node, k) => {
        if (k % 2 === 1 || taken.length === 1) this.writeSlot(count++, node);
        else queue.push(node);
      });
      this.given += count;
      Atomics.store(this.control, MAIL_TO, this.other);
      Atomics.store(this.control, MAIL_COUNT, count);
      this.signal();
    }
    this.unlock();
  }

  wait(): TreeNode[] | null {
    this.lock();
    Atomics.store(this.control, HUNGRY + this.thread, 1);
    for (;;) {
      const count = Atomics.load(this.control, MAIL_COUNT);
      if (count > 0 && Atomics.load(this.control, MAIL_TO) === this.thread) {
        const nodes: TreeNode[] = [];
        for (let k = 0; k < count; k++) nodes.push(this.readSlot(k));
        this.received += count;
        Atomics.store(this.control, MAIL_COUNT, 0);
        Atomics.store(this.control, HUNGRY + this.thread, 0);
        this.unlock();
        return nodes;
      }
      if (Atomics.load(this.control, DONE) !== 0) break;
      if (performance.now() > this.deadline) {
        Atomics.store(this.control, DONE, 2);
        this.signal();
        break;
      }
      const otherIdle =
        this.thread === 0
          ? Atomics.load(this.control, JOINED) !== 1 || Atomics.load(this.control, HUNGRY + 1) === 1
          : Atomics.load(this.control, HUNGRY) === 1;
      if (otherIdle && count === 0) {
        Atomics.store(this.control, DONE, 1);
        this.signal();
        break;
      }
      const generation = Atomics.load(this.control, SIGNAL);
      this.unlock();
      Atomics.wait(this.control, SIGNAL, generation, 5);
      this.lock();
    }
    this.unlock();
    return null;
  }

  stop(bound: number): void {
    this.lock();
    this.values[LEFT_BOUND + this.thread] = bound;
    if (Atomics.load(this.control, DONE) === 0) {
      Atomics.store(this.control, DONE, 2);
      this.signal();
    }
    this.unlock();
  }

  /**
   * After every thread stopped: the best bound of all nodes left unsearched — those the threads held and
   * those still in the mailbox (−Infinity: the whole tree was searched).
   */
  leftBound(): number {
    this.lock();
    let bound = Math.max(this.values[LEFT_BOUND]!, this.values[LEFT_BOUND + 1]!);
    const count = Atomics.load(this.control, MAIL_COUNT);
    for (let k = 0; k < count; k++) bound = Math.max(bound, this.values[MAIL_BOUND + k]!);
    this.unlock();
    return bound;
  }

  private writeSlot(slot: number, node: TreeNode): void {
    const { siteCount: m, multiplierCount: n } = this.buffers;
    this.values[MAIL_BOUND + slot] = node.bound;
    this.fixings.set(node.fixing, slot * m);
    this.lambdas.set(node.lambda, slot * n);
  }
  private readSlot(slot: number): TreeNode {
    const { siteCount: m, multiplierCount: n } = this.buffers;
    return {
      bound: this.values[MAIL_BOUND + slot]!,
      fixing: this.fixings.slice(slot * m, (slot + 1) * m),
      lambda: this.lambdas.slice(slot * n, (slot + 1) * n),
    };
  }
}
