// `npm start`, `npm run cli` and `npm run db:migrate` run the compiled server (dist/server), never TypeScript.
// When dist/server is missing or older than a source file, it is compiled first (needs the dev dependencies,
// which `npm ci` installs unless NODE_ENV=production; a production image runs `npm run build` in its build
// stage). Usage: node scripts/run-compiled.mjs <start|main> [arguments]
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const [entry, ...args] = process.argv.slice(2);
if (entry !== 'start' && entry !== 'main') {
  console.error('usage: node scripts/run-compiled.mjs <start|main> [arguments]');
  process.exit(2);
}
const serverOutDir = join(root, 'dist/server');
const stampFile = join(serverOutDir, '.build-stamp');

/** The newest modification time of the sources the server bundle is made from. */
function newestSource(dir, newest = 0) {
  for (const item of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, item.name);
    if (item.isDirectory()) {
      if (path !== join(root, 'src/web')) newest = newestSource(path, newest);
    } else if (!item.name.includes('.test.')) {
      newest = Math.max(newest, statSync(path).mtimeMs);
    }
  }
  return newest;
}

function buildIsCurrent() {
  if (!existsSync(stampFile)) return false;
  const builtAt = statSync(stampFile).mtimeMs;
  const inputs = [join(root, 'package.json'), join(root, 'scripts/build-server.mjs')];
  return (
    Math.max(newestSource(join(root, 'src')), ...inputs.map((file) => statSync(file).mtimeMs)) <= builtAt
  );
}

if (!buildIsCurrent()) {
  let buildServer;
  try {
    ({ buildServer } = await import('./build-server.mjs').then(async (module) => {
      await import('esbuild');
      return module;
    }));
  } catch {
    buildServer = undefined;
  }
  if (buildServer) {
    console.log(
      existsSync(stampFile) ? 'Sources changed: compiling the server…' : 'Compiling the server once…',
    );
    await buildServer({ quiet: true });
  } else if (existsSync(stampFile)) {
    console.warn('dist/server may be older than the sources, and esbuild is not installed to rebuild it.');
  } else {
    console.error(
      'dist/server is missing and esbuild is not installed: run `npm ci` with the dev dependencies, then `npm run build`.',
    );
    process.exit(1);
  }
}

process.argv = [process.argv[0], join(serverOutDir, `${entry}.js`), ...args];
await import(pathToFileURL(join(serverOutDir, `${entry}.js`)).href);
