import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.ts';
import { createTestApp, type TestApp } from '../../test/support/testApp.ts';

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const secret = (letter: string) => letter.repeat(40);
const productionEnv = {
  NODE_ENV: 'production',
  SMTP_URL: 'smtp://mail.example:587',
  STATION_POSTER_SECRET: secret('p'),
  HOME_VISIT_PASS_SECRET: secret('h'),
  CAPTCHA_SECRET: secret('c'),
  COOKIE_SECRET: secret('k'),
  WEBHOOK_SECRET_KEY: secret('w'),
  ADMIN_EMAIL: 'it-admin@guetersloh.example',
  DOCUMENT_KEYS: `k2026:${Buffer.alloc(32, 7).toString('base64')}`,
};

describe('production configuration', () => {
  it('starts with every secret and an admin address', () => {
    const config = loadConfig(productionEnv);
    expect(config.nodeEnv).toBe('production');
    expect(config.stationPosterSecret).toBe(secret('p'));
    expect(config.homeVisitPassSecret).toBe(secret('h'));
    expect(config.staffAuth.cookieSecret).toBe(secret('k'));
    expect(config.staffAuth.initialAdminEmail).toBe('it-admin@guetersloh.example');
  });

  it.each([
    ['STATION_POSTER_SECRET', /walk-in poster QR codes/],
    ['HOME_VISIT_PASS_SECRET', /home-visit staff show at the door/],
    ['CAPTCHA_SECRET', /proof-of-work challenges/],
    ['COOKIE_SECRET', /staff cookies/],
    ['WEBHOOK_SECRET_KEY', /signing secrets of the webhooks/],
    ['ADMIN_EMAIL', /first administrator/],
    ['DOCUMENT_KEYS', /encrypts the documents/],
  ])('refuses to start without %s and says what it protects', (name, protects) => {
    const env: Record<string, string> = { ...productionEnv };
    delete env[name];
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(name));
    expect(() => loadConfig(env)).toThrow(protects);
    // Outside production the same environment is fine (random secrets, a default admin).
    expect(() => loadConfig({ ...env, NODE_ENV: 'development' })).not.toThrow();
  });

  it('stops the real server at once, naming the missing secret', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/start.ts'], {
      cwd: projectRoot,
      env: {
        ...process.env,
        ...productionEnv,
        CAPTCHA_SECRET: '',
        DATABASE_URL: 'postgres://127.0.0.1:1/none',
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('NODE_ENV=production needs CAPTCHA_SECRET');
  }, 120_000);
});

describe('the development outbox page in production', () => {
  const webDir = mkdtempSync(join(tmpdir(), 'mr-prod-shell-'));
  let test: TestApp;
  beforeAll(async () => {
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>index.html</title>');
    test = await createTestApp('pglite', { webDir, nodeEnv: 'production', smtpUrl: 'smtp://127.0.0.1:9' });
  });
  afterAll(async () => {
    await test?.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  it('is a 404 problem, not the app shell, while other pages still get the shell', async () => {
    for (const url of ['/dev/postausgang', '/dev/']) {
      const response = await test.app.inject({ method: 'GET', url });
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).not.toContain('<title>');
    }
    const api = await test.app.inject({ method: 'GET', url: '/api/v1/dev/outbox' });
    expect(api.statusCode).toBe(404);
    const page = await test.app.inject({ method: 'GET', url: '/termine' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>index.html</title>');
  });
});
