import { describe, expect, it } from 'vitest';
import { coverageFromLists } from './problem.ts';
import { runInWorker } from './runInWorker.ts';
import type { SiteSelectionResult, SolveProgress } from './solvers/types.ts';

const instance = {
  demandCount: 4,
  siteCount: 3,
  weights: Float64Array.from([1, 1, 1, 1]),
  distance: Float64Array.from([0, 5, 9, 5, 0, 9, 9, 9, 0, 9, 9, 1]),
};

describe('runInWorker', () => {
  it('solves a job in a worker thread and streams progress', { timeout: 60_000 }, async () => {
    const progress: SolveProgress[] = [];
    const outcome = await runInWorker(
      { kind: 'pmedian', instance, p: 2, options: { method: 'exact' } },
      { onProgress: (p) => progress.push(p) },
    );
    expect(outcome.ok).toBe(true);
    const result = (outcome as { ok: true; result: SiteSelectionResult }).result;
    // {0,2} and {1,2} both cost 0 + 5 + 0 + 1.
    expect(result.objective).toBe(6);
    expect(result.sites).toContain(2);
    expect(progress.length).toBeGreaterThan(0);
  });

  it('returns input errors with their field', { timeout: 60_000 }, async () => {
    const outcome = await runInWorker({ kind: 'pmedian', instance, p: 7 });
    expect(outcome).toMatchObject({ ok: false, reason: 'input', field: 'p' });
  });

  it(
    'turns a crash inside the worker into an error result; the main thread survives',
    { timeout: 60_000 },
    async () => {
      const workerUrl = new URL('./testing/crashingWorker.ts', import.meta.url);
      const thrown = await runInWorker({ kind: 'pmedian', instance, p: 1 }, { workerUrl });
      expect(thrown).toMatchObject({ ok: false, reason: 'crashed' });
      expect(thrown.ok ? '' : thrown.message).toMatch(/Aborted/);
      expect(thrown.ok ? undefined : thrown.lastProgress?.incumbent).toBe(42);
      const exited = await runInWorker({ kind: 'exit' } as never, { workerUrl });
      expect(exited).toMatchObject({ ok: false, reason: 'crashed' });
      // Still alive: a real job afterwards works.
      const again = await runInWorker({ kind: 'pmedian', instance, p: 1 });
      expect(again.ok).toBe(true);
    },
  );

  it('cancels and times out by terminating the worker', { timeout: 60_000 }, async () => {
    // 10 sites of 5 points each can never cover 1000 points, so the search uses its whole 30 s budget.
    const lists = Array.from({ length: 300 }, (_, j) =>
      Array.from({ length: 5 }, (_, k) => (j * 37 + k * 101) % 1000),
    );
    const big = coverageFromLists(new Float64Array(1000).fill(1), lists);
    const job = {
      kind: 'mclp' as const,
      instance: big,
      p: 10,
      options: { method: 'heuristic' as const, timeLimitSeconds: 30 },
    };
    const timedOut = await runInWorker(job, { timeLimitSeconds: 1 });
    expect(timedOut).toMatchObject({ ok: false, reason: 'timeout' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 500);
    const cancelled = await runInWorker(job, { signal: controller.signal });
    expect(cancelled).toMatchObject({ ok: false, reason: 'cancelled' });
  });
});
