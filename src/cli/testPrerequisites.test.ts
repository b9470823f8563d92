import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

/** `npm test` up to its prerequisite check, with the environment given (nothing is installed: see each case). */
function checkPrerequisites(env: Record<string, string>) {
  const result = spawnSync(process.execPath, ['scripts/run-tests.mjs', '--prerequisites-only'], {
    cwd: projectRoot,
    env: { HOME: process.env.HOME ?? '/tmp', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const absent = '/nonexistent/mobiles-rathaus/chromium';
const asRoot = process.getuid?.() === 0;

describe('the test command on a machine without Chromium', () => {
  it('goes on when Chromium is where CHROMIUM_PATH says', () => {
    const result = checkPrerequisites({ PATH: process.env.PATH ?? '', CHROMIUM_PATH: process.execPath });
    expect(result.output).not.toContain('Missing');
    expect(result.status).toBe(0);
  });

  it('stops at once with the exact command when apt-get is not available', () => {
    const result = checkPrerequisites({ PATH: '/nonexistent-bin', CHROMIUM_PATH: absent });
    expect(result.status).toBe(1);
    expect(result.output).toContain(
      `Missing: Chromium (browser tests) at ${absent} (Debian package "chromium")`,
    );
    expect(result.output).toMatch(/apt-get update && (sudo )?apt-get install -y chromium/);
    expect(result.output).not.toContain('running:');
  });

  it(`${asRoot ? 'as root with apt-get, installs Debian chromium' : 'without root, names the sudo command'}`, () => {
    // The dry run prints the commands it would run as root instead of running them.
    const result = checkPrerequisites({
      PATH: process.env.PATH ?? '',
      CHROMIUM_PATH: absent,
      TEST_PREREQUISITES_DRY_RUN: '1',
    });
    expect(result.status).toBe(1);
    if (asRoot) {
      expect(result.output).toContain('would run: apt-get update\n');
      expect(result.output).toContain('would run: apt-get install -y chromium\n');
      expect(result.output).toContain(
        `Still missing after installing: Chromium (browser tests) at ${absent}`,
      );
    } else {
      expect(result.output).toContain('sudo apt-get update && sudo apt-get install -y chromium');
    }
  });
});
