import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { isDatabaseUnavailable } from '../dbErrors.ts';
import { claimDueJobs, failJob, finishJob, type ClaimedJob, type JobKindFilter } from './jobQueue.ts';

export type JobHandler = (job: ClaimedJob, now: Date) => Promise<void>;
export type JobHandlers = Record<string, JobHandler>;
/** Work that runs on every tick, independent of queued jobs (sweeps such as expiring holds). */
export type PeriodicTask = { name: string; everyMs: number; run: (now: Date) => Promise<void> };

const errorFacts = (error: unknown) => ({
  type: (error as Error)?.name,
  code: (error as { code?: unknown })?.code,
  message: (error as Error)?.message,
});

/**
 * Runs every due job once (of the given kinds, or all); returns how many ran. Tests call this directly with
 * their own clock.
 */
export async function runDueJobs(
  db: Kysely<Database>,
  handlers: JobHandlers,
  now: Date,
  log?: FastifyBaseLogger,
  kinds?: JobKindFilter,
) {
  const jobs = await claimDueJobs(db, now, 20, kinds);
  for (const job of jobs) {
    const handler = handlers[job.kind];
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      await handler(job, now);
      await finishJob(db, job.id);
    } catch (error) {
      // With the database gone the job cannot be marked either; its lease runs out and it is claimed again.
      if (isDatabaseUnavailable(error)) throw error;
      log?.warn({ job: job.id, kind: job.kind, err: errorFacts(error) }, 'job failed');
      await failJob(db, job, error, now);
    }
  }
  return jobs.length;
}

export interface JobRunner {
  stop(): Promise<void>;
}

/** A loop of its own: a slow or stuck lane (mail to a silent SMTP server) never holds up another. */
interface Lane {
  name: string;
  everyMs: number;
  run: (now: Date) => Promise<unknown>;
}

export interface JobRunnerOptions {
  db: Kysely<Database>;
  handlers: JobHandlers;
  periodic: PeriodicTask[];
  pollMs: number;
  log: FastifyBaseLogger;
  /** Longest wait between attempts while the database cannot be reached (doubling from `pollMs`). */
  maxBackoffMs?: number;
}

/**
 * Runs the durable jobs and the periodic tasks in lanes: one lane per job kind, one per periodic task, each
 * with its own timer, so expiring holds and waitlist offers go on while mail is stuck. While the database
 * cannot be reached a lane backs off exponentially (up to `maxBackoffMs`) and logs each retry, then resumes.
 */
export function startJobRunner(options: JobRunnerOptions): JobRunner {
  const { db, handlers, log, pollMs } = options;
  const maxBackoffMs = options.maxBackoffMs ?? 60_000;
  const knownKinds = Object.keys(handlers);
  const lanes: Lane[] = [
    ...knownKinds.map((kind) => ({
      name: `jobs:${kind}`,
      everyMs: pollMs,
      run: (now: Date) => runDueJobs(db, handlers, now, log, { only: [kind] }),
    })),
    {
      name: 'jobs:unknown-kinds',
      everyMs: pollMs,
      run: (now: Date) => runDueJobs(db, handlers, now, log, { except: knownKinds }),
    },
    ...options.periodic.map((task) => ({ name: task.name, everyMs: task.everyMs, run: task.run })),
  ];
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<void>>();

  const schedule = (lane: Lane, delayMs: number, failures: number) => {
    if (stopped) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (stopped) return;
      const pass = runLane(lane, failures).finally(() => running.delete(pass));
      running.add(pass);
    }, delayMs);
    timer.unref();
    timers.add(timer);
  };

  const runLane = async (lane: Lane, failures: number): Promise<void> => {
    try {
      await lane.run(new Date());
      if (failures > 0) log.info({ lane: lane.name, failures }, 'job lane recovered: the database answers');
      schedule(lane, lane.everyMs, 0);
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        const delayMs = Math.min(maxBackoffMs, pollMs * 2 ** (failures + 1));
        log.warn(
          { lane: lane.name, failures: failures + 1, retryInMs: delayMs, err: errorFacts(error) },
          'database unavailable: job lane backs off',
        );
        schedule(lane, delayMs, failures + 1);
      } else {
        log.warn({ lane: lane.name, err: errorFacts(error) }, 'job lane failed');
        schedule(lane, lane.everyMs, 0);
      }
    }
  };

  for (const lane of lanes) schedule(lane, pollMs, 0);
  return {
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.allSettled([...running]);
    },
  };
}
