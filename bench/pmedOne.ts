// Solve chosen OR-Library p-median instances one by one; prints wall and CPU seconds per instance.
// Usage: node --import tsx bench/pmedOne.ts pmed38,pmed39 [seconds]   (THREADS=1: single-threaded tree)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseOrLibPMedian } from '../src/planning/instances/orlibPmed.ts';
import { solvePMedian } from '../src/planning/solvers/pmedian.ts';
import { PMED_DIR, pmedOptima } from './lib/planningData.ts';

const names = (process.argv[2] ?? 'pmed38').split(',');
const seconds = Number(process.argv[3] ?? 9.5);
const optima = pmedOptima();
for (const name of names) {
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  let lastPhase = '';
  const { instance, p } = parseOrLibPMedian(readFileSync(join(PMED_DIR, `${name}.txt`), 'utf8'));
  const left = seconds - (performance.now() - started) / 1000;

  const result = await solvePMedian(instance, p, {
    timeLimitSeconds: Math.max(4, left),
    ...(process.env.THREADS ? { threads: Number(process.env.THREADS) } : {}),

    onProgress: (progress) => {
      if (progress.phase === lastPhase || !process.env.PHASES) return;
      lastPhase = progress.phase;
      const used = process.cpuUsage(cpu0);
      console.log(
        `  ${progress.phase} at cpu ${((used.user + used.system) / 1e6).toFixed(2)} s incumbent ${progress.incumbent} bound ${progress.bound}`,
      );
    },
  });
  const cpu = process.cpuUsage(cpu0);
  console.log(
    `${name.padEnd(7)} n ${instance.demandCount} p ${p} objective ${result.objective} optimum ${optima.get(name)} ` +
      `bound ${result.bound} ${result.provenOptimal ? 'PROVEN' : 'open'} wall ${((performance.now() - started) / 1000).toFixed(2)} s ` +
      `cpu ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s; ${result.solver}: ${result.reason}`,
  );
}
