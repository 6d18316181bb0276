import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEService, buildGeoCommune, REPORT_FORM, REPORT_SETTINGS } from '../../../test/requests-factories.ts';
import { buildCommune, buildUser } from '../../../test/factories.ts';
import { startSmtpCatcher, type SmtpCatcher } from '../../../test/support/smtp-catcher.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import { demoLogoPng } from './demo/demo-logo.ts';

// For a mobile app: the same submission through the JSON API, idempotent, with problem+json per field.
let t: TestContext;
let smtp: SmtpCatcher;
let report: Awaited<ReturnType<typeof buildEService>>;
let accountOnly: Awaited<ReturnType<typeof buildEService>>;
let commune: Awaited<ReturnType<typeof buildGeoCommune>>;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  t = await createTestContext({ env: { SMTP_URL: smtp.url } });
  const metropole = await t.services.tenants.metropole();
  report = await buildEService(t.services, metropole, {
    form: REPORT_FORM,
    settings: REPORT_SETTINGS,
    mutualised: true,
    access: 'anonymous',
  });
  commune = await buildGeoCommune(t.services, { offer: 'partenaire' });
  const other = await buildCommune(t.services, { toodego: 'partenaire' });
  accountOnly = await buildEService(t.services, other, {
    access: 'account',
    form: { title: 'Demande', fields: [{ type: 'text', key: 'objet', label: 'Objet' }] },
    settings: {
      office: { name: 'Accueil', email: 'accueil@example.org', phone: '04 00 00 00 00' },
      legal: { kind: 'demande', silence: 'rejection', delay: { months: 2 } },
    },
  });
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

function post(slug: string, body: unknown, headers: Record<string, string> = {}) {
  return t.app.inject({
    method: 'POST',
    url: `/api/services/${slug}/requests`,
    headers: { 'content-type': 'application/json', ...headers },
    payload: JSON.stringify(body),
  });
}

const validBody = () => ({
  answers: {
    categorie: 'eclairage',
    description: 'Lampadaire éteint',
    lieu: { lat: commune.point.lat, lon: commune.point.lon },
    photo: { name: 'lampadaire.png', contentBase64: demoLogoPng([200, 100, 0]).toString('base64') },
  },
  contactEmail: 'mobile@example.org',
});

describe('POST /api/services/{slug}/requests', () => {
  it('creates the request: 201 with number, tracking code, competent administration and acknowledgement; routed to the commune (T7)', async () => {
    const response = await post(report.slug, validBody(), { 'idempotency-key': 'mobile-0001-aaaa' });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body.number).toMatch(/-2026-\d{6}$/);
    expect(body.trackingCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(body.competentAdministration).toMatchObject({ name: commune.name, kind: 'commune' });
    expect(body.routing).toMatchObject({ rule: 'eclairage', channel: 'platform' });
    expect(body.acknowledgement.paragraphs.join(' ')).toContain(
      `Service chargé de votre dossier : Mairie de ${commune.name}`,
    );
    expect(response.headers.location).toContain(`/c/${commune.tenant?.slug}/suivi/${body.trackingCode}`);
    const stored = await t.services.db
      .selectFrom('request')
      .selectAll()
      .where('number', '=', body.number)
      .executeTakeFirstOrThrow();
    expect(stored.tenant_id).toBe(commune.tenant?.id);
    // The photo is stored in the commune's tenant (its data controller), checked by content.
    const files = await t.services.db
      .selectFrom('request_attachment')
      .innerJoin('stored_file', 'stored_file.id', 'request_attachment.stored_file_id')
      .select(['stored_file.tenant_id', 'stored_file.media_type'])
      .where('request_id', '=', stored.id)
      .execute();
    expect(files).toEqual([{ tenant_id: commune.tenant?.id, media_type: 'image/png' }]);
    await t.worker.drain();
    await smtp.waitFor(1);
    expect(
      smtp.messages.some(
        (m) => m.subject?.includes(body.number) && m.text?.includes("Ce signalement n'appelle pas de décision"),
      ),
    ).toBe(true);
  });

  it('answers a retried call with the same request, never a second one; a reused key with another body is a 409', async () => {
    const first = await post(report.slug, validBody(), { 'idempotency-key': 'mobile-0002-bbbb' });
    const retry = await post(report.slug, validBody(), { 'idempotency-key': 'mobile-0002-bbbb' });
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json().number).toBe(first.json().number);
    const parallel = await Promise.all(
      [1, 2, 3].map(() => post(report.slug, validBody(), { 'idempotency-key': 'mobile-0003-cccc' })),
    );
    expect(new Set(parallel.map((r) => r.json().number)).size).toBe(1);
    const count = await t.services.db
      .selectFrom('request')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('idempotency_key', '=', 'mobile-0003-cccc')
      .executeTakeFirst();
    expect(Number(count?.n)).toBe(1);
    const other = await post(
      report.slug,
      { ...validBody(), answers: { ...validBody().answers, description: 'Autre chose' } },
      { 'idempotency-key': 'mobile-0002-bbbb' },
    );
    expect(other.statusCode).toBe(409);
    expect(other.json().code).toBe('conflict');
  });

  it('lists every invalid field in a 422 problem+json, and stores nothing', async () => {
    const before = await t.services.db
      .selectFrom('request')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('eservice_id', '=', report.eservice.id)
      .executeTakeFirst();
    const response = await post(
      report.slug,
      {
        answers: {
          categorie: 'inconnue',
          description: '<img src=x onerror=alert(1)>',
          lieu: { lat: 'nord' },
          photo: { name: 'photo.png', contentBase64: Buffer.from('pas une image').toString('base64') },
          couleur: 'bleu',
        },
      },
      {},
    );
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = response.json();
    expect(problem.code).toBe('validation_failed');
    const fields = Object.fromEntries(
      problem.errors.map((e: { field: string; message: string }) => [e.field, e.message]),
    );
    expect(fields['Idempotency-Key']).toContain('obligatoire');
    expect(fields['answers.categorie']).toBe('« Catégorie » : Choisissez parmi les réponses proposées.');
    expect(fields['answers.description']).toContain('« Description » : Retirez les balises HTML');
    expect(fields['answers.lieu']).toContain('« Lieu » : Indiquez une latitude et une longitude');
    expect(fields['answers.photo']).toContain("n'est pas d'un type accepté");
    expect(fields['answers.couleur']).toContain("n'existe pas");
    expect(fields.contactEmail).toContain('obligatoire sans compte');
    const after = await t.services.db
      .selectFrom('request')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('eservice_id', '=', report.eservice.id)
      .executeTakeFirst();
    expect(after?.n).toBe(before?.n);
  });

  it('asks for authentication where the service needs an account, and accepts the citizen session (bearer tokens come with the identity service)', async () => {
    const anonymous = await post(
      accountOnly.slug,
      { answers: { objet: 'Test' } },
      { 'idempotency-key': 'mobile-0004-dddd' },
    );
    expect(anonymous.statusCode).toBe(401);
    const bearer = await post(
      accountOnly.slug,
      { answers: { objet: 'Test' } },
      { 'idempotency-key': 'mobile-0004-dddd', authorization: 'Bearer inconnu' },
    );
    expect(bearer.statusCode).toBe(401);
    const user = await buildUser(t.services);
    const client = t.client();
    await client.login(user.email, user.password);
    const signedIn = await post(
      accountOnly.slug,
      { answers: { objet: 'Test' } },
      { 'idempotency-key': 'mobile-0004-dddd', cookie: client.cookieHeader, origin: t.services.config.publicUrl },
    );
    expect(signedIn.statusCode).toBe(201);
    expect(signedIn.json().acknowledgement.implicitDecision).toMatchObject({ rule: 'rejection', date: '2027-01-30' });
    expect(signedIn.json().acknowledgement.paragraphs.join(' ')).toContain('tribunal administratif de Lyon');
  });

  it('is documented in the OpenAPI description', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.paths['/api/services/{slug}/requests'].post.operationId).toBe('submitRequest');
    expect(doc.paths['/api/services'].get.operationId).toBe('searchServices');
  });
});
