import { BASE_URL, type Account } from './browser';

/**
 * Set-up through the HTTP API (not the thing under test): a tenant with a
 * published version and agent findings, so layout checks see pages full of
 * data. Uses the same endpoints as the dashboard.
 */

async function call<T>(method: string, path: string, token: string | null, body?: unknown): Promise<T> {
  const response = await fetch(`${BASE_URL}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : null) as T;
}

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** Starts an AOA run over every source and agent and waits until the tenant has no active run. */
async function runAoaToEnd(token: string, timeoutMs: number): Promise<void> {
  const sources = await call<{ items: { key: string }[] }>('GET', '/api/v1/dcl/sources', token);
  const agents = await call<{ items: { id: string }[] }>('GET', '/api/v1/agents', token);
  await call('POST', '/api/v1/aoa/run', token, { sources: sources.items.map((s) => s.key), agents: agents.items.map((a) => a.id) });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await call<{ active_run: unknown; last_run: { status: string } | null }>('GET', '/api/v1/aoa/state', token);
    if (!state.active_run && state.last_run) {
      if (state.last_run.status !== 'succeeded') throw new Error(`AOA run ended ${state.last_run.status}`);
      return;
    }
    if (Date.now() > deadline) throw new Error('AOA run did not finish in time');
    await sleep(500);
  }
}

/** Registers the account's organisation, runs AOA, approves every proposal and runs again. */
export async function tenantWithFindings(account: Account, timeoutMs = 240_000): Promise<void> {
  const registered = await call<{ access_token: string }>('POST', '/api/v1/auth/register', null, account);
  const token = registered.access_token;
  await runAoaToEnd(token, timeoutMs);
  const proposed = await call<{ items: { id: string }[] }>('GET', '/api/v1/dcl/mappings?status=proposed&limit=200', token);
  for (const m of proposed.items) await call('POST', `/api/v1/dcl/mappings/${m.id}/approve`, token);
  await runAoaToEnd(token, timeoutMs);
}
