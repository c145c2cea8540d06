import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useAuth } from '../../src/api/ApiProvider';
import type { DclState, TaskEvent } from '../../src/api/types';
import { useDclState, useMe, useTaskEvents } from '../../src/hooks/queries';
import { useSelection } from '../../src/hooks/useSelection';
import { apiError, json } from '../fakeFetch';
import { agents, dclState, me, sources } from '../fixtures/api';
import { providers } from '../renderApp';

describe('useDclState (ETag polling)', () => {
  it('sends If-None-Match and keeps the same data object on 304', async () => {
    let etag = '"v1"';
    let state: DclState = dclState({ version: 1 });
    const { fake, wrapper } = providers({
      'GET /api/v1/dcl/state': (req) =>
        req.headers.get('If-None-Match') === etag ? new Response(null, { status: 304, headers: { ETag: etag } }) : json(state, 200, { ETag: etag }),
    });
    const { result } = renderHook(() => useDclState(), { wrapper });
    await waitFor(() => expect(result.current.data?.version).toBe(1));
    const first = result.current.data;
    const firstReq = fake.calls('GET', '/api/v1/dcl/state')[0]!;
    expect(firstReq.headers.get('Authorization')).toBe('Bearer test-token');
    expect(firstReq.headers.has('If-None-Match')).toBe(false);

    await act(async () => {
      await result.current.refetch();
    });
    const second = fake.calls('GET', '/api/v1/dcl/state')[1]!;
    expect(second.headers.get('If-None-Match')).toBe('"v1"');
    expect(result.current.data).toBe(first);

    etag = '"v2"';
    state = dclState({ version: 2 });
    await act(async () => {
      await result.current.refetch();
    });
    await waitFor(() => expect(result.current.data?.version).toBe(2));
    expect(result.current.data).not.toBe(first);
  });

  it('surfaces the error message of the contract error shape', async () => {
    const { wrapper } = providers({ 'GET /api/v1/dcl/state': () => apiError(503, 'duckdb_unavailable', 'The DCL store is unavailable.') });
    const { result } = renderHook(() => useDclState(), { wrapper });
    await waitFor(() => expect(result.current.error).toBeTruthy());
    expect(result.current.error?.message).toBe('The DCL store is unavailable.');
  });
});

describe('useTaskEvents', () => {
  it('reads only new events with ?after=<last seq> and appends them', async () => {
    const all: TaskEvent[] = [
      { seq: 1, at: '2026-11-24T10:00:00Z', kind: 'state', message: 'queued', data: {} },
      { seq: 2, at: '2026-11-24T10:00:01Z', kind: 'connect', message: 'connecting', data: {} },
      { seq: 3, at: '2026-11-24T10:00:02Z', kind: 'map', message: 'mapping', data: {} },
    ];
    let visible = 2;
    const { fake, wrapper } = providers({
      'GET /api/v1/tasks/run-1/events': (req) => {
        const after = Number(req.search.get('after') ?? 0);
        return json({ items: all.slice(0, visible).filter((e) => e.seq > after) });
      },
    });
    const { result } = renderHook(() => useTaskEvents('run-1', false), { wrapper });
    await waitFor(() => expect(result.current.data).toHaveLength(2));
    expect(fake.calls('GET', '/api/v1/tasks/run-1/events')[0]!.search.has('after')).toBe(false);

    const before = result.current.data;
    await act(async () => {
      await result.current.refetch();
    });
    expect(fake.calls('GET', '/api/v1/tasks/run-1/events')[1]!.search.get('after')).toBe('2');
    expect(result.current.data).toBe(before);

    visible = 3;
    await act(async () => {
      await result.current.refetch();
    });
    await waitFor(() => expect(result.current.data?.map((e) => e.seq)).toEqual([1, 2, 3]));
    expect(fake.calls('GET', '/api/v1/tasks/run-1/events')[2]!.search.get('after')).toBe('2');
  });
});

describe('auth', () => {
  it('signs out when an authenticated request gets a 401', async () => {
    const { wrapper } = providers({ 'GET /api/v1/users/me': () => apiError(401, 'invalid_token', 'Token expired') });
    const { result } = renderHook(() => ({ me: useMe(), auth: useAuth() }), { wrapper });
    expect(result.current.auth.token).toBe('test-token');
    await waitFor(() => expect(result.current.auth.token).toBeNull());
    expect(window.sessionStorage.getItem('autonomos.access_token')).toBeNull();
    expect(result.current.auth.signOutReason).toMatch(/session has ended/);
  });

  it('keeps the token for the session after signIn', async () => {
    const { fake, wrapper } = providers({ 'GET /api/v1/users/me': () => json(me) }, null);
    const { result } = renderHook(() => ({ me: useMe(), auth: useAuth() }), { wrapper });
    expect(fake.requests).toHaveLength(0);
    act(() => result.current.auth.signIn('fresh'));
    await waitFor(() => expect(result.current.me.data?.email).toBe(me.email));
    expect(window.sessionStorage.getItem('autonomos.access_token')).toBe('fresh');
    expect(fake.calls('GET', '/api/v1/users/me')[0]!.headers.get('Authorization')).toBe('Bearer fresh');
  });
});

describe('useSelection', () => {
  it('starts with everything, remembers changes in localStorage and drops unknown keys', () => {
    const { wrapper } = providers({});
    const { result, rerender } = renderHook(({ s, a }) => useSelection(s, a), {
      wrapper,
      initialProps: { s: sources, a: agents },
    });
    expect(result.current.selection.sources).toEqual(['salesforce', 'sap', 'costs']);
    act(() => result.current.toggle('sources', 'sap'));
    expect(result.current.selection.sources).toEqual(['salesforce', 'costs']);
    act(() => result.current.setModel('gpt-4o-mini'));
    const saved = JSON.parse(window.localStorage.getItem('autonomos.selection') ?? '{}') as Record<string, unknown>;
    expect(saved).toMatchObject({ sources: ['salesforce', 'costs'], llmModel: 'gpt-4o-mini' });

    rerender({ s: sources.filter((s) => s.key !== 'costs'), a: agents });
    expect(result.current.selection.sources).toEqual(['salesforce']);
  });
});
