import type { Highs, Model, ModelData } from 'highs';

export interface MipRunOptions {
  timeLimitSeconds: number;
  /** Absolute end (performance.now() ms): the time limit is recomputed from it just before HiGHS runs, so
   * loading the WASM module and passing the model count against the budget. */
  deadline?: number;
  relativeGap?: number;
  /** Stop as optimal once incumbent and bound are this close (use < 1 for integer objectives). */
  absoluteGap?: number;
  /** Maximise instead of minimise (array models only). */
  maximize?: boolean;
  /** A feasible start (one value per column), handed to HiGHS as its first incumbent. */
  start?: Float64Array;
  onIncumbent?: (objective: number, dualBound: number | undefined) => void;
  shouldStop?: () => boolean;
}

export type MipOutcome = 'optimal' | 'time-limit' | 'interrupted' | 'infeasible' | 'no-solution' | 'error';

export interface MipRunResult {
  outcome: MipOutcome;
  status: string;
  /** Objective of the best integer solution, if HiGHS found one. */
  objective?: number;
  /** HiGHS's proven bound (lower bound when minimising, upper bound when maximising). */
  dualBound?: number;
  /** Column values by name (LP-text models only, when a solution exists). */
  values: Map<string, number>;
  /** Column values by index (when a solution exists). */
  columnValues?: Float64Array;
  seconds: number;
}

/** Thrown when the WebAssembly instance aborted (out of memory and the like); the instance is discarded. */
export class SolverAbortedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SolverAbortedError';
  }
}

let highsInstance: Promise<Highs> | undefined;

async function loadHighs(): Promise<Highs> {
  highsInstance ??= import('highs').then((module) => module.default());
  try {
    return await highsInstance;
  } catch (error) {
    highsInstance = undefined;
    throw error;
  }
}

/** Starts compiling the WASM module in the background, so a later MIP does not wait for it. */
export function preloadHighs(): void {
  loadHighs().catch(() => undefined);
}

/** Drops the cached WASM instance; the next solve loads a fresh one. */
export function discardHighsInstance(): void {
  highsInstance = undefined;
}

function isWasmAbort(error: unknown): boolean {
  const text = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  return /Aborted|RuntimeError|out of memory|memory access out of bounds|unreachable/i.test(text);
}

const STATUS_NAMES: Record<number, string> = {
  0: 'Not Set',
  1: 'Load error',
  2: 'Model error',
  3: 'Presolve error',
  4: 'Solve error',
  5: 'Postsolve error',
  6: 'Empty',
  7: 'Optimal',
  8: 'Infeasible',
  9: 'Primal infeasible or unbounded',
  10: 'Unbounded',
  11: 'Bound on objective reached',
  12: 'Target for objective reached',
  13: 'Time limit reached',
  14: 'Iteration limit reached',
  15: 'Unknown',
  16: 'Solution limit reached',
  17: 'Interrupted',
};

/**
 * Solves a MIP written in CPLEX LP format with a fresh HiGHS model. HiGHS reports limits through its
 * status rather than by throwing, so the status is mapped to an outcome; a WASM abort becomes a
 * {@link SolverAbortedError} and the instance is replaced before the next call.
 */
export async function runLpModel(lpText: string, options: MipRunOptions): Promise<MipRunResult> {
  return runModel((highs) => highs.createModel({ format: 'lp', data: lpText }), options, true);
}

/**
 * Solves a MIP handed over as arrays (`passModel`): no LP text to build or parse. Column names are not
 * set; values come back under their column index as a string ("0", "1", …).
 */
export async function runMipModel(model: MipArrays, options: MipRunOptions): Promise<MipRunResult> {
  return runModel(
    (highs) =>
      highs.createModel({
        ...model,
        sense: options.maximize
          ? highs.constants.objectiveSense.maximize
          : highs.constants.objectiveSense.minimize,
      }),
    options,
    false,
  );
}

/** A MIP as arrays, without the objective sense (set through {@link MipRunOptions.maximize}). */
export type MipArrays = Omit<ModelData, 'sense'>;

async function runModel(
  create: (highs: Highs) => Model,
  options: MipRunOptions,
  named: boolean,
): Promise<MipRunResult> {
  const highs = await loadHighs();
  const started = performance.now();
  try {
    const model = create(highs);
    try {
      model.options.set({
        time_limit: Math.max(
          0.01,
          options.deadline !== undefined
            ? Math.min(options.timeLimitSeconds, (options.deadline - performance.now()) / 1000)
            : options.timeLimitSeconds - (performance.now() - started) / 1000,
        ),
        output_flag: false,
        mip_rel_gap: options.relativeGap ?? 1e-6,
        ...(options.absoluteGap !== undefined ? { mip_abs_gap: options.absoluteGap } : {}),
      });
      if (options.start) {
        try {
          model.setSolution({ colValue: options.start });
        } catch {
          // A rejected start only costs the warm start.
        }
      }
      const types = highs.constants.callbackType;
      const result = model.run({
        [types.mipImprovingSolution]: (event) => {
          const objective = event.data.objective_function_value;
          if (objective !== undefined) options.onIncumbent?.(objective, event.data.mip_dual_bound);
          return undefined;
        },
        [types.mipInterrupt]: (event) => {
          if (options.shouldStop?.()) event.interrupt();
          return undefined;
        },
      });
      const code = result.modelStatus as number;
      const status = STATUS_NAMES[code] ?? `status ${code}`;
      const seconds = (performance.now() - started) / 1000;
      const hasSolution = readNumber(() => model.info.get('primal_solution_status')) === 2;
      const dualBound = readNumber(() => model.info.get('mip_dual_bound'));
      const values = new Map<string, number>();
      let objective: number | undefined;
      let columnValues: Float64Array | undefined;
      if (hasSolution) {
        objective = model.getObjectiveValue();
        columnValues = model.getSolution().colValue;
        if (named)
          for (let k = 0; k < columnValues.length; k++) values.set(model.getColName(k), columnValues[k]!);
      }
      const outcome: MipOutcome =
        code === 7
          ? 'optimal'
          : code === 8
            ? 'infeasible'
            : code === 13
              ? 'time-limit'
              : code === 17
                ? 'interrupted'
                : code >= 1 && code <= 5
                  ? 'error'
                  : hasSolution
                    ? 'time-limit'
                    : 'no-solution';
      return {
        outcome,
        status,
        values,
        seconds,
        ...(columnValues ? { columnValues } : {}),
        ...(objective !== undefined ? { objective } : {}),
        ...(dualBound !== undefined && Number.isFinite(dualBound) ? { dualBound } : {}),
      };
    } finally {
      model.dispose();
    }
  } catch (error) {
    if (isWasmAbort(error)) {
      discardHighsInstance();
      throw new SolverAbortedError(
        `HiGHS aborted: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    throw error;
  }
}

function readNumber(read: () => number | bigint): number | undefined {
  try {
    const value = read();
    return typeof value === 'bigint' ? Number(value) : value;
  } catch {
    return undefined;
  }
}

/** Formats a coefficient for LP text without exponent surprises. */
export function lpNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(15)));
}
