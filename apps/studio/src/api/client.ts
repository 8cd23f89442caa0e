/**
 * The studio's one way to the server: `fetch` with the session cookie, the CSRF token on every
 * write, JSON in and out, problem+json turned into `ApiProblem`, and a network failure into
 * `NetworkFailure`. An answer 401 (the session ended) tells the listeners of `onSessionEnd`,
 * so the shell can send the user to the login page and back afterwards.
 *
 * @example
 * const { items } = await api.get<{ items: User[] }>('/api/users', { q: 'wang' });
 * await api.post('/api/users', { login: 'wang.lei', name: '王磊' });
 */
import { ApiProblem, NetworkFailure, type ProblemBody } from './problem.ts';

type Query = Record<string, string | number | boolean | undefined | null>;

let csrfToken: string | undefined;
const sessionEndListeners = new Set<(error: ApiProblem) => void>();

/** Remembers the token the login (or `GET /api/auth/me`) answered; sent as `x-csrf-token`. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** The header a write sends besides the cookie (for uploads that do not go through `request`). */
export function csrfHeaders(): Record<string, string> {
  return csrfToken ? { 'x-csrf-token': csrfToken } : {};
}

/** Called when any request (but the login's) answers 401. Returns the unsubscribe function. */
export function onSessionEnd(listener: (error: ApiProblem) => void): () => void {
  sessionEndListeners.add(listener);
  return () => sessionEndListeners.delete(listener);
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  headers?: Record<string, string>;
  /** Do not report a 401 to `onSessionEnd` (the login and the first `me`). */
  quiet401?: boolean;
  signal?: AbortSignal;
}

async function problemOf(response: Response): Promise<ApiProblem> {
  const retryAfter = Number(response.headers.get('retry-after'));
  const retryAfterSeconds = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined;
  let body: ProblemBody = {
    status: response.status,
    code: `http.${response.status}`,
    detail: response.statusText,
  };
  try {
    const parsed: unknown = await response.json();
    if (parsed && typeof parsed === 'object' && typeof (parsed as ProblemBody).code === 'string')
      body = { ...(parsed as ProblemBody), status: response.status };
  } catch {
    // Not JSON (a proxy's error page): keep the status line.
  }
  return new ApiProblem(body, retryAfterSeconds);
}

/** One request; resolves to the parsed JSON (undefined for 204). */
export async function request<T>(
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new NetworkFailure(error);
  }
  if (!response.ok) {
    const problem = await problemOf(response);
    if (problem.status === 401 && !options.quiet401)
      for (const listener of sessionEndListeners) listener(problem);
    throw problem;
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A POST whose answer is a file (a PDF): resolves to its bytes and the server's file name. */
export async function postForFile(path: string, body: unknown): Promise<{ blob: Blob; fileName: string | undefined }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, { method: 'POST', headers, credentials: 'same-origin', body: JSON.stringify(body) });
  } catch (error) {
    throw new NetworkFailure(error);
  }
  if (!response.ok) {
    const problem = await problemOf(response);
    if (problem.status === 401) for (const listener of sessionEndListeners) listener(problem);
    throw problem;
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  return { blob: await response.blob(), fileName: encoded ? decodeURIComponent(encoded) : undefined };
}

/** A GET whose answer is a file (a print job's PDF or zip): its bytes and the server's file name. */
export async function getForFile(path: string): Promise<{ blob: Blob; fileName: string | undefined }> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: 'same-origin' });
  } catch (error) {
    throw new NetworkFailure(error);
  }
  if (!response.ok) throw await problemOf(response);
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(response.headers.get('content-disposition') ?? '')?.[1];
  return { blob: await response.blob(), fileName: encoded ? decodeURIComponent(encoded) : undefined };
}

export const api = {
  get: <T>(path: string, query?: Query, options?: Omit<RequestOptions, 'query'>) =>
    request<T>('GET', path, { ...options, query }),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('POST', path, { ...options, body }),
  put: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('PUT', path, { ...options, body }),
  patch: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('PATCH', path, { ...options, body }),
  delete: <T>(path: string, options?: RequestOptions) => request<T>('DELETE', path, options),
};
