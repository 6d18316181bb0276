import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCommune, buildOperator, buildUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { buildEService, REPORT_FORM, REPORT_SETTINGS } from '../../../test/requests-factories.ts';
import type { TestClient } from '../../../test/support/test-client.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';

let t: TestContext;
let communeA: ResolvedTenant;
let communeB: ResolvedTenant;
const keyword = `mot${randomBytes(3).toString('hex')}`;
const titleA = `Inscription à la cantine ${keyword} A`;
const titleB = `Permis de végétaliser ${keyword} B`;
const titleMetropole = `Collecte des encombrants ${keyword}`;

beforeAll(async () => {
  t = await createTestContext();
  communeA = await buildCommune(t.services, { toodego: 'partenaire' });
  communeB = await buildCommune(t.services, { toodego: 'partenaire' });
  const metropole = await t.services.tenants.metropole();
  const owner = { ...REPORT_SETTINGS, routing: { mode: 'owner' as const } };
  await buildEService(t.services, communeA, { form: REPORT_FORM, settings: owner, title: titleA, keywords: [keyword] });
  await buildEService(t.services, communeB, { form: REPORT_FORM, settings: owner, title: titleB, keywords: [keyword] });
  await buildEService(t.services, metropole, {
    form: REPORT_FORM,
    settings: owner,
    title: titleMetropole,
    keywords: [keyword],
  });
});
afterAll(async () => {
  await t?.close();
});

async function loggedIn(email: string): Promise<TestClient> {
  return t.signedIn(email, TEST_PASSWORD);
}

/** The sections drawn as cards, each with its content. */
const cardsOf = (html: string) =>
  [...html.matchAll(/<section class="card"[^>]*>([\s\S]*?)<\/section>/g)].map((m) => m[1]);

/** The paths of a page's main content links (the header and footer are the same everywhere). */
function mainLinks(html: string): string[] {
  const main = /<main[^>]*>([\s\S]*?)<\/main>/.exec(html)?.[1] ?? '';
  return [...main.matchAll(/<a\b[^>]*href="([^"]+)"/g)].map((m) => m[1] ?? '');
}

describe('home pages and site map (issue 13 §12)', () => {
  it('offers a search box on the home pages, and every card of the metropolis’s home leads somewhere', async () => {
    const home = (await t.client().get('/')).body;
    expect(home).toMatch(
      /<form[^>]*role="search"[^>]*action="\/demarches"|<form[^>]*action="\/demarches"[^>]*role="search"/,
    );
    expect(home).toMatch(/<input[^>]*name="q"/);
    const cards = cardsOf(home);
    expect(cards.length).toBeGreaterThan(0);
    for (const card of cards) expect(card).toMatch(/<a\b[^>]*href=|<form\b/);

    const communeHome = (await t.client().get(`/c/${communeA.slug}/`)).body;
    expect(communeHome).toMatch(new RegExp(`<form[^>]*action="/c/${communeA.slug}/demarches"`));
  });

  it('lists every section a visitor may reach in the site map, by who the visitor is', async () => {
    const anonymous = mainLinks((await t.client().get('/plan-du-site')).body);
    for (const path of [
      '/',
      '/demarches',
      '/suivi',
      '/signalements',
      '/communes',
      '/connexion',
      '/inscription',
      '/mot-de-passe-oublie',
      '/identite/kit',
      '/accessibilite',
      '/api/openapi.json',
      '/donnees',
      '/donnees/actualites',
    ])
      expect(anonymous).toContain(path);

    const admin = await buildUser(t.services, {
      grants: [
        { tenant: communeA, role: 'admin' },
        { tenant: communeA, role: 'agent' },
      ],
    });
    const adminMap = mainLinks((await (await loggedIn(admin.email)).get(`/c/${communeA.slug}/plan-du-site`)).body);
    for (const path of ['/mes-demandes', '/notifications', '/compte', '/gru/demandes', '/admin', '/donnees'])
      expect(adminMap).toContain(`/c/${communeA.slug}${path}`);
    expect(adminMap).not.toContain(`/c/${communeA.slug}/inscription`);
    // The pétale space (G9) is one commune's, Lyon's unless the operators chose another: linked there only.
    expect(adminMap).not.toContain('/petale');
    const lyonMap = mainLinks((await (await loggedIn(admin.email)).get('/c/lyon/plan-du-site')).body);
    expect(lyonMap).toContain('/c/lyon/petale');

    const operator = await buildOperator(t.services);
    const operatorMap = mainLinks((await (await loggedIn(operator.email)).get('/plan-du-site')).body);
    expect(operatorMap).toContain('/admin');
  });

  it('lists the commune’s own services on its home page', async () => {
    const home = (await t.client().get(`/c/${communeA.slug}/`)).body;
    expect(home).toContain(titleA);
    expect(home).not.toContain(titleB);
  });

  it('keeps another commune’s own services out of a commune’s catalogue, the metropolis’s services in', async () => {
    const catalogue = (await t.client().get(`/c/${communeA.slug}/demarches?q=${keyword}`)).body;
    expect(catalogue).toContain(titleA);
    expect(catalogue).toContain(titleMetropole);
    expect(catalogue).not.toContain(titleB);
    // The metropolis's portal still lists everyone's.
    const portal = (await t.client().get(`/demarches?q=${keyword}`)).body;
    for (const title of [titleA, titleB, titleMetropole]) expect(portal).toContain(title);
  });

  it('links client registrations and the portal connection kit from the operators’ console and a commune’s administration', async () => {
    const operator = await buildOperator(t.services);
    const console = mainLinks((await (await loggedIn(operator.email)).get('/admin')).body);
    expect(console).toContain('/admin/identite');
    expect(console).toContain('/identite/kit');
    // Issue 15 §7 (T12): the moderation of public reports, for the operators and each commune's administrators.
    expect(console).toContain('/admin/signalements');

    const admin = await buildUser(t.services, { grants: [{ tenant: communeA, role: 'admin' }] });
    const page = (await (await loggedIn(admin.email)).get(`/c/${communeA.slug}/admin`)).body;
    expect(mainLinks(page)).toContain(`/c/${communeA.slug}/admin/identite`);
    expect(mainLinks(page)).toContain(`/c/${communeA.slug}/identite/kit`);
    expect(mainLinks(page)).toContain(`/c/${communeA.slug}/admin/signalements`);
    // No card of the administration's home is left without content.
    for (const card of cardsOf(page)) expect(card).not.toMatch(/<ul>\s*<\/ul>/);
  });
});
