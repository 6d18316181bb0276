import type { Services } from '../../platform/services.ts';
import { currentResources, findDatasetBySlug, listPublishedDatasets } from './opendata.repo.ts';
import type { DatasetRow, ResourceRow } from './opendata.tables.ts';
import { licenceOf } from './vocabulary.ts';

export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
export const OAS30 = 'application/vnd.oai.openapi+json;version=3.0';
export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
];
export const MAX_LIMIT = 10_000;

export type Link = { href: string; rel: string; type: string; title?: string };

export type Collection = { dataset: DatasetRow; resource: ResourceRow };

/** The collections: every published, openly accessible dataset with data loaded, by its slug. */
export async function listCollections(services: Services): Promise<Collection[]> {
  const datasets = (await listPublishedDatasets(services.db)).filter((d) => d.access === 'open');
  const current = await currentResources(
    services.db,
    datasets.map((d) => d.id),
    services.clock.now(),
  );
  return datasets.flatMap((dataset) => {
    const resource = current.get(dataset.id);
    return resource ? [{ dataset, resource }] : [];
  });
}

export async function findCollection(services: Services, id: string): Promise<Collection | undefined> {
  if (!/^[a-z0-9-]{1,80}$/.test(id)) return undefined;
  const dataset = await findDatasetBySlug(services.db, id);
  if (!dataset || dataset.status !== 'published' || dataset.access !== 'open') return undefined;
  const resource = (await currentResources(services.db, [dataset.id], services.clock.now())).get(dataset.id);
  return resource ? { dataset, resource } : undefined;
}

export function collectionDocument(base: string, { dataset, resource }: Collection) {
  const self = `${base}/ogc/collections/${dataset.slug}`;
  const licence = licenceOf(dataset);
  const interval = [
    dataset.temporal_start ? `${dataset.temporal_start}T00:00:00Z` : null,
    dataset.temporal_end ? `${dataset.temporal_end}T23:59:59Z` : null,
  ];
  const links: Link[] = [
    { href: self, rel: 'self', type: 'application/json', title: 'Cette collection' },
    { href: `${self}?f=html`, rel: 'alternate', type: 'text/html', title: 'Cette collection en HTML' },
    { href: `${self}/items`, rel: 'items', type: 'application/geo+json', title: 'Les objets (GeoJSON)' },
    { href: `${self}/items?f=html`, rel: 'items', type: 'text/html', title: 'Les objets (HTML)' },
  ];
  if (licence.url) links.push({ href: licence.url, rel: 'license', type: 'text/html', title: licence.label });
  return {
    id: dataset.slug,
    title: dataset.title,
    description: dataset.description,
    links,
    extent: {
      spatial: { bbox: [resource.bbox ?? [-180, -90, 180, 90]], crs: CRS84 },
      temporal: { interval: [interval], trs: 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian' },
    },
    itemType: 'feature',
    crs: [CRS84],
  };
}

/** The bbox parameter: four numbers (or six, the heights ignored), west, south, east, north in CRS84. */
export function parseBbox(value: string): [number, number, number, number] | undefined {
  const parts = value.split(',').map((p) => (p.trim() === '' ? Number.NaN : Number(p)));
  if ((parts.length !== 4 && parts.length !== 6) || parts.some((n) => !Number.isFinite(n))) return undefined;
  const [minx, miny, maxx, maxy] = parts.length === 4 ? parts : [parts[0]!, parts[1]!, parts[3]!, parts[4]!];
  if (miny! > maxy! || miny! < -90 || maxy! > 90) return undefined;
  return [minx!, miny!, maxx!, maxy!];
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))?$/i;

/** The datetime parameter: an instant, or an interval whose open ends are ".." or empty. */
export function parseDatetime(value: string): { start: Date | null; end: Date | null } | undefined {
  const bound = (part: string): Date | null | undefined => {
    if (part === '' || part === '..') return null;
    if (!RFC3339.test(part)) return undefined;
    const date = new Date(part.length === 10 ? `${part}T00:00:00Z` : part);
    return Number.isNaN(date.getTime()) ? undefined : date;
  };
  const parts = value.split('/');
  if (parts.length === 1) {
    const instant = bound(parts[0]!);
    if (!instant) return undefined;
    // A date alone is the whole day.
    const end = parts[0]!.length === 10 ? new Date(instant.getTime() + 86_399_999) : instant;
    return { start: instant, end };
  }
  if (parts.length !== 2) return undefined;
  const start = bound(parts[0]!);
  const end = bound(parts[1]!);
  if (start === undefined || end === undefined || (start === null && end === null)) return undefined;
  if (start && end && start > end) return undefined;
  return { start, end };
}

/** The OpenAPI 3.0 definition of the OGC API (what the landing page's service-desc link points to). */
export function openApiDocument(base: string) {
  const param = (name: string, schema: Record<string, unknown>, description: string, inPath = false) => ({
    name,
    in: inPath ? 'path' : 'query',
    required: inPath,
    description,
    schema,
    ...(inPath ? {} : { style: 'form', explode: false }),
  });
  const f = param('f', { type: 'string', enum: ['json', 'html'] }, 'Format de la réponse');
  const json = (description: string, type = 'application/json') => ({
    description,
    content: { [type]: { schema: { type: 'object' } }, 'text/html': { schema: { type: 'string' } } },
  });
  const error = { description: 'Paramètre invalide', content: { 'application/json': { schema: { type: 'object' } } } };
  return {
    openapi: '3.0.3',
    info: { title: 'OGC API – Features du portail open data', version: '1.0.1' },
    servers: [{ url: `${base}/ogc` }],
    paths: {
      '/': { get: { operationId: 'getLandingPage', parameters: [f], responses: { 200: json('Page d’accueil') } } },
      '/conformance': {
        get: { operationId: 'getConformance', parameters: [f], responses: { 200: json('Classes de conformité') } },
      },
      '/collections': {
        get: { operationId: 'getCollections', parameters: [f], responses: { 200: json('Les collections') } },
      },
      '/collections/{collectionId}': {
        get: {
          operationId: 'describeCollection',
          parameters: [param('collectionId', { type: 'string' }, 'Identifiant de la collection', true), f],
          responses: { 200: json('La collection'), 404: error },
        },
      },
      '/collections/{collectionId}/items': {
        get: {
          operationId: 'getFeatures',
          parameters: [
            param('collectionId', { type: 'string' }, 'Identifiant de la collection', true),
            param('limit', { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: 10 }, 'Nombre d’objets'),
            param('offset', { type: 'integer', minimum: 0, default: 0 }, 'Objets sautés'),
            param('bbox', { type: 'array', minItems: 4, maxItems: 6, items: { type: 'number' } }, 'Emprise (CRS84)'),
            param('datetime', { type: 'string' }, 'Instant ou intervalle RFC 3339'),
            f,
          ],
          responses: { 200: json('Les objets', 'application/geo+json'), 400: error, 404: error },
        },
      },
      '/collections/{collectionId}/items/{featureId}': {
        get: {
          operationId: 'getFeature',
          parameters: [
            param('collectionId', { type: 'string' }, 'Identifiant de la collection', true),
            param('featureId', { type: 'string' }, 'Identifiant de l’objet', true),
            f,
          ],
          responses: { 200: json('L’objet', 'application/geo+json'), 404: error },
        },
      },
    },
  };
}
