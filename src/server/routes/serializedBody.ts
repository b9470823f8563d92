import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

const COMPRESS_FROM_BYTES = 1024;

/**
 * A JSON answer serialised once (by the route's response schema) and sent many times: with its ETag, and
 * compressed at most once per encoding, at the levels of plugins/compression.ts, when a client asks for it.
 */
export class SerializedBody {
  readonly etag: string;
  readonly bytes: number;
  private brotli: Buffer | undefined;
  private gzip: Buffer | undefined;

  readonly json: string;
  /** The JSON as UTF-8, encoded once: sending it costs no conversion per request. */
  readonly utf8: Buffer;

  constructor(serialized: string | Buffer | ArrayBuffer) {
    this.json =
      typeof serialized === 'string' ? serialized : Buffer.from(serialized as ArrayBuffer).toString('utf8');
    this.utf8 = Buffer.from(this.json, 'utf8');
    this.bytes = this.utf8.length;
    this.etag = `W/"${createHash('sha256').update(this.json).digest('base64url').slice(0, 27)}"`;
  }

  encoded(encoding: 'br' | 'gzip'): Buffer {
    if (encoding === 'br') {
      this.brotli ??= brotliCompressSync(this.utf8, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 4 },
      });
      return this.brotli;
    }
    this.gzip ??= gzipSync(this.utf8, { level: 6 });
    return this.gzip;
  }
}

/** The client's preferred encoding among Brotli and gzip (q-values honoured), or undefined for none. */
export function preferredEncoding(header: string | undefined): 'br' | 'gzip' | undefined {
  if (!header) return undefined;
  let best: { name: 'br' | 'gzip'; q: number } | undefined;
  for (const part of header.toLowerCase().split(',')) {
    const [rawName = '', ...parameters] = part.split(';');
    const name = rawName.trim() === 'x-gzip' || rawName.trim() === '*' ? 'gzip' : rawName.trim();
    if (name !== 'br' && name !== 'gzip') continue;
    const qParameter = parameters.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParameter ? Number(qParameter.slice(2)) : 1;
    if (!(q > 0)) continue;
    if (!best || q > best.q || (q === best.q && name === 'br')) best = { name, q };
  }
  return best?.name;
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const opaque = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === opaque);
}

/** Sends a kept answer: 304 when the client holds it, otherwise compressed as the client prefers. */
export function sendSerialized(request: FastifyRequest, reply: FastifyReply, body: SerializedBody) {
  reply.header('etag', body.etag);
  reply.header('vary', 'accept-encoding');
  if (etagMatches(request.headers['if-none-match'], body.etag)) {
    return reply.code(304).send();
  }
  reply.type('application/json; charset=utf-8');
  const encoding =
    body.bytes >= COMPRESS_FROM_BYTES && request.headers['x-no-compression'] === undefined
      ? preferredEncoding(request.headers['accept-encoding'])
      : undefined;
  if (!encoding) return reply.send(body.utf8);
  reply.header('content-encoding', encoding);
  return reply.send(body.encoded(encoding));
}
