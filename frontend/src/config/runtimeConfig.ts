import type { FetchLike } from '../api/client';

/** Deployment settings read at start from `/config.json` (written into the bucket by the deployment). */
export interface RuntimeConfig {
  /** Prefix of every API path; '' means the same origin as the page. */
  apiBaseUrl: string;
}

export const DEFAULT_CONFIG: RuntimeConfig = { apiBaseUrl: '' };

/**
 * Reads `/config.json`. A missing, unreadable or malformed file gives the
 * defaults (API on the same origin), so the app always starts.
 */
export async function loadRuntimeConfig(fetchImpl: FetchLike, url = '/config.json'): Promise<RuntimeConfig> {
  try {
    const response = await fetchImpl(url, { headers: { Accept: 'application/json' }, cache: 'no-store' });
    if (!response.ok) return DEFAULT_CONFIG;
    const body = (await response.json()) as unknown;
    if (!body || typeof body !== 'object') return DEFAULT_CONFIG;
    const base = (body as { apiBaseUrl?: unknown }).apiBaseUrl;
    return { apiBaseUrl: typeof base === 'string' ? base.replace(/\/+$/, '') : '' };
  } catch {
    return DEFAULT_CONFIG;
  }
}
