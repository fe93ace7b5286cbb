// The console's cookie and the request's session: read from the cookie on every /app request,
// set at sign-in (a new id each time), cleared at sign-out.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { langFromAcceptLanguage, type Lang } from '../platform/locale-format.js';
import type { SessionUser } from '../users/sessions.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in console user, with the session id the cookie carried (null when none). */
    consoleSession: { user: SessionUser; id: string; csrf: string } | null;
  }
}

export const COOKIE = 'offerpay_session';

export function sessionCookie(request: FastifyRequest): string | null {
  const header = request.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === COOKIE) return value.join('=') || null;
  }
  return null;
}

const flags = (secure: boolean) => `Path=/app; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;

export const setSessionCookie = (reply: FastifyReply, id: string, secure: boolean) =>
  reply.header('set-cookie', `${COOKIE}=${id}; ${flags(secure)}`);

export const clearSessionCookie = (reply: FastifyReply, secure: boolean) =>
  reply.header('set-cookie', `${COOKIE}=; ${flags(secure)}; Max-Age=0`);

/** The user's choice, else the browser's Accept-Language. */
export const langOfRequest = (request: FastifyRequest): Lang =>
  request.consoleSession?.user.locale ?? langFromAcceptLanguage(request.headers['accept-language']);

/** A `next` target only when it is a path of this console (never another host, never `//host`). */
export function safeNext(raw: unknown): string | null {
  if (typeof raw !== 'string' || raw.length > 2000) return null;
  if (!(raw === '/app' || raw.startsWith('/app/') || raw.startsWith('/app?'))) return null;
  if (raw.includes('\\') || raw.includes('//') || [...raw].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return null;
  return raw;
}
