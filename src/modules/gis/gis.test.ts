import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditEvents } from '../../platform/audit/audit.repo.ts';
import { buildCommune, buildUser, metropole } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import type { PhotonCollection } from './geocode.ts';
import { DEMO_BAL_COMMUNES, generateBal } from './demo/generated-bal.ts';
import { storeBalAddresses } from './import-bal.ts';
import { findLayer } from './layers.repo.ts';
import { refreshLayersJob } from './refresh-layers.job.ts';

let t: TestContext;
let partner: Server;
let partnerUrl = '';
/** What the open-data server serves at /arrets.geojson (a real HTTP server: the layer's source). */
let served: { status: number; body: string } = { status: 200, body: '' };

const stops = (names: string[]) =>
  JSON.stringify({
    type: 'FeatureCollection',
    features: names.map((name, i) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [4.83 + i / 100, 45.76] },
      properties: { nom: name },
    })),
  });

beforeAll(async () => {
  t = await createTestContext();
  partner = createServer((_request, response) => {
    response.writeHead(served.status, { 'content-type': 'application/geo+json' }).end(served.body);
  });
  await new Promise<void>((resolve) => partner.listen(0, '127.0.0.1', resolve));
  partnerUrl = `http://127.0.0.1:${(partner.address() as AddressInfo).port}`;
});
afterAll(async () => {
  partner?.close();
  await t.close();
});

describe('who may open the agents’ map (issue 20 §1, §6)', () => {
  it('lets the agents and administrators of a subscribed commune and of the metropolis in, nobody else', async () => {
    const subscribed = await buildCommune(t.services, { toodego: 'abonne', others: { geonet: true } });
    const unsubscribed = await buildCommune(t.services, { toodego: 'partenaire', others: { geonet: false } });
    const metro = await metropole(t.services);
    const people = {
      agent: await buildUser(t.services, { grants: [{ tenant: subscribed, role: 'agent' }] }),
      admin: await buildUser(t.services, { grants: [{ tenant: subscribed, role: 'admin' }] }),
      otherAgent: await buildUser(t.services, { grants: [{ tenant: unsubscribed, role: 'agent' }] }),
      metroAgent: await buildUser(t.services, { grants: [{ tenant: metro, role: 'agent' }] }),
      metroAdmin: await buildUser(t.services, { grants: [{ tenant: metro, role: 'admin' }] }),
      citizen: await buildUser(t.services),
    };
    const as = async (who: keyof typeof people, base = '') => t.signedIn(people[who].email, people[who].password, base);
    const at = (slug: string, path: string) => `/c/${slug}${path}`;

    expect((await (await as('agent')).get(at(subscribed.slug, '/sig'))).statusCode).toBe(200);
    expect((await (await as('admin')).get(at(subscribed.slug, '/sig'))).statusCode).toBe(200);
    expect((await (await as('metroAgent')).get('/sig')).statusCode).toBe(200);
    // The same session everywhere: the agent who logged in on the metropolis's portal opens the commune's map.
    expect((await (await as('agent')).get(at(subscribed.slug, '/sig/fond'))).statusCode).toBe(200);
    // A commune without Geonet: its agent is told the offer does not include it.
    const refused = await (await as('otherAgent')).get(at(unsubscribed.slug, '/sig'));
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain("n'est pas comprise dans l'offre souscrite");
    // Not an agent there: 404.
    expect((await (await as('citizen')).get(at(subscribed.slug, '/sig'))).statusCode).toBe(404);
    expect((await (await as('agent')).get('/sig')).statusCode).toBe(404);
    expect((await (await as('metroAgent')).get(at(subscribed.slug, '/sig'))).statusCode).toBe(404);
    const anonymous = await t.client().get(at(subscribed.slug, '/sig'));
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toContain('/connexion');
    // Managing layers is the metropolis administrators'; importing addresses an administrator's.
    expect((await (await as('metroAdmin')).get('/sig/gestion')).statusCode).toBe(200);
    expect((await (await as('metroAgent')).get('/sig/gestion')).statusCode).toBe(404);
    expect((await (await as('admin')).get(at(subscribed.slug, '/sig/gestion'))).statusCode).toBe(404);
    expect((await (await as('admin')).get(at(subscribed.slug, '/sig/adresses'))).statusCode).toBe(200);
    expect((await (await as('agent')).get(at(subscribed.slug, '/sig/adresses'))).statusCode).toBe(404);
  });
});

describe('layers by theme, from files and addresses, refreshed on schedule (issue 20 §2, §6)', () => {
  let admin: Awaited<ReturnType<TestContext['signedIn']>>;
  let account: { email: string; password: string };
  beforeAll(async () => {
    account = await buildUser(t.services, { grants: [{ tenant: await metropole(t.services), role: 'admin' }] });
    admin = await t.signedIn(account.email, account.password);
    await admin.get('/sig/gestion');
  });

  it('imports a CSV of points (decimal commas, « ; ») with its legend and style, and audits it', async () => {
    const csv = 'nom;type;lat;lon\nBorne Bellecour;rapide;45,7578;4,8320\nBorne Part-Dieu;normale;45,7606;4,8594\n';
    const response = await admin.postMultipart(
      '/sig/gestion',
      {
        titre: 'Bornes de recharge',
        theme: 'Mobilité',
        legende: 'Point bleu : borne',
        couleur: '#1b5e9e',
        format: 'csv',
        source: 'file',
        actualisation: '',
      },
      { fichier: { filename: 'bornes.csv', contentType: 'text/csv', bytes: Buffer.from(csv) } },
    );
    expect(response.statusCode).toBe(303);
    const page = await admin.get('/sig/couches/bornes-de-recharge');
    expect(page.body).toContain('Mobilité');
    expect(page.body).toContain('Point bleu : borne');
    expect(page.body).toContain('Fichier bornes.csv');
    expect(page.body).toMatch(/<td>Point<\/td><td>Borne Part-Dieu<\/td><td>normale<\/td>/);
    const data = (await admin.get('/sig/couches/bornes-de-recharge/donnees')).json();
    expect(data.features[0].geometry).toEqual({ type: 'Point', coordinates: [4.832, 45.7578] });
    const audit = await listAuditEvents(t.services.db, { action: 'gis.layer.create', limit: 5 });
    expect(audit.some((e) => (e.details as { slug?: string }).slug === 'bornes-de-recharge')).toBe(true);
  });

  it('refuses a CSV without coordinates and a GeoJSON in an undeclared projection, saying why', async () => {
    const base = {
      titre: 'Mauvaise',
      theme: 'Essais',
      legende: 'x',
      couleur: '#000000',
      source: 'file',
      actualisation: '',
    };
    const noLat = await admin.postMultipart(
      '/sig/gestion',
      { ...base, format: 'csv' },
      { fichier: { filename: 'a.csv', contentType: 'text/csv', bytes: Buffer.from('nom;x;y\nA;1;2\n') } },
    );
    expect(noLat.statusCode).toBe(422);
    expect(noLat.body).toContain('Le CSV doit avoir une colonne « lat »');
    const lambert = JSON.stringify({ type: 'Point', coordinates: [842000, 6519000] });
    const refused = await admin.postMultipart(
      '/sig/gestion',
      { ...base, format: 'geojson' },
      { fichier: { filename: 'a.geojson', contentType: 'application/geo+json', bytes: Buffer.from(lambert) } },
    );
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('coordonnées hors de WGS 84');
    // Declared as Lambert-93, the same point is reprojected (Lyon, about 4.83° E, 45.76° N).
    const declared = JSON.stringify({
      type: 'FeatureCollection',
      crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:EPSG::2154' } },
      features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [842000, 6519000] }, properties: {} }],
    });
    const accepted = await admin.postMultipart(
      '/sig/gestion',
      { ...base, titre: 'Lambert', format: 'geojson' },
      { fichier: { filename: 'l93.geojson', contentType: 'application/geo+json', bytes: Buffer.from(declared) } },
    );
    expect(accepted.statusCode).toBe(303);
    const [lon, lat] = (await admin.get('/sig/couches/lambert/donnees')).json().features[0].geometry.coordinates;
    expect(lon).toBeCloseTo(4.827, 2);
    expect(lat).toBeCloseTo(45.756, 2);
  });

  it('reads a layer from an address, refreshes it when its interval has passed, and keeps it when the source fails', async () => {
    served = { status: 200, body: stops(['Bellecour', 'Cordeliers']) };
    const response = await admin.post('/sig/gestion', {
      titre: 'Arrêts de bus',
      theme: 'Mobilité',
      legende: 'Arrêt',
      couleur: '#aa3300',
      format: 'geojson',
      source: 'url',
      url: `${partnerUrl}/arrets.geojson`,
      actualisation: '60',
    });
    expect(response.statusCode).toBe(303);
    const first = await findLayer(t.services.db, 'arrets-de-bus');
    expect(first?.feature_count).toBe(2);

    served = { status: 200, body: stops(['Bellecour', 'Cordeliers', 'Hôtel de Ville']) };
    const runJob = () =>
      refreshLayersJob.handler(
        { slot: t.clock.now().toISOString() },
        { services: t.services, job: { id: randomUUID(), attempts: 1, tenantId: null } },
      );
    t.clock.advance(30 * 60_000);
    await runJob();
    expect((await findLayer(t.services.db, 'arrets-de-bus'))?.feature_count).toBe(2);
    t.clock.advance(31 * 60_000);
    await runJob();
    const refreshed = await findLayer(t.services.db, 'arrets-de-bus');
    expect(refreshed?.feature_count).toBe(3);
    expect(refreshed?.last_update?.toISOString()).toBe(t.clock.now().toISOString());

    served = { status: 500, body: 'panne' };
    t.clock.advance(61 * 60_000);
    await runJob();
    const failed = await findLayer(t.services.db, 'arrets-de-bus');
    expect(failed?.feature_count).toBe(3);
    expect(failed?.last_error).toBe('L’adresse a répondu par une erreur (HTTP 500).');
    // Hours passed on the test's clock: the session has expired, the administrator logs in again.
    const later = await t.signedIn(account.email, account.password);
    expect((await later.get('/sig/couches/arrets-de-bus')).body).toContain(
      'échoué : L’adresse a répondu par une erreur',
    );
  });
});

describe('layers read from the open-data portal’s geographic datasets (issue 20 §2)', () => {
  const datasetForm = (title: string, access: 'open' | 'restricted') => ({
    title,
    description: 'Un jeu de données géographiques pour les couches des agents.',
    theme: 'Équipements',
    // Sent empty as a browser does (a form without them fails in the portal's own validation).
    temporalStart: '',
    temporalEnd: '',
    frequency: 'monthly',
    licence: 'lov2',
    access,
    contactEmail: 'sig@example.org',
  });
  const geojson = (filename: string, names: string[]) => ({
    fichier: { filename, contentType: 'application/geo+json', bytes: Buffer.from(stops(names)) },
  });

  /** A producer's dataset made through the portal's own pages: created, its GeoJSON loaded, published. */
  async function publishDataset(
    producer: Awaited<ReturnType<TestContext['signedIn']>>,
    base: string,
    form: ReturnType<typeof datasetForm>,
    names: string[],
  ): Promise<string> {
    await producer.get(`${base}/donnees/gestion/nouveau`);
    const created = await producer.post(`${base}/donnees/gestion/nouveau`, form);
    expect(created.statusCode).toBe(303);
    const page = String(created.headers.location);
    await producer.get(page);
    expect((await producer.postMultipart(`${page}/fichiers`, {}, geojson('v1.geojson', names))).statusCode).toBe(303);
    await t.worker.drain();
    await producer.get(page);
    expect((await producer.post(`${page}/publication`, { publier: 'oui' })).statusCode).toBe(303);
    return page.split('/').pop()!;
  }

  it('makes a layer of a dataset, shows its features, re-reads it on schedule, and empties it once withdrawn', async () => {
    const metro = await metropole(t.services);
    const account = await buildUser(t.services, {
      grants: [
        { tenant: metro, role: 'admin' },
        { tenant: metro, role: 'operator' },
      ],
    });
    const admin = await t.signedIn(account.email, account.password);
    const page = (id: string) => `/donnees/gestion/${id}`;
    const datasetId = await publishDataset(admin, '', datasetForm('Fontaines à boire', 'open'), [
      'Fontaine Bellecour',
      'Fontaine Terreaux',
    ]);

    const form = await admin.get('/sig/gestion');
    expect(form.body).toContain('Un jeu de données du portail open data');
    expect(form.body).toMatch(new RegExp(`<option value="${datasetId}"[^>]*>Fontaines à boire</option>`));
    const added = await admin.post('/sig/gestion', {
      titre: 'Fontaines',
      theme: 'Eau',
      legende: 'Point bleu : fontaine',
      couleur: '#1b5e9e',
      format: 'geojson',
      source: 'dataset',
      jeu: datasetId,
      actualisation: '60',
    });
    expect(added.statusCode).toBe(303);
    const names = async () =>
      (
        (await admin.get('/sig/couches/fontaines/donnees')).json() as {
          features: Array<{ properties: { nom: string } }>;
        }
      ).features.map((f) => f.properties.nom);
    expect(await names()).toEqual(['Fontaine Bellecour', 'Fontaine Terreaux']);
    const layerPage = await admin.get('/sig/couches/fontaines');
    expect(layerPage.body).toContain('Fontaine Terreaux');
    expect(layerPage.body).toContain('Jeu de données open data « Fontaines à boire »');
    // The viewer lists it under its theme, like any layer.
    expect((await admin.get('/sig')).body).toContain('Fontaines');

    // The producer publishes a new version of the data; the scheduled refresh brings it to the map.
    await admin.get(page(datasetId));
    const v2 = await admin.postMultipart(
      `${page(datasetId)}/fichiers`,
      {},
      geojson('v2.geojson', ['Fontaine Bellecour', 'Fontaine Terreaux', 'Fontaine Part-Dieu']),
    );
    expect(v2.statusCode).toBe(303);
    await t.worker.drain();
    const runJob = () =>
      refreshLayersJob.handler(
        { slot: t.clock.now().toISOString() },
        { services: t.services, job: { id: randomUUID(), attempts: 1, tenantId: null } },
      );
    t.clock.advance(61 * 60_000);
    await runJob();
    const relogged = await t.signedIn(account.email, account.password);
    expect(
      ((await relogged.get('/sig/couches/fontaines/donnees')).json() as { features: unknown[] }).features,
    ).toHaveLength(3);
    expect((await findLayer(t.services.db, 'fontaines'))?.last_error).toBeNull();

    // Unpublished from the portal: the agents' map no longer shows its data, and says why.
    await relogged.get(page(datasetId));
    expect((await relogged.post(`${page(datasetId)}/publication`, { publier: 'non' })).statusCode).toBe(303);
    t.clock.advance(61 * 60_000);
    await runJob();
    const withdrawn = await findLayer(t.services.db, 'fontaines');
    expect(withdrawn?.feature_count).toBe(0);
    expect(withdrawn?.last_error).toContain('n’est plus publié sur le portail open data');
  });

  it('offers a restricted dataset only when the metropolis produces it, never a commune’s', async () => {
    const metro = await metropole(t.services);
    const commune = await buildCommune(t.services, { toodego: 'abonne', others: { geonet: true, opendata: true } });
    const communeAdmin = await buildUser(t.services, { grants: [{ tenant: commune, role: 'admin' }] });
    const metroAccount = await buildUser(t.services, {
      grants: [
        { tenant: metro, role: 'admin' },
        { tenant: metro, role: 'operator' },
      ],
    });
    const producer = await t.signedIn(communeAdmin.email, communeAdmin.password, `/c/${commune.slug}`);
    const communeRestricted = await publishDataset(
      producer,
      `/c/${commune.slug}`,
      datasetForm('Réseau d’eau potable de la commune', 'restricted'),
      ['Vanne 1'],
    );
    const communeOpen = await publishDataset(
      producer,
      `/c/${commune.slug}`,
      datasetForm('Bancs publics de la commune', 'open'),
      ['Banc 1'],
    );
    const metroClient = await t.signedIn(metroAccount.email, metroAccount.password);
    const metroRestricted = await publishDataset(
      metroClient,
      '',
      datasetForm('Réseau de chaleur métropolitain', 'restricted'),
      ['Sous-station 1'],
    );
    const form = (await metroClient.get('/sig/gestion')).body;
    expect(form).toContain(`value="${communeOpen}"`);
    expect(form).toContain(`value="${metroRestricted}"`);
    expect(form).not.toContain(`value="${communeRestricted}"`);
    const refused = await metroClient.post('/sig/gestion', {
      titre: 'Eau potable',
      theme: 'Eau',
      legende: 'Vanne',
      couleur: '#1b5e9e',
      format: 'geojson',
      source: 'dataset',
      jeu: communeRestricted,
      actualisation: '',
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Choisissez un jeu de données de la liste.');
  });
});

describe('location bias (issue 20 §4)', () => {
  it('puts the street nearest the focus point first when names are equal', async () => {
    const [givors, venissieux] = DEMO_BAL_COMMUNES;
    if (!givors || !venissieux) throw new Error('demo communes missing');
    const addresses = [givors, venissieux].flatMap((c) => generateBal(c, { streets: 5, numbers: 3 }));
    await t.services.db.transaction().execute((trx) => storeBalAddresses(trx, addresses, randomUUID()));
    const near = async (c: { lat: number; lon: number }) =>
      ((await t.client().get(`/geocodage/api?q=rue+pasteur&lat=${c.lat}&lon=${c.lon}`)).json() as PhotonCollection)
        .features[0]?.properties.city;
    expect(await near(venissieux)).toBe('Vénissieux');
    expect(await near(givors)).toBe('Givors');
  });
});
