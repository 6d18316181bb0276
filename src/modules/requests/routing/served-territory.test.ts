import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEService, buildGeoCommune, REPORT_FORM, REPORT_SETTINGS } from '../../../../test/requests-factories.ts';
import { createTestContext, type TestContext } from '../../../../test/support/test-context.ts';

let t: TestContext;
let report: Awaited<ReturnType<typeof buildEService>>;
let commune: Awaited<ReturnType<typeof buildGeoCommune>>;

beforeAll(async () => {
  t = await createTestContext();
  const metropole = await t.services.tenants.metropole();
  report = await buildEService(t.services, metropole, {
    form: REPORT_FORM,
    settings: REPORT_SETTINGS,
    mutualised: true,
    access: 'anonymous',
  });
  commune = await buildGeoCommune(t.services, { offer: 'partenaire' });
});
afterAll(async () => {
  await t?.close();
});

const submit = (lieu: { lat: number; lon: number }) =>
  t.app.inject({
    method: 'POST',
    url: `/api/services/${report.slug}/requests`,
    headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
    payload: JSON.stringify({
      answers: { categorie: 'eclairage', description: 'Lampadaire éteint', lieu },
      contactEmail: 'usager@example.org',
    }),
  });

describe('a location outside every served commune (issue 13 §6)', () => {
  it('is refused on its field, in French, instead of going silently to the metropolis (Paris)', async () => {
    const response = await submit({ lat: 48.8566, lon: 2.3522 });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('hors du territoire de la Métropole de Lyon');
    expect(response.body).toContain('lieu');
  });

  it('still takes a point in a known commune, and one between communes, which the provider re-routes', async () => {
    const inside = await submit(commune.point);
    expect(inside.statusCode, inside.body).toBe(201);
    const between = await submit({ lat: commune.point.lat, lon: commune.point.lon + 0.01 });
    expect(between.statusCode).toBe(201);
    expect(between.json().routing).toMatchObject({ rule: 'lieu-inconnu' });
  });
});
