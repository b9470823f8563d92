import { Worker } from 'node:worker_threads';
import type { SolveProgress } from './solvers/types.ts';
import type { PlanningJob, PlanningJobResult, WorkerMessage } from './workerProtocol.ts';

export interface RunInWorkerOptions {
  onProgress?: (progress: SolveProgress) => void;
  /** Abort from the caller (e.g. the planner pressed "Abbrechen"). */
  signal?: AbortSignal;
  /** Hard wall-clock limit; the worker is terminated when it passes (default: none). */
  timeLimitSeconds?: number;
  /** For tests: another worker script speaking the same protocol. */
  workerUrl?: URL;
}

export type WorkerOutcome =
  | { ok: true; result: PlanningJobResult }
  | {
      ok: false;
      reason: 'input' | 'crashed' | 'failed' | 'cancelled' | 'timeout';
      message: string;
      field?: string;
      /** The last progress report, which may carry the best objective found before the stop. */
      lastProgress?: SolveProgress;
    };

/**
 * Compiled (dist/server, production) this module is part of a JavaScript bundle that sits beside the compiled
 * solver worker, which starts directly. From TypeScript sources (development, tests) the worker goes through
 * a bootstrap that registers tsx in the new thread.
 */
const COMPILED = !import.meta.url.endsWith('.ts');
const DEFAULT_WORKER_URL = new URL(COMPILED ? './solverWorker.js' : './solverWorker.ts', import.meta.url);
const BOOTSTRAP_URL = new URL('./workerBootstrap.mjs', import.meta.url);

/** What a finished worker run reports to observers (the server's metrics): job kind, outcome and timings. */
export interface WorkerRunReport {
  kind: string;
  outcome: 'ok' | Extract<WorkerOutcome, { ok: false }>['reason'];
  /** From asking for the thread to its result (or failure). */
  seconds: number;
  /** From asking for the thread to the thread running (`online`); undefined when it never came online. */
  startSeconds: number | undefined;
}

/** Observers told about every finished run; the server registers its metrics here. */
export const workerRunObservers = new Set<(report: WorkerRunReport) => void>();

/** Starts a worker thread on `entry`: directly when it is JavaScript, through the tsx bootstrap otherwise. */
function startWorker(entry: URL): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry);
  return new Worker(BOOTSTRAP_URL, { workerData: { entry: entry.href } });
}

/**
 * Runs a planning job in its own worker thread. Never rejects: input errors, crashes (including WASM
 * aborts that kill the thread), cancellation and time-outs come back as `{ ok: false }`, so a server
 * calling this keeps running.
 */
export function runInWorker(job: PlanningJob, options: RunInWorkerOptions = {}): Promise<WorkerOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    let lastProgress: SolveProgress | undefined;
    let timer: NodeJS.Timeout | undefined;
    let worker: Worker;
    const began = performance.now();
    let onlineAt: number | undefined;
    const finish = (outcome: WorkerOutcome) => {
      if (settled) return;
      settled = true;
      const report: WorkerRunReport = {
        kind: job.kind,
        outcome: outcome.ok ? 'ok' : outcome.reason,
        seconds: (performance.now() - began) / 1000,
        startSeconds: onlineAt === undefined ? undefined : (onlineAt - began) / 1000,
      };
      for (const observer of workerRunObservers) observer(report);
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      void worker?.terminate();
      resolve(outcome);
    };
    const failure = (
      reason: Extract<WorkerOutcome, { ok: false }>['reason'],
      message: string,
      field?: string,
    ) =>
      finish({
        ok: false,
        reason,
        message,
        ...(field !== undefined ? { field } : {}),
        ...(lastProgress ? { lastProgress } : {}),
      });
    const onAbort = () => failure('cancelled', 'cancelled by the caller');

    if (options.signal?.aborted) {
      resolve({ ok: false, reason: 'cancelled', message: 'cancelled before start' });
      return;
    }
    try {
      worker = startWorker(options.workerUrl ?? DEFAULT_WORKER_URL);
    } catch (error) {
      resolve({ ok: false, reason: 'crashed', message: `could not start the worker: ${String(error)}` });
      return;
    }
    options.signal?.addEventListener('abort', onAbort);
    if (options.timeLimitSeconds !== undefined) {
      timer = setTimeout(
        () => failure('timeout', `no result within ${options.timeLimitSeconds} s`),
        options.timeLimitSeconds * 1000,
      );
    }
    worker.on('online', () => (onlineAt = performance.now()));
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress') {
        lastProgress = message.progress;
        options.onProgress?.(message.progress);
      } else if (message.type === 'result') {
        finish({ ok: true, result: message.result });
      } else if (message.type === 'error') {
        const isInput = message.error.name === 'PlanningInputError';
        failure(isInput ? 'input' : 'failed', message.error.message, message.error.field);
      }
    });
    worker.on('error', (error) => failure('crashed', `worker crashed: ${error.message}`));
    worker.on('exit', (code) => failure('crashed', `worker exited unexpectedly (code ${code})`));
    worker.postMessage({ type: 'run', job });
  });
}
