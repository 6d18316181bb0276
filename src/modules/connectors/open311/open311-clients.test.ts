import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOperator, buildUser } from '../../../../test/factories.ts';
import { Open311Client, Open311ClientError } from '../../../../test/fakes/open311-client.ts';
import { buildEService, buildGeoCommune, REPORT_FORM, REPORT_SETTINGS } from '../../../../test/requests-factories.ts';
import { createTestContext, type TestContext } from '../../../../test/support/test-context.ts';

// The page where a commune issues and revokes its Open311 clients' API keys (issue 15 §3), driven over HTTP; the keys
// are then used by a client written from the GeoReport v2 specification against our running server.
let t: TestContext;
let endpoint: string;
let report: Awaited<ReturnType<typeof buildEService>>;

beforeAll(async () => {
  t = await createTestContext();
  report = await buildEService(t.services, await t.services.tenants.metropole(), {
    form: REPORT_FORM,
    settings: REPORT_SETTINGS,
    mutualised: true,
    access: 'anonymous',
  });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const address = t.app.server.address();
  endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/open311/v2/`;
});
afterAll(async () => t?.close());

async function communeWithAdmin() {
  const commune = await buildGeoCommune(t.services, { offer: 'partenaire' });
  if (!commune.tenant) throw new Error('a member commune was expected');
  const admin = await buildUser(t.services, { grants: [{ tenant: commune.tenant, role: 'admin' }] });
  const client = await t.signedIn(admin.email, admin.password, `/c/${commune.tenant.slug}`);
  return { commune, tenant: commune.tenant, client, page: `/c/${commune.tenant.slug}/admin/open311` };
}

const keyIn = (body: string) => /<code id="cle-open311" class="secret">([^<]+)<\/code>/.exec(body)?.[1];

describe('the Open311 API keys page (issue 15 §3)', () => {
  it('issue 15 §3: an administrator creates a key shown once, it posts a request, is revoked on the page, then refused in Open311’s format', async () => {
    const { commune, tenant, client, page } = await communeWithAdmin();
    expect((await client.get(`/c/${tenant.slug}/admin`)).body).toContain(`href="${page}"`);
    const empty = await client.get(page);
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('Aucune clé d’accès n’a encore été créée.');

    const created = await client.post(page, { name: 'Application mobile de la commune' });
    expect(created.statusCode).toBe(200);
    expect(created.headers['cache-control']).toContain('no-store');
    const apiKey = keyIn(created.body);
    expect(apiKey).toMatch(/^[\w-]{40,}$/);
    expect(created.body).toContain('elle ne sera plus jamais affichée');
    expect(created.body).toContain('<code>api_key</code>');
    expect(created.body).toContain(`jurisdiction_id=${tenant.slug}`);

    // Listed by its name and last four characters only, never whole again.
    const listed = await client.get(page);
    expect(listed.body).toContain('Application mobile de la commune');
    expect(listed.body).toContain(`…${apiKey?.slice(-4)}`);
    expect(listed.body).toContain('En service');
    expect(listed.body).not.toContain(apiKey);

    const open311 = new Open311Client(endpoint, { jurisdictionId: tenant.slug, apiKey: apiKey ?? '' });
    const post = () =>
      open311.postRequest({
        serviceCode: report.slug,
        lat: commune.point.lat,
        long: commune.point.lon,
        email: 'usager@example.org',
        description: 'Lampadaire éteint rue de la Mairie',
        attributes: { categorie: 'eclairage' },
      });
    const [taken] = await post();
    expect(taken?.service_request_id).toMatch(/^[A-Z0-9]+-2026-\d+$/);

    const row = await t.services.db
      .selectFrom('open311_client')
      .selectAll()
      .where('tenant_id', '=', tenant.id)
      .executeTakeFirstOrThrow();
    expect(row.key_last4).toBe(apiKey?.slice(-4));
    const revoked = await client.post(`${page}/${row.id}/revocation`, {});
    expect(revoked.statusCode).toBe(303);
    expect(revoked.headers.location).toBe(`${page}?revoque=${row.id}`);
    const after = await client.get(`${page}?revoque=${row.id}`);
    expect(after.body).toContain('est révoquée : notre serveur Open311 la refuse désormais.');
    expect(after.body).toContain('Révoquée le');
    expect(after.body).not.toContain('>Révoquer<');

    const refused = await post().then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(Open311ClientError);
    expect((refused as Open311ClientError).status).toBe(403);
    expect((refused as Open311ClientError).errors).toEqual([
      { code: 403, description: 'api_key invalid for this jurisdiction_id' },
    ]);

    // Both changes audited, by name, never with the key.
    const audit = await t.services.db
      .selectFrom('audit_event')
      .selectAll()
      .where('tenant_id', '=', tenant.id)
      .where('action', 'like', 'open311.client.%')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['open311.client.create', 'open311.client.revoke']);
    expect(JSON.stringify(audit)).toContain('Application mobile de la commune');
    expect(JSON.stringify(audit)).not.toContain(apiKey);
  });

  it('issue 15 §3: another commune’s administrator neither sees nor revokes the key; the form needs its CSRF token', async () => {
    const a = await communeWithAdmin();
    const b = await communeWithAdmin();
    await a.client.post(a.page, { name: 'Outil de voirie de A' });
    const row = await t.services.db
      .selectFrom('open311_client')
      .select('id')
      .where('tenant_id', '=', a.tenant.id)
      .executeTakeFirstOrThrow();

    expect((await b.client.get(a.page)).statusCode).toBe(404);
    expect((await b.client.get(b.page)).body).not.toContain('Outil de voirie de A');
    expect((await b.client.post(`${a.page}/${row.id}/revocation`, {})).statusCode).toBe(404);
    expect((await b.client.post(`${b.page}/${row.id}/revocation`, {})).statusCode).toBe(404);
    const withoutToken = await a.client.post(`${a.page}/${row.id}/revocation`, {}, { withCsrf: false });
    expect(withoutToken.statusCode).toBe(403);
    const still = await t.services.db
      .selectFrom('open311_client')
      .select('revoked_at')
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(still.revoked_at).toBeNull();
  });

  it('issue 15 §3: an empty or over-long name gets its French error beside the field, and nothing is created', async () => {
    const { tenant, client, page } = await communeWithAdmin();
    await client.get(page);
    const empty = await client.post(page, { name: '   ' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('Donnez un nom à ce client');
    expect(empty.body).toContain('aria-invalid="true"');
    const long = await client.post(page, { name: 'x'.repeat(101) });
    expect(long.statusCode).toBe(422);
    expect(long.body).toContain('Le nom du client tient en 100 caractères au plus');
    const rows = await t.services.db
      .selectFrom('open311_client')
      .select('id')
      .where('tenant_id', '=', tenant.id)
      .execute();
    expect(rows).toEqual([]);
  });

  it('issue 15 §3: the metropolis’s keys are its operators’, on its instance only', async () => {
    const operator = await buildOperator(t.services);
    const client = await t.signedIn(operator.email, operator.password);
    expect((await client.get('/admin')).body).toContain('href="/admin/open311"');
    const created = await client.post('/admin/open311', { name: 'Application de la Métropole' });
    expect(created.statusCode).toBe(200);
    const metropole = await t.services.tenants.metropole();
    expect(created.body).toContain(`jurisdiction_id=${metropole.slug}`);
    const someone = await buildUser(t.services);
    const citizen = await t.signedIn(someone.email, someone.password);
    expect((await citizen.get('/admin/open311')).statusCode).toBe(404);
  });
});
