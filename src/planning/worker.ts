import { PlanningInputError } from './errors.ts';
import { runRobustness } from './robustness.ts';
import { runScenario } from './scenario.ts';
import { solveMaxCovering } from './solvers/mclp.ts';
import { solvePMedian } from './solvers/pmedian.ts';
import { solveSetCovering } from './solvers/setCover.ts';
import type { SolveOptions, SolveProgress } from './solvers/types.ts';
import { proposeTimetable } from './timetable.ts';
import { isDomainError } from '../domain/errors.ts';
import { proposeRoster } from './roster/solver.ts';
import type { PlanningJob, PlanningJobResult, WorkerMessage } from './workerProtocol.ts';

/** Runs one job inside the worker; `post` streams progress back to the main thread. */
export async function executeJob(
  job: PlanningJob,
  post: (message: WorkerMessage) => void,
  shouldStop: () => boolean,
): Promise<PlanningJobResult> {
  let lastPost = 0;
  const onProgress = (progress: SolveProgress) => {
    const now = performance.now();
    if (now - lastPost < 100 && progress.percent < 100) return;
    lastPost = now;
    post({ type: 'progress', progress });
  };
  const hooks: Pick<SolveOptions, 'onProgress' | 'shouldStop'> = { onProgress, shouldStop };
  switch (job.kind) {
    case 'scenario':
      return runScenario(job.input, hooks);
    case 'robustness':
      return runRobustness(job.input, hooks);
    case 'pmedian':
      return solvePMedian(job.instance, job.p, { ...job.options, ...hooks });
    case 'mclp':
      return solveMaxCovering(job.instance, job.p, { ...job.options, ...hooks });
    case 'setCover':
      return solveSetCovering(job.instance, { ...job.options, ...hooks });
    case 'timetable':
      return proposeTimetable(job.input);
    case 'roster':
      try {
        return { kind: 'roster', proposal: await proposeRoster(job.stops, job.staff, job.options) };
      } catch (error) {
        if (!isDomainError(error)) throw error;
        return {
          kind: 'roster',
          refused: {
            code: error.code,
            field: error.field,
            message: error.message,
            details: { ...error.details },
          },
        };
      }
    default:
      throw new PlanningInputError('kind', `unknown job kind "${(job as { kind: string }).kind}"`);
  }
}

export function errorMessage(error: unknown): WorkerMessage {
  if (error instanceof PlanningInputError) {
    return { type: 'error', error: { name: error.name, message: error.message, field: error.field } };
  }
  if (error instanceof Error) return { type: 'error', error: { name: error.name, message: error.message } };
  return { type: 'error', error: { name: 'Error', message: String(error) } };
}
