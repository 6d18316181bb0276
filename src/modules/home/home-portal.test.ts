import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentActor,
  buildProcessingWorld,
  buildWorldService,
  type ProcessingWorld,
  submitTestRequest,
} from '../../../test/backoffice-factories.ts';
import { buildCommune, buildOperator, buildUser, TEST_PASSWORD } from '../../../test/factories.ts';
import { buildEService, REPORT_FORM, REPORT_SETTINGS } from '../../../test/requests-factories.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import { performTransition } from '../requests/index.ts';

let t: TestContext;
let w: ProcessingWorld;
let lessUsed: Awaited<ReturnType<typeof buildWorldService>>;

/** The text of a home page's section, by its heading's id. */
function section(html: string, id: string): string {
  const start = html.indexOf(`id="${id}"`);
  if (start < 0) return '';
  const end = html.indexOf('</section>', start);
  return html.slice(start, end);
}

beforeAll(async () => {
  t = await createTestContext();
  w = await buildProcessingWorld(t.services);
  lessUsed = await buildWorldService(t.services, w.commune);
  // Three requests for the world's service, one for the other: counted before any home page is drawn.
  for (let i = 0; i < 3; i++) await submitTestRequest(t.services, w);
  await submitTestRequest(t.services, { ...w, service: lessUsed });
});
afterAll(async () => {
  await t?.close();
});

describe('the metropolis’s home page (issue 23 §1, §3)', () => {
  it('lists the most used e-services first, from the requests actually submitted', async () => {
    const html = (await t.client().get('/')).body;
    const popular = section(html, 'titre-populaires');
    const first = popular.indexOf(w.service.eservice.title);
    const second = popular.indexOf(lessUsed.eservice.title);
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(first);
    // Each service shows who provides it (T1).
    expect(popular).toContain(w.commune.name);
  });

  it('draws its icons inline, hidden from assistive technologies, and loads its own font', async () => {
    const html = (await t.client().get('/')).body;
    expect(html).toMatch(/<svg class="icon icon--search"[^>]*aria-hidden="true"/);
    expect(html).not.toMatch(/fonts\.googleapis|cdn\./);
    expect(html).toContain('href="/static/vendor/source-sans-3-latin-400-normal.woff2"');
    const font = await t.client().get('/static/vendor/source-sans-3-latin-700-normal.woff2');
    expect(font.statusCode).toBe(200);
    expect(font.headers['content-type']).toBe('font/woff2');
    expect(font.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await t.client().get('/static/vendor/source-sans-3-latin-900-normal.woff2')).statusCode).toBe(404);
  });

  it('shows a signed-in citizen what waits for them — answers, drafts — and tells another one nothing does', async () => {
    const asked = await submitTestRequest(t.services, w);
    for (const to of ['en-cours', 'attente-usager'])
      await performTransition(t.services, {
        holder: w.commune,
        requestId: asked.id,
        expectedVersion: null,
        actor: agentActor(w.agentA),
        to,
        raw: { text: 'Pouvez-vous préciser l’adresse ?' },
      });
    const citizen = await t.signedIn(w.citizen.email, w.citizen.password);
    // The citizen starts the other service and leaves it half done.
    const servicePage = `/c/${w.commune.slug}/demarches/${lessUsed.slug}`;
    await citizen.get(servicePage);
    const started = await citizen.post(`${servicePage}/commencer`, {});
    const draftId = /\/brouillons\/([^/]+)\//.exec(String(started.headers.location))?.[1];
    expect(draftId).toBeTruthy();
    const pending = section((await citizen.get('/')).body, 'titre-actions');
    expect(pending).toContain('Votre réponse est attendue');
    expect(pending).toContain(`href="/c/${w.commune.slug}/mes-demandes/${asked.id}"`);
    expect(pending).toContain('Brouillon');
    expect(pending).toContain(`href="/c/${w.commune.slug}/brouillons/${draftId}"`);

    const other = await buildUser(t.services);
    const empty = section((await (await t.signedIn(other.email, TEST_PASSWORD)).get('/')).body, 'titre-actions');
    expect(empty).toContain('Rien ne vous attend.');
    expect(empty).toContain('href="/mes-demandes"');
    expect((await t.client().get('/')).body).not.toContain('titre-actions');
  });

  it('shows the metropolis’s news as they are published', async () => {
    const operator = await buildOperator(t.services);
    const client = await t.signedIn(operator.email, TEST_PASSWORD);
    await client.get('/admin/annonces');
    const title = `Nouvelle démarche ${randomBytes(3).toString('hex')}`;
    const sent = await client.post('/admin/annonces', { kind: 'actualite', title, body: 'Elle est en ligne.' });
    expect(sent.statusCode).toBe(303);
    const news = section((await t.client().get('/')).body, 'titre-actualites');
    expect(news).toContain(title);
    expect(news).toContain('Actualité');
    expect(news).toContain('href="/actualites"');
  });
});

describe('a commune’s home page (issue 23 §2)', () => {
  it('shows the contact details and opening hours its administrator enters, refusing what is not usable', async () => {
    const admin = await t.signedIn(w.admin.email, w.admin.password);
    const form = `/c/${w.commune.slug}/admin/coordonnees`;
    await admin.get(form);
    const refused = await admin.post(form, { address: '', phone: 'appelez-nous', email: 'mairie', opening_hours: '' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Saisissez un numéro de téléphone, par exemple 04 72 00 00 00');
    expect(refused.body).toContain('Saisissez une adresse de courriel, par exemple mairie@commune.fr');
    const saved = await admin.post(form, {
      address: '1, place de la Mairie',
      phone: '04 72 00 00 00',
      email: 'mairie@commune.example.org',
      opening_hours: 'Lundi au vendredi : 8 h 30 – 17 h',
    });
    expect(saved.statusCode).toBe(303);
    const contact = section((await t.client().get(`/c/${w.commune.slug}/`)).body, 'titre-contact');
    expect(contact).toContain('1, place de la Mairie');
    expect(contact).toContain('href="tel:0472000000"');
    expect(contact).toContain('Lundi au vendredi : 8 h 30 – 17 h');
    // Its agents may not change them.
    const agent = await t.signedIn(w.agentA.email, w.agentA.password);
    expect((await agent.get(form)).statusCode).toBe(404);
  });

  it('shows the news its administrator publishes, on its home page and the metropolis’s, until withdrawn', async () => {
    const admin = await t.signedIn(w.admin.email, w.admin.password);
    const page = `/c/${w.commune.slug}/admin/actualites-commune`;
    await admin.get(page);
    const refused = await admin.post(page, { title: '', body: 'x'.repeat(2001) });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Indiquez le titre de l’actualité.');
    expect(refused.body).toContain('Le texte : 2 000 caractères au plus');
    const title = `Fermeture de la piscine ${randomBytes(3).toString('hex')}`;
    expect((await admin.post(page, { title, body: 'Travaux de vidange.\n\nRéouverture lundi.' })).statusCode).toBe(303);

    const communeNews = section((await t.client().get(`/c/${w.commune.slug}/`)).body, 'titre-actualites');
    expect(communeNews).toContain(title);
    expect(communeNews).toContain('Travaux de vidange.');
    expect(communeNews).not.toContain('Réouverture lundi.');
    const metropolisNews = section((await t.client().get('/')).body, 'titre-actualites');
    expect(metropolisNews).toContain(title);
    expect(metropolisNews).toContain(w.commune.name);
    const other = await buildCommune(t.services, { toodego: 'partenaire' });
    expect(section((await t.client().get(`/c/${other.slug}/`)).body, 'titre-actualites')).not.toContain(title);

    // Its agents may not publish; its administrator withdraws it, once.
    const agent = await t.signedIn(w.agentA.email, w.agentA.password);
    expect((await agent.post(page, { title: 'Non', body: 'Non' })).statusCode).toBe(404);
    const listed = (await admin.get(page)).body;
    const withdraw = new RegExp(`action="(/c/${w.commune.slug}/admin/actualites-commune/[0-9a-f-]+/retrait)"`).exec(
      listed,
    )?.[1];
    expect(withdraw).toBeDefined();
    expect((await admin.post(withdraw!, {})).statusCode).toBe(303);
    expect((await admin.post(withdraw!, {})).statusCode).toBe(404);
    expect(section((await t.client().get(`/c/${w.commune.slug}/`)).body, 'titre-actualites')).not.toContain(title);
    const audit = await t.services.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', 'like', 'home.news.%')
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['home.news.publish', 'home.news.remove']);
  });

  it('lists its own services apart from the shared ones, and says who handles requests for a Connecté commune', async () => {
    const home = (await t.client().get(`/c/${w.commune.slug}/`)).body;
    expect(section(home, 'titre-commune')).toContain(w.service.eservice.title);
    expect(section(home, 'titre-populaires')).not.toContain(w.service.eservice.title);

    const connected = await buildCommune(t.services, { toodego: 'connecte' });
    const metropole = await t.services.tenants.metropole();
    const shared = await buildEService(t.services, metropole, {
      form: REPORT_FORM,
      settings: { ...REPORT_SETTINGS, routing: { mode: 'owner' as const } },
      title: `Signalement de test ${randomBytes(3).toString('hex')}`,
      keywords: ['signalement'],
    });
    const page = (await t.client().get(`/c/${connected.slug}/`)).body;
    expect(page).toContain("elles sont transmises aussitôt à l'outil de");
    expect(section(page, 'titre-commune')).toContain('ne propose pas encore de démarche qui lui soit propre');
    // Nothing of the metropolis used yet: the curated list fills the shared services.
    expect(section(page, 'titre-populaires')).toContain(shared.eservice.title);
  });
});

describe('error and empty states (issue 23 §5)', () => {
  it('offers a search and the main ways on from a page not found', async () => {
    const response = await t.client().get(`/c/${w.commune.slug}/page-inexistante`);
    expect(response.statusCode).toBe(404);
    expect(response.body).toMatch(new RegExp(`<form[^>]*action="/c/${w.commune.slug}/demarches"[^>]*role="search"`));
    expect(response.body).toContain('Vous cherchiez une démarche ?');
    expect(response.body).toContain(`href="/c/${w.commune.slug}/plan-du-site"`);
  });

  it('suggests themes when a search finds nothing, and where to start when a citizen has no request yet', async () => {
    const nothing = (await t.client().get('/demarches?q=xylophonez')).body;
    expect(nothing).toContain('Aucune démarche ne correspond à votre recherche.');
    expect(nothing).toContain('Essayez autrement.');
    expect(nothing).toContain('href="/demarches?theme=Tests"');

    const newcomer = await buildUser(t.services);
    const dashboard = (await (await t.signedIn(newcomer.email, TEST_PASSWORD)).get('/mes-demandes')).body;
    expect(dashboard).toContain("Vous n'avez encore envoyé aucune demande.");
    expect(dashboard).toContain('href="/demarches"');
  });
});
