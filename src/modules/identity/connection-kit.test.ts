import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCommune, buildOperator, buildUser } from '../../../test/factories.ts';
import { startIdentityServer } from '../../../test/identity/identity-server.ts';
import type { TestClient } from '../../../test/support/test-client.ts';
import type { TestContext } from '../../../test/support/test-context.ts';
import { seedDemo } from '../../demo/seed-demo.ts';
import { findClient } from './clients.repo.ts';
import { recordServiceConsent } from './record-service-consent.ts';
import { writeAttribute } from './identity.repo.ts';
import { getConsentedAttributes } from './released-claims.ts';

// The connection kit — a commune asks, an operator approves, the secret is shown once and kept
// encrypted, and it works for a real client; the demo portal; the documentation page.
let t: TestContext;
let baseUrl: string;

beforeAll(async () => {
  ({ t, baseUrl } = await startIdentityServer());
});
afterAll(async () => t?.close());

async function loggedIn(account: { email: string; password: string }, base = ''): Promise<TestClient> {
  return t.signedIn(account.email, account.password, base);
}

async function clientCredentials(id: string, secret: string) {
  const config = await client.discovery(new URL(`${baseUrl}/oidc`), id, secret, client.ClientSecretBasic(secret), {
    execute: [client.allowInsecureRequests],
  });
  return client.clientCredentialsGrant(config, { scope: 'identity:deleted_accounts' });
}

describe('a commune connects its portal (G5)', () => {
  it('asks, an operator approves, the administrator generates the secret shown once, and a real client uses it', async () => {
    const commune = await buildCommune(t.services, { toodego: 'abonne', name: 'Commune du kit' });
    const admin = await buildUser(t.services, { grants: [{ tenant: commune, role: 'admin' }] });
    const adminClient = await loggedIn(admin, `/c/${commune.slug}`);
    const base = `/c/${commune.slug}`;

    const invalid = await adminClient.submit(`${base}/admin/identite/nouveau`, `${base}/admin/identite/nouveau`, {
      name: 'Portail',
      redirectUris: 'http://portail.example.fr/callback',
    });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.body).toContain('doit commencer par https://');
    const mixed = await adminClient.submit(`${base}/admin/identite/nouveau`, `${base}/admin/identite/nouveau`, {
      name: 'Portail',
      redirectUris: 'https://a.example.fr/callback\nhttps://b.example.fr/callback',
    });
    expect(mixed.body).toContain('même site');

    const requested = await adminClient.submit(`${base}/admin/identite/nouveau`, `${base}/admin/identite/nouveau`, {
      name: 'Portail famille',
      redirectUris: 'https://famille.commune-du-kit.fr/callback',
      postLogoutRedirectUris: 'https://famille.commune-du-kit.fr/',
      scopes: ['profile', 'email'],
      serviceApi: 'oui',
    });
    expect(requested.statusCode).toBe(303);
    const id = requested.headers.location!.match(/\/admin\/identite\/([^?]+)/)![1]!;
    expect((await findClient(t.services.db, id))?.status).toBe('pending');
    // Pending: no secret to generate, and the provider does not know the client.
    expect((await adminClient.post(`${base}/admin/identite/${id}/secret`, {})).statusCode).toBe(404);

    const operator = await loggedIn(await buildOperator(t.services));
    const list = await operator.get('/admin/identite');
    expect(list.body).toContain('Portail famille');
    expect(list.body).toContain('En attente d’approbation');
    const approved = await operator.submit(`/admin/identite/${id}`, `/admin/identite/${id}/approbation`, {});
    expect(approved.headers.location).toBe(`/admin/identite/${id}?fait=approuve`);

    const shown = await adminClient.submit(`${base}/admin/identite/${id}`, `${base}/admin/identite/${id}/secret`, {});
    expect(shown.statusCode).toBe(200);
    expect(shown.headers['cache-control']).toBe('no-store');
    const secret = /<code class="secret">([^<]+)<\/code>/.exec(shown.body)![1]!;
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(shown.body).toContain('il ne sera plus jamais affiché');
    const later = await adminClient.get(`${base}/admin/identite/${id}`);
    expect(later.body).not.toContain(secret);
    const stored = await findClient(t.services.db, id);
    expect(stored?.secret_ciphertext).toBeTruthy();
    expect(stored?.secret_ciphertext).not.toContain(secret);

    expect((await clientCredentials(id, secret)).access_token).toBeTruthy();

    // A new secret replaces the old one at once.
    const renewed = await adminClient.submit(`${base}/admin/identite/${id}`, `${base}/admin/identite/${id}/secret`, {});
    const newSecret = /<code class="secret">([^<]+)<\/code>/.exec(renewed.body)![1]!;
    await expect(clientCredentials(id, secret)).rejects.toThrow();
    expect((await clientCredentials(id, newSecret)).access_token).toBeTruthy();

    // Disabled by an operator: nothing works any more.
    await operator.submit(`/admin/identite/${id}`, `/admin/identite/${id}/desactivation`, {});
    await expect(clientCredentials(id, newSecret)).rejects.toThrow();
  });

  it('lets an operator register a portal for any collectivity, the secret shown in that one response', async () => {
    const commune = await buildCommune(t.services, { toodego: 'partenaire', name: 'Commune opérée' });
    const operator = await loggedIn(await buildOperator(t.services));
    const response = await operator.submit('/admin/identite/nouveau', '/admin/identite/nouveau', {
      tenantId: commune.id,
      name: 'Portail des démarches',
      redirectUris: 'https://demarches.commune-operee.fr/oidc',
      scopes: ['profile'],
    });
    expect(response.statusCode).toBe(201);
    expect(response.body).toContain('Secret du portail');
    const client = await t.services.db
      .selectFrom('oidc_client')
      .selectAll()
      .where('tenant_id', '=', commune.id)
      .executeTakeFirstOrThrow();
    expect(client).toMatchObject({ status: 'active', sector: 'demarches.commune-operee.fr', scopes: ['profile'] });
  });

  it('is refused to a commune without a Toodego offer (identity propagation is part of every offer)', async () => {
    const commune = await buildCommune(t.services, { name: 'Commune non adhérente' });
    const admin = await buildUser(t.services, { grants: [{ tenant: commune, role: 'admin' }] });
    const adminClient = await loggedIn(admin, `/c/${commune.slug}`);
    const response = await adminClient.get(`/c/${commune.slug}/admin/identite`);
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain("n'est pas comprise dans l'offre");
  });

  it('documents endpoints, scopes, claims and a worked example', async () => {
    const page = await t.client().get('/identite/kit');
    expect(page.statusCode).toBe(200);
    for (const text of [
      `${baseUrl}/oidc/.well-known/openid-configuration`,
      `${baseUrl}/oidc/token`,
      'identite_pivot',
      'birthcountry',
      'client.buildAuthorizationUrl',
      '/api/identity/deleted-accounts',
    ]) {
      expect(page.body).toContain(text);
    }
  });
});

describe('demo data (issue 3 §4)', () => {
  it('registers demo-portal with the documented default secret, usable at once', async () => {
    await seedDemo(t.services, t.services.config);
    const demo = await findClient(t.services.db, 'demo-portal');
    expect(demo).toMatchObject({
      status: 'active',
      redirect_uris: ['http://localhost:4000/callback'],
      scopes: ['profile', 'email'],
    });
    expect(t.services.config.identity.demoClientSecret).toBe('demo-portal-secret-2026');
    expect((await clientCredentials('demo-portal', 'demo-portal-secret-2026')).access_token).toBeTruthy();
    // Seeding again changes nothing.
    await seedDemo(t.services, t.services.config);
    expect((await findClient(t.services.db, 'demo-portal'))?.secret_ciphertext).toBe(demo?.secret_ciphertext);
  });
});

describe('prefill for other modules (G4)', () => {
  it('gives an e-service only the attributes the citizen consented to, with their provenance', async () => {
    const user = await buildUser(t.services);
    const at = t.clock.now();
    await writeAttribute(
      t.services.db,
      user.id,
      { name: 'given_name', value: 'Inès', source: 'franceconnect', verifiedAt: at, acr: 'eidas1' },
      at,
    );
    await writeAttribute(
      t.services.db,
      user.id,
      { name: 'birthdate', value: '1999-12-31', source: 'self', verifiedAt: null, acr: null },
      at,
    );
    expect(await getConsentedAttributes(t.services, user.id, 'service:toodego')).toEqual([]);
    await recordServiceConsent(t.services, {
      userId: user.id,
      service: 'toodego',
      serviceName: 'Toodego',
      requested: ['given_name', 'birthdate', 'email'],
      approved: ['given_name', 'email'],
      wording: 'Préremplir mes démarches avec mon identité',
      ip: null,
    });
    const attributes = await getConsentedAttributes(t.services, user.id, 'service:toodego');
    expect(attributes).toEqual([
      {
        attribute: 'given_name',
        value: 'Inès',
        provenance: { source: 'franceconnect', verifiedAt: at, acr: 'eidas1' },
      },
      { attribute: 'email', value: user.email, provenance: expect.objectContaining({ source: 'self' }) },
    ]);
  });
});
