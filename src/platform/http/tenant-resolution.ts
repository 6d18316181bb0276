import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { mayUse } from '../tenancy/offers.ts';
import { notFound } from './errors.ts';

const TENANT_PREFIX = /^\/c\/([^/?#]*)(.*)$/;
const requestedSlugs = new WeakMap<IncomingMessage, string>();

/**
 * `/c/<slug>/rest` is served by the route of `/rest`, in the tenant <slug>: every page exists once in the code and
 * in every instance. Runs before routing (Fastify's rewriteUrl), so it only notes the slug; the hook below resolves it.
 */
export function rewriteTenantUrl(raw: IncomingMessage): string {
  const url = raw.url ?? '/';
  const match = TENANT_PREFIX.exec(url);
  if (!match) return url;
  requestedSlugs.set(raw, (match[1] ?? '').toLowerCase());
  const rest = match[2] ?? '';
  return rest.startsWith('/') ? rest : `/${rest}`;
}

/** Sets request.tenant: the /c/<slug> prefix first, then the host name, else the metropolis. */
export function installTenantResolution(app: FastifyInstance): void {
  app.decorateRequest('tenant', null as never);
  app.decorateRequest('basePath', '');
  // A callback hook: the host's tenant is usually in the directory's fresh copy, and then no promise is needed.
  app.addHook('onRequest', (request, _reply, done) => {
    const slug = requestedSlugs.get(request.raw);
    const tenant = slug === undefined ? app.services.tenants.hostOrMetropoleIfFresh(request.hostname) : undefined;
    if (tenant) {
      request.tenant = tenant;
      request.basePath = '';
      return done();
    }
    resolveTenant(app, request, slug).then(() => done(), done);
  });
}

async function resolveTenant(app: FastifyInstance, request: FastifyRequest, slug: string | undefined): Promise<void> {
  const directory = app.services.tenants;
  if (slug !== undefined) {
    const tenant = slug ? await directory.bySlug(slug) : undefined;
    // A test instance exists only while its commune's offer includes one (Partenaire).
    const reachable = tenant && (!tenant.isTestInstance || mayUse(tenant.offers, 'instance.test-environment'));
    if (!tenant || !reachable) {
      request.tenant = await directory.metropole();
      request.basePath = '';
      throw notFound("Aucune commune ne correspond à cette adresse. Vérifiez le nom de la commune dans l'adresse.");
    }
    request.tenant = tenant;
    request.basePath = `/c/${tenant.slug}`;
    return;
  }
  request.tenant = (await directory.byHost(request.hostname)) ?? (await directory.metropole());
  request.basePath = '';
}
