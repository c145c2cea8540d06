import { defineConfig } from 'vitest/config';

const baseUrl = process.env.E2E_BASE_URL ?? '';

/**
 * End-to-end tests: Node environment, one file at a time, against the stack
 * at E2E_BASE_URL in headless Chromium. Without E2E_BASE_URL every test is
 * skipped and the run ends with "e2e: skipped — …" (exit 0); otherwise it ends
 * with "e2e: N passed, M failed" and exits non-zero on any failure.
 */
export default defineConfig({
  test: {
    environment: 'node',
    include: ['e2e/**/*.e2e.ts'],
    fileParallelism: false,
    // Generous: the machine may be shared and loaded; a run normally takes seconds.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    reporters: [
      'default',
      [
        './test/summaryReporter.ts',
        {
          label: 'e2e',
          skippedReason: baseUrl ? undefined : 'E2E_BASE_URL is not set (start the stack, e.g. make run, and point it at the gateway)',
        },
      ],
    ],
  },
});
