import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/testApp.ts';
import { IMMUTABLE } from './staticAssets.ts';

describe('serving the built web app and the API compressed and cacheable', () => {
  const webDir = mkdtempSync(join(tmpdir(), 'mr-static-'));
  const script = `console.log(${JSON.stringify('Mobiles Rathaus '.repeat(200))});\n`;
  let test: TestApp;
  beforeAll(async () => {
    mkdirSync(join(webDir, 'assets'));
    writeFileSync(
      join(webDir, 'index.html'),
      `<!doctype html><title>portal</title>${'<p>Termin</p>'.repeat(200)}`,
    );
    writeFileSync(join(webDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(webDir, 'assets/index-Ab12Cd34.js'), script);
    writeFileSync(join(webDir, 'assets/index-Ab12Cd34.js.br'), brotliCompressSync(script));
    test = await createTestApp('pglite', { webDir });
  });
  afterAll(async () => {
    await test?.close();
    rmSync(webDir, { recursive: true, force: true });
  });

  it('sends hashed assets precompressed and immutable', async () => {
    const brotli = await test.app.inject({
      url: '/assets/index-Ab12Cd34.js',
      headers: { 'accept-encoding': 'gzip, deflate, br' },
    });
    expect(brotli.statusCode).toBe(200);
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers['content-type']).toMatch(/javascript/);
    expect(brotli.headers['cache-control']).toBe(IMMUTABLE);
    expect(brotli.headers.vary).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(brotli.rawPayload).toString()).toBe(script);

    // Without a .gz sibling, gzip is made on the fly; without any encoding the file goes as it is.
    const gzip = await test.app.inject({
      url: '/assets/index-Ab12Cd34.js',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.rawPayload).toString()).toBe(script);
    const plain = await test.app.inject({
      url: '/assets/index-Ab12Cd34.js',
      headers: { 'accept-encoding': 'identity' },
    });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
    expect(plain.headers['cache-control']).toBe(IMMUTABLE);
  });

  it('revalidates the app shell and the favicon by ETag', async () => {
    for (const url of ['/', '/buchen', '/favicon.svg']) {
      const first = await test.app.inject({ url });
      expect(first.statusCode).toBe(200);
      expect(first.headers['cache-control']).toBe('no-cache');
      const etag = first.headers.etag;
      expect(etag).toBeTruthy();
      const again = await test.app.inject({ url, headers: { 'if-none-match': String(etag) } });
      expect(again.statusCode).toBe(304);
      expect(again.body).toBe('');
    }
    expect((await test.app.inject({ url: '/buchen' })).body).toContain('<title>portal</title>');
  });

  it('compresses API answers with Brotli or gzip as the client accepts', async () => {
    const brotli = await test.app.inject({ url: '/api/v1/services', headers: { 'accept-encoding': 'br' } });
    expect(brotli.headers['content-encoding']).toBe('br');
    const services = JSON.parse(brotliDecompressSync(brotli.rawPayload).toString());
    expect(services.total).toBeGreaterThan(0);
    const gzip = await test.app.inject({ url: '/api/v1/services', headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gzip.rawPayload).toString())).toEqual(services);
    const plain = await test.app.inject({ url: '/api/v1/services' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.json()).toEqual(services);
  });
});
