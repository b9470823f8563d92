import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/testApp.ts';

describe('serving the web apps', () => {
  const webDir = mkdtempSync(join(tmpdir(), 'mr-shell-'));
  let test: TestApp;
  beforeAll(async () => {
    for (const file of ['index.html', 'station.html', 'planning.html'])
      writeFileSync(join(webDir, file), `<!doctype html><title>${file}</title>`);
    test = await createTestApp('pglite', {
      webDir,
      embedAllowedOrigins: 'https://www.stadtbibliothek-guetersloh.de',
    });
  });
  afterAll(async () => {
    await test?.close();
    rmSync(webDir, { recursive: true, force: true });
  });
  const get = (url: string) => test.app.inject({ method: 'GET', url });

  it('gives each app its own shell for client-side routes', async () => {
    expect((await get('/dienstleistungen/reisepass-beantragen')).body).toContain('<title>index.html</title>');
    expect((await get('/station/tag/123')).body).toContain('<title>station.html</title>');
    expect((await get('/planung/bericht/abc')).body).toContain('<title>planning.html</title>');
    expect((await get('/stationen')).body).toContain('<title>index.html</title>');
    const api = await get('/api/v1/gibt-es-nicht');
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await get('/assets/missing.js')).statusCode).toBe(404);
  });

  it("sends the portal's prerendered pages for their paths and the empty shell elsewhere, when built so", async () => {
    for (const file of ['app.html', 'buchen.html'])
      writeFileSync(join(webDir, file), `<!doctype html><title>${file}</title>`);
    try {
      expect((await get('/')).body).toContain('<title>index.html</title>');
      expect((await get('/buchen')).body).toContain('<title>buchen.html</title>');
      expect((await get('/buchen/termin')).body).toContain('<title>app.html</title>');
      expect((await get('/dienstleistungen')).body).toContain('<title>app.html</title>');
      expect((await get('/station/tag/123')).body).toContain('<title>station.html</title>');
    } finally {
      for (const file of ['app.html', 'buchen.html']) rmSync(join(webDir, file));
    }
  });

  it('lets only the embeddable schedule be framed, and only by the configured origins', async () => {
    const embed = await get('/einbettung/termine?siteId=stadtbibliothek');
    expect(embed.statusCode).toBe(200);
    expect(embed.headers['content-security-policy']).toContain(
      'frame-ancestors https://www.stadtbibliothek-guetersloh.de',
    );
    expect(embed.headers['x-frame-options']).toBeUndefined();
    const page = await get('/termine');
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
  });
});
