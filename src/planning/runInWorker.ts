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

const DEFAULT_WORKER_URL = new URL('./solverWorker.ts', import.meta.url);
const BOOTSTRAP_URL = new URL('./workerBootstrap.mjs', import.meta.url);

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
    const finish = (outcome: WorkerOutcome) => {
      if (settled) return;
      settled = true;
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
      worker = new Worker(BOOTSTRAP_URL, {
        workerData: { entry: (options.workerUrl ?? DEFAULT_WORKER_URL).href },
      });
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
