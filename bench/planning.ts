/**
 * Site-selection benchmark: OR-Library p-median (pmed1–40) and Máximo et al.'s MCLP cases.
 * Usage: node --import tsx bench/planning.ts [--only pmed1,NewYork_50_400] [--pmed-seconds 2.7] [--mclp-seconds 22]
 * Prints one line per instance and, last, one JSON object with the summary per family.
 * Seconds include reading and preprocessing (Floyd–Warshall, coverage sets).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  maximoCoverage,
  parseMaximoInstance,
  parseMaximoOptimum,
} from '../src/planning/instances/maximoMclp.ts';
import { parseOrLibPMedian } from '../src/planning/instances/orlibPmed.ts';
import { solveMaxCovering } from '../src/planning/solvers/mclp.ts';
import { solvePMedian } from '../src/planning/solvers/pmedian.ts';
import {
  type BenchCase,
  type BenchRow,
  MAXIMO_DIR,
  mclpCases,
  PMED_DIR,
  pmedCases,
  pmedOptima,
  summarise,
} from './lib/planningData.ts';

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const only = argument('--only')
  ?.split(',')
  .map((name) => name.trim().toLowerCase());
const pmedSeconds = Number(argument('--pmed-seconds') ?? 2.7);
const mclpSeconds = Number(argument('--mclp-seconds') ?? 22);
const selected = (cases: BenchCase[]) =>
  only ? cases.filter((c) => only.includes(c.name.toLowerCase())) : cases;

const pmedRows: BenchRow[] = [];
const mclpRows: BenchRow[] = [];
const optima = pmedOptima();
const cities = new Map<string, ReturnType<typeof parseMaximoInstance>>();

function line(row: BenchRow, extra: string): void {
  console.log(
    `${row.name.padEnd(22)} objective ${String(row.objective).padStart(9)}  optimum ${String(row.optimum).padStart(9)}  ` +
      `gap ${row.gapPct.toFixed(3).padStart(6)} %  ${row.seconds.toFixed(2).padStart(6)} s  ${extra}`,
  );
}

for (const { name } of selected(pmedCases())) {
  const started = performance.now();
  const { instance, p } = parseOrLibPMedian(readFileSync(join(PMED_DIR, `${name}.txt`), 'utf8'));
  const result = await solvePMedian(instance, p, { timeLimitSeconds: pmedSeconds });
  const optimum = optima.get(name) ?? NaN;
  const row: BenchRow = {
    name,
    objective: result.objective,
    optimum,
    gapPct: ((result.objective - optimum) / optimum) * 100,
    seconds: (performance.now() - started) / 1000,
  };
  pmedRows.push(row);
  line(
    row,
    `${result.method}, bound ${result.lowerBound ?? '-'} (${result.boundSource ?? '-'}), ${result.reason}`,
  );
}

for (const { name } of selected(mclpCases())) {
  const started = performance.now();
  const [city, p, radius] = name.split('_') as [string, string, string];
  let parsed = cities.get(city);
  if (!parsed) {
    parsed = parseMaximoInstance(readFileSync(join(MAXIMO_DIR, `${city}.txt`), 'utf8'));
    cities.set(city, parsed);
  }
  const coverage = maximoCoverage(parsed, Number(radius));
  const optimum = parseMaximoOptimum(
    readFileSync(join(MAXIMO_DIR, 'optima', `${name}.txt`), 'utf8'),
  ).objective;
  const result = await solveMaxCovering(coverage, Number(p), { timeLimitSeconds: mclpSeconds });
  const row: BenchRow = {
    name,
    objective: result.objective,
    optimum,
    gapPct: ((optimum - result.objective) / optimum) * 100,
    seconds: (performance.now() - started) / 1000,
  };
  mclpRows.push(row);
  const bound = result.upperBound !== undefined ? Math.round(result.upperBound) : '-';
  line(row, `${result.method}, bound ${bound} (${result.boundSource ?? '-'}), ${result.reason}`);
}

console.log(JSON.stringify({ pmed: summarise(pmedRows), mclp: summarise(mclpRows) }));
