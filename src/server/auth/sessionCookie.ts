import type { FastifyReply } from 'fastify';
import { SESSION_COOKIE } from './sessions.ts';

export interface CookieSecurity {
  /** Secure cookies only; on in production (plain http is only for development and tests). */
  secure: boolean;
}

export function setSessionCookie(
  reply: FastifyReply,
  sessionId: string,
  maxAgeSeconds: number,
  { secure }: CookieSecurity,
) {
  reply.setCookie(SESSION_COOKIE, sessionId, {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    secure,
    maxAge: maxAgeSeconds,
  });
}

export function clearSessionCookie(reply: FastifyReply, { secure }: CookieSecurity) {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', path: '/', secure });
}
