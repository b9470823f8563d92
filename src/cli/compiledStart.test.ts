import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import type { WorkerMessage } from '../planning/workerProtocol.ts';
import { pdfText } from '../../test/support/pdfText.ts';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const serverDir = join(projectRoot, 'dist/server');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('the compiled server (dist/server)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'mr-compiled-'));
  const webDir = mkdtempSync(join(tmpdir(), 'mr-compiled-web-'));
  const children: ReturnType<typeof spawn>[] = [];
  afterAll(() => {
    for (const child of children) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(webDir, { recursive: true, force: true });
  });

  // A first start on a new data directory (initdb, migrations, seed): minutes when two cores are busy.
  it(
    'builds, starts without tsx, serves a page and the API, runs a solver worker, draws a PDF and stops cleanly',
    { timeout: 240_000 },
    async () => {
      execFileSync(process.execPath, ['scripts/build-server.mjs'], { cwd: projectRoot, stdio: 'pipe' });
      for (const file of ['start.js', 'main.js', 'solverWorker.js']) {
        expect(readFileSync(join(serverDir, file), 'utf8')).not.toMatch(/["']tsx(\/[^"']*)?["']/);
      }
      writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Mobiles Rathaus</title>');

      const port = await freePort();
      const child = spawn(process.execPath, [join(serverDir, 'start.js')], {
        cwd: projectRoot,
        env: {
          ...process.env,
          NODE_OPTIONS: '',
          NODE_ENV: 'development',
          // Tests never get demo data.
          SEED_DEMO_ACTIVITY: 'false',
          LOG_LEVEL: 'info',
          HOST: '127.0.0.1',
          PORT: String(port),
          DATA_DIR: dataDir,
          WEB_DIR: webDir,
          ADMIN_EMAIL: 'admin@compiled.example',
          ADMIN_INITIAL_PASSWORD: 'Erstes-Passwort-2026',
        },
      });
      children.push(child);
      let output = '';
      child.stdout!.on('data', (chunk) => (output += chunk));
      child.stderr!.on('data', (chunk) => (output += chunk));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      let stopped = false;
      void exited.then(() => (stopped = true));

      await expect
        .poll(
          async () => {
            if (stopped) throw new Error(`the server stopped:\n${output}`);
            return (await fetch(`http://127.0.0.1:${port}/ready`).catch(() => undefined))?.status;
          },
          { timeout: 200_000, interval: 200 },
        )
        .toBe(200);
      const page = await fetch(`http://127.0.0.1:${port}/buchen`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>Mobiles Rathaus</title>');
      const services = await (await fetch(`http://127.0.0.1:${port}/api/v1/services`)).json();
      expect(services.total).toBeGreaterThan(0);

      // The compiled solver worker starts as plain JavaScript and solves with HiGHS.
      const worker = new Worker(join(serverDir, 'solverWorker.js'));
      const result = await new Promise<WorkerMessage>((resolve, reject) => {
        worker.on('message', (message: WorkerMessage) => message.type !== 'progress' && resolve(message));
        worker.on('error', reject);
        worker.postMessage({
          type: 'run',
          job: {
            kind: 'pmedian',
            p: 2,
            options: { method: 'exact' },
            instance: {
              demandCount: 4,
              siteCount: 3,
              weights: Float64Array.from([1, 1, 1, 1]),
              distance: Float64Array.from([0, 5, 9, 5, 0, 9, 9, 9, 0, 9, 9, 1]),
            },
          },
        });
      });
      await worker.terminate();
      expect(result).toMatchObject({ type: 'result', result: { objective: 6 } });

      // The compiled server draws a test phase's report as a PDF with its embedded fonts (dist/server/fonts).
      const api = `http://127.0.0.1:${port}/api/v1/staff`;
      const signIn = await fetch(`${api}/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@compiled.example', password: 'Erstes-Passwort-2026' }),
      });
      expect(signIn.status).toBe(200);
      const cookie = signIn.headers
        .getSetCookie()
        .map((header) => header.split(';')[0])
        .join('; ');
      const headers = {
        cookie,
        'content-type': 'application/json',
        'x-csrf-token': ((await signIn.json()) as { csrfToken: string }).csrfToken,
      };
      const changed = await fetch(`${api}/password`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          currentPassword: 'Erstes-Passwort-2026',
          newPassword: 'Zweites-Passwort-2026',
        }),
      });
      expect(changed.status).toBe(200);
      const created = await fetch(`${api}/test-phases`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          name: 'Übergabe an den Rat',
          startDate: '2030-03-01',
          endDate: '2030-03-31',
          siteIds: ['bahnhof-avenwedde'],
          unitIds: ['rathausmobil'],
          targets: [{ kpi: 'satisfaction', comparator: 'at_least', target: 4 }],
        }),
      });
      expect(created.status, await created.clone().text()).toBe(201);
      const { id } = (await created.json()) as { id: string };
      const pdf = await fetch(`${api}/test-phases/${id}/report?format=pdf`, { headers });
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      const { text } = await pdfText(new Uint8Array(await pdf.arrayBuffer()));
      expect(text).toContain('Bericht zur Erprobungsphase „Übergabe an den Rat“');
      expect(text).toContain('Zufriedenheit (1–5): keine Daten');
      expect(text).toContain('Ziel: mindestens 4,00');

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output).toContain('"readyMs"');
      expect(output).not.toMatch(/"level":50/);
    },
  );
});
