import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grantRole } from '../../platform/auth/accounts.repo.ts';
import { setSubscription } from '../../platform/tenancy/tenancy.repo.ts';
import { buildUser } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import type { TestClient } from '../../../test/support/test-client.ts';
import type { PhotonCollection } from './geocode.ts';

let t: TestContext;
let admin: TestClient;
const FIXTURE = new URL('../../../test/fixtures/gis/bal-givors-1.4.csv', import.meta.url);

async function search(query: string): Promise<PhotonCollection> {
  const response = await t.client().get(`/geocodage/api?${query}`);
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toContain('application/geo+json');
  return response.json();
}

const labels = (c: PhotonCollection) => c.features.map((f) => f.properties.label);

beforeAll(async () => {
  t = await createTestContext();
  const givors = await t.services.tenants.bySlug('givors');
  if (!givors) throw new Error('template without Givors');
  await setSubscription(t.services.db, {
    tenantId: givors.id,
    service: 'geonet',
    offer: 'subscribed',
    since: null,
    at: t.clock.now(),
  });
  t.services.tenants.invalidate();
  const user = await buildUser(t.services);
  await grantRole(t.services.db, { userId: user.id, tenantId: givors.id, role: 'admin' });
  admin = await t.signedIn(user.email, user.password, '/c/givors');
  await admin.get('/c/givors/sig/adresses');
  const response = await admin.postMultipart(
    '/c/givors/sig/adresses',
    {},
    { fichier: { filename: 'bal-givors.csv', contentType: 'text/csv', bytes: await readFile(FIXTURE) } },
  );
  expect(response.statusCode).toBe(303);
  const report = await admin.get(String(response.headers.location));
  expect(report.statusCode).toBe(200);
  importReport = report.body;
});
afterAll(async () => t.close());

let importReport = '';

describe('Base Adresse Locale import (issue 20 §4, §6)', () => {
  it('stores the valid lines and lists each refused line with the validator’s messages', () => {
    expect(importReport).toContain('6 lignes importées, 3 refusées');
    const rows = [...importReport.matchAll(/<tr><th scope="row">(\d+)<\/th><td>([^<]*)<\/td><td><ul>(.*?)<\/ul>/g)].map(
      (m) => [m[1], m[2], m[3]],
    );
    expect(rows.map((r) => r[0])).toEqual(['8', '9', '10']);
    expect(rows[0]?.[2]).toContain('La valeur du champ numéro doit être un nombre entier');
    expect(rows[1]?.[2]).toContain('Le séparateur des décimales du champ long doit être le point');
    // Vénissieux's line: Givors's administrator may only update Givors's addresses.
    expect(rows[2]?.[1]).toBe('69259_0010_00002');
    expect(rows[2]?.[2]).toContain('n’est pas une commune dont vous pouvez importer les adresses');
  });

  it('refuses a file that is not a BAL, saying why, and keeps the register as it was', async () => {
    const response = await admin.postMultipart(
      '/c/givors/sig/adresses',
      {},
      { fichier: { filename: 'voies.csv', contentType: 'text/csv', bytes: Buffer.from('nom;ville\nRue A;Givors\n') } },
    );
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('Le fichier n’a pas été importé');
    expect(response.body).toMatch(/cle_interop|commune_insee|numero/);
    expect(labels(await search('q=1+rue+de+la+republique+givors'))[0]).toBe('1 Rue de la République 69700 Givors');
  });

  it('refuses a binary file by its content', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const response = await admin.postMultipart(
      '/c/givors/sig/adresses',
      {},
      { fichier: { filename: 'bal.csv', contentType: 'text/csv', bytes: png } },
    );
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('Le fichier est de type png');
  });
});

describe('the Photon-compatible geocoder (issue 20 §4, §6)', () => {
  it('answers a GeoJSON FeatureCollection with Photon’s properties', async () => {
    const result = await search('q=3+bis+rue+de+la+republique+givors&limit=5');
    expect(result.type).toBe('FeatureCollection');
    expect(result.features[0]).toEqual({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [4.7691, 45.5907] },
      properties: expect.objectContaining({
        type: 'house',
        name: '3 bis Rue de la République',
        housenumber: '3 bis',
        street: 'Rue de la République',
        postcode: '69700',
        city: 'Givors',
        citycode: '69091',
        countrycode: 'FR',
        id: '69091_0010_00003',
      }),
    });
    // The other suffix of the same number follows.
    expect(result.features[1]?.properties.housenumber).toBe('3 ter');
  });

  it('ranks the exact name first, then names starting with the words, then near spellings', async () => {
    expect(labels(await search('q=rue+de+la+republique'))).toEqual([
      'Rue de la République 69700 Givors',
      'Rue de la Républiquette 69700 Givors',
      'Rue de la Républ 69700 Givors',
    ]);
    // Typed without accents and with a typo, it is still found.
    expect(labels(await search('q=chemin+du+pre+fleuri'))[0]).toBe('Chemin du Pré Fleuri 69700 Givors');
    expect(labels(await search('q=chemin+du+pre+fleiru'))[0]).toBe('Chemin du Pré Fleuri 69700 Givors');
    expect(labels(await search('q=CHEMIN%20DU%20PRÉ'))[0]).toBe('Chemin du Pré Fleuri 69700 Givors');
    // Half-typed (autocomplete).
    expect(labels(await search('q=12+chemin+du+pr'))[0]).toBe('12 Chemin du Pré Fleuri 69700 Givors');
  });

  it('respects the limit and refuses a query without text with a problem+json', async () => {
    expect((await search('q=rue&limit=1')).features).toHaveLength(1);
    const response = await t.client().get('/geocodage/api?limit=3');
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().code).toBe('validation_failed');
  });

  it('reverse-geocodes a point to the nearest address, within the radius', async () => {
    const response = await t.client().get('/geocodage/reverse?lat=45.58502&lon=4.77503');
    expect(response.statusCode).toBe(200);
    const result: PhotonCollection = response.json();
    expect(result.features).toHaveLength(1);
    expect(result.features[0]?.properties).toMatchObject({
      label: '12 Chemin du Pré Fleuri 69700 Givors',
      type: 'house',
    });
    expect(result.features[0]?.properties.distance).toBeLessThan(10);
    // Far from every address: nothing.
    const far: PhotonCollection = (await t.client().get('/geocodage/reverse?lat=48.85&lon=2.35')).json();
    expect(far.features).toEqual([]);
    const bad = await t.client().get('/geocodage/reverse?lat=abc&lon=4.7');
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors[0].field).toBe('lat');
  });
});
