import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import { buildDataset } from './opendata.test-support.ts';

/**
 * The abstract tests of OGC API – Features – Part 1: Core 1.0.1 (conformance class core, geojson, html, oas30),
 * ported one by one from the ETS (opengeospatial/ets-ogcapi-features10), each named after its ATS identifier.
 * The ETS's defaults are kept: limit=10 on item requests, one feature per single-feature test (issue 19 §3, §9).
 */
let t: TestContext;
let collectionId: string;
const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
const local = (href: string) => href.replace(t.services.config.publicUrl, '');

type Link = { href: string; rel: string; type?: string };

beforeAll(async () => {
  t = await createTestContext();
  const metropole = (await t.services.tenants.metropole())!;
  const features = Array.from({ length: 25 }, (_, i) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [4.8 + i * 0.01, 45.7 + i * 0.005] },
    properties: { nom: `Point ${i + 1}`, date_releve: `2026-01-${String(i + 1).padStart(2, '0')}` },
  }));
  features.push({ type: 'Feature', geometry: null as never, properties: { nom: 'Sans lieu', date_releve: '' } });
  const { dataset } = await buildDataset(t.services, metropole, {
    form: { temporalStart: '2026-01-01', temporalEnd: '2026-12-31' },
    file: {
      filename: 'points.geojson',
      bytes: Buffer.from(JSON.stringify({ type: 'FeatureCollection', features })),
    },
  });
  collectionId = dataset.slug;
  // A restricted dataset is not a collection: the OGC API serves open data only.
  await buildDataset(t.services, metropole, {
    form: { access: 'restricted', title: 'Données restreintes OGC' },
    file: { filename: 'r.geojson', bytes: Buffer.from(JSON.stringify({ type: 'FeatureCollection', features })) },
  });
});
afterAll(async () => t.close());

describe('OGC API – Features 1.0.1 abstract test suite (issue 19 §3)', () => {
  it('ATS /conf/core/http (AT1): the server speaks HTTP 1.1 and answers every resource with 200', async () => {
    for (const url of ['/ogc', '/ogc/conformance', '/ogc/collections', `/ogc/collections/${collectionId}`]) {
      expect((await get(url)).statusCode).toBe(200);
    }
  });

  it('ATS /conf/core/root-op (AT3): the landing page answers GET /', async () => {
    const response = await get('/ogc');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/application\/json/);
  });

  it('ATS /conf/core/root-success (AT4): links to the API definition, conformance and data', async () => {
    const body = (await get('/ogc')).json() as { links: Link[] };
    const rels = body.links.map((l) => l.rel);
    expect(rels).toEqual(expect.arrayContaining(['self', 'alternate', 'service-desc', 'conformance', 'data']));
    expect(body.links.find((l) => l.rel === 'service-desc')?.type).toBe('application/vnd.oai.openapi+json;version=3.0');
    for (const link of body.links) expect(link.type).toBeTruthy();
  });

  it('ATS /conf/core/api-definition-op and -success (AT5, AT6): the OpenAPI 3.0 document describes every path', async () => {
    const body = (await get('/ogc')).json() as { links: Link[] };
    const response = await get(local(body.links.find((l) => l.rel === 'service-desc')!.href));
    expect(response.statusCode).toBe(200);
    // A quoted parameter value is the same value (RFC 9110 §5.6.6): version="3.0" is version=3.0.
    expect(String(response.headers['content-type']).replace(/"/g, '')).toMatch(
      /^application\/vnd\.oai\.openapi\+json; ?version=3\.0/,
    );
    const doc = response.json() as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\.0\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/', '/conformance', '/collections', '/collections/{collectionId}/items']),
    );
  });

  it('ATS /conf/core/conformance-op and -success (AT7, AT8): conformsTo lists core and geojson', async () => {
    const body = (await get('/ogc/conformance')).json() as { conformsTo: string[] };
    expect(body.conformsTo).toEqual(
      expect.arrayContaining([
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html',
        'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
      ]),
    );
  });

  it('ATS /conf/core/fc-md-op and fc-md-success (AT9, AT10): the collections, with links and extents in CRS84', async () => {
    const body = (await get('/ogc/collections')).json() as {
      links: Link[];
      collections: Array<{ id: string; links: Link[]; extent: { spatial: { bbox: number[][]; crs: string } } }>;
    };
    expect(body.links.map((l) => l.rel)).toEqual(expect.arrayContaining(['self', 'alternate']));
    expect(body.collections.map((c) => c.id)).toContain(collectionId);
    expect(body.collections.map((c) => c.id)).not.toContain('donnees-restreintes-ogc');
    const ours = body.collections.find((c) => c.id === collectionId)!;
    expect(ours.extent.spatial.crs).toBe('http://www.opengis.net/def/crs/OGC/1.3/CRS84');
    expect(ours.extent.spatial.bbox[0]).toEqual(
      [4.8, 45.7, 4.8 + 24 * 0.01, 45.7 + 24 * 0.005].map((n) => expect.closeTo(n, 6)),
    );
  });

  it('ATS /conf/core/sfc-md-op and sfc-md-success (AT11, AT12): one collection, items link typed geo+json', async () => {
    const body = (await get(`/ogc/collections/${collectionId}`)).json() as {
      id: string;
      itemType: string;
      links: Link[];
    };
    expect(body.id).toBe(collectionId);
    expect(body.itemType).toBe('feature');
    expect(body.links.find((l) => l.rel === 'items' && l.type === 'application/geo+json')).toBeTruthy();
    expect(body.links.find((l) => l.rel === 'license')).toBeTruthy();
    expect((await get('/ogc/collections/inconnue')).statusCode).toBe(404);
  });

  it('ATS /conf/core/fc-op, fc-response, fc-links (AT13, AT22, AT25): GeoJSON FeatureCollection with self, alternate, next', async () => {
    const response = await get(`/ogc/collections/${collectionId}/items?limit=10`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/geo+json');
    const body = response.json() as { type: string; features: unknown[]; links: Link[] };
    expect(body.type).toBe('FeatureCollection');
    expect(body.features).toHaveLength(10);
    const rels = body.links.map((l) => l.rel);
    expect(rels).toEqual(expect.arrayContaining(['self', 'alternate', 'next']));
    expect(rels).not.toContain('prev');
    for (const link of body.links) expect(link.type).toBeTruthy();
  });

  it('ATS /conf/core/fc-limit-definition and -response (AT14, AT15): limit is honoured, clamped above 10000, 400 when invalid', async () => {
    const five = (await get(`/ogc/collections/${collectionId}/items?limit=5`)).json() as { features: unknown[] };
    expect(five.features).toHaveLength(5);
    const huge = await get(`/ogc/collections/${collectionId}/items?limit=50000`);
    expect(huge.statusCode).toBe(200);
    expect((huge.json() as { numberReturned: number }).numberReturned).toBe(26);
    for (const bad of ['0', '-1', 'abc', '1.5'])
      expect((await get(`/ogc/collections/${collectionId}/items?limit=${bad}`)).statusCode).toBe(400);
  });

  it('ATS /conf/core/fc-bbox-definition and -response (AT16, AT17): only intersecting features, plus those without geometry', async () => {
    const response = await get(`/ogc/collections/${collectionId}/items?bbox=4.795,45.695,4.825,45.715&limit=100`);
    const body = response.json() as { features: Array<{ properties: { nom: string } }>; numberMatched: number };
    expect(body.features.map((f) => f.properties.nom).sort()).toEqual(['Point 1', 'Point 2', 'Point 3', 'Sans lieu']);
    expect(body.numberMatched).toBe(4);
    const six = await get(`/ogc/collections/${collectionId}/items?bbox=4.795,45.695,0,4.825,45.715,100`);
    expect((six.json() as { numberMatched: number }).numberMatched).toBe(4);
    for (const bad of ['1,2,3', 'a,b,c,d', '0,50,1,40'])
      expect((await get(`/ogc/collections/${collectionId}/items?bbox=${bad}`)).statusCode).toBe(400);
  });

  it('ATS /conf/core/fc-time-definition and -response (AT18, AT19): instants, intervals, open ends; features without a time kept', async () => {
    const names = async (datetime: string) =>
      (
        (
          await get(`/ogc/collections/${collectionId}/items?limit=100&datetime=${encodeURIComponent(datetime)}`)
        ).json() as {
          features: Array<{ properties: { nom: string } }>;
        }
      ).features.map((f) => f.properties.nom);
    expect(await names('2026-01-03')).toEqual(['Point 3', 'Sans lieu']);
    expect(await names('2026-01-20T00:00:00Z/..')).toHaveLength(6 + 1);
    expect(await names('../2026-01-02T23:59:59Z')).toEqual(['Point 1', 'Point 2', 'Sans lieu']);
    expect(await names('2026-01-05T00:00:00Z/2026-01-06T23:00:00Z')).toEqual(['Point 5', 'Point 6', 'Sans lieu']);
    for (const bad of ['hier', '2026-13-45', '../..', '2026-02-01T00:00:00Z/2026-01-01T00:00:00Z'])
      expect((await get(`/ogc/collections/${collectionId}/items?datetime=${encodeURIComponent(bad)}`)).statusCode).toBe(
        400,
      );
  });

  it('ATS /conf/core/query-param-unknown and -invalid (AT20, AT21): 400 for an unknown or invalid parameter', async () => {
    expect((await get(`/ogc/collections/${collectionId}/items?couleur=rouge`)).statusCode).toBe(400);
    const body = (await get(`/ogc/collections/${collectionId}/items?couleur=rouge`)).json() as { code: string };
    expect(body.code).toBe('InvalidParameterValue');
    expect((await get('/ogc/collections?inconnu=1')).statusCode).toBe(400);
    expect((await get(`/ogc/collections/${collectionId}/items?f=xml`)).statusCode).toBe(400);
  });

  it('ATS /conf/core/fc-numberMatched, fc-numberReturned, fc-timeStamp (AT23, AT24, AT26): exact counts; next/prev walk every feature', async () => {
    let url: string | undefined = `/ogc/collections/${collectionId}/items?limit=10`;
    const seen: number[] = [];
    let pages = 0;
    while (url) {
      const body = (await get(url)).json() as {
        numberMatched: number;
        numberReturned: number;
        timeStamp: string;
        features: Array<{ id: number }>;
        links: Link[];
      };
      expect(body.numberMatched).toBe(26);
      expect(body.numberReturned).toBe(body.features.length);
      expect(Number.isNaN(Date.parse(body.timeStamp))).toBe(false);
      if (pages > 0) expect(body.links.find((l) => l.rel === 'prev')).toBeTruthy();
      seen.push(...body.features.map((f) => f.id));
      const next = body.links.find((l) => l.rel === 'next');
      url = next ? local(next.href) : undefined;
      pages++;
    }
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(26);
  });

  it('ATS /conf/core/f-op, f-success, f-links (AT27, AT28, AT29): one feature, its links, 404 when unknown', async () => {
    const response = await get(`/ogc/collections/${collectionId}/items/1`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/geo+json');
    const body = response.json() as { type: string; id: number; geometry: unknown; links: Link[] };
    expect(body.type).toBe('Feature');
    expect(body.id).toBe(1);
    expect(body.geometry).toEqual({ type: 'Point', coordinates: [4.8, 45.7] });
    expect(body.links.map((l) => l.rel)).toEqual(expect.arrayContaining(['self', 'alternate', 'collection']));
    expect((await get(`/ogc/collections/${collectionId}/items/999`)).statusCode).toBe(404);
    expect((await get(`/ogc/collections/${collectionId}/items/abc`)).statusCode).toBe(404);
  });

  it('ATS /conf/html (html content): every resource in HTML by f=html and by Accept: text/html', async () => {
    for (const url of [
      '/ogc',
      '/ogc/conformance',
      '/ogc/collections',
      `/ogc/collections/${collectionId}`,
      `/ogc/collections/${collectionId}/items`,
      `/ogc/collections/${collectionId}/items/1`,
    ]) {
      const byParam = await get(`${url}?f=html`);
      expect(byParam.statusCode).toBe(200);
      expect(byParam.headers['content-type']).toContain('text/html');
      const byAccept = await get(url, { accept: 'text/html,application/xhtml+xml' });
      expect(byAccept.headers['content-type']).toContain('text/html');
    }
    const items = await get(`/ogc/collections/${collectionId}/items?f=html&limit=3`);
    expect(items.body).toContain('Point 1');
    expect(items.body).toContain('26 objets en tout');
  });

  it('CORS: the API may be called from other sites', async () => {
    expect((await get('/ogc/collections')).headers['access-control-allow-origin']).toBe('*');
  });
});
