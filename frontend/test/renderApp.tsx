import { QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import { AppProviders } from '../src/api/ApiProvider';
import { App } from '../src/App';
import { createFakeFetch, type Handler } from './fakeFetch';

export function testQueryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: false, refetchInterval: false }, mutations: { retry: false } } });
}

/** Renders the whole app at `path` against fake API routes; signed in unless `token` is null. */
export function renderApp(path: string, routes: Record<string, Handler>, options: { token?: string | null } = {}) {
  const token = options.token === undefined ? 'test-token' : options.token;
  if (token) window.sessionStorage.setItem('autonomos.access_token', token);
  const fake = createFakeFetch(routes);
  const view = render(
    <AppProviders config={{ apiBaseUrl: '' }} fetch={fake.fetch} queryClient={testQueryClient()}>
      <MemoryRouter initialEntries={[path]}>
        <App />
      </MemoryRouter>
    </AppProviders>,
  );
  return { ...view, fake };
}

/** Providers only, for hook tests. */
export function providers(routes: Record<string, Handler>, token: string | null = 'test-token') {
  if (token) window.sessionStorage.setItem('autonomos.access_token', token);
  const fake = createFakeFetch(routes);
  const queryClient = testQueryClient();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <AppProviders config={{ apiBaseUrl: '' }} fetch={fake.fetch} queryClient={queryClient}>
      <MemoryRouter>{children}</MemoryRouter>
    </AppProviders>
  );
  return { fake, wrapper, queryClient };
}
