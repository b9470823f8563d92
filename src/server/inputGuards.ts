import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import Format from 'typebox/format';
import { isValidEmail, parseEmail } from '../domain/email.ts';
import { DomainError } from '../domain/errors.ts';

/**
 * Input the database or the mail server would refuse is refused at the edge, for every route at once:
 * NUL characters, non-canonical UUIDs, international e-mail addresses the mail server cannot take, and
 * request heads over Node's size limit. Each answer is a 4xx problem+json naming the field.
 */

/** The canonical 36-character form only; ajv-formats also accepts a `urn:uuid:` prefix PostgreSQL refuses. */
const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isCanonicalUuid = (value: string) => CANONICAL_UUID.test(value);

/**
 * Replaces two of the ajv-formats TypeBox uses (call after `registerAjvFormats()`): `uuid` accepts only the
 * canonical form, and `email` is the internationalised check of `src/domain/email.ts` (Unicode local parts,
 * IDNA domains) instead of an ASCII-only pattern.
 */
export function registerStrictFormats(): void {
  Format.Set('uuid', isCanonicalUuid);
  Format.Set('email', isValidEmail);
}

/** The path (`name`, `services.0.serviceId`) of the first string or key holding U+0000, if any. */
export function findNulCharacter(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  // A raw file body (a document upload) is bytes, not text: it is stored as such. Walking it entry by entry
  // took seconds per megabyte and held the event loop.
  if (value instanceof Uint8Array) return undefined;
  // A streamed body (a demand layer CSV) is read by its importer; walking the socket's objects never ends.
  if (value instanceof Readable) return undefined;
  const entries = Array.isArray(value)
    ? value.map((item, index) => [String(index), item] as const)
    : Object.entries(value);
  for (const [key, item] of entries) {
    const itemPath = path ? `${path}.${key}` : key;
    if (key.includes('\u0000')) return itemPath;
    const found = findNulCharacter(item, itemPath);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** True when the part before the @ has characters outside ASCII (delivery needs SMTPUTF8, RFC 6531). */
export function needsSmtpUtf8(email: string): boolean {
  const parsed = parseEmail(email);
  // eslint-disable-next-line no-control-regex -- the ASCII range is exactly what this check is about
  return parsed !== undefined && /[^\x00-\x7f]/.test(parsed.localPart);
}

export interface InputGuardSettings {
  /** False when the configured mail server cannot take SMTPUTF8: a non-ASCII local part is then refused. */
  acceptNonAsciiLocalParts: boolean;
}

function refuseNul(request: FastifyRequest): void {
  for (const [part, value] of [
    ['params', request.params],
    ['query', request.query],
    ['body', request.body],
  ] as const) {
    const field = findNulCharacter(value);
    if (field !== undefined) {
      throw new DomainError('invalid_character', {
        field: field || part,
        message: `${part} field "${field || part}" contains a NUL character (U+0000), which cannot be stored`,
      });
    }
  }
}

function refuseUndeliverableEmail(request: FastifyRequest): void {
  const body = request.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return;
  const email = (body as Record<string, unknown>).email;
  if (typeof email === 'string' && needsSmtpUtf8(email)) {
    throw new DomainError('email_needs_smtputf8', {
      field: 'email',
      message:
        'Our mail server cannot deliver to addresses with letters other than a–z before the @ (no SMTPUTF8). ' +
        'Please use another address; international domains after the @ work.',
    });
  }
}

/** Before any route validates its input: NUL characters anywhere, and e-mail addresses mail cannot reach. */
export function registerInputGuards(app: FastifyInstance, settings: InputGuardSettings): void {
  app.addHook('preValidation', async (request) => {
    refuseNul(request);
    if (!settings.acceptNonAsciiLocalParts) refuseUndeliverableEmail(request);
  });
}

/**
 * Node's HTTP parser refuses some requests before Fastify sees them (a request line or headers over
 * `--max-http-header-size`, a malformed request, a timeout). They get problem+json like every other error.
 */
export function problemClientErrorHandler(
  this: FastifyInstance,
  error: Error & { code?: string },
  socket: Socket,
): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'request-header-fields-too-large', 'The request line or its headers are too long.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'request-timeout', 'The request took too long to arrive.']
        : [400, 'bad-request', 'The request cannot be read.'];
  const title = STATUS_CODES[status] ?? 'Error';
  const body = JSON.stringify({
    type: `https://mobiles-rathaus.de/problems/${code}`,
    title,
    status,
    detail,
  });
  this.log.debug({ code: error.code, status }, 'client error');
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${title}\r\nConnection: close\r\nContent-Type: application/problem+json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
