import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { type ApiRegistry, apiRoute } from '../../platform/http/api.ts';
import { notFound } from '../../platform/http/errors.ts';
import { parseForm } from '../../platform/http/forms.ts';
import { requireUser } from '../../platform/http/guards.ts';
import { redirectWithin, sendPage } from '../../platform/http/render.tsx';
import { parseBody, parseParams, parseQuery } from '../../platform/http/route-input.ts';
import { loadIdentityRecord } from '../identity/index.ts';
import { countUse, dataAccess, isProducerOf, portalOf, requireDataAccess, visibleDataset } from './access.ts';
import { buildCatalogue, catalogueAsTurtle } from './dcat.ts';
import { csvStream, geojsonStream } from './downloads.ts';
import {
  findAccessRequest,
  findDatasetBySlug,
  follow,
  isFollowing,
  listArticles,
  listPublishedDatasets,
  listResources,
  servedResources,
  unfollow,
  upsertAccessRequest,
} from './opendata.repo.ts';
import type { ResourceRow } from './opendata.tables.ts';
import { tablePage } from './rows.repo.ts';
import { searchDatasets } from './search-datasets.ts';
import { licenceOf } from './vocabulary.ts';
import { AccessRequestPage, ArticlesPage, DatasetPage, MapPage, PortalHome, TablePage } from './views/portal-pages.tsx';

const PAGE_SIZE = 20;
const TABLE_PAGE_SIZE = 50;
const text = (max: number) =>
  z
    .string()
    .catch('')
    .default('')
    .transform((s) => s.slice(0, max));

const PortalQuery = z.object({
  q: text(200),
  theme: text(100),
  producer: text(40),
  licence: text(10),
  format: text(20),
  freshness: z.enum(['fresh', 'late']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(1000).catch(1).default(1),
});

const SlugParams = z.object({ slug: z.string().regex(/^[a-z0-9-]{1,80}$/) });

const TableQuery = z.object({
  tri: text(200),
  ordre: z.enum(['asc', 'desc']).catch('asc').default('asc'),
  filtre: text(200),
  colonne: text(200),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

const DownloadParams = z.object({
  slug: z.string().regex(/^[a-z0-9-]{1,80}$/),
  format: z.enum(['csv', 'geojson', 'original']),
});
const VersionQuery = z.object({ version: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined) });

const ZAccessForm = z.object({
  familyName: z.string().trim().min(1, 'Indiquez votre nom').max(100),
  givenName: z.string().trim().min(1, 'Indiquez votre prénom').max(100),
  email: z.email('Adresse électronique invalide').max(200),
});

const PUBLIC_LIMIT = { config: { rateLimit: { max: 300, timeWindow: 60_000 } } };

/** The public portal: search, dataset pages, previews, downloads, following, access requests, DCAT, widget. */
export function registerPortalRoutes(app: FastifyInstance, api: ApiRegistry): void {
  const { services } = app;

  app.get('/donnees', PUBLIC_LIMIT, async (request, reply) => {
    const { producer } = portalOf(request);
    const query = parseQuery(PortalQuery, request);
    const filters = {
      theme: query.theme || undefined,
      producer: producer?.id ?? (query.producer || undefined),
      licence: query.licence || undefined,
      format: query.format || undefined,
      freshness: query.freshness,
    };
    const result = await searchDatasets(services, query.q, filters, {
      limit: PAGE_SIZE,
      offset: (query.page - 1) * PAGE_SIZE,
    });
    return sendPage(request, reply, (context) => (
      <PortalHome
        context={context}
        q={query.q}
        filters={producer ? { ...filters, producer: undefined } : filters}
        result={result}
        page={query.page}
        pageSize={PAGE_SIZE}
        commune={producer?.name ?? null}
        isProducer={isProducerOf(request.user, request.tenant)}
      />
    ));
  });

  app.get('/donnees/jeux/:slug', PUBLIC_LIMIT, async (request, reply) => {
    const { slug } = parseParams(SlugParams, request);
    const dataset = await visibleDataset(services, request, slug);
    const now = services.clock.now();
    const [served, all, access, following, reuses] = await Promise.all([
      servedResources(services.db, dataset.id, now),
      listResources(services.db, dataset.id),
      dataAccess(services, request, dataset),
      request.user ? isFollowing(services.db, dataset.id, request.user.id) : Promise.resolve(null),
      listArticles(services.db, { datasetId: dataset.id }),
    ]);
    const upcoming = all.filter((r) => r.available_from > now);
    const notice =
      (request.query as Record<string, unknown>).fait === 'acces'
        ? "Votre demande d'accès est envoyée au producteur."
        : undefined;
    return sendPage(request, reply, (context) => (
      <DatasetPage
        context={context}
        dataset={dataset}
        served={served}
        upcoming={upcoming}
        access={access}
        following={following}
        reuses={reuses.filter((a) => a.kind === 'reuse')}
        publicUrl={services.config.publicUrl}
        notice={notice}
      />
    ));
  });

  const currentOf = async (datasetId: string, version?: number): Promise<ResourceRow> => {
    const now = services.clock.now();
    if (version !== undefined) {
      // A served version, or an announced one (downloadable ahead of its switch).
      const all = await listResources(services.db, datasetId);
      const found = all.find(
        (r) => r.version === version && r.status === 'ready' && (r.retire_at === null || r.retire_at > now),
      );
      if (!found) throw notFound("Cette version du jeu n'est pas servie.");
      return found;
    }
    const current = (await servedResources(services.db, datasetId, now))[0];
    if (!current) throw notFound("Aucune donnée n'est encore chargée pour ce jeu.");
    return current;
  };

  app.get('/donnees/jeux/:slug/table', PUBLIC_LIMIT, async (request, reply) => {
    const { slug } = parseParams(SlugParams, request);
    const dataset = await visibleDataset(services, request, slug);
    await requireDataAccess(services, request, dataset);
    const resource = await currentOf(dataset.id);
    const query = parseQuery(TableQuery, request);
    const page = await tablePage(services.db, {
      resourceId: resource.id,
      columns: resource.columns,
      sort: query.tri || undefined,
      descending: query.ordre === 'desc',
      filter: query.filtre || undefined,
      filterColumn: query.colonne || undefined,
      limit: TABLE_PAGE_SIZE,
      offset: (query.page - 1) * TABLE_PAGE_SIZE,
    });
    return sendPage(request, reply, (context) => (
      <TablePage
        context={context}
        dataset={dataset}
        columns={resource.columns}
        rows={page.rows}
        total={page.total}
        query={{
          sort: resource.columns.some((c) => c.name === query.tri) ? query.tri : undefined,
          dir: query.ordre,
          filter: query.filtre,
          column: query.colonne,
          page: query.page,
        }}
        pageSize={TABLE_PAGE_SIZE}
      />
    ));
  });

  app.get('/donnees/jeux/:slug/carte', PUBLIC_LIMIT, async (request, reply) => {
    const { slug } = parseParams(SlugParams, request);
    const dataset = await visibleDataset(services, request, slug);
    await requireDataAccess(services, request, dataset);
    const resource = await currentOf(dataset.id);
    if (!resource.has_geometry) throw notFound("Ce jeu n'a pas de données géographiques.");
    return sendPage(request, reply, (context) => (
      <MapPage
        context={context}
        dataset={dataset}
        geojsonUrl={`${request.basePath}/donnees/jeux/${slug}/telecharger/geojson?version=${resource.version}`}
      />
    ));
  });

  app.get('/donnees/jeux/:slug/telecharger/:format', PUBLIC_LIMIT, async (request, reply) => {
    const { slug, format } = parseParams(DownloadParams, request);
    const { version } = parseQuery(VersionQuery, request);
    const dataset = await visibleDataset(services, request, slug);
    await requireDataAccess(services, request, dataset);
    const resource = await currentOf(dataset.id, version);
    await countUse(services, dataset, 'download');
    const name = `${slug}-v${resource.version}`;
    if (dataset.access !== 'open') reply.header('cache-control', 'private, no-store');
    if (format === 'original') {
      const bytes = resource.file_sha256 ? await services.files.get(resource.file_sha256) : undefined;
      if (!bytes) throw notFound("Le fichier d'origine n'est plus disponible.");
      return reply
        .type(resource.format === 'geojson' ? 'application/geo+json' : 'text/csv')
        .header(
          'content-disposition',
          `attachment; filename="${name}-origine.${resource.format === 'geojson' ? 'geojson' : 'csv'}"`,
        )
        .send(bytes);
    }
    if (format === 'geojson') {
      if (!resource.has_geometry) throw notFound("Ce jeu n'a pas de données géographiques.");
      return reply
        .type('application/geo+json')
        .header('content-disposition', `attachment; filename="${name}.geojson"`)
        .send(geojsonStream(services, resource));
    }
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}.csv"`)
      .send(csvStream(services, resource));
  });

  app.post('/donnees/jeux/:slug/suivre', async (request, reply) => {
    const user = requireUser(request);
    const { slug } = parseParams(SlugParams, request);
    const dataset = await visibleDataset(services, request, slug);
    const { suivre } = parseBody(z.object({ suivre: z.enum(['oui', 'non']) }), request);
    if (suivre === 'oui') await follow(services.db, dataset.id, user.id, services.clock.now());
    else await unfollow(services.db, dataset.id, user.id);
    return redirectWithin(request, reply, `/donnees/jeux/${slug}`);
  });

  const accessValues = async (userId: string) => {
    const record = await loadIdentityRecord(services.db, userId);
    return {
      familyName: String(record?.attributes.family_name?.value ?? ''),
      givenName: String(record?.attributes.given_name?.value ?? ''),
      email: record?.email ?? '',
    };
  };

  app.get('/donnees/jeux/:slug/acces', async (request, reply) => {
    const user = requireUser(request);
    const { slug } = parseParams(SlugParams, request);
    const dataset = await visibleDataset(services, request, slug);
    if (dataset.access !== 'restricted') throw notFound('Ce jeu ne demande pas d’autorisation.');
    const asked = await findAccessRequest(services.db, dataset.id, user.id);
    const values = asked
      ? { familyName: asked.family_name, givenName: asked.given_name, email: asked.email }
      : await accessValues(user.id);
    return sendPage(request, reply, (context) => (
      <AccessRequestPage context={context} dataset={dataset} values={values} errors={{}} />
    ));
  });

  app.post('/donnees/jeux/:slug/acces', async (request, reply) => {
    const user = requireUser(request);
    const { slug } = parseParams(SlugParams, request);
    const dataset = await visibleDataset(services, request, slug);
    if (dataset.access !== 'restricted') throw notFound('Ce jeu ne demande pas d’autorisation.');
    const form = parseForm(ZAccessForm, request.body);
    if (!form.ok) {
      const v = form.values;
      const values = {
        familyName: String(v.familyName ?? ''),
        givenName: String(v.givenName ?? ''),
        email: String(v.email ?? ''),
      };
      return sendPage(
        request,
        reply,
        (context) => <AccessRequestPage context={context} dataset={dataset} values={values} errors={form.errors} />,
        422,
      );
    }
    await upsertAccessRequest(services.db, {
      tenantId: dataset.tenant_id,
      datasetId: dataset.id,
      userId: user.id,
      ...form.data,
      at: services.clock.now(),
    });
    return redirectWithin(request, reply, `/donnees/jeux/${slug}?fait=acces`);
  });

  app.get('/donnees/actualites', PUBLIC_LIMIT, async (request, reply) => {
    const { producer } = portalOf(request);
    const [articles, datasets] = await Promise.all([
      listArticles(services.db, { tenantId: producer?.id }),
      listPublishedDatasets(services.db),
    ]);
    const slugs = new Map(datasets.map((d) => [d.id, d.slug]));
    return sendPage(request, reply, (context) => (
      <ArticlesPage context={context} articles={articles} datasetSlugs={slugs} />
    ));
  });

  app.get('/donnees/catalogue.jsonld', PUBLIC_LIMIT, async (_request, reply) => {
    const document = await buildCatalogue(services);
    return reply
      .type('application/ld+json; charset=utf-8')
      .header('access-control-allow-origin', '*')
      .send(JSON.stringify(document));
  });

  app.get('/donnees/catalogue.ttl', PUBLIC_LIMIT, async (_request, reply) => {
    const turtle = await catalogueAsTurtle(await buildCatalogue(services));
    return reply.type('text/turtle; charset=utf-8').header('access-control-allow-origin', '*').send(turtle);
  });

  // The widget's script is loaded by communes' own sites: it may be fetched from any origin.
  const widgetPath = path.join(import.meta.dirname, '../../../public/js/opendata-widget.js');
  app.get('/donnees/widget.js', PUBLIC_LIMIT, async (_request, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('cross-origin-resource-policy', 'cross-origin')
      .header('cache-control', 'public, max-age=300')
      .send(await readFile(widgetPath)),
  );

  apiRoute(
    app,
    api,
    {
      method: 'GET',
      path: '/api/donnees/jeux/{slug}',
      operationId: 'getOpenDataset',
      summary: 'Un jeu de données ouvert, sa fiche et ses premières lignes (pour le composant à intégrer)',
      description: 'Ouvert aux autres sites (CORS) : les communes intègrent ce jeu dans leurs pages.',
      tag: 'Données ouvertes',
      access: 'public',
      rateLimitPerMinute: 600,
      params: z.object({ slug: z.string().regex(/^[a-z0-9-]{1,80}$/, 'Identifiant de jeu invalide') }),
      query: z.object({
        rows: z.coerce.number().int().min(0).max(50).optional().describe('Nombre de lignes (50 au plus)'),
      }),
      responses: {
        200: {
          description: 'La fiche du jeu et ses premières lignes',
          schema: z.object({
            slug: z.string(),
            title: z.string(),
            description: z.string(),
            url: z.string(),
            producer: z.object({ name: z.string(), colour: z.string().nullable() }),
            licence: z.object({ label: z.string(), url: z.string() }),
            dataUpdatedOn: z.string().nullable(),
            columns: z.array(z.string()),
            rows: z.array(z.record(z.string(), z.unknown())),
          }),
        },
        404: { description: 'Aucun jeu ouvert ne porte ce nom' },
      },
    },
    async (_request, reply, { params, query }) => {
      reply.header('access-control-allow-origin', '*').header('cross-origin-resource-policy', 'cross-origin');
      const dataset = await findDatasetBySlug(services.db, params.slug);
      if (!dataset || dataset.status !== 'published' || dataset.access !== 'open')
        throw notFound('Aucun jeu de données ouvert ne porte ce nom.');
      const resource = (await servedResources(services.db, dataset.id, services.clock.now()))[0];
      const page = resource
        ? await tablePage(services.db, {
            resourceId: resource.id,
            columns: resource.columns,
            limit: query.rows ?? 5,
            offset: 0,
          })
        : { rows: [] };
      await countUse(services, dataset, 'api');
      const producer = await services.tenants.byId(dataset.tenant_id);
      return {
        slug: dataset.slug,
        title: dataset.title,
        description: dataset.description,
        url: `${services.config.publicUrl}/donnees/jeux/${dataset.slug}`,
        producer: { name: dataset.producer_name, colour: producer?.theme.primary ?? null },
        licence: licenceOf(dataset),
        dataUpdatedOn: dataset.data_updated_at ? dataset.data_updated_at.toISOString().slice(0, 10) : null,
        columns: resource ? resource.columns.map((c) => c.name).slice(0, 8) : [],
        rows: page.rows,
      };
    },
  );
}
