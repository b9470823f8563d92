import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function startProduct(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/start.ts'], {
    cwd: projectRoot,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      // Tests never get demo data.
      SEED_DEMO_ACTIVITY: 'false',
      LOG_LEVEL: 'info',
      HOST: '127.0.0.1',
      ...env,
    },
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

async function waitUntilReady(port: number, exited: Promise<number | null>) {
  // A first start (initdb, migrations, seed) takes well over a minute when both cores are busy.
  const deadline = Date.now() + 240_000;
  let stopped = false;
  void exited.then(() => (stopped = true));
  while (Date.now() < deadline && !stopped) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/ready`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the server did not become ready');
}

describe('starting the product on the embedded database', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mr-start-'));
  const webDir = mkdtempSync(join(tmpdir(), 'mr-web-'));
  const running: ChildProcessWithoutNullStreams[] = [];
  afterAll(() => {
    for (const child of running) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(webDir, { recursive: true, force: true });
  });

  it('serves Gütersloh, refuses a second process on the same data directory, and keeps the data intact', async () => {
    const port = await freePort();
    const first = startProduct({ DATA_DIR: dataDir, WEB_DIR: webDir, PORT: String(port) });
    running.push(first.child);
    await waitUntilReady(port, first.exited);
    const services = await (await fetch(`http://127.0.0.1:${port}/api/v1/services`)).json();
    expect(services.total).toBe(21);

    const second = startProduct({ DATA_DIR: dataDir, WEB_DIR: webDir, PORT: String(await freePort()) });
    running.push(second.child);
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(`already in use by process ${first.child.pid}`);

    const afterwards = await (await fetch(`http://127.0.0.1:${port}/api/v1/districts`)).json();
    expect(afterwards.total).toBe(14);
    expect(first.output()).not.toMatch(/"level":50/);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const ready = first
      .output()
      .split('\n')
      .find((line) => line.includes('"readyMs"'));
    expect(ready).toBeDefined();

    // After a clean shutdown the directory opens again, with the same data.
    const restartPort = await freePort();
    const restarted = startProduct({ DATA_DIR: dataDir, WEB_DIR: webDir, PORT: String(restartPort) });
    running.push(restarted.child);
    await waitUntilReady(restartPort, restarted.exited);
    expect((await (await fetch(`http://127.0.0.1:${restartPort}/api/v1/services`)).json()).total).toBe(21);
    restarted.child.kill('SIGTERM');
    expect(await restarted.exited).toBe(0);
  }, 600_000);
});
