import { defineConfig } from 'vitest/config';

/** End-to-end tests: Node environment, one file at a time, against E2E_BASE_URL. */
export default defineConfig({
  test: {
    environment: 'node',
    include: ['e2e/**/*.e2e.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
