import { Worker } from 'node:worker_threads';
import type { DistanceInstance } from '../problem.ts';
import { branchAndBound, type BranchAndBoundOptions, type BranchAndBoundResult } from './branchAndBound.ts';
import { pMedianObjective, solvePMedianHeuristic } from './pmedianHeuristic.ts';
import { PMedianRelaxation } from './pmedianLagrangian.ts';
import { createSharedTreeBuffers, SharedTree, type SharedTreeBuffers } from './sharedTree.ts';
import { closedGap } from './types.ts';

/** What the solver's thread sends the helper thread. */
export interface TreeHelperJob {
  instance: DistanceInstance;
  sorted: Int32Array;
  p: number;
  integral: boolean;
  /** Deadline as epoch milliseconds (performance.now() differs between threads). */
  deadlineEpoch: number;
  nodeIterations?: number;
  buffers: SharedTreeBuffers;
}

export interface TreeHelperResult {
  joined: boolean;
  sites: number[];
  value: number;
  nodes: number;
  iterations: number;
}

export interface ParallelTreeResult extends BranchAndBoundResult {
  /** Threads that searched the tree (1 when the helper was not needed or came too late). */
  threads: number;
  /** Nodes handed from one thread to the other. */
  nodesShared: number;
  /** Nodes the helper thread searched (included in `nodes`). */
  helperNodes: number;
}

/** The p-median local search from a relaxed solution, used by the tree as primal heuristic. */
export function pMedianImprover(
  instance: DistanceInstance,
  sorted: Int32Array,
  p: number,
  deadline: number,
  shouldStop?: () => boolean,
) {
  return (start: number[]) => {
    const polished = solvePMedianHeuristic(
      instance,
      p,
      {
        timeLimitSeconds: Math.max(0, (deadline - performance.now()) / 1000),
        maxIterations: 0,
        initialSites: start,
        ...(shouldStop ? { shouldStop } : {}),
      },
      sorted,
    );
    return { sites: polished.sites, value: -polished.objective };
  };
}

/** The helper thread's part: joins the shared search (if not too late) and searches nodes it is given. */
export function runTreeHelper(job: TreeHelperJob): TreeHelperResult {
  const share = new SharedTree(job.buffers, 1);
  if (!share.join()) return { joined: false, sites: [], value: -Infinity, nodes: 0, iterations: 0 };
  const deadline = job.deadlineEpoch - performance.timeOrigin;
  const tree = branchAndBound(new PMedianRelaxation(job.instance, job.sorted), {
    p: job.p,
    objective: (sites) => -pMedianObjective(job.instance, sites),
    incumbent: { sites: [], value: -Infinity },
    integral: job.integral,
    deadline,
    ...(job.nodeIterations !== undefined ? { nodeIterations: job.nodeIterations } : {}),
    improve: pMedianImprover(job.instance, job.sorted, job.p, deadline),
    share,
    startEmpty: true,
  });
  return {
    joined: true,
    sites: tree.sites,
    value: tree.value,
    nodes: tree.nodes,
    iterations: tree.iterations,
  };
}

const COMPILED = !import.meta.url.endsWith('.ts');

function startHelper(job: TreeHelperJob): Worker {
  if (COMPILED) return new Worker(new URL('./treeWorker.js', import.meta.url), { workerData: job });
  return new Worker(new URL('../workerBootstrap.mjs', import.meta.url), {
    workerData: { entry: new URL('../treeWorker.ts', import.meta.url).href, job },
  });
}

/**
 * The p-median branch-and-bound on two threads: this thread starts alone from the root; when the tree
 * is still open after `helperAfterMs`, a helper thread starts and takes nodes from it (sharedTree.ts).
 * Small trees never pay for a thread. The proof combines both threads: proven only when no node either
 * thread held (or that was in transit) can beat the best value found; if the helper fails, nothing it
 * held counts as searched.
 */
export async function pMedianTreeInThreads(
  instance: DistanceInstance,
  sorted: Int32Array,
  options: Omit<BranchAndBoundOptions, 'share' | 'startEmpty'> & {
    helperAfterMs?: number;
    /** For tests: start the helper at once and wait until it takes part (or `awaitHelper` ms passed). */
    awaitHelperMs?: number;
  },
): Promise<ParallelTreeResult> {
  const buffers = createSharedTreeBuffers(instance.siteCount, instance.demandCount);
  const share = new SharedTree(buffers, 0, options.deadline);
  let worker: Worker | undefined;
  let helperResult: Promise<TreeHelperResult | null> | undefined;
  const startedAt = performance.now();
  const startOnce = (now = false) => {
    if (worker || (!now && performance.now() - startedAt < (options.helperAfterMs ?? 300))) return;
    const job: TreeHelperJob = {
      instance,
      sorted,
      p: options.p,
      integral: options.integral,
      deadlineEpoch: performance.timeOrigin + options.deadline,
      ...(options.nodeIterations !== undefined ? { nodeIterations: options.nodeIterations } : {}),
      buffers,
    };
    try {
      worker = startHelper(job);
    } catch {
      return; // no thread: this one searches alone
    }
    const started = worker;
    helperResult = new Promise((resolve) => {
      started.once('message', (result: TreeHelperResult) => resolve(result));
      started.once('error', () => resolve(null));
      started.once('exit', () => resolve(null));
    });
  };
  share.onNode = () => startOnce();
  if (options.awaitHelperMs !== undefined) {
    startOnce(true);
    share.waitForJoin(options.awaitHelperMs);
  }
  const own = branchAndBound(new PMedianRelaxation(instance, sorted), { ...options, share });
  const joined = share.closeJoining();
  const helper = joined && helperResult ? await helperResult : null;
  void worker?.terminate();
  let sites = own.sites;
  let value = own.value;
  if (helper && helper.value > value) {
    sites = helper.sites;
    value = helper.value;
  }
  // A helper that joined and failed may have held nodes: nothing is proven then.
  const left = joined && !helper ? Infinity : share.leftBound();
  const proven = closedGap(left, value, options.integral);
  return {
    sites,
    value,
    bound: proven ? value : Math.max(left, value),
    proven,
    nodes: own.nodes + (helper?.nodes ?? 0),
    iterations: own.iterations + (helper?.iterations ?? 0),
    threads: joined ? 2 : 1,
    nodesShared: share.given + share.received,
    helperNodes: helper?.nodes ?? 0,
  };
}
