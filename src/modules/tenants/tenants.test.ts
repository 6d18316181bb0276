import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCommune, buildOperator, buildUser } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import { contrastRatio, themeContrastPairs } from '../../platform/views/contrast.ts';
import { colourProblem } from './update-theme.ts';

// A valid 1×1 PNG, and a text file that only pretends to be one.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const FAKE_PNG = Buffer.from('<svg onload="alert(1)"></svg>');

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t.close());

async function adminOf(commune: { id: string; slug: string }) {
  const admin = await buildUser(t.services, { grants: [{ tenant: commune, role: 'admin' }] });
  const client = t.client();
  await client.login(admin.email, admin.password, `/c/${commune.slug}`);
  return client;
}

describe("a Partenaire commune's graphic charter (T15)", () => {
  it('sets a colour and a logo that every page of the instance then shows', async () => {
    const commune = await buildCommune(t.services, { toodego: 'partenaire' });
    const client = await adminOf(commune);
    await client.get(`/c/${commune.slug}/admin/apparence`);
    const response = await client.postMultipart(
      `/c/${commune.slug}/admin/apparence`,
      { primary: '#1D4E2A' },
      { logo: { filename: 'logo.png', contentType: 'image/png', bytes: PNG } },
    );
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/c/${commune.slug}/admin/apparence/apercu`);
    // Nothing changes for the public before the administrator publishes what the preview shows.
    expect((await t.app.inject(`/c/${commune.slug}/theme.css`)).body).toContain('--color-primary: #0b4f9c;');
    expect((await t.app.inject(`/c/${commune.slug}/`)).body).not.toContain('brand__logo');
    const preview = await client.get(`/c/${commune.slug}/admin/apparence/apercu`);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('#1d4e2a');
    expect(preview.body).toContain(`/c/${commune.slug}/admin/apparence/apercu/logo?v=`);
    const scoped = await client.get(`/c/${commune.slug}/admin/apparence/apercu.css`);
    expect(scoped.body).toContain('.theme-preview {');
    expect(scoped.body).toContain('--color-primary: #1d4e2a;');
    const draftLogo = await client.get(`/c/${commune.slug}/admin/apparence/apercu/logo`);
    expect(Buffer.compare(draftLogo.rawPayload, PNG)).toBe(0);
    const published = await client.submit(
      `/c/${commune.slug}/admin/apparence/apercu`,
      `/c/${commune.slug}/admin/apparence/publier`,
      {},
    );
    expect(published.statusCode).toBe(303);
    expect(published.headers.location).toBe(`/c/${commune.slug}/admin/apparence?fait=1`);
    const audit = await t.services.db
      .selectFrom('audit_event')
      .select('action')
      .where('tenant_id', '=', commune.id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['tenant.theme.draft', 'tenant.theme.update']);
    const css = await t.app.inject(`/c/${commune.slug}/theme.css`);
    expect(css.body).toContain('--color-primary: #1d4e2a;');
    const home = await t.app.inject(`/c/${commune.slug}/`);
    expect(home.body).toMatch(new RegExp(`<img class="brand__logo" src="/c/${commune.slug}/logo\\?v=`));
    const logo = await t.app.inject(`/c/${commune.slug}/logo`);
    expect(logo.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(logo.rawPayload, PNG)).toBe(0);
    // The metropolis keeps its own identity.
    expect((await t.app.inject('/theme.css')).body).toContain('--color-primary: #0b4f9c;');
  });

  it('refuses a colour that white text cannot be read on, naming the contrast', async () => {
    const commune = await buildCommune(t.services, { toodego: 'partenaire' });
    const client = await adminOf(commune);
    const response = await client.submit(`/c/${commune.slug}/admin/apparence`, `/c/${commune.slug}/admin/apparence`, {
      primary: '#ffcc00',
    });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('Cette couleur est trop claire');
    expect(response.body).toMatch(/contraste 1,\d+:1/);
  });

  it('refuses a colour legible in white text but not as text on the light backgrounds, naming where', async () => {
    const commune = await buildCommune(t.services, { toodego: 'partenaire' });
    const client = await adminOf(commune);
    // #2e7d32: 5.1:1 under white text, but as text on the information boxes it falls to 4.4:1.
    expect(contrastRatio('#2e7d32', '#ffffff')).toBeGreaterThan(4.5);
    const response = await client.submit(`/c/${commune.slug}/admin/apparence`, `/c/${commune.slug}/admin/apparence`, {
      primary: '#2e7d32',
    });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('la couleur en texte sur les encadrés d');
    expect(response.body).toContain('(contraste 4,43:1, il faut au moins 4,5:1)');
  });

  it('publishes only colours whose every text and background pair reaches 4.5:1 (WCAG AA)', () => {
    for (const colour of ['#0b4f9c', '#1d4e2a', '#5a3e85', '#b3261e', '#000000', '#2e7d32', '#ffcc00', '#767676']) {
      const accepted = colourProblem(colour) === undefined;
      const pairs = themeContrastPairs(colour);
      // Every surface of the stylesheet and both shades are checked, white text included.
      expect(pairs).toHaveLength(8);
      expect(
        pairs.every((p) => p.ratio >= 4.5),
        colour,
      ).toBe(accepted);
    }
    expect(colourProblem('#0b4f9c')).toBeUndefined();
    expect(colourProblem('#767676')).toContain("n'est pas lisible");
  });

  it('refuses a file that is not an image, whatever its name and declared type', async () => {
    const commune = await buildCommune(t.services, { toodego: 'partenaire' });
    const client = await adminOf(commune);
    await client.get(`/c/${commune.slug}/admin/apparence`);
    const response = await client.postMultipart(
      `/c/${commune.slug}/admin/apparence`,
      { primary: '#0b4f9c' },
      { logo: { filename: 'logo.png', contentType: 'image/png', bytes: FAKE_PNG } },
    );
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain("Ce fichier n'est pas une image PNG, JPEG ou WebP.");
    expect(
      await t.services.db.selectFrom('stored_file').select('id').where('tenant_id', '=', commune.id).execute(),
    ).toHaveLength(0);
  });

  it('refuses a file over the size cap with a French message', async () => {
    const commune = await buildCommune(t.services, { toodego: 'partenaire' });
    const client = await adminOf(commune);
    await client.get(`/c/${commune.slug}/admin/apparence`);
    const response = await client.postMultipart(
      `/c/${commune.slug}/admin/apparence`,
      { primary: '#0b4f9c' },
      { logo: { filename: 'enorme.png', contentType: 'image/png', bytes: Buffer.alloc(6 * 1024 * 1024) } },
    );
    expect(response.statusCode).toBe(413);
    expect(response.body).toContain('dépasse la taille autorisée');
  });

  it('is not part of the Abonné offer', async () => {
    const commune = await buildCommune(t.services, { toodego: 'abonne' });
    const client = await adminOf(commune);
    const response = await client.get(`/c/${commune.slug}/admin/apparence`);
    expect(response.statusCode).toBe(403);
    expect(response.body).toContain("n'est pas comprise dans l'offre souscrite");
  });
});

describe('commune administration (T11)', () => {
  it("lists what the commune's offer includes and who holds a role", async () => {
    const commune = await buildCommune(t.services, { toodego: 'abonne' });
    const agent = await buildUser(t.services, { grants: [{ tenant: commune, role: 'agent' }], name: 'Agent Abonné' });
    const client = await adminOf(commune);
    const page = await client.get(`/c/${commune.slug}/admin`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Suivi et traitement des demandes usagers dans la GRU');
    expect(page.body).toContain('Gestion des accès agents par la Métropole');
    expect(page.body).not.toContain('Développement et publication par la commune');
    expect(page.body).toContain(agent.email);
    // Its administrator reaches the turnkey catalogue and the exit page from here, not the agents (the Métropole's).
    expect(page.body).toContain(`href="/c/${commune.slug}/admin/demarches-cle-en-main"`);
    expect(page.body).toContain(`href="/c/${commune.slug}/admin/sortie"`);
    expect(page.body).not.toContain(`href="/c/${commune.slug}/admin/agents"`);
  });
});

describe("operators record communes' subscriptions (T11)", () => {
  it('gives a new Partenaire commune its test instance, once', async () => {
    const commune = await buildCommune(t.services, { toodego: 'connecte' });
    const operator = await buildOperator(t.services);
    const client = t.client();
    await client.login(operator.email, operator.password);
    for (let i = 0; i < 2; i++) {
      const response = await client.submit(`/admin/communes/${commune.slug}`, `/admin/communes/${commune.slug}`, {
        toodego: 'partenaire',
      });
      expect(response.statusCode).toBe(303);
    }
    const instances = await t.services.db
      .selectFrom('tenant')
      .selectAll()
      .where('production_tenant_id', '=', commune.id)
      .execute();
    expect(instances).toHaveLength(1);
    expect(instances[0]).toMatchObject({ slug: `${commune.slug}-test`, environment: 'test' });
    const page = await client.get(`/admin/communes/${commune.slug}?fait=1`);
    expect(page.body).toContain('Les abonnements de la commune sont enregistrés.');
    expect(page.body).toContain(`/c/${commune.slug}-test/`);
    expect(page.body).toContain(`href="/c/${commune.slug}/admin/agents"`);
    expect(page.body).toContain(`href="/c/${commune.slug}/admin/sortie"`);
  });

  it('names each invalid field', async () => {
    const commune = await buildCommune(t.services);
    const operator = await buildOperator(t.services);
    const client = t.client();
    await client.login(operator.email, operator.password);
    const response = await client.submit(`/admin/communes/${commune.slug}`, `/admin/communes/${commune.slug}`, {
      toodego: 'partenaire',
      contactEmail: 'mairie@',
      hostNames: 'pas un hôte',
    });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('Saisissez une adresse électronique valide');
    expect(response.body).toContain("Chaque nom d'hôte doit ressembler à demarches.commune.fr");
  });

  it('refuses a host name another instance already uses', async () => {
    const first = await buildCommune(t.services);
    const second = await buildCommune(t.services);
    const operator = await buildOperator(t.services);
    const client = t.client();
    await client.login(operator.email, operator.password);
    await client.submit(`/admin/communes/${first.slug}`, `/admin/communes/${first.slug}`, {
      toodego: 'none',
      hostNames: 'services.premiere.example',
    });
    const response = await client.submit(`/admin/communes/${second.slug}`, `/admin/communes/${second.slug}`, {
      toodego: 'none',
      hostNames: 'services.premiere.example',
    });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('Déjà utilisé par une autre instance : services.premiere.example');
  });
});

describe('public directory of communes', () => {
  it('filters by name without accents or case', async () => {
    const page = await t.app.inject('/communes?q=ecully');
    expect(page.body).toContain('>Écully</a>');
    expect(page.body).toContain('1 commune sur');
  });

  it('answers the JSON API with each commune and its offers', async () => {
    const response = await t.app.inject('/api/communes/givors');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      slug: 'givors',
      inseeCode: '69091',
      siren: '216900910',
      population: 21048,
      populationYear: 2026,
    });
    const all = (await t.app.inject('/api/communes')).json() as { communes: unknown[] };
    expect(all.communes.length).toBeGreaterThanOrEqual(58);
    expect((await t.app.inject('/api/communes/atlantide')).json()).toMatchObject({ code: 'not_found', status: 404 });
  });
});
