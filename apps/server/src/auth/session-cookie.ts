/**
 * The session cookie: `pw_session`, httpOnly (no script reads it), SameSite=Lax (not sent on
 * cross-site POSTs), Path=/, Secure when the request came over HTTPS (or always, with
 * `PIPEWRIGHT_SECURE_COOKIES=true`), expiring with the session's absolute lifetime.
 *
 * @example
 * setSessionCookie(reply, token, expiresAt, isSecure(request, options.secureCookies));
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

export const sessionCookieName = 'pw_session';

/** The header that must carry the session's CSRF token on POST, PUT, PATCH and DELETE. */
export const csrfHeaderName = 'x-csrf-token';

/** Secure cookies: forced by configuration, else when the request came over HTTPS. */
export function isSecure(request: FastifyRequest, secureCookies: boolean | undefined): boolean {
  return secureCookies === true || request.protocol === 'https';
}

export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: Date, secure: boolean): void {
  reply.setCookie(sessionCookieName, token, { httpOnly: true, sameSite: 'lax', path: '/', secure, expires: expiresAt });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(sessionCookieName, { httpOnly: true, sameSite: 'lax', path: '/', secure });
}
