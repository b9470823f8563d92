import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';

type Executor = Kysely<Database> | Transaction<Database>;

export interface JobRequest {
  kind: string;
  payload?: Record<string, unknown>;
  runAt?: Date;
  /** At most one job with this key exists (e.g. one reminder per booking, one sweep per hour). */
  uniqueKey?: string;
}

/** Adds a job; called inside a command's transaction, the job exists only if the change commits. */
export async function enqueueJob(executor: Executor, job: JobRequest): Promise<void> {
  await enqueueJobs(executor, [job]);
}

/** Several jobs in one statement (each as `enqueueJob`: one whose unique key is queued already is left out). */
export async function enqueueJobs(executor: Executor, jobs: JobRequest[]): Promise<void> {
  if (jobs.length === 0) return;
  await executor
    .insertInto('jobs')
    .values(
      jobs.map((job) => ({
        kind: job.kind,
        payload: JSON.stringify(job.payload ?? {}),
        run_at: job.runAt ?? new Date(),
        unique_key: job.uniqueKey ?? null,
      })),
    )
    .onConflict((conflict) => conflict.column('unique_key').doNothing())
    .execute();
}

export interface ClaimedJob {
  id: number;
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
}

/** Which job kinds a lane claims: only these, or all but these. */
export type JobKindFilter = { only: string[]; except?: never } | { except: string[]; only?: never };

const LEASE_SECONDS = 120;

/**
 * Claims due jobs. A job whose worker died (lease ran out while 'running') is claimed again, so work
 * survives restarts. SKIP LOCKED lets several server processes share one PostgreSQL queue.
 */
export async function claimDueJobs(
  db: Kysely<Database>,
  now: Date,
  limit = 20,
  kinds?: JobKindFilter,
): Promise<ClaimedJob[]> {
  const kindFilter = kinds?.only
    ? sql`AND kind = ANY(${kinds.only}::text[])`
    : kinds?.except
      ? sql`AND NOT (kind = ANY(${kinds.except}::text[]))`
      : sql``;
  const result = await sql<ClaimedJob>`
    UPDATE jobs SET status = 'running', attempts = attempts + 1,
      locked_until = ${now}::timestamptz + make_interval(secs => ${LEASE_SECONDS})
    WHERE id IN (
      SELECT id FROM jobs
      WHERE run_at <= ${now} AND (status = 'pending' OR (status = 'running' AND locked_until < ${now}))
        ${kindFilter}
      ORDER BY run_at, id
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING id, kind, payload, attempts`.execute(db);
  return result.rows;
}

const MAX_ATTEMPTS = 5;

export async function finishJob(db: Kysely<Database>, id: number): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ status: 'done', finished_at: new Date(), locked_until: null })
    .where('id', '=', id)
    .execute();
}

export async function failJob(
  db: Kysely<Database>,
  job: ClaimedJob,
  error: unknown,
  now: Date,
): Promise<void> {
  const final = job.attempts >= MAX_ATTEMPTS;
  await db
    .updateTable('jobs')
    .set({
      status: final ? 'failed' : 'pending',
      // Exponential back-off: 30 s, 1 min, 2 min, …
      run_at: new Date(now.getTime() + 30_000 * 2 ** (job.attempts - 1)),
      locked_until: null,
      last_error: error instanceof Error ? `${error.name}: ${error.message}`.slice(0, 500) : 'unknown error',
      // A job that fails for good keeps no link secret: `token` (e.g. the booking mail's manage link) is only
      // needed while the job may still run.
      ...(final ? { finished_at: now, payload: sql<string>`payload - 'token'` } : {}),
    })
    .where('id', '=', job.id)
    .execute();
}
