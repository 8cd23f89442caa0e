/**
 * Request bodies are JSON in UTF-8, nothing else. Invalid UTF-8 is refused (not silently turned
 * into replacement characters), other charsets and content types get 415, and `__proto__` /
 * `constructor.prototype` keys are refused as fastify does by default.
 *
 * @example
 * await app.register(jsonBody);
 * // curl -H 'content-type: text/plain' -d x …  → 415 request.unsupportedMediaType
 */
import type { FastifyInstance } from 'fastify';
import fastifyPlugin from 'fastify-plugin';
import { PipewrightError } from '@pipewright/engines';

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
    parseJson(request, text, done);
  });
}

/** The JSON body parser of the whole server (not encapsulated). */
export const jsonBody = fastifyPlugin(parser, { name: 'pipewright-json-body', fastify: '5.x' });
