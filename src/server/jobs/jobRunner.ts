import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { claimDueJobs, failJob, finishJob, type ClaimedJob } from './jobQueue.ts';

export type JobHandler = (job: ClaimedJob, now: Date) => Promise<void>;
export type JobHandlers = Record<string, JobHandler>;
/** Work that runs on every tick, independent of queued jobs (sweeps such as expiring holds). */
export type PeriodicTask = { name: string; everyMs: number; run: (now: Date) => Promise<void> };

/** Runs every due job once; returns how many ran. Tests call this directly with their own clock. */
export async function runDueJobs(
  db: Kysely<Database>,
  handlers: JobHandlers,
  now: Date,
  log?: FastifyBaseLogger,
) {
  const jobs = await claimDueJobs(db, now);
  for (const job of jobs) {
    const handler = handlers[job.kind];
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      await handler(job, now);
      await finishJob(db, job.id);
    } catch (error) {
      log?.warn(
        {
          job: job.id,
          kind: job.kind,
          err: { type: (error as Error).name, message: (error as Error).message },
        },
        'job failed',
      );
      await failJob(db, job, error, now);
    }
  }
  return jobs.length;
}

export interface JobRunner {
  stop(): Promise<void>;
}

export function startJobRunner(options: {
  db: Kysely<Database>;
  handlers: JobHandlers;
  periodic: PeriodicTask[];
  pollMs: number;
  log: FastifyBaseLogger;
}): JobRunner {
  let stopped = false;
  let current: Promise<void> = Promise.resolve();
  const lastRun = new Map<string, number>();
  const tick = async () => {
    const now = new Date();
    for (const task of options.periodic) {
      if (now.getTime() - (lastRun.get(task.name) ?? 0) < task.everyMs) continue;
      lastRun.set(task.name, now.getTime());
      try {
        await task.run(now);
      } catch (error) {
        options.log.warn(
          { task: task.name, err: { type: (error as Error).name, message: (error as Error).message } },
          'periodic task failed',
        );
      }
    }
    await runDueJobs(options.db, options.handlers, now, options.log);
  };
  const timer = setInterval(() => {
    if (stopped) return;
    current = current.then(tick).catch((error: unknown) => {
      options.log.error(
        { err: { type: (error as Error).name, message: (error as Error).message } },
        'job runner tick failed',
      );
    });
  }, options.pollMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await current;
    },
  };
}
