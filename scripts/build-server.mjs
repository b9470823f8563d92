// Compiles the server for production: src/cli/start.ts, src/cli/main.ts and the solver worker become plain
// JavaScript bundles in dist/server (node_modules stay external), the SQL migrations and the PDF fonts are
// copied beside them.
// Needs esbuild (a devDependency): run it where the dev dependencies are installed (`npm ci`, then
// `npm run build`), or let `npm start` do it on the first start. Usage: node scripts/build-server.mjs
import { performance } from 'node:perf_hooks';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
export const serverOutDir = `${root}dist/server/`;
export const buildStampFile = `${serverOutDir}.build-stamp`;

export async function buildServer({ quiet = false } = {}) {
  const { build } = await import('esbuild');
  const began = performance.now();
  rmSync(serverOutDir, { recursive: true, force: true });
  mkdirSync(serverOutDir, { recursive: true });
  await build({
    absWorkingDir: root,
    entryPoints: {
      start: 'src/cli/start.ts',
      main: 'src/cli/main.ts',
      solverWorker: 'src/planning/solverWorker.ts',
      treeWorker: 'src/planning/treeWorker.ts',
    },
    outdir: serverOutDir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: quiet ? 'warning' : 'info',
  });
  // migrate.ts reads its SQL files next to itself (`./migrations/`), which in the bundle is dist/server.
  cpSync(`${root}src/db/migrations`, `${serverOutDir}migrations`, { recursive: true });
  // The PDF reports read their fonts next to themselves (`./fonts/`), which in the bundle is dist/server too.
  cpSync(`${root}src/server/pdf/fonts`, `${serverOutDir}fonts`, { recursive: true });
  writeFileSync(buildStampFile, JSON.stringify({ builtAt: new Date().toISOString() }) + '\n');
  if (!quiet) console.log(`server compiled into dist/server in ${Math.round(performance.now() - began)} ms`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildServer();
}
