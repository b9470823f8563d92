import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseOrLibOptima } from '../../src/planning/instances/orlibPmed.ts';

export const DATA_DIR = process.env.PLANNING_DATA_DIR ?? '/work/shared/data';
export const PMED_DIR = join(DATA_DIR, 'orlib-pmed');
export const MAXIMO_DIR = join(DATA_DIR, 'mclp', 'maximo');

export interface BenchCase {
  family: 'pmed' | 'mclp';
  name: string;
}

export function pmedCases(): BenchCase[] {
  return Array.from({ length: 40 }, (_, k) => ({ family: 'pmed' as const, name: `pmed${k + 1}` }));
}

export function mclpCases(): BenchCase[] {
  const order = ['NewYork', 'Bronx', 'SanFrancisco', 'Kings'];
  return readdirSync(join(MAXIMO_DIR, 'optima'))
    .filter((file) => file.endsWith('.txt'))
    .map((file) => file.replace(/\.txt$/, ''))
    .sort((a, b) => {
      const [ca, pa] = a.split('_');
      const [cb, pb] = b.split('_');
      return order.indexOf(ca!) - order.indexOf(cb!) || Number(pa) - Number(pb);
    })
    .map((name) => ({ family: 'mclp' as const, name }));
}

export function pmedOptima(): Map<string, number> {
  return parseOrLibOptima(readFileSync(join(PMED_DIR, 'pmedopt.txt'), 'utf8'));
}

export interface BenchRow {
  name: string;
  objective: number;
  optimum: number;
  gapPct: number;
  seconds: number;
  proven: boolean;
  /** (bound − objective) / objective in % with the result's own certified bound (absolute value). */
  boundGapPct: number;
}

export interface FamilySummary {
  total: number;
  optimal: number;
  proven: number;
  meanGapPct: number;
  maxGapPct: number;
  meanBoundGapPct?: number;
  maxSeconds: number;
  totalSeconds: number;
}

export function summarise(rows: readonly BenchRow[], withBoundGap = false): FamilySummary {
  const round = (value: number, digits: number) => Number(value.toFixed(digits));
  const gaps = rows.map((row) => row.gapPct);
  const seconds = rows.map((row) => row.seconds);
  return {
    total: rows.length,
    optimal: rows.filter((row) => row.gapPct <= 1e-9).length,
    proven: rows.filter((row) => row.proven).length,
    meanGapPct: round(rows.length ? gaps.reduce((a, b) => a + b, 0) / rows.length : 0, 4),
    maxGapPct: round(Math.max(0, ...gaps), 4),
    ...(withBoundGap
      ? {
          meanBoundGapPct: round(
            rows.length ? rows.reduce((sum, row) => sum + row.boundGapPct, 0) / rows.length : 0,
            4,
          ),
        }
      : {}),
    maxSeconds: round(Math.max(0, ...seconds), 2),
    totalSeconds: round(
      seconds.reduce((a, b) => a + b, 0),
      2,
    ),
  };
}
