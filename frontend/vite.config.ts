/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { vendorBundles } from './tooling/vendor-bundles.ts';

/**
 * The dashboard build. `npm run build` writes `dist/` (index.html, hashed
 * assets, the Quicksand font files, `config.json` and `vendor/` with the
 * Swagger UI and ReDoc bundles that the backend's /docs and /redoc load).
 *
 * `npm run dev` proxies the API to AUTONOMOS_API_URL (default
 * http://127.0.0.1:8000) so the app runs against a local gateway.
 */
const apiTarget = process.env.AUTONOMOS_API_URL ?? 'http://127.0.0.1:8000';
const proxied = ['/api', '/health', '/openapi.json', '/token', '/docs', '/redoc'];

export default defineConfig({
  plugins: [react(), vendorBundles()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 900,
  },
  server: {
    proxy: Object.fromEntries(proxied.map((prefix) => [prefix, { target: apiTarget, changeOrigin: true }])),
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.{ts,tsx}', 'tooling/**/*.test.ts'],
    restoreMocks: true,
    reporters: ['default', './test/summaryReporter.ts'],
  },
});
