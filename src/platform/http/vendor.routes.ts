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
const VENDOR_FILES: Record<string, { dir: () => string; file: string; type: string }> = {
  'ol.js': { dir: () => path.join(packageDir('ol'), 'dist'), file: 'ol.js', type: 'text/javascript; charset=utf-8' },
  'ol.css': { dir: () => packageDir('ol'), file: 'ol.css', type: 'text/css; charset=utf-8' },
  'proj4.js': {
    dir: () => path.join(packageDir('proj4'), 'dist'),
    file: 'proj4.js',
    type: 'text/javascript; charset=utf-8',
  },
};

const VendorParams = z.object({ file: z.enum(Object.keys(VENDOR_FILES) as [string, ...string[]]) });

export function registerVendorRoutes(app: FastifyInstance): void {
  app.get('/static/vendor/:file', async (request, reply) => {
    const { file } = parseParams(VendorParams, request);
    const entry = VENDOR_FILES[file]!;
    void reply.header('cache-control', 'public, max-age=86400').type(entry.type);
    return reply.sendFile(entry.file, entry.dir());
  });
}
