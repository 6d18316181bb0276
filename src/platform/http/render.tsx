import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { isOperator } from '../auth/current-user.ts';
import { type ResolvedTenant, tenantMayUse } from '../tenancy/tenant-directory.ts';
import type { PageContext } from '../views/page-context.ts';
import { csrfBinding } from './csrf.ts';

export function renderHtml(node: VNode): string {
  return `<!doctype html>${renderToString(node)}`;
}

export function tenantPath(slug: string, path = '/'): string {
  return `/c/${slug}${path === '/' ? '/' : path}`;
}

/** Where a tenant's instance lives: the metropolis at the root, each commune (and any test instance) under /c/<slug>. */
export function instanceBase(tenant: Pick<ResolvedTenant, 'kind' | 'slug' | 'environment'>): string {
  return tenant.kind === 'metropole' && tenant.environment === 'production' ? '' : tenantPath(tenant.slug, '');
}

/** Everything the layout shows, for this request. */
export async function pageContext(request: FastifyRequest, reply: FastifyReply): Promise<PageContext> {
  const { tenant, user } = request;
  const administers: Array<{ name: string; href: string }> = [];
  const processes: Array<{ name: string; href: string }> = [];
  const maps: Array<{ name: string; href: string }> = [];
  for (const grant of user?.grants ?? []) {
    const held = await request.server.services.tenants.byId(grant.tenantId);
    if (!held) continue;
    if (grant.role === 'admin') administers.push({ name: held.name, href: tenantPath(held.slug, '/admin') });
    // Agents and administrators process their tenant's requests, where the offer includes the GRU.
    const gruHref = `${instanceBase(held)}/gru/demandes`;
    if (
      (grant.role === 'agent' || grant.role === 'admin') &&
      tenantMayUse(held, 'gru.process') &&
      !processes.some((p) => p.href === gruHref)
    ) {
      processes.push({ name: held.name, href: gruHref });
    }
    // The agents' map, where the offer includes Geonet (the metropolis always has it).
    const mapHref = `${instanceBase(held)}/sig`;
    if (
      (grant.role === 'agent' || grant.role === 'admin') &&
      tenantMayUse(held, 'geonet.access') &&
      !maps.some((m) => m.href === mapHref)
    ) {
      maps.push({ name: held.name, href: mapHref });
    }
  }
  const notices = [];
  for (const module of request.server.services.modules)
    if (module.pageNotices) notices.push(...(await module.pageNotices(request.server.services, tenant)));
  const notifications = user
    ? request.server.services.modules.find((m) => m.notificationPreferences)?.notificationPreferences
    : undefined;
  const unreadNotifications =
    user && notifications ? await notifications.unreadCount(request.server.services, user.id) : undefined;
  let csrfToken: string | undefined;
  return {
    tenant: {
      name: tenant.name,
      slug: tenant.slug,
      kind: tenant.kind,
      isTestInstance: tenant.isTestInstance,
      base: request.basePath,
      logoUrl: tenant.theme.logoFileId ? `${request.basePath}/logo?v=${tenant.theme.logoFileId.slice(0, 8)}` : null,
      themeVersion: themeVersion(tenant.theme),
    },
    user: user
      ? {
          displayName: user.displayName,
          email: user.email,
          isOperator: isOperator(user),
          administers,
          processes,
          maps,
          unreadNotifications,
        }
      : null,
    // Made when a form first asks for it: a page without a form sets no CSRF cookie and spends nothing on a token.
    get csrfToken() {
      csrfToken ??= reply.generateCsrf({ userInfo: csrfBinding(request) });
      return csrfToken;
    },
    currentPath: (request.routeOptions.url ?? request.url).split('?')[0] ?? '/',
    pageUrl: request.url.split('?')[0] ?? '/',
    notices,
    mapTiles: request.server.services.config.mapTiles,
  };
}

export function themeVersion(theme: object): string {
  return createHash('sha256').update(JSON.stringify(theme)).digest('hex').slice(0, 10);
}

/** Renders a page with the request's context and sends it. */
export async function sendPage(
  request: FastifyRequest,
  reply: FastifyReply,
  render: (context: PageContext) => VNode,
  status = 200,
): Promise<FastifyReply> {
  const context = await pageContext(request, reply);
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .send(renderHtml(render(context)));
}

/** After a successful POST: go to a page of this instance (303, so reloading does not post again). */
export function redirectWithin(request: FastifyRequest, reply: FastifyReply, path: string): FastifyReply {
  return reply.redirect(`${request.basePath}${path}`, 303);
}
