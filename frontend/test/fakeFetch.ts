import type { FetchLike } from '../src/api/client';

/** One request the app sent to the fake server. */
export interface RecordedRequest {
  method: string;
  url: string;
  path: string;
  search: URLSearchParams;
  headers: Headers;
  body: unknown;
}

export type Handler = (req: RecordedRequest) => Response | Promise<Response>;

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

export function apiError(status: number, code: string, message: string, details?: unknown): Response {
  return json({ error: { code, message, details } }, status);
}

/**
 * A fake `fetch` for tests: routes "METHOD /path" to handlers, records every
 * request, and answers 404 in the contract's error shape for anything else.
 */
export function createFakeFetch(routes: Record<string, Handler>) {
  const requests: RecordedRequest[] = [];
  const fetchImpl: FetchLike = async (input, init = {}) => {
    const url = new URL(input, 'http://dashboard.test');
    const method = (init.method ?? 'GET').toUpperCase();
    let body: unknown = init.body;
    if (typeof body === 'string') {
      try {
        body = JSON.parse(body);
      } catch {
        /* keep text */
      }
    }
    const req: RecordedRequest = {
      method,
      url: input,
      path: url.pathname,
      search: url.searchParams,
      headers: new Headers(init.headers),
      body,
    };
    requests.push(req);
    const handler = routes[`${method} ${url.pathname}`];
    if (!handler) return apiError(404, 'not_found', `No route ${method} ${url.pathname}`);
    return handler(req);
  };
  const calls = (method: string, path: string) => requests.filter((r) => r.method === method && r.path === path);
  return { fetch: fetchImpl, requests, calls };
}
