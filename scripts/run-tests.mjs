// `npm test`: type check, lint (ESLint), format check, then every test suite; prints the counts per suite and a total line.
import { Buffer } from 'node:buffer';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTestPrerequisites } from './test-prerequisites.mjs';

// Debian tools first (Chromium for the browser tests): installed when root with apt, otherwise stop at once.
console.log('=== test prerequisites');
const prerequisites = ensureTestPrerequisites();
if (prerequisites !== 0 || process.argv.includes('--prerequisites-only')) process.exit(prerequisites);

const reportDir = mkdtempSync(join(tmpdir(), 'mr-test-'));
const npx = (args) => spawnSync('npx', args, { stdio: 'inherit' }).status ?? 1;

const counts = [];
function suite(project) {
  const reportFile = join(reportDir, `${project}.json`);
  console.log(
    `\n=== ${project} tests${project === 'integration' && process.env.TEST_DATABASE_URL ? ' (PGlite and PostgreSQL)' : ''}`,
  );
  const status = npx([
    'vitest',
    'run',
    '--project',
    project,
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${reportFile}`,
  ]);
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  counts.push({
    project,
    passed: report.numPassedTests,
    failed: report.numFailedTests + (status !== 0 && report.numFailedTests === 0 ? 1 : 0),
  });
  return status;
}

/**
 * Runs checks side by side (each is one single-threaded process; two cores finish them in about the time of the
 * slowest) and prints each one's output in order once it has ended. Stops when any of them failed.
 */
async function parallelSteps(steps) {
  const results = await Promise.all(
    steps.map(
      ({ name, args }) =>
        new Promise((resolve) => {
          const child = spawn('npx', args, { stdio: ['ignore', 'pipe', 'pipe'] });
          const output = [];
          child.stdout.on('data', (chunk) => output.push(chunk));
          child.stderr.on('data', (chunk) => output.push(chunk));
          child.on('error', (error) => resolve({ name, status: 1, output: [Buffer.from(String(error))] }));
          child.on('close', (status) => resolve({ name, status: status ?? 1, output }));
        }),
    ),
  );
  for (const { name, status, output } of results) {
    console.log(`\n=== ${name}`);
    process.stdout.write(Buffer.concat(output));
    if (status !== 0) console.error(`\n${name} failed`);
  }
  if (results.some(({ status }) => status !== 0)) {
    rmSync(reportDir, { recursive: true, force: true });
    process.exit(1);
  }
}

// The web build (for the browser tests) runs beside the checks: it reads the sources only, as they do.
await parallelSteps([
  { name: 'type check', args: ['tsc', '--noEmit', '-p', 'tsconfig.json'] },
  { name: 'lint', args: ['eslint', '.'] },
  { name: 'format check', args: ['prettier', '--check', '.'] },
  { name: 'web build', args: ['vite', 'build', '--logLevel', 'warn'] },
]);
let failed = suite('unit') !== 0;
failed = suite('integration') !== 0 || failed;
failed = suite('e2e') !== 0 || failed;
rmSync(reportDir, { recursive: true, force: true });

console.log('\n=== summary');
for (const { project, passed, failed: failedCount } of counts)
  console.log(`${project}: ${passed} passed, ${failedCount} failed`);
const passed = counts.reduce((sum, c) => sum + c.passed, 0);
const failedTotal = counts.reduce((sum, c) => sum + c.failed, 0);
console.log(`${passed} passed, ${failedTotal} failed`);
process.exit(failed || failedTotal > 0 ? 1 : 0);
