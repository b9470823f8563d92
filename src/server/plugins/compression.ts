import { constants } from 'node:zlib';
import compress from '@fastify/compress';
import type { FastifyInstance } from 'fastify';

/**
 * Brotli or gzip for every compressible answer of at least 1 KB (API JSON, HTML shells). Dynamic answers
 * use a fast Brotli level; the built web app is compressed once at build time at the highest level and sent
 * as it is (see staticAssets.ts), which this plugin leaves alone because it already carries Content-Encoding.
 */
export async function registerCompression(app: FastifyInstance): Promise<void> {
  await app.register(compress, {
    global: true,
    encodings: ['br', 'gzip'],
    threshold: 1024,
    brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } },
    zlibOptions: { level: 6 },
  });
}
