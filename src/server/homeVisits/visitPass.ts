/**
 * The pass the staff's tablet shows as a QR code at the door: it names one planned home visit and the end of
 * its window, signed with HMAC-SHA256 under `config.homeVisitPassSecret` and bound to the municipality.
 *
 * Format: base64url(version 1 | visit id, 16 bytes | window end, Unix seconds, 4 bytes) "." base64url(the
 * first 16 bytes of the MAC): 51 characters, small enough for a QR code read from a tablet's screen. The pass
 * carries no name, no address and no service: whoever reads the QR code learns nothing without the server.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const VERSION = 1;
const PAYLOAD_BYTES = 21;
const MAC_BYTES = 16;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface VisitPass {
  visitId: string;
  /** the end of the visit's window: the pass is void after it */
  expiresAt: Date;
}

const mac = (secret: string, municipalityId: string, payload: Buffer) =>
  createHmac('sha256', secret)
    .update(`mobiles-rathaus/home-visit-pass\u0000${municipalityId}\u0000`)
    .update(payload)
    .digest()
    .subarray(0, MAC_BYTES);

export function signVisitPass(secret: string, municipalityId: string, pass: VisitPass): string {
  if (!UUID.test(pass.visitId)) throw new Error('a visit pass names a visit by its UUID');
  const payload = Buffer.alloc(PAYLOAD_BYTES);
  payload.writeUInt8(VERSION, 0);
  Buffer.from(pass.visitId.replaceAll('-', ''), 'hex').copy(payload, 1);
  payload.writeUInt32BE(Math.floor(pass.expiresAt.getTime() / 1000), 17);
  return `${payload.toString('base64url')}.${mac(secret, municipalityId, payload).toString('base64url')}`;
}

/**
 * The visit a pass names, when its signature fits this municipality and it has not expired at `now`; null
 * for anything else (malformed, tampered, another municipality's, expired), without saying which.
 */
export function openVisitPass(
  secret: string,
  municipalityId: string,
  token: string,
  now: Date,
): VisitPass | null {
  const parts = token.trim().split('.');
  if (parts.length !== 2 || !parts.every((part) => /^[A-Za-z0-9_-]+$/.test(part))) return null;
  const payload = Buffer.from(parts[0]!, 'base64url');
  const given = Buffer.from(parts[1]!, 'base64url');
  if (payload.length !== PAYLOAD_BYTES || given.length !== MAC_BYTES) return null;
  // Only the canonical spelling: base64url's spare bits must not give one pass a second valid form.
  if (payload.toString('base64url') !== parts[0] || given.toString('base64url') !== parts[1]) return null;
  if (!timingSafeEqual(given, mac(secret, municipalityId, payload))) return null;
  if (payload.readUInt8(0) !== VERSION) return null;
  const hex = payload.subarray(1, 17).toString('hex');
  const visitId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  const expiresAt = new Date(payload.readUInt32BE(17) * 1000);
  if (expiresAt.getTime() < now.getTime()) return null;
  return { visitId, expiresAt };
}

/** The verification page's address with the pass in the fragment: it never reaches a server log or a Referer. */
export const visitPassUrl = (publicBaseUrl: string, token: string) =>
  `${publicBaseUrl}/hausbesuch/pruefen#pass=${token}`;
