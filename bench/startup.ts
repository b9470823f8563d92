/**
 * Time from `npm start` to ready on the embedded database, first start (fresh data directory: initdb,
 * migrations, seed) and a later start, and the server's memory once it has served the portal's API.
 * Usage: npm run bench:startup. The last line printed is one JSON object.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const port = 3900 + Math.floor(Math.random() * 90);

async function startOnce(dataDir: string) {
  const began = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/start.ts'], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info' },
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  while (!output.includes('"readyMs"')) {
    if (child.exitCode !== null) throw new Error(`the server stopped:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const wallMs = Math.round(performance.now() - began);
  const ready = JSON.parse(output.split('\n').find((line) => line.includes('"readyMs"'))!);
  for (const path of ['/api/v1/services', '/api/v1/sites', '/api/v1/districts', '/api/v1/stops', '/']) {
    for (let i = 0; i < 20; i++) await (await fetch(`http://127.0.0.1:${port}${path}`)).arrayBuffer();
  }
  const rssMb =
    Number(
      (await import('node:fs')).readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)![1],
    ) / 1024;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.on('exit', resolve));
  return { wallMs, readyMs: ready.readyMs as number, rssMb: Math.round(rssMb) };
}

const dataDir = mkdtempSync(join(tmpdir(), 'mr-startup-'));
try {
  const first = await startOnce(dataDir);
  console.log(
    `first start (new data directory): ready after ${first.wallMs} ms (process's own count ${first.readyMs} ms), RSS ${first.rssMb} MB`,
  );
  const later = await startOnce(dataDir);
  console.log(
    `later start:                      ready after ${later.wallMs} ms (process's own count ${later.readyMs} ms), RSS ${later.rssMb} MB`,
  );
  console.log(
    JSON.stringify({
      firstStartMs: first.wallMs,
      laterStartMs: later.wallMs,
      rssMb: Math.max(first.rssMb, later.rssMb),
    }),
  );
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
