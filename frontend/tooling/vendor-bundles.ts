import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type { Plugin, ResolvedConfig } from 'vite';

/** One file to copy: from a package's folder to a path under the build's outDir. */
export interface VendorFile {
  readonly pkg: string;
  readonly file: string;
  readonly to: string;
}

/**
 * The standalone browser bundles that the backend's `/docs` (Swagger UI) and
 * `/redoc` (ReDoc) pages load from the same origin, so those pages need no CDN.
 */
export const VENDOR_FILES: readonly VendorFile[] = [
  { pkg: 'swagger-ui-dist', file: 'swagger-ui.css', to: 'vendor/swagger-ui/swagger-ui.css' },
  { pkg: 'swagger-ui-dist', file: 'swagger-ui-bundle.js', to: 'vendor/swagger-ui/swagger-ui-bundle.js' },
  {
    pkg: 'swagger-ui-dist',
    file: 'swagger-ui-standalone-preset.js',
    to: 'vendor/swagger-ui/swagger-ui-standalone-preset.js',
  },
  { pkg: 'swagger-ui-dist', file: 'oauth2-redirect.html', to: 'vendor/swagger-ui/oauth2-redirect.html' },
  { pkg: 'swagger-ui-dist', file: 'oauth2-redirect.js', to: 'vendor/swagger-ui/oauth2-redirect.js' },
  { pkg: 'redoc', file: 'bundles/redoc.standalone.js', to: 'vendor/redoc/redoc.standalone.js' },
];

/** The folder of an installed package, found through node's resolution from this file. */
function packageDir(pkg: string): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve(`${pkg}/package.json`));
}

/** Copies every vendor file into `outDir`; returns the written paths. Throws if a file is missing. */
export function copyVendorFiles(outDir: string, files: readonly VendorFile[] = VENDOR_FILES): string[] {
  return files.map(({ pkg, file, to }) => {
    const target = join(outDir, to);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(packageDir(pkg), file), target);
    return target;
  });
}

/** Vite plugin: after a production build, copy the vendor bundles into `dist/vendor/`. */
export function vendorBundles(): Plugin {
  let config: ResolvedConfig | undefined;
  return {
    name: 'autonomos-vendor-bundles',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    closeBundle() {
      if (!config) return;
      copyVendorFiles(resolve(config.root, config.build.outDir));
    },
  };
}
