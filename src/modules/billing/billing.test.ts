import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import {
  adminClient,
  buildCommune,
  dateFields,
  operatorClient,
  recordAgreementByForm,
  runDailyJobsOn,
} from '../../../test/agreement-support/helpers.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import type { TestClient } from '../../../test/support/test-client.ts';

let t: TestContext;
let operator: TestClient;
beforeAll(async () => {
  t = await createTestContext();
  operator = await operatorClient(t);
});

/** Sessions expire as the clock moves: each step of a story logs in again at its own time. */
async function at(instant: string): Promise<void> {
  t.clock.set(instant);
  operator = await operatorClient(t);
}
afterAll(async () => t.close());

const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');

async function setPopulation(slug: string, year: number, population: number) {
  const response = await operator.submit(
    `/admin/conventions/${slug}/population`,
    `/admin/conventions/${slug}/population`,
    {
      year: String(year),
      population: String(population),
      source: 'INSEE, chiffre de test',
    },
  );
  expect(response.statusCode).toBe(303);
}

describe('yearly revenue orders (C6, art. 10.3)', () => {
  it("reproduces the seed's figures on a real order: 20 800 inhabitants, 9 160 € for Toodego instead of 10 800 €, 1 548 € for laclasse.com", async () => {
    const commune = await buildCommune(t.services, { name: 'Commune comme Givors' });
    expect(
      (
        await recordAgreementByForm(operator, commune.slug, {
          communeSignedOn: '2025-10-06',
          metropoleSignedOn: '2025-10-20',
          toodego: 'partenaire',
          services: ['laclasse', 'opendata'],
          previousToodego: '10 800',
        })
      ).statusCode,
    ).toBe(303);
    await setPopulation(commune.slug, 2026, 20_800);

    // Nothing before June: "un titre de recette annuel sera émis […] en juin de chaque année".
    await runDailyJobsOn(t, '2026-05-31T12:00:00Z');
    expect(
      await t.services.db.selectFrom('revenue_order').selectAll().where('tenant_id', '=', commune.id).execute(),
    ).toHaveLength(0);

    await runDailyJobsOn(t, '2026-06-01T06:00:00Z');
    const orders = await t.services.db
      .selectFrom('revenue_order')
      .selectAll()
      .where('tenant_id', '=', commune.id)
      .execute();
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({
      year: 2026,
      kind: 'annual',
      issued_on: '2026-06-01',
      total_cents: 916_000 + 154_800,
    });
    const lines = await t.services.db
      .selectFrom('revenue_order_line')
      .selectAll()
      .where('tenant_id', '=', commune.id)
      .orderBy('service')
      .execute();
    expect(lines.map((l) => [l.service, l.amount_cents])).toEqual([
      ['laclasse', 154_800],
      ['toodego', 916_000],
    ]);

    // The commune's administrators read the order and its computation step by step.
    const admin = await adminClient(t, commune);
    const page = await admin.get(`/c/${commune.slug}/admin/convention/titres/${orders[0]?.id}`);
    expect(page.statusCode).toBe(200);
    const body = plain(page.body);
    expect(body).toContain('5 000,00 € + 0,20 € × 20 800 habitants (INSEE, chiffre de test) = 9 160,00 €');
    expect(body).toContain(
      "Montant facturé avant la convention : 10 800,00 €. Le nouveau montant (9 160,00 €) est inférieur : il s'applique.",
    );
    expect(body).toContain("Règle d'arrondi");

    // Later daily runs of the same year issue nothing more (one line per commune, service and year).
    await runDailyJobsOn(t, '2026-06-02T06:00:00Z');
    await runDailyJobsOn(t, '2026-09-15T06:00:00Z');
    expect(
      await t.services.db.selectFrom('revenue_order').selectAll().where('tenant_id', '=', commune.id).execute(),
    ).toHaveLength(1);
  });

  it('bills a commune joining mid-year pro rata temporis, and a service added later in a complementary order', async () => {
    const commune = await buildCommune(t.services);
    await at('2026-09-01T08:00:00Z');
    await recordAgreementByForm(operator, commune.slug, {
      communeSignedOn: '2026-08-20',
      metropoleSignedOn: '2026-09-01',
      toodego: 'none',
      services: ['laclasse'],
    });
    await runDailyJobsOn(t, '2026-09-02T06:00:00Z');
    const [first] = await t.services.db
      .selectFrom('revenue_order_line')
      .selectAll()
      .where('tenant_id', '=', commune.id)
      .execute();
    // 300 € + 0,06 € × 10 000 = 900 €; 122 days of 365 from 1 September: 900 × 122 / 365 = 300,82 €.
    expect(first).toMatchObject({
      service: 'laclasse',
      amount_cents: 30_082,
      billed_from: '2026-09-01',
      billed_to: '2026-12-31',
    });

    await at('2026-10-05T08:00:00Z');
    const amendment = await operator.submit(
      `/admin/conventions/${commune.slug}/avenant`,
      `/admin/conventions/${commune.slug}/avenant`,
      {
        kind: 'add_service',
        service: 'toodego',
        toOffer: 'abonne',
        ...dateFields('communeSignedOn', '2026-10-01'),
        ...dateFields('metropoleSignedOn', '2026-10-05'),
      },
    );
    expect(amendment.statusCode).toBe(303);
    await runDailyJobsOn(t, '2026-10-06T06:00:00Z');
    const orders = await t.services.db
      .selectFrom('revenue_order')
      .selectAll()
      .where('tenant_id', '=', commune.id)
      .orderBy('number')
      .execute();
    expect(orders.map((o) => o.kind)).toEqual(['annual', 'complementary']);
    // 5 000 € + 0,20 € × 10 000 = 7 000 €, from 5 October: 88 days: 7 000 × 88 / 365 = 1 687,67 €.
    expect(orders[1]?.total_cents).toBe(168_767);
  });
});

describe('exports and printable page (C6)', () => {
  it('exports the year as CSV and ODS, and prints it', async () => {
    await at('2026-10-06T08:00:00Z');
    const csv = await operator.get('/admin/facturation/2026/titres.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toContain('titres-de-recette-2026.csv');
    expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.body).toContain(
      'Numéro,Commune,Code INSEE,Nature,Émis le,Service,Offre,Population,Période du,au,Montant (€),Payé le\r\n',
    );
    expect(csv.body).toMatch(
      /Commune comme Givors,,titre annuel,2026-06-01,Toodego \(guichet numérique\),Partenaire,20800,2026-01-01,2026-12-31,9160\.00,\r\n/,
    );

    const ods = await operator.get('/admin/facturation/2026/titres.ods');
    expect(ods.headers['content-type']).toBe('application/vnd.oasis.opendocument.spreadsheet');
    const content = strFromU8(unzipSync(new Uint8Array(ods.rawPayload))['content.xml'] as Uint8Array);
    expect(content).toContain('<table:table table:name="Titres 2026">');
    expect(content).toContain('office:value-type="currency" office:currency="EUR" office:value="9160.00"');
    expect(content).toContain('<table:table table:name="Total par commune">');

    const print = await operator.get('/admin/facturation/2026/impression');
    expect(print.statusCode).toBe(200);
    expect(plain(print.body)).toContain('Commune comme Givors : 10 708,00 €');

    const year = await operator.get('/admin/facturation?annee=2026');
    expect(plain(year.body)).toMatch(/Total 2026 : <strong>[\d ]+,\d\d €<\/strong>/);
  });

  it("exports one order for the commune's administrators, with its computation", async () => {
    const commune = await buildCommune(t.services);
    await at('2026-11-30T09:00:00Z');
    await recordAgreementByForm(operator, commune.slug, {
      communeSignedOn: '2025-12-01',
      metropoleSignedOn: '2025-12-02',
      toodego: 'connecte',
    });
    await runDailyJobsOn(t, '2026-12-01T06:00:00Z');
    const order = await t.services.db
      .selectFrom('revenue_order')
      .selectAll()
      .where('tenant_id', '=', commune.id)
      .executeTakeFirstOrThrow();
    const admin = await adminClient(t, commune);
    const ods = await admin.get(`/c/${commune.slug}/admin/convention/titres/${order.id}/export.ods`);
    expect(ods.statusCode).toBe(200);
    const files = unzipSync(new Uint8Array(ods.rawPayload));
    const content = strFromU8(files['content.xml'] as Uint8Array);
    expect(content).toContain('<table:table table:name="Calcul">');
    expect(content).toContain('office:value="5200.00"'); // 5 000 € + 0,02 € × 10 000
    const csv = await admin.get(`/c/${commune.slug}/admin/convention/titres/${order.id}/export.csv`);
    expect(csv.body).toContain(',5200.00\r\n');
  });
});

describe('Syntec index values (C4)', () => {
  it('names each invalid field, then revises the next year by the index known on 1 January', async () => {
    await at('2026-12-15T09:00:00Z');
    const bad = await operator.submit('/admin/facturation/syntec', '/admin/facturation/syntec', {
      month: '2026-13',
      value: 'beaucoup',
      ...dateFields('publishedOn', '2026-02-30'),
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.body).toContain('Saisissez le mois au format AAAA-MM');
    expect(bad.body).toContain('par exemple 302,5');
    expect(bad.body).toContain('Saisissez la date de publication sous la forme jour, mois, année');

    for (const [month, value, published] of [
      ['2025-10', '300', '2025-11-28'],
      ['2026-10', '309', '2026-11-27'],
    ] as const) {
      const ok = await operator.submit('/admin/facturation/syntec', '/admin/facturation/syntec', {
        month,
        value,
        ...dateFields('publishedOn', published),
      });
      expect(ok.statusCode).toBe(303);
    }
    const page = await operator.get('/admin/facturation/syntec');
    expect(page.body).toContain('Connu au 1er janvier 2027 : octobre 2026, 309,0');

    const api = await t.app.inject(
      '/api/contributions/simulate?service=toodego&offer=partenaire&population=20800&year=2027',
    );
    expect(api.statusCode).toBe(200);
    // 9 160 € × 309 / 300 = 9 434,80 €
    expect(api.json()).toMatchObject({
      amountCents: 943_480,
      syntec: { reference: { month: '2025-10', value: 300 }, current: { month: '2026-10', value: 309 } },
    });
  });
});

describe('simulator (C6)', () => {
  it('answers the public JSON endpoint with the amount in cents and the steps', async () => {
    const response = await t.app.inject('/api/contributions/simulate?service=laclasse&population=20800&year=2026');
    expect(response.statusCode).toBe(200);
    const body = response.json() as { amountCents: number; steps: Array<{ kind: string }>; roundingRule: string };
    expect(body.amountCents).toBe(154_800);
    expect(body.steps.map((s) => s.kind)).toEqual(['tariff', 'revision', 'total']);
    expect(body.roundingRule).toContain('demi-centime');
  });

  it('lists every invalid parameter in a problem+json 422', async () => {
    const response = await t.app.inject('/api/contributions/simulate?service=toodego&population=beaucoup&year=1999');
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = response.json() as { code: string; errors: Array<{ field: string; message: string }> };
    expect(problem.code).toBe('validation_failed');
    expect(problem.errors.map((e) => e.field).sort()).toEqual(['offer', 'population', 'year']);
    expect(problem.errors.find((e) => e.field === 'year')?.message).toBe("L'année de facturation commence en 2026");
  });

  it('is listed in the OpenAPI document', async () => {
    const openapi = (await t.app.inject('/api/openapi.json')).json() as {
      paths: Record<string, { get?: { parameters: Array<{ name: string }> } }>;
    };
    const operation = openapi.paths['/api/contributions/simulate']?.get;
    expect(operation?.parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining(['service', 'offer', 'population', 'year']),
    );
  });

  it('shows an operator six years as a table and an SVG chart, and an offer change keeping the year of the change at the former amount', async () => {
    await at('2026-12-15T09:00:00Z');
    const page = await operator.get(
      '/admin/facturation/simulateur?service=toodego&offer=partenaire&population=20800&startYear=2027&syntec=&growth=0&newOffer=connecte&changeYear=2028',
    );
    expect(page.statusCode).toBe(200);
    const body = plain(page.body);
    expect(body).toContain('<svg class="chart"');
    expect(body).toContain('<title id="graphique-simulation-titre">Contributions annuelles de 2027 à 2032</title>');
    const rows = [
      ...body.matchAll(
        /<tr><th scope="row">(\d{4})<\/th><td>([^<]+)<\/td><td class="numeric">[^<]*<\/td><td class="numeric">[^<]*<\/td><td class="numeric">([^<]+)<\/td><\/tr>/g,
      ),
    ].map((m) => [m[1], m[2], m[3]]);
    expect(rows).toHaveLength(6);
    expect(rows[1]).toEqual(['2028', 'Toodego, offre Partenaire', '9 434,80 €']);
    expect(rows[2]?.[1]).toBe('Toodego, offre Connecté');

    const invalid = await operator.get('/admin/facturation/simulateur?service=toodego&population=-3&startYear=20');
    expect(invalid.statusCode).toBe(422);
    expect(invalid.body).toContain("Choisissez l'offre Toodego");
    expect(invalid.body).toContain('Saisissez la population en nombre entier');
  });
});
