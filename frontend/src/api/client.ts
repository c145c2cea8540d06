import { ApiError, parseErrorBody } from './errors';

/** The `fetch` the client uses; tests pass their own. */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface ApiClientOptions {
  /** Prefix for every path, '' for the same origin. */
  baseUrl: string;
  fetch: FetchLike;
  /** The bearer token to send, or null when signed out. */
  getToken: () => string | null;
  /** Called once per 401 answered to a request that carried a token. */
  onUnauthorized?: () => void;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  /** A JSON body (serialised here) or a FormData (sent as multipart). */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** What a conditional GET gives: the data, and whether it came from a 304. */
export interface ConditionalResult<T> {
  data: T;
  notModified: boolean;
  etag: string | null;
}

interface CachedEntry {
  etag: string;
  data: unknown;
}

/** Joins a base URL, a path and a query string; skips null/undefined/'' values. */
export function buildUrl(baseUrl: string, path: string, query?: Query): string {
  const base = baseUrl.replace(/\/+$/, '');
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    params.append(key, String(value));
  }
  const qs = params.toString();
  return `${base}${path}${qs ? `?${qs}` : ''}`;
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204 || response.status === 304) return null;
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * The one way the app talks to the API: adds the bearer token, serialises
 * JSON, parses the contract's error shape into ApiError, reports 401s, and
 * keeps ETags for conditional GETs (`getConditional`).
 */
export class ApiClient {
  private readonly options: ApiClientOptions;
  private readonly etags = new Map<string, CachedEntry>();

  constructor(options: ApiClientOptions) {
    this.options = options;
  }

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  /** Forgets every cached ETag (call when the signed-in user changes). */
  clearCache(): void {
    this.etags.clear();
  }

  private headers(extra: Record<string, string> | undefined, body: unknown): Headers {
    const headers = new Headers({ Accept: 'application/json' });
    const token = this.options.getToken();
    if (token) headers.set('Authorization', `Bearer ${token}`);
    if (body !== undefined && !(body instanceof FormData)) headers.set('Content-Type', 'application/json');
    for (const [key, value] of Object.entries(extra ?? {})) headers.set(key, value);
    return headers;
  }

  private async send(method: string, path: string, options: RequestOptions): Promise<Response> {
    const { body } = options;
    const hadToken = Boolean(this.options.getToken());
    let response: Response;
    try {
      response = await this.options.fetch(buildUrl(this.options.baseUrl, path, options.query), {
        method,
        headers: this.headers(options.headers, body),
        body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
        signal: options.signal,
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new ApiError(0, 'network_error', 'The server cannot be reached. Check your connection.', error);
    }
    if (response.status === 401 && hadToken) this.options.onUnauthorized?.();
    return response;
  }

  /** Sends a request; returns the parsed JSON body, throws ApiError on a non-2xx status. */
  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.send(method, path, options);
    const body = await readBody(response);
    if (!response.ok) throw parseErrorBody(response.status, body);
    return body as T;
  }

  get<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
    return this.request<T>('GET', path, { query, signal });
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, { body });
  }

  put<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('PUT', path, { body });
  }

  patch<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('PATCH', path, { body });
  }

  /**
   * A GET that sends `If-None-Match` with the ETag of the last answer for the
   * same URL; on 304 it returns that last answer's data object itself (the
   * same reference, so nothing downstream re-renders).
   */
  async getConditional<T>(path: string, query?: Query, signal?: AbortSignal): Promise<ConditionalResult<T>> {
    const key = buildUrl('', path, query);
    const cached = this.etags.get(key);
    const headers: Record<string, string> = cached ? { 'If-None-Match': cached.etag } : {};
    const response = await this.send('GET', path, { query, headers, signal });
    if (response.status === 304 && cached) {
      return { data: cached.data as T, notModified: true, etag: cached.etag };
    }
    const body = await readBody(response);
    if (!response.ok) throw parseErrorBody(response.status, body);
    const etag = response.headers.get('ETag');
    if (etag) this.etags.set(key, { etag, data: body });
    else this.etags.delete(key);
    return { data: body as T, notModified: false, etag };
  }
}
