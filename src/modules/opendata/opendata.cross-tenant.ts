import type { IsolationCase, IsolationWorld } from '../../../test/cross-tenant/isolation.ts';
import { buildDataset, POINTS_CSV, subscribeToOpendata } from './opendata.test-support.ts';

/**
 * The open-data routes. Published open data is public by nature (the portal, the OGC API, DCAT, the widget); what
 * a commune holds is its datasets in its producer space: another commune's administrators, agents and citizens
 * must not reach them, and a commune's portal shows only its own datasets.
 */
type AWorld = { slug: string; id: string; resourceId: string };
const built = new WeakMap<IsolationWorld, Promise<AWorld>>();

function datasetOfA(world: IsolationWorld): Promise<AWorld> {
  let found = built.get(world);
  if (!found) {
    found = (async () => {
      const { services } = world.t;
      await subscribeToOpendata(services, world.communeA.id);
      await subscribeToOpendata(services, world.communeB.id);
      const { dataset, resource } = await buildDataset(services, world.communeA, {
        form: { access: 'restricted' },
        file: { filename: 'points.csv', bytes: POINTS_CSV },
      });
      return { slug: dataset.slug, id: dataset.id, resourceId: resource!.id };
    })();
    built.set(world, found);
  }
  return found;
}

const PUBLIC = 'published open data, public by nature (licence ouverte)';

/** A dataset page of A: seen on A's portal, unknown on B's. */
function portalPage(
  route: string,
  suffix: string,
  method: 'GET' | 'POST' = 'GET',
  form?: Record<string, string>,
): IsolationCase {
  return {
    route,
    attempts: async (world) => {
      const a = await datasetOfA(world);
      const url = (slug: string) => `/c/${slug}/donnees/jeux/${a.slug}${suffix}`;
      return [
        { as: 'agentOfB', method, url: url(world.communeB.slug), ...(form ? { form } : {}), expect: 404 },
        { as: 'adminOfB', method, url: url(world.communeB.slug), ...(form ? { form } : {}), expect: 404 },
      ];
    },
  };
}

/** A producer-space page of A's dataset: only A's administrators reach it. */
function producerPage(
  route: string,
  suffix: (a: AWorld) => string,
  method: 'GET' | 'POST' = 'GET',
  form?: Record<string, string>,
): IsolationCase {
  return {
    route,
    attempts: async (world) => {
      const a = await datasetOfA(world);
      const path = `/donnees/gestion/${a.id}${suffix(a)}`;
      const extra = form ? { form } : {};
      return [
        { as: 'adminOfB', method, url: `/c/${world.communeB.slug}${path}`, ...extra, expect: 404 },
        { as: 'adminOfB', method, url: `/c/${world.communeA.slug}${path}`, ...extra, expect: 404 },
        { as: 'agentOfA', method, url: `/c/${world.communeA.slug}${path}`, ...extra, expect: 404 },
        { as: 'citizen', method, url: `/c/${world.communeA.slug}${path}`, ...extra, expect: 404 },
        ...(method === 'GET'
          ? [{ as: 'adminOfA' as const, method, url: `/c/${world.communeA.slug}${path}`, expect: 200 }]
          : []),
      ];
    },
  };
}

function producerSpace(route: string, path: string, method: 'GET' | 'POST' = 'GET'): IsolationCase {
  return {
    route,
    attempts: async (world) => {
      await datasetOfA(world);
      return [
        {
          as: 'adminOfB',
          method,
          url: `/c/${world.communeA.slug}${path}`,
          ...(method === 'POST' ? { form: { title: 'x' } } : {}),
          expect: 404,
        },
        { as: 'agentOfA', method, url: `/c/${world.communeA.slug}${path}`, expect: 404 },
        { as: 'citizen', method, url: `/c/${world.communeA.slug}${path}`, expect: 404 },
      ];
    },
  };
}

export const opendataCases: IsolationCase[] = [
  { route: 'GET /donnees', public: `${PUBLIC}; a commune's portal lists only its own datasets` },
  portalPage('GET /donnees/jeux/:slug', ''),
  portalPage('GET /donnees/jeux/:slug/table', '/table'),
  portalPage('GET /donnees/jeux/:slug/carte', '/carte'),
  {
    route: 'GET /donnees/jeux/:slug/telecharger/:format',
    attempts: async (world) => {
      const a = await datasetOfA(world);
      return [
        {
          as: 'adminOfB',
          method: 'GET',
          url: `/c/${world.communeB.slug}/donnees/jeux/${a.slug}/telecharger/csv`,
          expect: 404,
        },
        // Restricted: another tenant's administrator is not granted A's data on A's portal either.
        {
          as: 'adminOfB',
          method: 'GET',
          url: `/c/${world.communeA.slug}/donnees/jeux/${a.slug}/telecharger/csv`,
          expect: 403,
        },
        {
          as: 'adminOfA',
          method: 'GET',
          url: `/c/${world.communeA.slug}/donnees/jeux/${a.slug}/telecharger/csv`,
          expect: 200,
        },
      ];
    },
  },
  portalPage('POST /donnees/jeux/:slug/suivre', '/suivre', 'POST', { suivre: 'oui' }),
  portalPage('GET /donnees/jeux/:slug/acces', '/acces'),
  portalPage('POST /donnees/jeux/:slug/acces', '/acces', 'POST', {
    familyName: 'Martin',
    givenName: 'Léa',
    email: 'lea@example.org',
  }),
  { route: 'GET /donnees/actualites', public: PUBLIC },
  { route: 'GET /donnees/catalogue.jsonld', public: PUBLIC },
  { route: 'GET /donnees/catalogue.ttl', public: PUBLIC },
  { route: 'GET /donnees/widget.js', public: 'a static script for communes’ own sites' },
  { route: 'GET /api/donnees/jeux/:slug', public: `${PUBLIC}: only open datasets answer` },
  producerSpace('GET /donnees/gestion', '/donnees/gestion'),
  producerSpace('GET /donnees/gestion/nouveau', '/donnees/gestion/nouveau'),
  producerSpace('POST /donnees/gestion/nouveau', '/donnees/gestion/nouveau', 'POST'),
  producerSpace('GET /donnees/gestion/articles', '/donnees/gestion/articles'),
  producerSpace('POST /donnees/gestion/articles', '/donnees/gestion/articles', 'POST'),
  producerPage('GET /donnees/gestion/:id', () => ''),
  producerPage('GET /donnees/gestion/:id/modifier', () => '/modifier'),
  producerPage('POST /donnees/gestion/:id/modifier', () => '/modifier', 'POST', { title: 'Piraté' }),
  producerPage('POST /donnees/gestion/:id/publication', () => '/publication', 'POST', { publier: 'non' }),
  producerPage('POST /donnees/gestion/:id/fichiers', () => '/fichiers', 'POST', { url: 'http://127.0.0.1/x.csv' }),
  producerPage('GET /donnees/gestion/:id/fichiers/:resourceId', (a) => `/fichiers/${a.resourceId}`),
  producerPage(
    'POST /donnees/gestion/:id/acces/:requestId',
    () => '/acces/00000000-0000-4000-8000-000000000000',
    'POST',
    { decision: 'granted' },
  ),
  { route: 'GET /ogc', public: PUBLIC },
  { route: 'GET /ogc/api', public: PUBLIC },
  { route: 'GET /ogc/conformance', public: PUBLIC },
  { route: 'GET /ogc/collections', public: `${PUBLIC}: only open datasets are collections` },
  { route: 'GET /ogc/collections/:collectionId', public: `${PUBLIC}: only open datasets are collections` },
  { route: 'GET /ogc/collections/:collectionId/items', public: `${PUBLIC}: only open datasets are collections` },
  {
    route: 'GET /ogc/collections/:collectionId/items/:featureId',
    public: `${PUBLIC}: only open datasets are collections`,
  },
];
