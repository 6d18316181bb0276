import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { notFound, toProblem } from '../../platform/http/errors.ts';
import { sendPage } from '../../platform/http/render.tsx';
import { parseParams, parseQuery } from '../../platform/http/route-input.ts';
import { listPublicReportsPage, publicReportsGeoJson, publicScopeOf } from './list-public-reports.ts';
import { publicReport } from './public-report.ts';
import { findPublicReport } from './reports.repo.ts';
import { ReportPage, ReportsListPage } from './views/public-pages.tsx';

/** Public pages: generous, but a scraper looping on them is braked (per process, as every rate limit here). */
export const PUBLIC_LIMIT = { config: { rateLimit: { max: 120, timeWindow: 60_000 } } };

// A filter a visitor mistypes is dropped, not an error: the list shows everything instead.
const ZListQuery = z.object({
  categorie: z.string().max(200).optional().catch(undefined),
  etat: z.enum(['ouverts', 'resolus']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});
const ZReportParams = z.object({ id: z.string().max(100) });

/** A test instance publishes nothing: its data is not the public's. */
function publicTenant(request: FastifyRequest) {
  if (request.tenant.isTestInstance) throw notFound();
  return request.tenant;
}

/** The public list, its GeoJSON and each report's page, on the metropolis's instance and each commune's (§6). */
export function registerPublicReportRoutes(app: FastifyInstance): void {
  const { services } = app;

  app.get('/signalements', PUBLIC_LIMIT, async (request, reply) => {
    const tenant = publicTenant(request);
    const query = parseQuery(ZListQuery, request);
    const filters = { category: query.categorie || undefined, state: query.etat };
    const list = await listPublicReportsPage(services, tenant, { ...filters, page: query.page });
    const geo = new URLSearchParams();
    if (filters.category) geo.set('categorie', filters.category);
    if (filters.state) geo.set('etat', filters.state);
    const geojsonUrl = `${request.basePath}/signalements.geojson${geo.size ? `?${geo.toString()}` : ''}`;
    return sendPage(request, reply, (context) => ReportsListPage({ context, ...list, filters, geojsonUrl }));
  });

  app.get('/signalements.geojson', PUBLIC_LIMIT, async (request, reply) => {
    // A data endpoint answers its refusal as RFC 9457 problem+json whatever the client's Accept header says.
    if (request.tenant.isTestInstance)
      return reply
        .status(404)
        .type('application/problem+json; charset=utf-8')
        .send(toProblem(notFound('Une instance de test ne publie pas de signalements.'), request.url.split('?')[0]));
    const tenant = publicTenant(request);
    const query = parseQuery(ZListQuery, request);
    const collection = await publicReportsGeoJson(services, tenant, {
      category: query.categorie || undefined,
      state: query.etat,
      base: request.basePath,
    });
    return reply.type('application/geo+json; charset=utf-8').send(collection);
  });

  app.get('/signalements/:id', PUBLIC_LIMIT, async (request, reply) => {
    const tenant = publicTenant(request);
    const { id } = parseParams(ZReportParams, request);
    const row = await findPublicReport(services.db, id, publicScopeOf(tenant));
    if (!row) throw notFound('Ce signalement n’existe pas ou n’est pas public.');
    return sendPage(request, reply, (context) =>
      ReportPage({ context, report: publicReport(row), signedIn: !!request.user, notice: null }),
    );
  });
}
