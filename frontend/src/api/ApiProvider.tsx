import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { clearToken, readToken, writeToken } from '../auth/tokenStore';
import type { RuntimeConfig } from '../config/runtimeConfig';
import { ApiClient, type FetchLike } from './client';
import { ApiError } from './errors';
import { createEndpoints, type Endpoints } from './endpoints';

/**
 * The app's data plumbing: one ApiClient (base URL from the runtime config,
 * bearer token from the session), the typed endpoints, the TanStack Query
 * cache and the sign-in state. A 401 on an authenticated request signs the
 * user out, which sends them to the login page.
 */

export interface AuthState {
  token: string | null;
  signIn: (token: string) => void;
  signOut: (reason?: string) => void;
  /** Why the last session ended, for the login page (cleared by signIn). */
  signOutReason: string | null;
}

interface ApiContextValue {
  client: ApiClient;
  api: Endpoints;
}

const ApiContext = createContext<ApiContextValue | null>(null);
const AuthContext = createContext<AuthState | null>(null);

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        refetchOnWindowFocus: false,
        staleTime: 15_000,
        retry: (count, error) => {
          if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
          return count < 2;
        },
      },
      mutations: { retry: false },
    },
  });
}

export interface AppProvidersProps {
  config: RuntimeConfig;
  fetch?: FetchLike;
  queryClient?: QueryClient;
  children: ReactNode;
}

export function AppProviders({ config, fetch: fetchImpl, queryClient, children }: AppProvidersProps) {
  const [token, setToken] = useState<string | null>(() => readToken());
  const [signOutReason, setSignOutReason] = useState<string | null>(null);
  const tokenRef = useRef(token);
  tokenRef.current = token;
  const [qc] = useState(() => queryClient ?? createQueryClient());

  const signOut = useCallback(
    (reason?: string) => {
      clearToken();
      tokenRef.current = null;
      setToken(null);
      setSignOutReason(reason ?? null);
      qc.clear();
    },
    [qc],
  );
  const signOutRef = useRef(signOut);
  signOutRef.current = signOut;

  const value = useMemo<ApiContextValue>(() => {
    const client = new ApiClient({
      baseUrl: config.apiBaseUrl,
      fetch: fetchImpl ?? ((input, init) => window.fetch(input, init)),
      getToken: () => tokenRef.current,
      onUnauthorized: () => signOutRef.current('Your session has ended. Please sign in again.'),
    });
    return { client, api: createEndpoints(client) };
  }, [config.apiBaseUrl, fetchImpl]);

  const signIn = useCallback(
    (next: string) => {
      writeToken(next);
      tokenRef.current = next;
      value.client.clearCache();
      qc.clear();
      setSignOutReason(null);
      setToken(next);
    },
    [qc, value.client],
  );

  const auth = useMemo<AuthState>(() => ({ token, signIn, signOut, signOutReason }), [token, signIn, signOut, signOutReason]);

  return (
    <QueryClientProvider client={qc}>
      <ApiContext.Provider value={value}>
        <AuthContext.Provider value={auth}>{children}</AuthContext.Provider>
      </ApiContext.Provider>
    </QueryClientProvider>
  );
}

export function useApi(): Endpoints {
  const ctx = useContext(ApiContext);
  if (!ctx) throw new Error('useApi must be used inside <AppProviders>');
  return ctx.api;
}

export function useApiClient(): ApiClient {
  const ctx = useContext(ApiContext);
  if (!ctx) throw new Error('useApiClient must be used inside <AppProviders>');
  return ctx.client;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth must be used inside <AppProviders>');
  return ctx;
}
