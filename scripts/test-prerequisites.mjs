// What the test suites need from the machine beyond `npm ci`: Debian packages, found by path. `npm test` checks
// them first; missing ones are installed with apt-get when it runs as root, otherwise it stops at once and says
// the exact command to run.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Where the browser tests find Chromium (e2e/support/browser.ts reads the same variable). */
export const chromiumPath = (env = process.env) => env.CHROMIUM_PATH || '/usr/bin/chromium';

/** The Debian tools the tests use: the executable to look for and the package that brings it. */
export function requiredTools(env = process.env) {
  return [{ name: 'Chromium (browser tests)', path: chromiumPath(env), debianPackage: 'chromium' }];
}

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(command, env) {
  return (env.PATH ?? '').split(delimiter).some((dir) => dir && isExecutable(join(dir, command)));
}

const installCommands = (packages) => [
  ['apt-get', 'update'],
  ['apt-get', 'install', '-y', ...packages],
];

/**
 * Makes sure every required tool exists. Returns 0 when all are there (or were installed), 1 otherwise, after
 * printing what to run. `TEST_PREREQUISITES_DRY_RUN=1` prints the install commands instead of running them.
 */
export function ensureTestPrerequisites({
  env = process.env,
  log = console.log,
  error = console.error,
} = {}) {
  const missing = requiredTools(env).filter((tool) => !isExecutable(tool.path));
  if (missing.length === 0) return 0;
  const packages = [...new Set(missing.map((tool) => tool.debianPackage))];
  for (const tool of missing)
    error(`Missing: ${tool.name} at ${tool.path} (Debian package "${tool.debianPackage}").`);
  const commands = installCommands(packages);
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = onPath('apt-get', env);
  if (!asRoot || !hasApt) {
    const sudo = asRoot ? '' : 'sudo ';
    error(
      hasApt
        ? 'Install it, then run the tests again:'
        : 'apt-get is not available here; on Debian or Ubuntu, install it with:',
    );
    error(`  ${commands.map((command) => sudo + command.join(' ')).join(' && ')}`);
    if (env.CHROMIUM_PATH) error('(or point CHROMIUM_PATH at an existing Chromium)');
    return 1;
  }
  const dryRun = env.TEST_PREREQUISITES_DRY_RUN === '1';
  for (const command of commands) {
    log(`${dryRun ? 'would run' : 'running'}: ${command.join(' ')}`);
    if (dryRun) continue;
    const result = spawnSync(command[0], command.slice(1), {
      stdio: 'inherit',
      env: { ...env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (result.status !== 0) {
      error(`"${command.join(' ')}" failed (exit ${result.status}).`);
      return 1;
    }
  }
  const still = requiredTools(env).filter((tool) => !isExecutable(tool.path));
  if (still.length > 0) {
    for (const tool of still) error(`Still missing after installing: ${tool.name} at ${tool.path}.`);
    return 1;
  }
  return 0;
}
