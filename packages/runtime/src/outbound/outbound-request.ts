/**
 * One outbound HTTP request (a webhook call, a group robot's message) under the
 * {@link OutboundPolicy}: the connection goes only to addresses the policy allowed for this very
 * request (the resolved addresses are pinned into the socket's lookup, so a DNS answer that
 * changes between check and connect cannot reach a private address), redirects are followed by
 * hand (at most 3, each target checked again; a 307/308 keeps method and body, others become a
 * GET), and the whole exchange has a deadline. The answer's body is read up to 64 KiB.
 *
 * @example
 * const answer = await sendOutbound(policy, { url: robot.url, method: 'POST', json: { msgtype: 'text', text: { content: '你好' } } });
 * answer.status;   // 200
 * answer.json();   // { errcode: 0, errmsg: 'ok' }
 */
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { OutboundRefusedError, type OutboundPolicy, type ResolvedAddress } from './outbound-policy.ts';

export interface OutboundRequest {
  url: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Readonly<Record<string, string>>;
  /** Sent as `application/json; charset=utf-8`. */
  json?: unknown;
  /** Deadline for the whole exchange, redirects included (default 10 s). */
  timeoutMs?: number;
}

export interface OutboundAnswer {
  status: number;
  /** The URL that answered (after redirects). */
  url: string;
  body: string;
  json(): unknown;
}

const maxRedirects = 3;
const maxBody = 64 * 1024;

/** An endpoint that did not answer in time, or a connection that failed. */
export class OutboundFailedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutboundFailedError';
  }
}

export async function sendOutbound(policy: OutboundPolicy, request: OutboundRequest): Promise<OutboundAnswer> {
  const deadline = Date.now() + (request.timeoutMs ?? 10_000);
  let url = policy.checkUrl(request.url);
  let method: string = request.method ?? (request.json === undefined ? 'GET' : 'POST');
  let body = request.json === undefined ? undefined : Buffer.from(JSON.stringify(request.json), 'utf8');
  for (let redirects = 0; ; redirects++) {
    const addresses = await policy.resolve(url);
    const answer = await exchange(url, method, request.headers ?? {}, body, addresses, deadline);
    const location = answer.location;
    if (answer.status >= 300 && answer.status < 400 && location !== undefined) {
      if (redirects >= maxRedirects) throw new OutboundFailedError(`More than ${maxRedirects} redirects from ${request.url}`);
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw new OutboundFailedError(`The redirect to ${JSON.stringify(location)} is not a URL`);
      }
      // Checked again at the next round (policy.resolve); a refusal names the redirect.
      try {
        policy.checkUrl(next.href);
      } catch (error) {
        if (error instanceof OutboundRefusedError) throw new OutboundRefusedError(`the redirect to ${next.host}: ${error.problems[0]?.message ?? error.message}`);
        throw error;
      }
      if (answer.status !== 307 && answer.status !== 308) {
        method = 'GET';
        body = undefined;
      }
      url = next;
      continue;
    }
    return { status: answer.status, url: url.href, body: answer.body, json: () => JSON.parse(answer.body) as unknown };
  }
}

interface RawAnswer {
  status: number;
  location: string | undefined;
  body: string;
}

function exchange(url: URL, method: string, headers: Readonly<Record<string, string>>, body: Buffer | undefined, addresses: readonly ResolvedAddress[], deadline: number): Promise<RawAnswer> {
  // The socket connects only to the addresses just checked, whatever DNS says now.
  const pinned: LookupFunction = (_hostname, options, callback) => {
    const wanted = typeof options === 'object' && options !== null ? options : {};
    const usable = addresses.filter((a) => !wanted.family || wanted.family === a.family);
    if (usable.length === 0) return callback(Object.assign(new Error('no allowed address for this family'), { code: 'ENOTFOUND' }), '', 4);
    if (wanted.all) return (callback as unknown as (e: null, all: { address: string; family: number }[]) => void)(null, usable.map((a) => ({ address: a.address, family: a.family })));
    return callback(null, usable[0]!.address, usable[0]!.family);
  };
  const remaining = deadline - Date.now();
  if (remaining <= 0) return Promise.reject(new OutboundFailedError(`${url.host} did not answer in time`));
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<RawAnswer>((resolve, reject) => {
    const req = client.request(
      url,
      {
        method,
        lookup: pinned,
        agent: false,
        timeout: remaining,
        headers: { 'user-agent': 'Pipewright', accept: 'application/json, text/plain, */*', ...(body ? { 'content-type': 'application/json; charset=utf-8', 'content-length': String(body.length) } : {}), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size >= maxBody) return;
          chunks.push(chunk);
          size += chunk.length;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body: Buffer.concat(chunks).subarray(0, maxBody).toString('utf8') }));
        res.on('error', (error) => reject(new OutboundFailedError(`${url.host}: ${error.message}`)));
      },
    );
    const timer = setTimeout(() => req.destroy(new OutboundFailedError(`${url.host} did not answer in time`)), remaining);
    req.on('close', () => clearTimeout(timer));
    req.on('timeout', () => req.destroy(new OutboundFailedError(`${url.host} did not answer in time`)));
    req.on('error', (error) => reject(error instanceof OutboundFailedError ? error : new OutboundFailedError(`${url.host}: ${error.message}`)));
    req.end(body);
  });
}
