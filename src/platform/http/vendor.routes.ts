import { createRequire } from 'node:module';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseParams } from './route-input.ts';

const require = createRequire(import.meta.url);

/** The package's directory, found the way Node finds it (hoisted or not). */
function packageDir(name: string): string {
  return path.dirname(require.resolve(`${name}/package.json`));
}

/**
 * Browser libraries served from the installed npm packages, never from a CDN: the demo works offline and the CSP
 * stays `script-src 'self'`. Only the files listed here are reachable; the version in the URL is for caching.
 */
const VENDOR_FILES: Record<string, { dir: () => string; file: string; type: string; immutable?: boolean }> = {
  'ol.js': { dir: () => path.join(packageDir('ol'), 'dist'), file: 'ol.js', type: 'text/javascript; charset=utf-8' },
  'ol.css': { dir: () => packageDir('ol'), file: 'ol.css', type: 'text/css; charset=utf-8' },
  'proj4.js': {
    dir: () => path.join(packageDir('proj4'), 'dist'),
    file: 'proj4.js',
    type: 'text/javascript; charset=utf-8',
  },
  // The interface's font (Source Sans 3, SIL Open Font Licence): latin only, the two weights the stylesheet uses.
  // Pinned with the package: cached a year (an upgrade that changed a file would have to serve it under a new name).
  ...Object.fromEntries(
    [400, 700].map((weight) => {
      const file = `source-sans-3-latin-${weight}-normal.woff2`;
      const dir = () => path.join(packageDir('@fontsource/source-sans-3'), 'files');
      return [file, { dir, file, type: 'font/woff2', immutable: true }];
    }),
  ),
};

const VendorParams = z.object({ file: z.enum(Object.keys(VENDOR_FILES) as [string, ...string[]]) });

export function registerVendorRoutes(app: FastifyInstance): void {
  app.get('/static/vendor/:file', async (request, reply) => {
    const { file } = parseParams(VendorParams, request);
    const entry = VENDOR_FILES[file]!;
    void reply.type(entry.type);
    // @fastify/static writes the cache-control header itself, from these options (a header set before is replaced).
    return reply.sendFile(
      entry.file,
      entry.dir(),
      entry.immutable ? { maxAge: '365d', immutable: true } : { maxAge: '1d' },
    );
  });
}
