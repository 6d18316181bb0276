import type { CurrentUser } from '../auth/current-user.ts';
import type { Services } from '../services.ts';
import type { ResolvedTenant } from '../tenancy/tenant-directory.ts';

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
  interface FastifyRequest {
    /** The instance this request is for (path prefix /c/<slug>, a configured host name, or the metropolis). */
    tenant: ResolvedTenant;
    /** '' or '/c/<slug>': prefix of every link to this instance. */
    basePath: string;
    /** The signed-in person, or null. */
    user: CurrentUser | null;
  }
  interface FastifyContextConfig {
    /** State-changing routes outside /api/ get a CSRF check unless they set this (e.g. a protocol endpoint with its own). */
    csrfExempt?: boolean;
  }
}
