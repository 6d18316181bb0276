import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCommune, buildUser } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import { withTenant } from '../db/tenant-scope.ts';
import { readMetropole, slugify } from './seed-tenants.ts';
import { setSubscription } from './tenancy.repo.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext({ env: { TENANT_HOSTS: 'demarches.givors.example=givors' } });
});
afterAll(async () => t.close());

describe('the metropolis and its 58 communes (issue 2 §3)', () => {
  it('seeds every member of EPCI 200046977 with INSEE code, SIREN, slug and population', async () => {
    const communes = await t.services.db
      .selectFrom('tenant')
      .selectAll()
      .where('kind', '=', 'commune')
      .where('insee_code', 'is not', null)
      .execute();
    const members = readMetropole().communes;
    expect(members).toHaveLength(58);
    for (const member of members) {
      const row = communes.find((c) => c.insee_code === member.inseeCode);
      expect(row, member.name).toMatchObject({
        name: member.name,
        siren: member.siren,
        slug: member.slug,
        population: member.population,
      });
    }
    const givors = communes.find((c) => c.slug === 'givors');
    expect(givors).toMatchObject({ insee_code: '69091', siren: '216900910', population_year: 2026 });
    const metropole = await t.services.db
      .selectFrom('tenant')
      .selectAll()
      .where('kind', '=', 'metropole')
      .executeTakeFirstOrThrow();
    expect(metropole).toMatchObject({ slug: 'metropole', siren: '200046977', name: 'Métropole de Lyon' });
  });

  it('gives each commune one subscription row per shared service', async () => {
    const rows = await t.services.db
      .selectFrom('subscription')
      .innerJoin('tenant', 'tenant.id', 'subscription.tenant_id')
      .select(['tenant.slug', 'subscription.service'])
      .where('tenant.slug', '=', 'venissieux')
      .execute();
    expect(rows.map((r) => r.service).sort()).toEqual(['geonet', 'laclasse', 'opendata', 'toodego']);
  });

  it('makes slugs from French names', () => {
    expect(slugify('Rillieux-la-Pape')).toBe('rillieux-la-pape');
    expect(slugify('Sainte-Foy-lès-Lyon')).toBe('sainte-foy-les-lyon');
    expect(slugify("Saint-Germain-au-Mont-d'Or")).toBe('saint-germain-au-mont-d-or');
  });
});

describe('resolving the tenant of a request (issue 2 §3)', () => {
  it('opens a commune by its path prefix', async () => {
    const response = await t.app.inject('/c/venissieux/');
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<h1>Vénissieux</h1>');
  });

  it('answers an unknown commune with a French 404 page', async () => {
    const response = await t.app.inject('/c/atlantide/');
    expect(response.statusCode).toBe(404);
    expect(response.body).toContain('Aucune commune ne correspond à cette adresse');
  });

  it('opens a commune by a configured host name, and keeps links relative to it', async () => {
    const response = await t.app.inject({ url: '/', headers: { host: 'demarches.givors.example' } });
    expect(response.body).toContain('<h1>Givors</h1>');
    expect(response.body).toContain('href="/theme.css');
  });

  it('opens a commune by a host name recorded by an operator', async () => {
    const commune = await buildCommune(t.services, { toodego: 'abonne' });
    await t.services.db
      .updateTable('tenant')
      .set({ host_names: ['services.ma-commune.example'] })
      .where('id', '=', commune.id)
      .execute();
    t.services.tenants.invalidate();
    const response = await t.app.inject({ url: '/', headers: { host: 'services.ma-commune.example' } });
    expect(response.body).toContain(`<h1>${commune.name}</h1>`);
  });

  it('serves the metropolis everywhere else', async () => {
    const response = await t.app.inject({ url: '/', headers: { host: 'autre.example' } });
    expect(response.body).toContain('Les services numériques de la Métropole de Lyon et de ses communes');
  });

  it("serves a test instance only while its commune's offer includes one", async () => {
    const commune = await buildCommune(t.services, { toodego: 'partenaire' });
    const operator = await buildUser(t.services, {
      grants: [{ tenant: await t.services.tenants.metropole(), role: 'operator' }],
    });
    const client = t.client();
    await client.login(operator.email, operator.password);
    const saved = await client.submit(`/admin/communes/${commune.slug}`, `/admin/communes/${commune.slug}`, {
      toodego: 'partenaire',
    });
    expect(saved.statusCode).toBe(303);
    const test = await t.app.inject(`/c/${commune.slug}-test/`);
    expect(test.statusCode).toBe(200);
    expect(test.body).toContain('Instance de test');
    await setSubscription(t.services.db, {
      tenantId: commune.id,
      service: 'toodego',
      offer: 'abonne',
      since: null,
      at: t.clock.now(),
    });
    t.services.tenants.invalidate();
    expect((await t.app.inject(`/c/${commune.slug}-test/`)).statusCode).toBe(404);
  });
});

describe('row-level security, the second lock (issue 2 §3, P6)', () => {
  it('shows a tenant scope only its own rows, even to a query without a tenant filter', async () => {
    const a = await buildCommune(t.services, { toodego: 'partenaire' });
    const b = await buildCommune(t.services, { toodego: 'abonne' });
    await buildUser(t.services, { grants: [{ tenant: a, role: 'agent' }] });
    await buildUser(t.services, { grants: [{ tenant: b, role: 'agent' }] });
    const seen = await withTenant(t.services.db, a.id, (trx) =>
      trx.selectFrom('role_assignment').select('tenant_id').execute(),
    );
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((r) => r.tenant_id === a.id)).toBe(true);
    const subscriptions = await withTenant(t.services.db, a.id, (trx) =>
      trx.selectFrom('subscription').select('tenant_id').execute(),
    );
    expect(new Set(subscriptions.map((s) => s.tenant_id))).toEqual(new Set([a.id]));
  });

  it("refuses to write a row for another tenant from a tenant's scope", async () => {
    const a = await buildCommune(t.services);
    const b = await buildCommune(t.services);
    const attempt = withTenant(t.services.db, a.id, (trx) =>
      trx
        .updateTable('subscription')
        .set({ offer: 'partenaire' })
        .where('tenant_id', '=', b.id)
        .where('service', '=', 'toodego')
        .execute(),
    );
    const result = await attempt;
    expect(Number(result[0]?.numUpdatedRows)).toBe(0);
    const insert = withTenant(t.services.db, a.id, (trx) =>
      trx
        .insertInto('audit_event')
        .values({ occurred_at: t.clock.now(), actor_label: 'x', tenant_id: b.id, action: 'test', details: '{}' })
        .execute(),
    );
    await expect(insert).rejects.toThrow(/row-level security/);
  });

  it('runs tenant scopes as a role without the right to bypass the policies', async () => {
    const a = await buildCommune(t.services);
    const role = await withTenant(t.services.db, a.id, async (trx) => {
      const result = await sql<{ role: string; bypass: boolean }>`
        SELECT current_user AS role, rolbypassrls AS bypass FROM pg_roles WHERE rolname = current_user`.execute(trx);
      return result.rows[0];
    });
    expect(role).toEqual({ role: 'communs_app', bypass: false });
  });
});
