import {
  type AscentResult,
  lagrangianAscent,
  reducedCostFixing,
  type SiteFixing,
  type SiteRelaxation,
} from './lagrangian.ts';
import { closedGap } from './types.ts';

export interface BranchAndBoundOptions {
  p: number;
  /** True objective of a set of p sites, in max form (p-median: the negated cost). */
  objective: (sites: number[]) => number;
  incumbent: { sites: number[]; value: number };
  integral: boolean;
  deadline: number;
  shouldStop?: () => boolean;
  /** Root fixing and multipliers (e.g. from the root bound already computed). */
  fixing?: SiteFixing;
  lambda?: Float64Array;
  /** Subgradient iterations per node (the root gets `rootIterations`). */
  nodeIterations?: number;
  rootIterations?: number;
  /** Stop (unproven) when this many nodes wait in the queue; bounds memory. */
  maxOpenNodes?: number;
  onProgress?: (incumbent: number, bound: number, nodes: number) => void;
  /** Local search from a relaxed solution (max form); called on the first nodes and then now and then. */
  improve?: (sites: number[]) => { sites: number[]; value: number };
  /** The tree is searched by several threads: incumbent value and open nodes are shared through this. */
  share?: TreeShare;
  /** Start with no node (a helper thread that waits for nodes from `share`). */
  startEmpty?: boolean;
}

/**
 * What one thread of a parallel search sees of the others (see sharedTree.ts). Every thread runs the
 * same best-first loop on its own queue; a thread whose queue runs dry waits for nodes another thread
 * gives away. Pruning uses the best value any thread has found.
 */
export interface TreeShare {
  /** The best objective found by any thread (max form). */
  incumbent(): number;
  offer(value: number): void;
  /** Another thread stopped the search (time limit, cancel): stop as well. */
  stopped(): boolean;
  /** After each node: hand nodes to a waiting thread (and possibly start helpers). */
  afterNode(queue: NodeQueue): void;
  /** This thread's queue is exhausted: nodes from another thread, or null when the whole tree is done. */
  wait(): TreeNode[] | null;
  /** This thread stops with open nodes whose best bound is `bound` (−Infinity: none). */
  stop(bound: number): void;
}

export interface BranchAndBoundResult {
  sites: number[];
  value: number;
  /** Valid upper bound (max form) on the optimum over all sites: proven when it meets `value`. */
  bound: number;
  proven: boolean;
  nodes: number;
  /** Subgradient iterations over all nodes. */
  iterations: number;
}

export interface TreeNode {
  fixing: SiteFixing;
  lambda: Float64Array;
  bound: number;
  /** The root gets the long ascent. */
  root?: boolean;
}
type Node = TreeNode;

/** A max-heap of nodes by bound: best-first search. */
export class NodeQueue {
  private readonly items: Node[] = [];
  get size(): number {
    return this.items.length;
  }
  push(node: Node): void {
    const items = this.items;
    items.push(node);
    let k = items.length - 1;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (items[parent]!.bound >= node.bound) break;
      items[k] = items[parent]!;
      k = parent;
    }
    items[k] = node;
  }
  pop(): Node | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      let k = 0;
      for (;;) {
        const left = 2 * k + 1;
        if (left >= items.length) break;
        const right = left + 1;
        const child = right < items.length && items[right]!.bound > items[left]!.bound ? right : left;
        if (items[child]!.bound <= last.bound) break;
        items[k] = items[child]!;
        k = child;
      }
      items[k] = last;
    }
    return top;
  }
  maxBound(): number {
    return this.items.length > 0 ? this.items[0]!.bound : -Infinity;
  }
  clear(): void {
    this.items.length = 0;
  }
}

function openSites(open: Uint8Array): number[] {
  const sites: number[] = [];
  for (let j = 0; j < open.length; j++) if (open[j] === 1) sites.push(j);
  return sites;
}

/**
 * Best-first branch-and-bound over sites with a Lagrangian bound at every node (warm-started from the
 * parent's multipliers), reduced-cost fixing at every node, and the relaxed solution as a primal
 * heuristic. Branching: the free site the relaxed solution opens whose closing would cost the bound most
 * (its "closed" child is then usually pruned at once).
 */
export function branchAndBound(
  relaxation: SiteRelaxation,
  options: BranchAndBoundOptions,
): BranchAndBoundResult {
  const { p, integral, deadline } = options;
  const m = relaxation.siteCount;
  let incumbent = { sites: [...options.incumbent.sites], value: options.incumbent.value };
  const stop = () => performance.now() > deadline || (options.shouldStop?.() ?? false);
  const share = options.share;
  const queue = new NodeQueue();
  if (!options.startEmpty)
    queue.push({
      fixing: options.fixing ? options.fixing.slice() : new Int8Array(m),
      lambda: options.lambda ? options.lambda : relaxation.initialMultipliers(),
      bound: Infinity,
      root: true,
    });
  let nodes = 0;
  let iterations = 0;
  let unfinishedBound = -Infinity;
  const maxOpen = options.maxOpenNodes ?? 50_000;
  // The value that prunes: this thread's incumbent or a better one another thread found.
  let pruneValue = incumbent.value;
  share?.offer(pruneValue);
  const consider = (sites: number[]) => {
    if (sites.length !== p) return;
    const value = options.objective(sites);
    if (value > incumbent.value) {
      incumbent = { sites, value };
      if (value > pruneValue) pruneValue = value;
      share?.offer(value);
    }
  };

  for (;;) {
    if (share) pruneValue = Math.max(pruneValue, share.incumbent());
    if (queue.size === 0 || closedGap(queue.maxBound(), pruneValue, integral)) {
      if (!share) break;
      queue.clear();
      const given = share.wait();
      if (!given) break;
      for (const node of given) queue.push(node);
      continue;
    }
    if (stop() || queue.size > maxOpen || (share?.stopped() ?? false)) break;
    const node = queue.pop()!;
    if (closedGap(node.bound, pruneValue, integral)) continue;
    nodes++;
    const fixing = node.fixing;
    const ascent: AscentResult = lagrangianAscent(relaxation, p, fixing, node.lambda.slice(), {
      incumbent: pruneValue,
      integral,
      maxIterations: node.root ? (options.rootIterations ?? 3000) : (options.nodeIterations ?? 60),
      deadline,
      theta: node.root ? 2 : 0.5,
      patience: node.root ? 30 : 8,
      ...(options.shouldStop ? { shouldStop: options.shouldStop } : {}),
    });
    iterations += ascent.iterations;
    const bound = Math.min(node.bound, ascent.bound);
    if (bound === -Infinity) continue;
    const relaxedSites = openSites(ascent.open);
    consider(relaxedSites);
    if (options.improve && relaxedSites.length === p && (nodes <= 20 || nodes % 16 === 0)) {
      const improved = options.improve(relaxedSites);
      if (improved.value > incumbent.value) {
        incumbent = improved;
        if (improved.value > pruneValue) pruneValue = improved.value;
        share?.offer(improved.value);
      }
    }
    if (closedGap(bound, pruneValue, integral)) continue;
    if (ascent.exact) continue; // the relaxed solution is optimal for this node and was considered
    if (stop()) {
      unfinishedBound = Math.max(unfinishedBound, bound);
      break;
    }
    reducedCostFixing(ascent, fixing, pruneValue, integral);
    let fixedOpen = 0;
    let free = 0;
    for (let j = 0; j < m; j++) {
      if (fixing[j] === 1) fixedOpen++;
      else if (fixing[j] === 0) free++;
    }
    if (fixedOpen > p) continue;
    if (fixedOpen === p || fixedOpen + free === p) {
      // Leaf: the fixing decides the solution.
      const sites: number[] = [];
      for (let j = 0; j < m; j++) if (fixing[j] === 1 || (fixedOpen < p && fixing[j] === 0)) sites.push(j);
      consider(sites);
      continue;
    }
    // Branch on the chosen free site with the largest closing penalty.
    let strongestOther = -Infinity;
    for (let j = 0; j < m; j++)
      if (fixing[j] === 0 && ascent.open[j] === 0)
        strongestOther = Math.max(strongestOther, ascent.scores[j]!);
    let branchSite = -1;
    let branchPenalty = -Infinity;
    for (let j = 0; j < m; j++) {
      if (fixing[j] !== 0 || ascent.open[j] !== 1) continue;
      const penalty = ascent.scores[j]! - strongestOther;
      if (penalty > branchPenalty) {
        branchPenalty = penalty;
        branchSite = j;
      }
    }
    if (branchSite < 0) {
      // No free site is open in the relaxation: branch on the best free one.
      for (let j = 0; j < m; j++)
        if (fixing[j] === 0) {
          branchSite = j;
          break;
        }
    }
    const closed = fixing.slice();
    closed[branchSite] = -1;
    const opened = fixing;
    opened[branchSite] = 1;
    // The closed child's Lagrangian value at these multipliers is known at once: the best unchosen free
    // site takes the branching site's place (none left: the child is infeasible). It orders the queue.
    const closedBound =
      ascent.open[branchSite] === 1
        ? strongestOther === -Infinity
          ? -Infinity
          : Math.min(bound, ascent.bound - ascent.scores[branchSite]! + strongestOther)
        : bound;
    if (!closedGap(closedBound, pruneValue, integral))
      queue.push({ fixing: closed, lambda: ascent.lambda, bound: closedBound });
    queue.push({ fixing: opened, lambda: ascent.lambda, bound });
    options.onProgress?.(pruneValue, Math.max(queue.maxBound(), pruneValue), nodes);
    share?.afterNode(queue);
  }
  const remainingBound = Math.max(queue.maxBound(), unfinishedBound);
  // A parallel search's proof is the combination of all threads' (sharedTree.ts); this thread's own
  // remaining bound is still valid for the nodes it held.
  share?.stop(closedGap(remainingBound, pruneValue, integral) ? -Infinity : remainingBound);
  const proven = closedGap(remainingBound, incumbent.value, integral);
  return {
    sites: incumbent.sites,
    value: incumbent.value,
    bound: proven ? incumbent.value : Math.max(remainingBound, incumbent.value),
    proven,
    nodes,
    iterations,
  };
}
