import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGeoCommune, buildEService, REPORT_FORM, REPORT_SETTINGS } from '../../../test/requests-factories.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import { loadConfig } from '../../config.ts';
import { importCommuneBoundaries } from '../requests/index.ts';

// The maps of the counter and the GRU (issue 15 §5, T6): the offline background every map draws from our own
// outlines, the configurable tile background and what it opens in the CSP, the form page the map script enhances,
// and the same form without JavaScript.
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

type Position = [number, number];
type Feature = {
  type: 'Feature';
  geometry: { type: string; coordinates: unknown };
  properties: { nom: string; code_insee?: string; fond: string; membre?: boolean };
};

const TILES = 'https://tuiles.example.org/fond/{z}/{x}/{y}.png';

const cspOf = (headers: Record<string, unknown>) =>
  Object.fromEntries(
    String(headers['content-security-policy'])
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name, values.join(' ')]),
  );

describe('the maps’ background from our own outlines (issue 15 §5, T6)', () => {
  it('issue 15 §5: serves the communes and the metropolis’s border as a cacheable GeoJSON FeatureCollection, to anyone', async () => {
    const a = await buildGeoCommune(t.services, { offer: 'partenaire' });
    const b = await buildGeoCommune(t.services, { offer: 'abonne' });
    const outside = await buildGeoCommune(t.services, { member: false });
    // Two neighbours drawn at full resolution: their common border has 200 vertices wobbling by less than a metre.
    const west = 100 + Math.random() * 50;
    const south = 10 + Math.random() * 30;
    const border: Position[] = Array.from({ length: 200 }, (_, i) => [
      west + 0.01 + (i % 2 ? 0.000004 : 0),
      south + 0.01 - (0.01 * (i + 1)) / 201,
    ]);
    const nw: Position = [west, south + 0.01];
    const ne: Position = [west + 0.01, south + 0.01];
    const se: Position = [west + 0.01, south];
    const sw: Position = [west, south];
    const farNe: Position = [west + 0.02, south + 0.01];
    const farSe: Position = [west + 0.02, south];
    const polygon = (ring: Position[]) => ({ type: 'Polygon', coordinates: [[...ring, ring[0]]] });
    await importCommuneBoundaries(
      t.services.db,
      {
        type: 'FeatureCollection',
        features: [
          // Counter-clockwise both: the common border goes down in A, up in B.
          {
            type: 'Feature',
            properties: { code: a.inseeCode, nom: a.name },
            geometry: polygon([sw, se, ...[...border].reverse(), ne, nw]),
          },
          {
            type: 'Feature',
            properties: { code: b.inseeCode, nom: b.name },
            geometry: polygon([se, farSe, farNe, ne, ...border]),
          },
        ],
      },
      { source: 'test', at: t.clock.now() },
    );

    const response = await t.client().get('/carte/communes.geojson');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/geo+json');
    expect(response.headers['cache-control']).toMatch(/^public, max-age=\d+/);
    const etag = String(response.headers.etag);
    expect(etag).toMatch(/^"[\w-]+"$/);
    const collection = response.json() as { type: string; features: Feature[] };
    expect(collection.type).toBe('FeatureCollection');
    for (const feature of collection.features) {
      expect(feature.type).toBe('Feature');
      expect(['Polygon', 'MultiPolygon', 'MultiLineString']).toContain(feature.geometry.type);
    }

    // Every commune we hold, by name, members and neighbours told apart; the wobbling border thinned to its ends.
    const commune = (code: string) => collection.features.find((f) => f.properties.code_insee === code);
    expect(commune(a.inseeCode)?.properties).toEqual({
      nom: a.name,
      code_insee: a.inseeCode,
      fond: 'commune',
      membre: true,
    });
    expect(commune(outside.inseeCode)?.properties).toMatchObject({ nom: outside.name, membre: false });
    const ringA = (commune(a.inseeCode)?.geometry.coordinates as Position[][])[0]!;
    const ringB = (commune(b.inseeCode)?.geometry.coordinates as Position[][])[0]!;
    expect(ringA.length).toBeLessThan(10);
    expect(ringB.length).toBeLessThan(10);
    // Both neighbours keep the same vertices along their border: no gap, no overlap between them.
    const onBorder = (ring: Position[]) =>
      ring
        .filter((p) => Math.abs(p[0] - (west + 0.01)) < 1e-4)
        .map((p) => `${p[0]},${p[1]}`)
        .sort();
    expect(new Set(onBorder(ringA))).toEqual(new Set(onBorder(ringB)));

    // The metropolis's border goes round the two members, not between them, and leaves the neighbour out.
    const metropolis = collection.features.find((f) => f.properties.fond === 'metropole');
    expect(metropolis?.geometry.type).toBe('MultiLineString');
    const segments = (metropolis?.geometry.coordinates as Position[][]).flatMap((line) =>
      line.slice(1).map((p, i) => [line[i]!, p] as const),
    );
    const here = segments.filter(
      ([p]) => p[0] >= west - 1e-6 && p[0] <= west + 0.02 + 1e-6 && Math.abs(p[1] - south - 0.005) < 0.006,
    );
    expect(here.length).toBeGreaterThanOrEqual(4);
    const inner = here.filter(
      ([p, q]) => Math.abs(p[0] - (west + 0.01)) < 1e-4 && Math.abs(q[0] - (west + 0.01)) < 1e-4,
    );
    expect(inner).toEqual([]);
    const outsideBox = (commune(outside.inseeCode)?.geometry.coordinates as Position[][])[0]!;
    const outsideWest = Math.min(...outsideBox.map((p) => p[0]));
    const outsideSouth = Math.min(...outsideBox.map((p) => p[1]));
    expect(segments.some(([p]) => p[0] === outsideWest && p[1] === outsideSouth)).toBe(false);

    // Revalidated by its ETag: nothing sent again while the outlines are the same.
    const again = await t.client().get('/carte/communes.geojson', { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');

    // A new outline imported: a new ETag, and the new commune in the answer.
    const later = await buildGeoCommune(t.services, { offer: 'connecte' });
    const changed = await t.client().get('/carte/communes.geojson', { 'if-none-match': etag });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect((changed.json() as { features: Feature[] }).features.map((f) => f.properties.code_insee)).toContain(
      later.inseeCode,
    );
  });
});

describe('MAP_STYLE_URL, the tile background (issue 15 §5, T6)', () => {
  it('issue 15 §5: accepts an https XYZ template and refuses anything else with a French message naming it', () => {
    expect(loadConfig({}).mapTiles).toBeNull();
    expect(loadConfig({ MAP_STYLE_URL: TILES, MAP_STYLE_ATTRIBUTION: '© Contributeurs OSM' }).mapTiles).toEqual({
      url: TILES,
      attribution: '© Contributeurs OSM',
    });
    for (const wrong of [
      'http://tuiles.example.org/{z}/{x}/{y}.png',
      'https://tuiles.example.org/{z}/{x}.png',
      'https://{a-c}.tuiles.example.org/{z}/{x}/{y}.png',
      "https://tuiles.example.org/{z}/{x}/{y}.png; script-src 'unsafe-inline'",
      'https://tuiles.example.org/style.json',
    ])
      expect(() => loadConfig({ MAP_STYLE_URL: wrong }), wrong).toThrow(
        /MAP_STYLE_URL doit être une adresse https:\/\/ de tuiles contenant \{z\}, \{x\} et \{y\}/,
      );
  });

  it('issue 15 §5: unset, pages keep img-src to our own origin; set, its origin is added to img-src and nowhere else', async () => {
    const plain = cspOf((await t.client().get('/demarches')).headers);
    expect(plain['img-src']).toBe("'self' data:");

    const tiled = await createTestContext({
      env: { MAP_STYLE_URL: TILES, MAP_STYLE_ATTRIBUTION: '© Contributeurs OSM' },
    });
    try {
      const page = await tiled.client().get('/demarches');
      const csp = cspOf(page.headers);
      expect(csp['img-src']).toBe("'self' data: https://tuiles.example.org");
      for (const directive of ['default-src', 'script-src', 'style-src', 'connect-src', 'font-src'])
        expect(csp[directive], directive).toBe(plain[directive]);
      // The layout hands the template and its credit to the map script.
      expect(page.body).toContain(`data-map-tiles="${TILES}"`);
      expect(page.body).toContain('data-map-attribution="© Contributeurs OSM"');
    } finally {
      await tiled.close();
    }
    expect((await t.client().get('/demarches')).body).not.toContain('data-map-tiles');
  });
});

describe('the report’s place on the form (issue 15 §5, T6)', () => {
  it('issue 15 §5: the page carries what the map script needs, and without JavaScript typed coordinates are sent and kept', async () => {
    const metropole = await t.services.tenants.metropole();
    const place = await buildGeoCommune(t.services, { offer: 'partenaire' });
    const service = await buildEService(t.services, metropole, {
      form: { ...REPORT_FORM, fields: REPORT_FORM.fields.filter((f) => f.type !== 'file') },
      settings: REPORT_SETTINGS,
      mutualised: true,
    });
    const client = t.client();
    await client.get(`/demarches/${service.slug}`);
    const started = await client.post(`/demarches/${service.slug}/commencer`, {});
    const page1 = String(started.headers.location);
    await client.get(page1);
    const next = await client.post(page1, { _action: 'continuer', categorie: 'voirie', description: 'Nid-de-poule.' });
    const page2 = String(next.headers.location);
    expect(page2).toMatch(/etapes\/2$/);

    const form = await client.get(page2);
    // The block the script turns into a map, its two numbers, and the scripts (ours, served by us).
    expect(form.body).toContain('data-map-point="lieu"');
    expect(form.body).toMatch(/<input[^>]*id="champ-lieu"[^>]*name="lieu.lat"/);
    expect(form.body).toMatch(/<input[^>]*id="champ-lieu-lon"[^>]*name="lieu.lon"/);
    expect(form.body).toContain('<script type="module" src="/static/js/forms.js">');
    expect(form.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(form.body).not.toMatch(/\sstyle="/);
    expect((await client.get('/static/js/point-map.js')).statusCode).toBe(200);
    expect((await client.get('/static/vendor/ol.js')).statusCode).toBe(200);

    // Typed by hand, decimal comma, as without JavaScript.
    const typed = {
      lat: place.point.lat.toFixed(5).replace('.', ','),
      lon: place.point.lon.toFixed(5).replace('.', ','),
    };
    const review = await client.post(page2, { _action: 'continuer', 'lieu.lat': typed.lat, 'lieu.lon': typed.lon });
    expect(review.headers.location).toMatch(/recapitulatif$/);
    const reviewPage = await client.get(String(review.headers.location));
    const key = /name="_idem" value="([^"]+)"/.exec(reviewPage.body)?.[1] ?? '';
    const sent = await client.post(String(review.headers.location).replace(/recapitulatif$/, 'envoyer'), {
      _idem: key,
      contact_email: 'habitant@example.org',
    });
    expect(sent.statusCode).toBe(303);
    const code = /suivi\/([0-9A-Z-]{14})/.exec(String(sent.headers.location))?.[1] ?? '';
    const request = await t.services.db
      .selectFrom('request')
      .select('answers')
      .where('tracking_code', '=', code)
      .executeTakeFirstOrThrow();
    expect(request.answers.lieu).toEqual({
      lat: Number(place.point.lat.toFixed(5)),
      lon: Number(place.point.lon.toFixed(5)),
    });
  });
});
