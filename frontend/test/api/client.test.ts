import { describe, expect, it, vi } from 'vitest';
import { ApiClient, buildUrl } from '../../src/api/client';
import { ApiError, errorMessage, parseErrorBody } from '../../src/api/errors';
import { loadRuntimeConfig } from '../../src/config/runtimeConfig';
import { apiError, createFakeFetch, json } from '../fakeFetch';

function client(fake: ReturnType<typeof createFakeFetch>, token: string | null = 'tok-1', onUnauthorized = vi.fn()) {
  return new ApiClient({ baseUrl: 'http://api.test/', fetch: fake.fetch, getToken: () => token, onUnauthorized });
}

describe('ApiClient', () => {
  it('sends the bearer token and JSON bodies', async () => {
    const fake = createFakeFetch({ 'POST /api/v1/aoa/run': (req) => json({ id: 't1', echo: req.body }, 202) });
    const result = await client(fake).post<{ id: string; echo: unknown }>('/api/v1/aoa/run', { sources: ['sap'] });
    expect(result).toEqual({ id: 't1', echo: { sources: ['sap'] } });
    const [req] = fake.requests;
    expect(req!.url).toBe('http://api.test/api/v1/aoa/run');
    expect(req!.headers.get('Authorization')).toBe('Bearer tok-1');
    expect(req!.headers.get('Content-Type')).toBe('application/json');
  });

  it('sends no Authorization header when signed out', async () => {
    const fake = createFakeFetch({ 'GET /health': () => json({ status: 'ok' }) });
    await client(fake, null).get('/health');
    expect(fake.requests[0]!.headers.has('Authorization')).toBe(false);
  });

  it("turns the contract's error shape into an ApiError with its message, code and details", async () => {
    const fake = createFakeFetch({
      'POST /api/v1/aoa/run': () => apiError(409, 'aoa_run_active', 'Another AOA run is active.', { task_id: 't0' }),
    });
    const error = await client(fake).post('/api/v1/aoa/run', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, code: 'aoa_run_active', message: 'Another AOA run is active.', details: { task_id: 't0' } });
    expect(errorMessage(error)).toBe('Another AOA run is active.');
  });

  it('gives a readable message when the error body is not the contract shape', async () => {
    const fake = createFakeFetch({ 'GET /api/v1/agents': () => new Response('<html>Bad gateway</html>', { status: 502 }) });
    const error = (await client(fake).get('/api/v1/agents').catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(502);
    expect(error.code).toBe('http_502');
    expect(error.message).toBe('The server failed (HTTP 502).');
  });

  it('reports a network failure as an ApiError', async () => {
    const c = new ApiClient({ baseUrl: '', fetch: () => Promise.reject(new TypeError('Failed to fetch')), getToken: () => null });
    await expect(c.get('/health')).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });

  it('calls onUnauthorized on a 401 to a request that carried a token, not otherwise', async () => {
    const fake = createFakeFetch({ 'GET /api/v1/users/me': () => apiError(401, 'token_expired', 'Token expired') });
    const signedIn = vi.fn();
    await client(fake, 'tok', signedIn).get('/api/v1/users/me').catch(() => undefined);
    expect(signedIn).toHaveBeenCalledTimes(1);
    const signedOut = vi.fn();
    await client(fake, null, signedOut).get('/api/v1/users/me').catch(() => undefined);
    expect(signedOut).not.toHaveBeenCalled();
  });

  it('sends FormData as multipart (no JSON content type)', async () => {
    const fake = createFakeFetch({ 'POST /api/v1/dcl/sources': () => json({ key: 'upload-1' }, 201) });
    const form = new FormData();
    form.append('files', new Blob(['a,b\n1,2\n'], { type: 'text/csv' }), 'costs.csv');
    await client(fake).post('/api/v1/dcl/sources', form);
    expect(fake.requests[0]!.headers.has('Content-Type')).toBe(false);
    expect(fake.requests[0]!.body).toBe(form);
  });

  describe('getConditional', () => {
    it('sends If-None-Match with the last ETag and gives back the same data on 304', async () => {
      let version = 1;
      const fake = createFakeFetch({
        'GET /api/v1/dcl/state': (req) => {
          const etag = `"v${version}"`;
          if (req.headers.get('If-None-Match') === etag) return new Response(null, { status: 304, headers: { ETag: etag } });
          return json({ version }, 200, { ETag: etag });
        },
      });
      const c = client(fake);
      const first = await c.getConditional<{ version: number }>('/api/v1/dcl/state');
      expect(first).toMatchObject({ notModified: false, etag: '"v1"', data: { version: 1 } });
      expect(fake.requests[0]!.headers.has('If-None-Match')).toBe(false);

      const second = await c.getConditional<{ version: number }>('/api/v1/dcl/state');
      expect(fake.requests[1]!.headers.get('If-None-Match')).toBe('"v1"');
      expect(second.notModified).toBe(true);
      expect(second.data).toBe(first.data);

      version = 2;
      const third = await c.getConditional<{ version: number }>('/api/v1/dcl/state');
      expect(third).toMatchObject({ notModified: false, data: { version: 2 } });
      expect(fake.requests[2]!.headers.get('If-None-Match')).toBe('"v1"');

      c.clearCache();
      await c.getConditional('/api/v1/dcl/state');
      expect(fake.requests[3]!.headers.has('If-None-Match')).toBe(false);
    });

    it('throws the API error of a failed conditional GET', async () => {
      const fake = createFakeFetch({ 'GET /api/v1/dcl/state': () => apiError(503, 'database_down', 'Database unavailable') });
      await expect(client(fake).getConditional('/api/v1/dcl/state')).rejects.toMatchObject({ status: 503, message: 'Database unavailable' });
    });
  });
});

describe('buildUrl', () => {
  it('joins base and path and skips empty query values', () => {
    expect(buildUrl('https://x.test/', '/api/v1/tasks', { status: 'failed', cursor: null, type: '', limit: 50 })).toBe(
      'https://x.test/api/v1/tasks?status=failed&limit=50',
    );
    expect(buildUrl('', '/health')).toBe('/health');
  });
});

describe('parseErrorBody', () => {
  it('reads FastAPI-style detail bodies too', () => {
    expect(parseErrorBody(422, { detail: 'Bad e-mail' })).toMatchObject({ status: 422, message: 'Bad e-mail' });
    expect(parseErrorBody(403, null).message).toBe('You are not allowed to do that.');
  });
});

describe('loadRuntimeConfig', () => {
  it('reads apiBaseUrl from /config.json', async () => {
    const fake = createFakeFetch({ 'GET /config.json': () => json({ apiBaseUrl: 'https://api.example.test/' }) });
    await expect(loadRuntimeConfig(fake.fetch)).resolves.toEqual({ apiBaseUrl: 'https://api.example.test' });
  });

  it('falls back to the same origin when the file is missing or malformed', async () => {
    const missing = createFakeFetch({});
    await expect(loadRuntimeConfig(missing.fetch)).resolves.toEqual({ apiBaseUrl: '' });
    const broken = createFakeFetch({ 'GET /config.json': () => new Response('{not json', { status: 200 }) });
    await expect(loadRuntimeConfig(broken.fetch)).resolves.toEqual({ apiBaseUrl: '' });
  });
});
