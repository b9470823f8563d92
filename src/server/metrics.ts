import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { workerRunObservers } from '../planning/runInWorker.ts';

/**
 * The process-wide metrics: process figures (CPU, memory, event-loop delay), bookings by outcome and solver
 * runs. Per-app figures (HTTP durations, job queue, database pool) live in the metrics plugin.
 */
export const processRegistry = new Registry();
collectDefaultMetrics({ register: processRegistry });

export type BookingOperation = 'hold' | 'confirm' | 'cancel' | 'reschedule';
export type BookingOutcome = 'ok' | 'conflict' | 'rejected' | 'error';

const bookings = new Counter({
  name: 'mr_bookings_total',
  help: 'Booking operations by outcome (ok, conflict = slot taken or state changed, rejected = other 4xx, error = 5xx)',
  labelNames: ['operation', 'outcome'] as const,
  registers: [processRegistry],
});

export function countBooking(operation: BookingOperation, outcome: BookingOutcome): void {
  bookings.inc({ operation, outcome });
}

/** The outcome a booking request's HTTP status stands for. */
export function bookingOutcomeOf(status: number): BookingOutcome {
  if (status < 400) return 'ok';
  if (status === 409) return 'conflict';
  return status < 500 ? 'rejected' : 'error';
}

const solverSeconds = new Histogram({
  name: 'mr_solver_duration_seconds',
  help: 'Planning jobs in worker threads, from start to result, by job kind and outcome',
  labelNames: ['kind', 'outcome'] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
  registers: [processRegistry],
});
const workerStartSeconds = new Histogram({
  name: 'mr_solver_worker_start_seconds',
  help: 'Time until a solver worker thread runs',
  buckets: [0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2],
  registers: [processRegistry],
});

workerRunObservers.add((report) => {
  solverSeconds.observe({ kind: report.kind, outcome: report.outcome }, report.seconds);
  if (report.startSeconds !== undefined) workerStartSeconds.observe(report.startSeconds);
});
