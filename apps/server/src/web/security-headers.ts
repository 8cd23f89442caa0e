/**
 * Headers on every answer: API answers are never cached (`Cache-Control: no-store`), no answer
 * may be framed (`frame-ancestors 'none'`, `X-Frame-Options: DENY`), and every answer carries a
 * Content-Security-Policy. The studio's page gets the full policy of decision 051 with a fresh
 * nonce for the styles Ant Design inserts; everything else gets `default-src 'none'`.
 *
 * @example
 * app.register(securityHeaders);
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fastifyPlugin from 'fastify-plugin';

/** The policy of the studio's HTML page; `nonce` is new for each answer. */
export function studioPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The policy of everything that is not the studio's page: JSON, problems, scripts, styles. */
export const resourcePolicy = "default-src 'none'; frame-ancestors 'none'";

/** A nonce for one answer: 128 random bits, base64. */
export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

declare module 'fastify' {
  interface FastifyReply {
    /** Set by the studio's page handler: the answer is that page, under the studio policy. */
    studioNonce?: string;
  }
}

function applyHeaders(url: string, reply: FastifyReply): void {
  reply.header('x-content-type-options', 'nosniff');
  reply.header('x-frame-options', 'DENY');
  reply.header('referrer-policy', 'same-origin');
  reply.header('content-security-policy', reply.studioNonce ? studioPolicy(reply.studioNonce) : resourcePolicy);
  if (url === '/api' || url.startsWith('/api/') || url.startsWith('/api?')) reply.header('cache-control', 'no-store');
}

async function headers(app: FastifyInstance): Promise<void> {
  app.decorateReply('studioNonce', undefined);
  app.addHook('onSend', async (request, reply, payload) => {
    applyHeaders(request.url, reply);
    return payload;
  });
}

/** The headers above on every answer of the server (not encapsulated). */
export const securityHeaders = fastifyPlugin(headers, { name: 'pipewright-security-headers', fastify: '5.x' });
