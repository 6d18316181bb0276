import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGeoCommune, REPORT_SETTINGS } from '../../../../test/requests-factories.ts';
import { createTestContext, type TestContext } from '../../../../test/support/test-context.ts';
import { ZEServiceSettings } from '../../catalogue/index.ts';
import { BoundaryImportError, communeAt, importCommuneBoundaries } from './commune-boundaries.ts';
import { routeRequest } from './route-request.ts';

// Routing of a mutualised service by the commune of the location × the category's competence.
let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t.close());

const settings = ZEServiceSettings.parse(REPORT_SETTINGS);

async function route(answers: Record<string, unknown>) {
  const metropole = await t.services.tenants.metropole();
  return routeRequest({
    db: t.services.db,
    tenants: t.services.tenants,
    owner: metropole,
    settings,
    answers: answers as never,
  });
}

describe('routing of a mutualised service (T7)', () => {
  it('sends a commune competence to a Partenaire commune, which processes it on the platform', async () => {
    const commune = await buildGeoCommune(t.services, { offer: 'partenaire' });
    const decision = await route({ categorie: 'eclairage', lieu: commune.point });
    expect(decision).toMatchObject({
      ruleId: 'eclairage',
      channel: 'platform',
      holderTenantId: commune.tenant?.id,
      relayTo: null,
    });
    expect(decision.commune).toMatchObject({
      inseeCode: commune.inseeCode,
      locatedBy: 'point',
      membership: 'partenaire',
    });
    expect(decision.competent.office.name).toBe(`Mairie de ${commune.name}`);
    expect(decision.explanation).toContain('Éclairage public');
  });

  it('keeps a metropolis competence with the metropolis, whatever the commune', async () => {
    const commune = await buildGeoCommune(t.services, { offer: 'partenaire' });
    const metropole = await t.services.tenants.metropole();
    const decision = await route({ categorie: 'voirie', lieu: commune.point });
    expect(decision).toMatchObject({ ruleId: 'voirie', channel: 'platform', holderTenantId: metropole.id });
    expect(decision.competent.office.name).toBe('Direction de la voirie');
  });

  it('routes an Abonné commune into its GRU too', async () => {
    const commune = await buildGeoCommune(t.services, { offer: 'abonne' });
    expect(await route({ categorie: 'eclairage', lieu: commune.point })).toMatchObject({
      channel: 'platform',
      holderTenantId: commune.tenant?.id,
    });
  });

  it('relays by e-mail to a member commune without the GRU (Connecté, or no Toodego offer), keeping the request at the metropolis (T8)', async () => {
    const metropole = await t.services.tenants.metropole();
    for (const offer of ['connecte', 'none'] as const) {
      const commune = await buildGeoCommune(t.services, { offer });
      const decision = await route({ categorie: 'eclairage', lieu: commune.point });
      expect(decision, offer).toMatchObject({
        channel: 'email-relay',
        relayTo: commune.contactEmail,
        holderTenantId: metropole.id,
      });
      expect(decision.commune?.membership).toBe(offer);
      expect(decision.explanation).toContain('L114-2');
    }
  });

  it('relays to a commune outside the metropolis whatever the category, from the reference list of contacts (T8)', async () => {
    const outside = await buildGeoCommune(t.services, { member: false });
    const decision = await route({ categorie: 'voirie', lieu: outside.point });
    expect(decision).toMatchObject({ ruleId: 'hors-metropole', channel: 'email-relay', relayTo: outside.contactEmail });
    expect(decision.commune?.membership).toBe('outside');
    expect(decision.competent.name).toBe(outside.name);
  });

  it('keeps the request at the metropolis when the commune has no known contact address, and says so', async () => {
    const commune = await buildGeoCommune(t.services, { offer: 'none', contact: false });
    const metropole = await t.services.tenants.metropole();
    const decision = await route({ categorie: 'eclairage', lieu: commune.point });
    expect(decision).toMatchObject({
      ruleId: 'eclairage-sans-contact',
      channel: 'platform',
      holderTenantId: metropole.id,
    });
    expect(decision.explanation).toContain("l'adresse de contact n'est pas connue");
  });

  it('keeps a point outside every known boundary with the provider (rule "lieu-inconnu")', async () => {
    const decision = await route({ categorie: 'eclairage', lieu: { lat: 10, lon: 10 } });
    expect(decision.ruleId).toBe('lieu-inconnu');
  });

  it('routes from an address through its INSEE code', async () => {
    const commune = await buildGeoCommune(t.services, { offer: 'partenaire' });
    const metropole = await t.services.tenants.metropole();
    const addressSettings = ZEServiceSettings.parse({
      ...REPORT_SETTINGS,
      routing: { ...REPORT_SETTINGS.routing, locationField: 'adresse' },
    });
    const decision = await routeRequest({
      db: t.services.db,
      tenants: t.services.tenants,
      owner: metropole,
      settings: addressSettings,
      answers: {
        categorie: 'eclairage',
        adresse: { street: '1 rue', postcode: '99000', city: commune.name, inseeCode: commune.inseeCode },
      },
    });
    expect(decision).toMatchObject({ holderTenantId: commune.tenant?.id, commune: { locatedBy: 'address' } });
  });

  it('routes a non-mutualised service to its provider', async () => {
    const metropole = await t.services.tenants.metropole();
    const decision = await routeRequest({
      db: t.services.db,
      tenants: t.services.tenants,
      owner: metropole,
      settings: ZEServiceSettings.parse({ ...REPORT_SETTINGS, routing: { mode: 'owner' } }),
      answers: {},
    });
    expect(decision).toMatchObject({ ruleId: 'fournisseur', holderTenantId: metropole.id, channel: 'platform' });
  });
});

describe('commune boundaries (GeoJSON import)', () => {
  it('imports Polygon and MultiPolygon features, reports the unusable ones, and finds the commune of a point', async () => {
    const report = await importCommuneBoundaries(
      t.services.db,
      {
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { INSEE_COM: '99801', NOM_COM: 'Îles' },
            geometry: {
              type: 'MultiPolygon',
              coordinates: [
                [
                  [
                    [50, 50],
                    [50.1, 50],
                    [50.1, 50.1],
                    [50, 50],
                  ],
                ],
                [
                  [
                    [51, 51],
                    [51.1, 51],
                    [51.1, 51.1],
                    [51, 51],
                  ],
                ],
              ],
            },
          },
          {
            type: 'Feature',
            properties: { nom: 'Sans code' },
            geometry: {
              type: 'Polygon',
              coordinates: [
                [
                  [0, 0],
                  [1, 0],
                  [1, 1],
                  [0, 0],
                ],
              ],
            },
          },
          { type: 'Feature', properties: { code: '99802' }, geometry: { type: 'Point', coordinates: [0, 0] } },
        ],
      },
      { source: 'test', at: t.clock.now() },
    );
    expect(report.imported).toBe(1);
    expect(report.skipped.map((s) => s.index)).toEqual([1, 2]);
    expect(await communeAt(t.services.db, { lat: 51.02, lon: 51.05 })).toEqual({ inseeCode: '99801', name: 'Îles' });
    expect(await communeAt(t.services.db, { lat: 50.5, lon: 50.5 })).toBeUndefined();
  });

  it('refuses a file that is not a FeatureCollection, in French', async () => {
    await expect(
      importCommuneBoundaries(t.services.db, { type: 'Feature' }, { source: 'test', at: t.clock.now() }),
    ).rejects.toThrow(BoundaryImportError);
  });
});
