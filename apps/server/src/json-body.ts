/**
 * Request bodies are JSON in UTF-8, nothing else. Invalid UTF-8 is refused (not silently turned
 * into replacement characters), other charsets and content types get 415, and a `__proto__` key
 * or a `constructor` object with a `prototype` key (what prototype pollution needs) is refused as
 * `request.forbiddenKey` naming its path (`/parts/0/__proto__`). A plain `constructor` member is
 * an ordinary key (a field may be keyed `constructor`).
 *
 * @example
 * await app.register(jsonBody);
 * // curl -H 'content-type: text/plain' -d x …  → 415 request.unsupportedMediaType
 */
import type { FastifyInstance } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { PipewrightError } from '@pipewright/engines';
import { pointerSegment } from '@pipewright/metadata';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** The media types accepted as JSON bodies. */
export const jsonMediaTypes = ['application/json'] as const;

async function parser(app: FastifyInstance): Promise<void> {
  app.removeAllContentTypeParsers();
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser(jsonMediaTypes[0], { parseAs: 'buffer' }, (request, body, done) => {
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(request.headers['content-type'] ?? '')?.[1];
    if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
      const error = Object.assign(new Error(`Only UTF-8 JSON is accepted, not charset ${charset}`), { code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415 });
      done(error, undefined);
      return;
    }
    let text: string;
    try {
      text = utf8.decode(body as Buffer);
    } catch {
      done(new PipewrightError('request.invalidUtf8', 'The request body is not valid UTF-8', [{ path: '', code: 'request.invalidUtf8', message: 'is not valid UTF-8' }]), undefined);
      return;
    }
    if (!text.includes('__proto__') && !text.includes('constructor')) {
      parseJson(request, text, done);
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      parseJson(request, text, done); // fastify's own answer for malformed JSON
      return;
    }
    const path = forbiddenKeyPath(value);
    if (path === undefined) done(null, value);
    else done(new PipewrightError('request.forbiddenKey', `The body may not contain the key at ${path}`, [{ path, code: 'request.forbiddenKey', message: 'is a key that could change object prototypes and is not allowed' }]), undefined);
  });
}

/**
 * The JSON pointer of the first `__proto__` key or `constructor.prototype` in a parsed body,
 * walked with a stack of its own (a body may nest deeper than the call stack).
 */
function forbiddenKeyPath(body: unknown): string | undefined {
  const pending: [unknown, string][] = [[body, '']];
  while (pending.length > 0) {
    const [value, at] = pending.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) pending.push([value[i], `${at}/${i}`]);
      continue;
    }
    const members = Object.entries(value);
    for (const [key, member] of members) {
      const here = `${at}/${pointerSegment(key)}`;
      if (key === '__proto__') return here;
      if (key === 'constructor' && member !== null && typeof member === 'object' && Object.hasOwn(member, 'prototype')) return `${here}/prototype`;
    }
    for (let i = members.length - 1; i >= 0; i--) pending.push([members[i]![1], `${at}/${pointerSegment(members[i]![0])}`]);
  }
  return undefined;
}

/** The JSON body parser of the whole server (not encapsulated). */
export const jsonBody = fastifyPlugin(parser, { name: 'pipewright-json-body', fastify: '5.x' });
