import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { recordAudit } from '../../platform/audit/audit.repo.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { notFound } from '../../platform/http/errors.ts';
import { formFile, parseForm } from '../../platform/http/forms.ts';
import { redirectWithin, sendPage } from '../../platform/http/render.tsx';
import { actorOf } from '../../platform/http/route-helpers.ts';
import { parseParams, parseQuery, UPLOAD_ROUTE } from '../../platform/http/route-input.ts';
import { tileOrigin } from '../../platform/http/security-headers.ts';
import { createLayer, type LayerSourceInput } from './create-layer.ts';
import { datasetTitles, listDatasetChoices } from './dataset-source.ts';
import { addressCounts, findBalImport, listBalImports } from './geocoder.repo.ts';
import type { GisLayerRow } from './gis.tables.ts';
import {
  importableCommunes,
  mayManageLayers,
  requireGisAdministrator,
  requireGisAgent,
  requireLayerManager,
} from './gis.policy.ts';
import { importBal } from './import-bal.ts';
import { mapBackground } from './map-background.ts';
import { isRefreshable } from './layer-sources.ts';
import { deleteLayer, findLayer, layerGeoJson, listFeatures, listLayers } from './layers.repo.ts';
import { refreshLayer } from './refresh-layer.ts';
import { AddressesPage, ImportReportPage, LayerManagementPage, REFRESH_CHOICES } from './views/manage-pages.tsx';
import { type LayerSummary, LayerPage, SigPage } from './views/sig-pages.tsx';

const TABLE_PAGE_SIZE = 100;

const ZLayerParams = z.object({ slug: z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/) });
const ZImportParams = z.object({ id: z.uuid() });
const ZTableQuery = z.object({ page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined) });
const ZNoticeQuery = z.object({
  fait: z.enum(['ajoutee', 'actualisee', 'echec', 'supprimee']).optional().catch(undefined),
});

const ZLayerForm = z.object({
  titre: z
    .string()
    .trim()
    .min(1, 'Indiquez le titre de la couche.')
    .max(120, 'Le titre compte 120 caractères au plus.'),
  theme: z.string().trim().min(1, 'Indiquez le thème de la couche.').max(80, 'Le thème compte 80 caractères au plus.'),
  description: z.string().trim().max(1000, 'La description compte 1 000 caractères au plus.').optional().default(''),
  legende: z
    .string()
    .trim()
    .min(1, 'Indiquez la légende de la couche.')
    .max(300, 'La légende compte 300 caractères au plus.'),
  couleur: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'Indiquez une couleur au format #1b7a3a.'),
  format: z.enum(['geojson', 'csv'], { message: 'Choisissez le format : GeoJSON ou CSV.' }),
  source: z.enum(['file', 'url', 'dataset'], { message: 'Choisissez la source de la couche.' }),
  url: z.string().trim().optional().default(''),
  jeu: z.string().trim().optional().default(''),
  actualisation: z
    .enum(REFRESH_CHOICES.map((c) => c.value) as [string, ...string[]], {
      message: 'Choisissez une fréquence de mise à jour de la liste.',
    })
    .optional()
    .default(''),
});

const NOTICES: Record<string, string> = {
  ajoutee: 'La couche est ajoutée.',
  actualisee: 'La couche est mise à jour.',
  echec: 'La mise à jour a échoué : la couche garde ses objets précédents (la raison est indiquée à côté).',
  supprimee: 'La couche est supprimée.',
};

/** A layer as its pages show it; `datasets` names the open-data datasets layers are read from (by id). */
function summary(layer: GisLayerRow, datasets: Map<string, string>): LayerSummary {
  const source =
    layer.source_kind === 'file'
      ? `Fichier ${layer.source_ref}`
      : layer.source_kind === 'url'
        ? `Adresse web ${layer.source_ref}`
        : `Jeu de données open data « ${datasets.get(layer.source_ref) ?? 'retiré du portail'} »`;
  const refresh = !isRefreshable(layer.source_kind)
    ? 'mise à jour par envoi d’un nouveau fichier'
    : layer.refresh_minutes
      ? `mise à jour automatique : ${REFRESH_CHOICES.find((c) => c.value === String(layer.refresh_minutes))?.label.toLowerCase() ?? `toutes les ${layer.refresh_minutes} minutes`}`
      : 'mise à jour à la main';
  return {
    slug: layer.slug,
    title: layer.title,
    theme: layer.theme,
    description: layer.description,
    legend: layer.legend,
    style: layer.style,
    featureCount: layer.feature_count,
    lastUpdate: layer.last_update,
    lastError: layer.last_error,
    source,
    refresh,
  };
}

/** A cell of the attribute table: text as it is, anything else as JSON. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The background tiles, when configured, come from their own origin: the viewer's page alone lets images and tile
 * requests reach it (every other page keeps `img-src 'self'`).
 */
function allowTileOrigin(reply: FastifyReply, tileUrl: string): void {
  const origin = tileOrigin(tileUrl);
  const policy = reply.raw.getHeader('content-security-policy');
  if (typeof policy !== 'string') return;
  reply.raw.setHeader(
    'content-security-policy',
    policy
      .replace(/img-src ([^;]*)/, `img-src $1 ${origin}`)
      .replace(/connect-src ([^;]*)/, `connect-src $1 ${origin}`),
  );
}

/** The communes' and the metropolis's outlines as GeoJSON; 304 when the browser's copy is still the one. */
async function sendBackground(
  request: FastifyRequest,
  reply: FastifyReply,
  audience: 'public' | 'private',
): Promise<FastifyReply> {
  const { body, etag } = await mapBackground(request.server.services);
  void reply.header('etag', etag).header('cache-control', `${audience}, max-age=3600, must-revalidate`);
  if (request.headers['if-none-match'] === etag) return reply.status(304).send();
  return reply.type('application/geo+json; charset=utf-8').send(body);
}

/** The agents' map, its layers' pages and data, the layers' management and the address imports. */
export function registerGisRoutes(app: FastifyInstance): void {
  const { services } = app;

  app.get('/sig', async (request, reply) => {
    const user = requireGisAgent(request);
    const titles = await datasetTitles(services);
    const layers = (await listLayers(services.db)).map((l) => summary(l, titles));
    const tiles = services.config.gisTiles;
    if (tiles) allowTileOrigin(reply, tiles.url);
    const canImport =
      (await importableCommunes(services, request.tenant)).size > 0 &&
      user.grants.some((g) => g.role === 'admin' && g.tenantId === request.tenant.production.id);
    return sendPage(request, reply, (context) =>
      SigPage({ context, layers, tiles, canManage: mayManageLayers(user, request.tenant), canImport }),
    );
  });

  // The offline background, for the agents' map: the same as the counter's (below), behind the agents' login as
  // the rest of /sig.
  app.get('/sig/fond', async (request, reply) => {
    requireGisAgent(request);
    return sendBackground(request, reply, 'private');
  });

  // The same background for every map of the platform (a report's place, the request's page in the GRU): public
  // reference data (commune outlines), the same for every instance, cached by browsers and revalidated by its ETag.
  app.get('/carte/communes.geojson', async (request, reply) => sendBackground(request, reply, 'public'));

  app.get('/sig/couches/:slug', async (request, reply) => {
    requireGisAgent(request);
    const { slug } = parseParams(ZLayerParams, request);
    const layer = await findLayer(services.db, slug);
    if (!layer) throw notFound('Cette couche n’existe pas.');
    const pages = Math.max(1, Math.ceil(layer.feature_count / TABLE_PAGE_SIZE));
    const page = Math.min(parseQuery(ZTableQuery, request).page ?? 1, pages);
    const features = await listFeatures(services.db, layer.id, {
      offset: (page - 1) * TABLE_PAGE_SIZE,
      limit: TABLE_PAGE_SIZE,
    });
    const columns = [...new Set(features.flatMap((f) => Object.keys(f.properties)))].slice(0, 40);
    const rows = features.map((f) => ({
      ordinal: f.ordinal,
      geometryType: f.geometry.type ?? '',
      values: columns.map((c) => cellText(f.properties[c])),
    }));
    const titles = layer.source_kind === 'dataset' ? await datasetTitles(services) : new Map<string, string>();
    return sendPage(request, reply, (context) =>
      LayerPage({ context, layer: summary(layer, titles), columns, rows, page, pages }),
    );
  });

  app.get('/sig/couches/:slug/donnees', async (request, reply) => {
    requireGisAgent(request);
    const { slug } = parseParams(ZLayerParams, request);
    const layer = await findLayer(services.db, slug);
    if (!layer) throw notFound('Cette couche n’existe pas.');
    return reply
      .type('application/geo+json; charset=utf-8')
      .header('content-disposition', `inline; filename="${layer.slug}.geojson"`)
      .send(await layerGeoJson(services.db, layer.id));
  });

  const managementPage = async (
    request: Parameters<typeof sendPage>[0],
    reply: FastifyReply,
    state: { values: Record<string, string>; errors: Record<string, string>; notice: string | null },
    status = 200,
  ) => {
    const rows = await listLayers(services.db);
    const datasets = await listDatasetChoices(services);
    return sendPage(
      request,
      reply,
      (context) =>
        LayerManagementPage({
          context,
          layers: rows.map((l) => summary(l, new Map(datasets.map((d) => [d.id, d.title])))),
          themes: [...new Set(rows.map((l) => l.theme))],
          datasets,
          ...state,
        }),
      status,
    );
  };

  app.get('/sig/gestion', async (request, reply) => {
    requireLayerManager(request);
    const done = parseQuery(ZNoticeQuery, request).fait;
    return managementPage(request, reply, { values: {}, errors: {}, notice: done ? (NOTICES[done] ?? null) : null });
  });

  app.post('/sig/gestion', UPLOAD_ROUTE, async (request, reply) => {
    const user = requireLayerManager(request);
    const form = parseForm(ZLayerForm, request.body);
    const values = Object.fromEntries(
      Object.entries(form.values).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
    const redraw = (errors: Record<string, string>) =>
      managementPage(request, reply, { values, errors, notice: null }, 422);
    if (!form.ok) return redraw(form.errors);
    const data = form.data;
    let source: LayerSourceInput;
    if (data.source === 'file') {
      const upload = await formFile(request.body, 'fichier');
      if (!upload || upload.bytes.byteLength === 0) return redraw({ fichier: 'Choisissez le fichier de la couche.' });
      const truncated = fileWasTruncated(request.body);
      if (truncated) return redraw({ fichier: 'Le fichier dépasse 5 Mo.' });
      source = { kind: 'file', fileName: upload.filename, bytes: upload.bytes };
    } else if (data.source === 'url') {
      if (!/^https?:\/\/\S+$/.test(data.url)) return redraw({ url: 'Indiquez une adresse web complète (https://…).' });
      source = { kind: 'url', url: data.url };
    } else {
      const datasets = await listDatasetChoices(services);
      if (!datasets.some((d) => d.id === data.jeu)) return redraw({ jeu: 'Choisissez un jeu de données de la liste.' });
      source = { kind: 'dataset', datasetId: data.jeu };
    }
    const result = await createLayer(services, {
      definition: {
        title: data.titre,
        theme: data.theme,
        description: data.description,
        legend: data.legende,
        style: { color: data.couleur, fill: `${data.couleur}59`, width: 2, radius: 5 },
        format: data.format,
        refreshMinutes: data.actualisation ? Number(data.actualisation) : null,
      },
      source,
      actor: actorOf(request, user),
      tenantId: request.tenant.id,
    });
    if (!result.ok) return redraw({ [result.field]: result.message });
    return redirectWithin(request, reply, '/sig/gestion?fait=ajoutee');
  });

  app.post('/sig/gestion/:slug/actualiser', async (request, reply) => {
    const user = requireLayerManager(request);
    const layer = await findLayer(services.db, parseParams(ZLayerParams, request).slug);
    if (!layer) throw notFound('Cette couche n’existe pas.');
    const outcome = await refreshLayer(services, layer, { actor: actorOf(request, user), tenantId: request.tenant.id });
    return redirectWithin(request, reply, `/sig/gestion?fait=${outcome.ok ? 'actualisee' : 'echec'}`);
  });

  app.post('/sig/gestion/:slug/supprimer', async (request, reply) => {
    const user = requireLayerManager(request);
    const layer = await findLayer(services.db, parseParams(ZLayerParams, request).slug);
    if (!layer) throw notFound('Cette couche n’existe pas.');
    await services.db.transaction().execute(async (trx) => {
      await deleteLayer(trx, layer.id);
      await recordAudit(trx, {
        actor: actorOf(request, user),
        tenantId: request.tenant.id,
        action: 'gis.layer.delete',
        target: { type: 'gis_layer', id: layer.id },
        details: { slug: layer.slug, title: layer.title },
        at: services.clock.now(),
      });
    });
    return redirectWithin(request, reply, '/sig/gestion?fait=supprimee');
  });

  const addressesPage = async (
    request: Parameters<typeof sendPage>[0],
    reply: FastifyReply,
    state: { errors: Record<string, string>; fileErrors: string[] },
    status = 200,
  ) => {
    const communes = await importableCommunes(services, request.tenant);
    const counts = await addressCounts(services.db, request.tenant.kind === 'metropole' ? 'all' : [...communes.keys()]);
    const imports = await withTenant(services.db, request.tenant.id, (trx) => listBalImports(trx, 20));
    return sendPage(
      request,
      reply,
      (context) =>
        AddressesPage({
          context,
          counts,
          imports: imports.map((i) => ({
            id: i.id,
            at: i.imported_at,
            communeName: i.commune_name,
            fileName: i.file_name,
            valid: i.valid_rows,
            invalid: i.invalid_rows,
          })),
          ...state,
        }),
      status,
    );
  };

  app.get('/sig/adresses', async (request, reply) => {
    requireGisAdministrator(request);
    return addressesPage(request, reply, { errors: {}, fileErrors: [] });
  });

  app.post('/sig/adresses', UPLOAD_ROUTE, async (request, reply) => {
    const user = requireGisAdministrator(request);
    const upload = await formFile(request.body, 'fichier');
    if (!upload || upload.bytes.byteLength === 0)
      return addressesPage(
        request,
        reply,
        { errors: { fichier: 'Choisissez le fichier BAL à importer.' }, fileErrors: [] },
        422,
      );
    if (fileWasTruncated(request.body))
      return addressesPage(request, reply, { errors: { fichier: 'Le fichier dépasse 5 Mo.' }, fileErrors: [] }, 422);
    const result = await importBal(services, {
      tenantId: request.tenant.id,
      fileName: upload.filename,
      bytes: upload.bytes,
      actor: actorOf(request, user),
      allowedCommunes: await importableCommunes(services, request.tenant),
    });
    if (!result.ok)
      return addressesPage(
        request,
        reply,
        {
          errors: { fichier: 'Le fichier n’a pas été importé : voir les raisons ci-dessous.' },
          fileErrors: result.fileErrors,
        },
        422,
      );
    return redirectWithin(request, reply, `/sig/adresses/imports/${result.importId}`);
  });

  app.get('/sig/adresses/imports/:id', async (request, reply) => {
    requireGisAdministrator(request);
    const { id } = parseParams(ZImportParams, request);
    const entry = await withTenant(services.db, request.tenant.id, (trx) => findBalImport(trx, id));
    if (!entry) throw notFound('Cet import n’existe pas.');
    return sendPage(request, reply, (context) =>
      ImportReportPage({
        context,
        report: entry.report,
        at: entry.imported_at,
        fileName: entry.file_name,
        communeName: entry.commune_name,
        byLabel: entry.imported_by_label,
        valid: entry.valid_rows,
        invalid: entry.invalid_rows,
      }),
    );
  });
}

/** Whether the multipart parser cut the file at the size limit (UPLOAD_ROUTE lets the handler say so). */
function fileWasTruncated(body: unknown): boolean {
  const part = body && typeof body === 'object' ? (body as Record<string, unknown>).fichier : undefined;
  return !!(
    part &&
    typeof part === 'object' &&
    'file' in part &&
    (part as { file?: { truncated?: boolean } }).file?.truncated
  );
}
