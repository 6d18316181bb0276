import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type ExportFormat, sendExport } from '../../platform/exports/index.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { requireCommuneStaff, requireOperator } from '../../platform/http/guards.ts';
import { redirectWithin, sendPage } from '../../platform/http/render.tsx';
import { actorOf, productionCommuneBySlug } from '../../platform/http/route-helpers.ts';
import { parseBody, parseParams, parseQuery } from '../../platform/http/route-input.ts';
import type { Services } from '../../platform/services.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { publishUsage } from './publish-usage.ts';
import { usageSheet } from './usage-export.ts';
import {
  communeTable,
  metropolisTables,
  productionCommunes,
  selectableYears,
  type UsageTable,
  usageOfCommunes,
} from './usage-statistics.ts';
import { CommuneUsagePage, MetropolisUsagePage } from './views/usage-pages.tsx';

const ZUsageQuery = z.object({
  annee: z.coerce.number().int().optional().catch(undefined),
  format: z.enum(['csv', 'ods']).optional().catch(undefined),
  publie: z.string().max(100).optional().catch(undefined),
});
const ZSlug = z.object({ slug: z.string().max(100) });
const ZPublish = z.object({ annee: z.coerce.number({ message: 'Choisissez une année' }).int() });

/** The year asked for, if it is one a reader may choose; the current year otherwise. */
function yearOf(services: Services, asked: number | undefined): number {
  const years = selectableYears(services);
  return asked !== undefined && years.includes(asked) ? asked : (years[0] ?? 0);
}

/** The usage statistics (T13, P3): a commune's own, the metropolis's for operators, and their publication (P7). */
export function registerInsightsRoutes(app: FastifyInstance): void {
  const { services } = app;

  const download = (reply: FastifyReply, format: ExportFormat, filename: string, tables: Array<[string, UsageTable]>) =>
    sendExport(reply, {
      format,
      filename,
      generatedAt: services.clock.now(),
      sheets: tables.map(([name, table]) => usageSheet(name, table)),
    });

  const showCommune = async (
    request: FastifyRequest,
    reply: FastifyReply,
    commune: ResolvedTenant,
    path: string,
    breadcrumbs?: Array<{ label: string; path: string }>,
  ) => {
    const query = parseQuery(ZUsageQuery, request);
    const year = yearOf(services, query.annee);
    const [usage] = await usageOfCommunes(services, [commune], year);
    if (!usage) throw notFound();
    const table = communeTable(usage, year);
    if (query.format)
      return download(reply, query.format, `statistiques-usage-${commune.slug}-${year}`, [['Démarches', table]]);
    return sendPage(request, reply, (context) =>
      CommuneUsagePage({
        context,
        communeName: commune.name,
        path,
        year,
        years: selectableYears(services),
        usage: table,
        breadcrumbs,
      }),
    );
  };

  // A commune's administrators and agents see their own commune's figures, on its production instance.
  app.get('/statistiques-usage', async (request, reply) => {
    requireCommuneStaff(request);
    return showCommune(request, reply, request.tenant, '/statistiques-usage');
  });

  app.get('/admin/statistiques-usage', async (request, reply) => {
    requireOperator(request);
    const query = parseQuery(ZUsageQuery, request);
    const year = yearOf(services, query.annee);
    const communes = await productionCommunes(services);
    const { byCommune, byService } = metropolisTables(await usageOfCommunes(services, communes, year), year);
    if (query.format)
      return download(reply, query.format, `statistiques-usage-metropole-${year}`, [
        ['Par commune', byCommune],
        ['Par démarche', byService],
      ]);
    return sendPage(request, reply, (context) =>
      MetropolisUsagePage({
        context,
        year,
        years: selectableYears(services),
        byCommune,
        byService,
        communes: communes.map((c) => ({ slug: c.slug, name: c.name })),
        published: query.publie && /^[a-z0-9-]+$/.test(query.publie) ? query.publie : undefined,
      }),
    );
  });

  app.get('/admin/statistiques-usage/:slug', async (request, reply) => {
    requireOperator(request);
    const { slug } = parseParams(ZSlug, request);
    const commune = await productionCommuneBySlug(services, slug);
    return showCommune(request, reply, commune, `/admin/statistiques-usage/${commune.slug}`, [
      { label: 'Administration', path: '/admin' },
      { label: 'Statistiques d’usage de la métropole', path: '/admin/statistiques-usage' },
    ]);
  });

  app.post('/admin/statistiques-usage/publication', async (request, reply) => {
    const user = requireOperator(request);
    const { annee } = parseBody(ZPublish, request);
    if (!selectableYears(services).includes(annee))
      throw new AppError('validation_failed', 'Choisissez une des cinq dernières années.');
    const published = await publishUsage(services, { year: annee, actor: actorOf(request, user) });
    if (!published.ok) throw new AppError('validation_failed', published.error);
    return redirectWithin(request, reply, `/admin/statistiques-usage?annee=${annee}&publie=${published.slug}`);
  });
}
