/**
 * Probe of the MCLP root bound: runs the Lagrangian ascent for a fixed time on Máximo cases and prints
 * the bound's gap above the published optimum, iterations, and how many sites reduced-cost fixing closes
 * with the optimum as incumbent. Usage: node --import tsx bench/mclpBoundProbe.ts NewYork_50_400,... [seconds] [mode]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  maximoCoverage,
  parseMaximoInstance,
  parseMaximoOptimum,
} from '../src/planning/instances/maximoMclp.ts';
import { reduceCoverage } from '../src/planning/solvers/coverageReduction.ts';
import { lagrangianAscent, reducedCostFixing } from '../src/planning/solvers/lagrangian.ts';
import { buildMclpModel, MclpRelaxation } from '../src/planning/solvers/mclpLagrangian.ts';
import { MAXIMO_DIR } from './lib/planningData.ts';

const names = (process.argv[2] ?? 'NewYork_50_400').split(',');
const seconds = Number(process.argv[3] ?? 5);
const mode = process.argv[4] ?? 'subgradient';
const below = Number(process.argv[5] ?? 0);
const theta = process.argv[6] ? Number(process.argv[6]) : undefined;
for (const name of names) {
  const [city, p, radius] = name.split('_') as [string, string, string];
  const parsed = parseMaximoInstance(readFileSync(join(MAXIMO_DIR, `${city}.txt`), 'utf8'));
  const coverage = maximoCoverage(parsed, Number(radius));
  const optimum = parseMaximoOptimum(
    readFileSync(join(MAXIMO_DIR, 'optima', `${name}.txt`), 'utf8'),
  ).objective;
  const small = reduceCoverage(coverage, Number(p)).instance;
  const model = buildMclpModel(small);
  const relaxation = new MclpRelaxation(model);
  const started = performance.now();
  const fixing = new Int8Array(model.siteCount);
  const root = lagrangianAscent(relaxation, Number(p), fixing, relaxation.initialMultipliers(), {
    incumbent: Math.round(optimum * (1 - below / 100)),
    ...(theta !== undefined ? { theta } : {}),
    integral: true,
    maxIterations: 1e9,
    deadline: performance.now() + seconds * 1000,
    ...(mode === 'volume' ? { volume: true } : {}),
  } as Parameters<typeof lagrangianAscent>[4]);
  const fixed = reducedCostFixing(root, fixing, optimum, true);
  console.log(
    `${name.padEnd(20)} ${mode} θ ${theta ?? '-'} inc −${below} % nnz ${model.siteRows.length} bound +${(((root.bound - optimum) / optimum) * 100).toFixed(3)} % ` +
      `iter ${root.iterations} in ${((performance.now() - started) / 1000).toFixed(1)} s; fixed ${fixed.closed} closed/${fixed.opened} open of ${model.siteCount}`,
  );
}
