import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { canAdministerTenant } from '../../platform/auth/current-user.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { formText, parseForm } from '../../platform/http/forms.ts';
import { requireTenantAdministrator } from '../../platform/http/guards.ts';
import { redirectWithin, sendPage } from '../../platform/http/render.tsx';
import { actorOf } from '../../platform/http/route-helpers.ts';
import { parseParams, parseQuery } from '../../platform/http/route-input.ts';
import { notFound } from '../../platform/http/errors.ts';
import { SERVICE_LABELS, TOODEGO_OFFER_LABELS } from '../../platform/tenancy/offers.ts';
import { type ResolvedTenant, tenantMayUse } from '../../platform/tenancy/tenant-directory.ts';
import { type CatalogueEntry, catalogueThemes, searchEServices } from '../catalogue/index.ts';
import { petaleSetting } from '../petale/index.ts';
import { listNotices, NOTICE_KIND_LABELS } from '../support/index.ts';
import { findContact } from './contact.repo.ts';
import { listPendingActions } from './list-pending-actions.ts';
import { listPopularEServices } from './list-popular-eservices.ts';
import { listLatestNews, listNewsOf } from './news.repo.ts';
import { publishCommuneNews, ZNews } from './publish-news.ts';
import { removeCommuneNews } from './remove-news.ts';
import { NewsAdminPage } from './views/news-admin-page.tsx';
import { saveTenantContact, ZContact } from './save-contact.ts';
import { ContactPage } from './views/contact-page.tsx';
import { CommuneHomePage, MetropoleHomePage } from './views/home-page.tsx';
import type { ServiceTile } from './views/home-parts.tsx';
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

const tile = (entry: CatalogueEntry): ServiceTile => ({
  title: entry.eservice.title,
  summary: entry.eservice.summary,
  path: entry.path,
  provider: entry.provider,
});

const NEWS_SHOWN = 3;
const DoneQuery = z.object({ fait: z.string().optional().catch(undefined) });
const NewsDoneQuery = z.object({ fait: z.enum(['publiee', 'retiree']).optional().catch(undefined) });
const NewsParams = z.object({ id: z.uuid() });
/** The metropolis's notices and the communes' news together, newest first. */
const NEWS_ON_HOME = 4;

export function registerHomeRoutes(app: FastifyInstance): void {
  const { services } = app;

  /** What both home pages show: most used services, themes, the signed-in citizen's to-do, the news. */
  const homeContent = async (request: FastifyRequest) => {
    const { tenant, user } = request;
    const [popular, themes, pending, notices, communeNews] = await Promise.all([
      listPopularEServices(services, tenant),
      catalogueThemes(services),
      user ? listPendingActions(services, user.id) : null,
      listNotices(services.db, NEWS_SHOWN),
      // A commune's home shows its own news; the metropolis's, the latest of every commune.
      tenant.kind === 'commune'
        ? withTenant(services.db, tenant.id, (trx) => listNewsOf(trx, NEWS_SHOWN))
        : listLatestNews(services.db, NEWS_SHOWN),
    ]);
    const fromCommunes = await Promise.all(
      communeNews.map(async (n) => ({
        kind: (await services.tenants.byId(n.tenant_id))?.name ?? 'Commune',
        title: n.title,
        body: n.body,
        at: n.published_at,
      })),
    );
    const fromMetropolis = notices.map((n) => ({
      kind: NOTICE_KIND_LABELS[n.kind],
      title: n.title,
      body: n.body,
      at: n.created_at,
    }));
    return {
      popular: popular.map(tile),
      themes,
      pending,
      news: [...fromCommunes, ...fromMetropolis].sort((a, b) => +b.at - +a.at).slice(0, NEWS_ON_HOME),
    };
  };

  app.get('/', async (request, reply) => {
    const { tenant } = request;
    const content = await homeContent(request);
    if (tenant.kind === 'commune') {
      const [own, contact] = await Promise.all([
        searchEServices(services, { browsing: tenant, q: '', provider: tenant, limit: 200 }),
        withTenant(services.db, tenant.id, findContact),
      ]);
      const email = contact?.email || tenant.production.contact_email || '';
      const hasContact = !!(contact?.address || contact?.phone || contact?.opening_hours || email);
      return sendPage(request, reply, (context) =>
        CommuneHomePage({
          context,
          ...content,
          // The shared services: the commune's own are listed in their own section.
          popular: content.popular.filter((s) => s.provider.slug !== tenant.slug),
          commune: {
            name: tenant.name,
            population: tenant.production.population,
            offer: tenant.offers.subscriptions.toodego as Parameters<typeof CommuneHomePage>[0]['commune']['offer'],
          },
          services: describeServices(tenant),
          eservices: own.map(tile),
          contact: hasContact
            ? {
                address: contact?.address ?? '',
                phone: contact?.phone ?? '',
                email,
                openingHours: contact?.opening_hours ?? '',
              }
            : null,
          canAdminister: canAdministerTenant(request.user, tenant),
        }),
      );
    }
    const communes = (await services.tenants.all()).filter((t) => t.kind === 'commune' && !t.isTestInstance);
    const count = (offer: string) => communes.filter((c) => c.offers.subscriptions.toodego === offer).length;
    return sendPage(request, reply, (context) =>
      MetropoleHomePage({
        context,
        ...content,
        communeCount: communes.length,
        offerCounts: { partenaire: count('partenaire'), abonne: count('abonne'), connecte: count('connecte') },
        population: tenant.population ?? 0,
      }),
    );
  });

  const contactPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string>,
    errors: Record<string, string>,
    done = false,
  ) =>
    sendPage(
      request,
      reply,
      (context) => ContactPage({ context, values, errors, done }),
      Object.keys(errors).length > 0 ? 422 : 200,
    );

  app.get('/admin/coordonnees', async (request, reply) => {
    requireTenantAdministrator(request);
    const contact = await withTenant(services.db, request.tenant.id, findContact);
    const { fait } = parseQuery(DoneQuery, request);
    return contactPage(
      request,
      reply,
      {
        address: contact?.address ?? '',
        phone: contact?.phone ?? '',
        email: contact?.email ?? '',
        opening_hours: contact?.opening_hours ?? '',
      },
      {},
      fait === 'enregistre',
    );
  });

  app.post('/admin/coordonnees', async (request, reply) => {
    const user = requireTenantAdministrator(request);
    const form = parseForm(ZContact, request.body);
    if (!form.ok) return contactPage(request, reply, formText(form.values), form.errors);
    await saveTenantContact(services, request.tenant, form.data, actorOf(request, user));
    return redirectWithin(request, reply, '/admin/coordonnees?fait=enregistre');
  });

  /** A commune's own news: its administrators' (the metropolis publishes through the support desk's notices). */
  const requireCommuneNewsEditor = (request: FastifyRequest) => {
    const user = requireTenantAdministrator(request);
    if (request.tenant.kind !== 'commune' || request.tenant.isTestInstance) throw notFound();
    return user;
  };
  const newsPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string>,
    errors: Record<string, string>,
    done?: 'publiee' | 'retiree',
  ) => {
    const news = await withTenant(services.db, request.tenant.id, (trx) => listNewsOf(trx, 50));
    return sendPage(
      request,
      reply,
      (context) => NewsAdminPage({ context, news, values, errors, done }),
      Object.keys(errors).length > 0 ? 422 : 200,
    );
  };

  app.get('/admin/actualites-commune', async (request, reply) => {
    requireCommuneNewsEditor(request);
    const { fait } = parseQuery(NewsDoneQuery, request);
    return newsPage(request, reply, { title: '', body: '' }, {}, fait);
  });

  app.post('/admin/actualites-commune', async (request, reply) => {
    const user = requireCommuneNewsEditor(request);
    const form = parseForm(ZNews, request.body);
    if (!form.ok) return newsPage(request, reply, formText(form.values), form.errors);
    await publishCommuneNews(services, request.tenant, form.data, actorOf(request, user));
    return redirectWithin(request, reply, '/admin/actualites-commune?fait=publiee');
  });

  app.post('/admin/actualites-commune/:id/retrait', async (request, reply) => {
    const user = requireCommuneNewsEditor(request);
    const { id } = parseParams(NewsParams, request);
    if (!(await removeCommuneNews(services, request.tenant, id, actorOf(request, user))))
      throw notFound('Cette actualité n’existe pas ou a déjà été retirée.');
    return redirectWithin(request, reply, '/admin/actualites-commune?fait=retiree');
  });

  app.get('/accessibilite', async (request, reply) =>
    sendPage(request, reply, (context) => AccessibilityPage({ context })),
  );
  app.get('/plan-du-site', async (request, reply) => {
    // The school workspace where the instance offers it (the metropolis's lists every commune's schools); the pétale
    // space on its commune's instance only.
    const petale = (await petaleSetting(services))?.commune.id === request.tenant.id;
    return sendPage(request, reply, (context) =>
      SiteMapPage({ context, schools: tenantMayUse(request.tenant, 'laclasse.workspace'), petale }),
    );
  });
}
