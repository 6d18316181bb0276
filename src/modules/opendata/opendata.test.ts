import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import iconv from 'iconv-lite';
import jsonld from 'jsonld';
import { Parser } from 'n3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCommune, buildOperator, buildUser } from '../../../test/factories.ts';
import { type SmtpCatcher, startSmtpCatcher } from '../../../test/support/smtp-catcher.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import { DAY } from '../../platform/clock.ts';
import { listGeographicDatasets, readDatasetFeatures } from './index.ts';
import { findDatasetBySlug } from './opendata.repo.ts';
import { buildDataset, POINTS_CSV } from './opendata.test-support.ts';
import { reviewStaleness } from './staleness.ts';

let t: TestContext;
let smtp: SmtpCatcher;
let fileServer: Server;
let fileServerUrl: string;
let operator: Awaited<ReturnType<typeof buildOperator>>;
let metropole: NonNullable<Awaited<ReturnType<TestContext['services']['tenants']['metropole']>>>;

const WINDOWS_CSV = iconv.encode(
  'équipement;quartier;capacité\r\nPiscine Garibaldi;Part-Dieu;400\r\nGymnase Côté;Vaise;120\r\n',
  'windows-1252',
);

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  t = await createTestContext({ env: { SMTP_URL: smtp.url } });
  operator = await buildOperator(t.services);
  metropole = (await t.services.tenants.metropole())!;
  // A partner's web server from which a CSV is harvested.
  fileServer = createServer((request, response) => {
    if (request.url === '/equipements.csv') {
      response.writeHead(200, { 'content-type': 'text/csv' });
      response.end(WINDOWS_CSV);
    } else {
      response.writeHead(404);
      response.end();
    }
  });
  await new Promise<void>((resolve) => fileServer.listen(0, '127.0.0.1', resolve));
  fileServerUrl = `http://127.0.0.1:${(fileServer.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await t.close();
  await smtp.close();
  await new Promise((resolve) => fileServer.close(resolve));
});

const DATASET_FORM = {
  title: 'Équipements sportifs municipaux',
  description: 'Les piscines et gymnases, avec leur capacité.',
  theme: 'Équipements',
  keywords: 'sport, piscine',
  temporalStart: '2026-01-01',
  temporalEnd: '2026-12-31',
  spatial: 'Lyon',
  frequency: 'monthly',
  source: 'Direction des sports',
  licence: 'other',
  licenceName: 'Licence sectorielle des sports',
  licenceUrl: 'https://exemple.org/licence',
  access: 'open',
  contactEmail: 'sports@example.org',
};

describe('producers publish datasets (issue 19 §1, §2)', () => {
  it('an operator creates a dataset, harvests a Windows-1252 CSV by URL, follows its loading, and publishes it', async () => {
    const client = await t.signedIn(operator.email, operator.password);
    await client.get('/donnees/gestion/nouveau');
    const invalid = await client.post('/donnees/gestion/nouveau', { ...DATASET_FORM, licenceName: '' });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.body).toContain('Nommez la licence');
    const badFrequency = await client.post('/donnees/gestion/nouveau', { ...DATASET_FORM, frequency: 'souvent' });
    expect(badFrequency.body).toContain('Choisissez une fréquence de la liste');
    const created = await client.post('/donnees/gestion/nouveau', DATASET_FORM);
    expect(created.statusCode).toBe(303);
    const page = String(created.headers.location);
    await client.get(page);
    const added = await client.postMultipart(`${page}/fichiers`, { url: `${fileServerUrl}/equipements.csv` }, {});
    expect(added.statusCode).toBe(303);
    const progressUrl = String(added.headers.location);
    const pending = await client.get(progressUrl);
    expect(pending.body).toContain('<progress');
    expect(pending.body).toContain('Actualiser la progression');
    await t.worker.drain();
    const done = await client.get(progressUrl);
    expect(done.body).toContain('Terminé : 2 lignes chargées.');
    expect(done.body).not.toContain('Actualiser la progression');
    const overview = await client.get(page);
    expect(overview.body).toContain('windows-1252');
    expect(overview.body).toContain('séparateur « ; »');
    await client.post(`${page}/publication`, { publier: 'oui' });

    const dataset = (await findDatasetBySlug(t.services.db, 'equipements-sportifs-municipaux'))!;
    expect(dataset.status).toBe('published');
    const publicPage = await t.client().get('/donnees/jeux/equipements-sportifs-municipaux');
    expect(publicPage.statusCode).toBe(200);
    for (const shown of [
      'Direction des sports',
      'Licence sectorielle des sports',
      'Mensuelle',
      'du 2026-01-01 au 2026-12-31',
      'Lyon',
      'Ouvert à tous',
    ])
      expect(publicPage.body).toContain(shown);
  });

  it('the date of the data is distinct from metadata edits: editing the description does not move it', async () => {
    const dataset = (await findDatasetBySlug(t.services.db, 'equipements-sportifs-municipaux'))!;
    const dataDate = dataset.data_updated_at;
    t.clock.advance(2 * DAY);
    const client = await t.signedIn(operator.email, operator.password);
    await client.get(`/donnees/gestion/${dataset.id}/modifier`);
    const edited = await client.post(`/donnees/gestion/${dataset.id}/modifier`, {
      ...DATASET_FORM,
      description: 'Nouvelle description des équipements.',
    });
    expect(edited.statusCode).toBe(303);
    const after = (await findDatasetBySlug(t.services.db, dataset.slug))!;
    expect(after.data_updated_at).toEqual(dataDate);
    expect(after.metadata_updated_at.getTime()).toBeGreaterThan(dataset.metadata_updated_at.getTime());
  });

  it('an upload that is not CSV or GeoJSON (a PNG, by its content) is refused with a French message', async () => {
    const { dataset } = await buildDataset(t.services, metropole, { publish: false });
    const client = await t.signedIn(operator.email, operator.password);
    await client.get(`/donnees/gestion/${dataset.id}`);
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const refused = await client.postMultipart(
      `/donnees/gestion/${dataset.id}/fichiers`,
      {},
      {
        fichier: { filename: 'donnees.csv', contentType: 'text/csv', bytes: png },
      },
    );
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain("n'est ni un CSV ni un GeoJSON");
  });
});

describe('previews and downloads (issue 19 §2, §3)', () => {
  it('the table is sorted, filtered and paged by the database', async () => {
    const rows = [
      'commune;population',
      ...Array.from({ length: 120 }, (_, i) => `Commune ${i + 1};${(i * 37) % 1000}`),
    ];
    rows.push('Écully;18000');
    const { dataset } = await buildDataset(t.services, metropole, {
      file: { filename: 'communes.csv', bytes: Buffer.from(rows.join('\n')) },
    });
    const base = `/donnees/jeux/${dataset.slug}/table`;
    const first = await t.client().get(base);
    expect(first.body).toContain('121 lignes');
    expect(first.body).toContain('page 1 sur 3');
    const sorted = await t.client().get(`${base}?tri=population&ordre=desc`);
    // Numeric sort: 18000 first (a text sort would put 999 first).
    expect(/<tbody><tr><td[^>]*>([^<]*)</.exec(sorted.body)?.[1]).toBe('Écully');
    expect(sorted.body).toContain('aria-sort="descending"');
    const filtered = await t.client().get(`${base}?filtre=ecully&colonne=commune`);
    expect(filtered.body).toContain('1 ligne contenant « ecully »');
    const page3 = await t.client().get(`${base}?page=3`);
    expect(page3.body).toContain('page 3 sur 3');
  });

  it('a geographic dataset has a map (with the table as its alternative), and downloads in CSV, GeoJSON and the original', async () => {
    const { dataset } = await buildDataset(t.services, metropole, {
      file: { filename: 'points.csv', bytes: POINTS_CSV },
    });
    const map = await t.client().get(`/donnees/jeux/${dataset.slug}/carte`);
    expect(map.statusCode).toBe(200);
    expect(map.body).toContain('/static/vendor/ol.js');
    expect(map.body).toContain(`/donnees/jeux/${dataset.slug}/table`);
    const csv = await t.client().get(`/donnees/jeux/${dataset.slug}/telecharger/csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('nom;latitude;longitude;date_maj');
    const geojson = (await t.client().get(`/donnees/jeux/${dataset.slug}/telecharger/geojson`)).json() as {
      features: Array<{ geometry: unknown }>;
    };
    expect(geojson.features).toHaveLength(3);
    expect(geojson.features[0]!.geometry).toEqual({ type: 'Point', coordinates: [4.85, 45.75] });
    const original = await t.client().get(`/donnees/jeux/${dataset.slug}/telecharger/original`);
    expect(original.rawPayload.equals(POINTS_CSV)).toBe(true);
    // What the GIS module reads.
    expect((await listGeographicDatasets(t.services)).map((d) => d.id)).toContain(dataset.id);
    const features = await readDatasetFeatures(t.services, dataset.id);
    expect(features?.features).toHaveLength(2);
  });
});

describe('DCAT-AP 3 catalogue (issue 19 §3, §9)', () => {
  it('the JSON-LD expands and converts to RDF with the mandatory DCAT-AP properties; the Turtle parses to the same graph', async () => {
    const response = await t.client().get('/donnees/catalogue.jsonld');
    expect(response.headers['content-type']).toContain('application/ld+json');
    const document = response.json() as Record<string, unknown>;
    const expanded = await jsonld.expand(document);
    const DCAT = 'http://www.w3.org/ns/dcat#';
    const DCT = 'http://purl.org/dc/terms/';
    const catalog = expanded.find((n) => (n['@type'] as string[] | undefined)?.includes(`${DCAT}Catalog`))!;
    for (const property of [`${DCT}title`, `${DCT}description`, `${DCT}publisher`])
      expect(catalog[property]).toBeTruthy();
    const nquads = (await jsonld.toRDF(document as jsonld.JsonLdDocument, { format: 'application/n-quads' })) as string;
    const quads = new Parser({ format: 'N-Quads' }).parse(nquads);
    const subjectsOfType = (type: string) =>
      quads
        .filter(
          (q) => q.predicate.value === 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type' && q.object.value === type,
        )
        .map((q) => q.subject.value);
    const has = (subject: string, predicate: string) =>
      quads.some((q) => q.subject.value === subject && q.predicate.value === predicate);
    const datasets = subjectsOfType(`${DCAT}Dataset`);
    expect(datasets.length).toBeGreaterThan(0);
    for (const dataset of datasets)
      for (const p of [`${DCT}title`, `${DCT}description`]) expect(has(dataset, p)).toBe(true);
    const distributions = subjectsOfType(`${DCAT}Distribution`);
    expect(distributions.length).toBeGreaterThan(0);
    for (const distribution of distributions) expect(has(distribution, `${DCAT}accessURL`)).toBe(true);
    const ours = datasets.find((d) => d.endsWith('/donnees/jeux/equipements-sportifs-municipaux'))!;
    expect(
      quads.some(
        (q) =>
          q.subject.value === ours &&
          q.predicate.value === `${DCT}accrualPeriodicity` &&
          q.object.value.endsWith('/frequency/MONTHLY'),
      ),
    ).toBe(true);
    for (const service of subjectsOfType(`${DCAT}DataService`)) expect(has(service, `${DCAT}endpointURL`)).toBe(true);

    const turtle = await t.client().get('/donnees/catalogue.ttl');
    expect(turtle.headers['content-type']).toContain('text/turtle');
    const fromTurtle = new Parser({ format: 'Turtle' }).parse(turtle.body);
    expect(fromTurtle.length).toBe(quads.length);
  });
});

describe('search (issue 19 §8)', () => {
  it('is French, accent- and typo-tolerant, with facets by theme, producer, licence, format and freshness', async () => {
    await buildDataset(t.services, metropole, {
      form: { title: 'Défibrillateurs automatisés externes', theme: 'Services', licence: 'odbl' },
      file: { filename: 'dae.csv', bytes: POINTS_CSV },
    });
    const search = (q: string, extra = '') => t.client().get(`/donnees?q=${encodeURIComponent(q)}${extra}`);
    expect((await search('defibrillateur')).body).toContain('Défibrillateurs automatisés externes');
    const typo = await search('defibrilateurs');
    expect(typo.body).toContain('Défibrillateurs automatisés externes');
    expect(typo.body).toContain('résultats pour « defibrillateurs »');
    const all = await t.client().get('/donnees');
    for (const facet of ['Thème', 'Producteur', 'Licence', 'Format', 'Fraîcheur'])
      expect(all.body).toContain(`>${facet}</h3>`);
    const odbl = await t.client().get('/donnees?licence=odbl');
    expect(odbl.body).toContain('Défibrillateurs');
    expect(odbl.body).not.toContain('Équipements sportifs municipaux');
    // The facet's count is the number of datasets its filter finds, and a page past the last keeps the total.
    const odblCount = Number(/licence=odbl"[^>]*>[^<]*<\/a> \((\d+)\)/.exec(all.body)?.[1]);
    expect(odblCount).toBeGreaterThan(0);
    expect(odbl.body).toContain(`${odblCount} jeu${odblCount > 1 ? 'x' : ''} de données`);
    const beyond = await t.client().get('/donnees?licence=odbl&page=50');
    expect(beyond.statusCode).toBe(200);
    expect(beyond.body).toContain(`${odblCount} jeu${odblCount > 1 ? 'x' : ''} de données`);
    const geo = await t.client().get('/donnees?format=GeoJSON');
    expect(geo.body).toContain('Défibrillateurs');
    expect(geo.body).not.toContain('Équipements sportifs municipaux');
  });
});

describe('commune portals and the widget (issue 19 §4)', () => {
  it("a subscribed commune's portal shows its own datasets only; a commune without the service has none", async () => {
    const commune = await buildCommune(t.services, {
      toodego: 'partenaire',
      name: 'Villeneuve-des-Données',
      others: { opendata: true },
    });
    const other = await buildCommune(t.services, { toodego: 'partenaire', name: 'Sans-Open-Data' });
    const { dataset } = await buildDataset(t.services, commune, { form: { title: 'Parcs et jardins de Villeneuve' } });
    const portal = await t.client().get(`/c/${commune.slug}/donnees`);
    expect(portal.statusCode, portal.body.slice(0, 3000)).toBe(200);
    expect(portal.body).toContain('Données ouvertes de Villeneuve-des-Données');
    expect(portal.body).toContain('Parcs et jardins de Villeneuve');
    expect(portal.body).not.toContain('Équipements sportifs municipaux');
    expect(portal.body).toContain(`/c/${commune.slug}/theme.css`);
    expect((await t.client().get(`/c/${other.slug}/donnees`)).statusCode).toBe(404);
    expect((await t.client().get(`/c/${commune.slug}/donnees/jeux/equipements-sportifs-municipaux`)).statusCode).toBe(
      404,
    );
    expect((await t.client().get(`/c/${commune.slug}/donnees/jeux/${dataset.slug}`)).statusCode).toBe(200);
  });

  it('the widget script may be loaded by any site, and its JSON is CORS-enabled', async () => {
    const script = await t.client().get('/donnees/widget.js');
    expect(script.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(script.body).toContain('data-communs-dataset');
    const json = await t.app.inject({
      method: 'GET',
      url: '/api/donnees/jeux/equipements-sportifs-municipaux?rows=1',
      headers: { origin: 'https://www.commune.example' },
    });
    expect(json.statusCode).toBe(200);
    expect(json.headers['access-control-allow-origin']).toBe('*');
    expect((json.json() as { rows: unknown[] }).rows).toHaveLength(1);
  });
});

describe('restricted datasets (issue 19 §6)', () => {
  it('asks for a login, then collects only name, first name and e-mail; the producer grants; the data opens', async () => {
    const { dataset } = await buildDataset(t.services, metropole, {
      form: { title: 'Données restreintes des réseaux', access: 'restricted', contactEmail: 'reseaux@example.org' },
      file: { filename: 'reseaux.csv', bytes: POINTS_CSV },
    });
    const anonymous = await t.client().get(`/donnees/jeux/${dataset.slug}/telecharger/csv`);
    expect(anonymous.statusCode).toBe(303);
    const citizen = await buildUser(t.services);
    const client = await t.signedIn(citizen.email, citizen.password);
    expect((await client.get(`/donnees/jeux/${dataset.slug}/telecharger/csv`)).statusCode).toBe(403);
    const form = await client.get(`/donnees/jeux/${dataset.slug}/acces`);
    const inputs = [...form.body.matchAll(/<input[^>]*name="([^"]+)"/g)].map((m) => m[1]).filter((n) => n !== '_csrf');
    expect(inputs.sort()).toEqual(['email', 'familyName', 'givenName']);
    const sent = await client.post(`/donnees/jeux/${dataset.slug}/acces`, {
      familyName: 'Martin',
      givenName: 'Léa',
      email: citizen.email,
    });
    expect(sent.statusCode).toBe(303);
    expect((await client.get(`/donnees/jeux/${dataset.slug}`)).body).toContain('en attente');

    const producer = await t.signedIn(operator.email, operator.password);
    const page = await producer.get(`/donnees/gestion/${dataset.id}`);
    expect(page.body).toContain('Léa Martin');
    const requestId = /\/acces\/([0-9a-f-]{36})"/.exec(page.body)![1]!;
    expect(
      (await producer.post(`/donnees/gestion/${dataset.id}/acces/${requestId}`, { decision: 'granted' })).statusCode,
    ).toBe(303);
    expect((await client.get(`/donnees/jeux/${dataset.slug}/telecharger/csv`)).statusCode).toBe(200);
    await t.worker.drain();
    const mails = await smtp.waitFor(1);
    expect(
      mails.some((m) => m.subject?.includes("Votre demande d'accès") && m.text?.includes('vous donne accès')),
    ).toBe(true);
  });
});

describe('news, re-uses and usage statistics (issue 19 §7)', () => {
  it('a producer publishes a re-use shown on the dataset page, and sees downloads and API calls per day', async () => {
    const dataset = (await findDatasetBySlug(t.services.db, 'equipements-sportifs-municipaux'))!;
    const producer = await t.signedIn(operator.email, operator.password);
    await producer.get('/donnees/gestion/articles');
    const posted = await producer.post('/donnees/gestion/articles', {
      kind: 'reuse',
      title: 'Appli « Où nager ? »',
      body: 'Une application qui montre les piscines ouvertes.',
      url: 'https://exemple.org/nager',
      datasetId: dataset.id,
    });
    expect(posted.statusCode).toBe(303);
    expect((await t.client().get('/donnees/actualites')).body).toContain('Appli « Où nager ? »');
    expect((await t.client().get(`/donnees/jeux/${dataset.slug}`)).body).toContain('Appli « Où nager ? »');
    await t.client().get(`/donnees/jeux/${dataset.slug}/telecharger/csv`);
    await t.client().get(`/donnees/jeux/${dataset.slug}/telecharger/csv`);
    await t.client().get(`/ogc/collections/${dataset.slug}/items`);
    const space = await producer.get('/donnees/gestion');
    const row = new RegExp(
      `<th scope="row">${dataset.title}</th><td class="numeric">(\\d+)</td><td class="numeric">(\\d+)</td>`,
    ).exec(space.body);
    // Two downloads; two API calls: the OGC page here and the widget's call in the test above.
    expect(row?.slice(1).map(Number)).toEqual([2, 2]);
  });
});

describe('staleness and structure changes (issue 19 §5)', () => {
  it('a dataset late on its frequency is flagged, then unpublished after 3 years without update, the producer told each time', async () => {
    const before = smtp.messages.length;
    const { dataset } = await buildDataset(t.services, metropole, {
      form: { title: 'Qualité de l’air mensuelle', frequency: 'monthly', contactEmail: 'air@example.org' },
      file: { filename: 'air.csv', bytes: POINTS_CSV },
    });
    t.clock.advance(20 * DAY);
    await reviewStaleness(t.services);
    expect((await findDatasetBySlug(t.services.db, dataset.slug))!.late_since).toBeNull();
    t.clock.advance(15 * DAY);
    await reviewStaleness(t.services);
    const late = (await findDatasetBySlug(t.services.db, dataset.slug))!;
    expect(late.late_since).not.toBeNull();
    expect((await t.client().get(`/donnees/jeux/${dataset.slug}`)).body).toContain('en retard sur sa fréquence');
    expect((await t.client().get('/donnees?freshness=late')).body).toContain('Qualité de l’air mensuelle');
    t.clock.advance(3 * 365 * DAY);
    await reviewStaleness(t.services);
    const gone = (await findDatasetBySlug(t.services.db, dataset.slug))!;
    expect(gone.status).toBe('unpublished');
    expect((await t.client().get(`/donnees/jeux/${dataset.slug}`)).statusCode).toBe(404);
    await t.worker.drain();
    const mails = (await smtp.waitFor(before + 2)).filter(
      (m) => m.to && JSON.stringify(m.to).includes('air@example.org'),
    );
    expect(mails.map((m) => m.subject)).toEqual([
      'Jeu de données en retard : Qualité de l’air mensuelle',
      'Jeu de données dépublié : Qualité de l’air mensuelle',
    ]);
  });

  it('a structure change is announced at least 30 days ahead, followers are told, and both versions are served 30 days after the switch', async () => {
    const { dataset } = await buildDataset(t.services, metropole, {
      form: { title: 'Stationnement des vélos', frequency: 'irregular' },
      file: { filename: 'velos-v1.csv', bytes: Buffer.from('id;places\n1;10\n') },
    });
    const follower = await buildUser(t.services);
    const reader = await t.signedIn(follower.email, follower.password);
    await reader.get(`/donnees/jeux/${dataset.slug}`);
    expect((await reader.post(`/donnees/jeux/${dataset.slug}/suivre`, { suivre: 'oui' })).statusCode).toBe(303);

    const producer = await t.signedIn(operator.email, operator.password);
    await producer.get(`/donnees/gestion/${dataset.id}`);
    const day = (offset: number) => new Date(t.clock.now().getTime() + offset * DAY).toISOString().slice(0, 10);
    const v2 = { filename: 'velos-v2.csv', contentType: 'text/csv', bytes: Buffer.from('id;places;abri\n1;10;oui\n') };
    const tooSoon = await producer.postMultipart(
      `/donnees/gestion/${dataset.id}/fichiers`,
      { effectiveOn: day(10), changeNote: 'Colonne abri' },
      { fichier: v2 },
    );
    expect(tooSoon.statusCode).toBe(422);
    expect(tooSoon.body).toContain('au moins 30 jours');
    await producer.get(`/donnees/gestion/${dataset.id}`);
    const announced = await producer.postMultipart(
      `/donnees/gestion/${dataset.id}/fichiers`,
      { effectiveOn: day(31), changeNote: 'Colonne abri ajoutée' },
      { fichier: v2 },
    );
    expect(announced.statusCode).toBe(303);
    const before = smtp.messages.length;
    await t.worker.drain();
    const mail = (await smtp.waitFor(before + 1)).find((m) => JSON.stringify(m.to).includes(follower.email));
    expect(mail?.subject).toBe('Changement de structure annoncé : Stationnement des vélos');
    expect(mail?.text).toContain('Colonne abri ajoutée');

    const headerOf = async (version?: number) =>
      (
        await t.client().get(`/donnees/jeux/${dataset.slug}/telecharger/csv${version ? `?version=${version}` : ''}`)
      ).body
        .replace(/^\uFEFF/, '')
        .split('\r\n')[0];
    // Before the switch: v1 served first, v2 downloadable ahead.
    expect(await headerOf()).toBe('id;places');
    expect(await headerOf(2)).toBe('id;places;abri');
    expect((await t.client().get(`/donnees/jeux/${dataset.slug}`)).body).toContain('Changement de structure annoncé');
    // After the switch: v2 first, v1 still served for 30 days.
    t.clock.advance(32 * DAY);
    expect(await headerOf()).toBe('id;places;abri');
    expect(await headerOf(1)).toBe('id;places');
    // 30 days after the switch: v1 retired.
    t.clock.advance(30 * DAY);
    expect((await t.client().get(`/donnees/jeux/${dataset.slug}/telecharger/csv?version=1`)).statusCode).toBe(404);
  });
});
