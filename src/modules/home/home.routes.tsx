import type { FastifyInstance } from 'fastify';
import { canAdministerTenant } from '../../platform/auth/current-user.ts';
import { sendPage } from '../../platform/http/render.tsx';
import { SERVICE_LABELS, TOODEGO_OFFER_LABELS } from '../../platform/tenancy/offers.ts';
import { type ResolvedTenant, tenantMayUse } from '../../platform/tenancy/tenant-directory.ts';
import { searchEServices } from '../catalogue/index.ts';
import { CommuneHomePage, MetropoleHomePage } from './views/home-page.tsx';
import { AccessibilityPage, SiteMapPage } from './views/static-pages.tsx';

/** What a commune's home page lists: its shared services and, for Toodego, its offer. */
export function describeServices(tenant: ResolvedTenant): Array<{ label: string; detail: string }> {
  const offers = tenant.offers.subscriptions;
  const services: Array<{ label: string; detail: string }> = [];
  const toodego = offers.toodego;
  if (toodego === 'partenaire' || toodego === 'abonne' || toodego === 'connecte')
    services.push({ label: SERVICE_LABELS.toodego, detail: `offre ${TOODEGO_OFFER_LABELS[toodego]}` });
  for (const service of ['laclasse', 'opendata', 'geonet'] as const) {
    if (offers[service] === 'subscribed') services.push({ label: SERVICE_LABELS[service], detail: 'adhérente' });
  }
  return services;
}

export function registerHomeRoutes(app: FastifyInstance): void {
  app.get('/', async (request, reply) => {
    const { tenant } = request;
    if (tenant.kind === 'commune') {
      const own = await searchEServices(app.services, { browsing: tenant, q: '', provider: tenant, limit: 200 });
      return sendPage(request, reply, (context) =>
        CommuneHomePage({
          context,
          commune: { name: tenant.name, population: tenant.production.population, inseeCode: tenant.insee_code },
          services: describeServices(tenant),
          eservices: own.map((e) => ({ title: e.eservice.title, summary: e.eservice.summary, path: e.path })),
          canAdminister: canAdministerTenant(request.user, tenant),
        }),
      );
    }
    const communes = (await app.services.tenants.all()).filter((t) => t.kind === 'commune' && !t.isTestInstance);
    const count = (offer: string) => communes.filter((c) => c.offers.subscriptions.toodego === offer).length;
    return sendPage(request, reply, (context) =>
      MetropoleHomePage({
        context,
        communeCount: communes.length,
        offerCounts: { partenaire: count('partenaire'), abonne: count('abonne'), connecte: count('connecte') },
        population: tenant.population ?? 0,
      }),
    );
  });

  app.get('/accessibilite', async (request, reply) =>
    sendPage(request, reply, (context) => AccessibilityPage({ context })),
  );
  app.get('/plan-du-site', async (request, reply) =>
    // The school workspace where the instance offers it (the metropolis's lists every commune's schools).
    sendPage(request, reply, (context) =>
      SiteMapPage({ context, schools: tenantMayUse(request.tenant, 'laclasse.workspace') }),
    ),
  );
}
