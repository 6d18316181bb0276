import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2E, expectNoAxeViolations, logIn, startE2E } from './support/browser.ts';

// The studio, in Chromium: an administrator of Givors (Partenaire) builds a service from scratch with the keyboard
// alone in the test instance, tries it there, publishes it to production; a citizen submits; an agent processes.
// Every builder page passes axe with zero violations, refusals included.
let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => e?.close());

const ADMIN = 'admin.givors@example.org';
const AGENT = 'agent.givors@example.org';
const CITIZEN = 'citoyen@example.org';

type Focused = { tag: string; name: string | null; id: string; text: string };

/** Presses Tab until the focused element matches, as a keyboard user moves through a page. */
async function tabTo(page: Page, matches: (el: Focused) => boolean): Promise<void> {
  for (let i = 0; i < 400; i++) {
    await page.keyboard.press('Tab');
    const el = await page.evaluate(() => {
      const a = document.activeElement as HTMLElement | null;
      return {
        tag: a?.tagName.toLowerCase() ?? '',
        name: a?.getAttribute('name') ?? null,
        id: a?.id ?? '',
        text: a?.textContent?.replace(/\s+/g, ' ').trim() ?? '',
      };
    });
    if (matches(el)) return;
  }
  throw new Error('focus never reached the expected element');
}
const named = (name: string) => (el: Focused) => el.name === name;
const withId = (id: string) => (el: Focused) => el.id === id;
const button = (text: string | RegExp) => (el: Focused) =>
  (el.tag === 'button' || el.tag === 'a') && (typeof text === 'string' ? el.text === text : text.test(el.text));

/** Types into the focused input, replacing what it held. */
async function typeOver(page: Page, text: string): Promise<void> {
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(text);
}

async function submitAsCitizen(page: Page, base: string, slug: string): Promise<string> {
  await page.goto(`${e.baseUrl}${base}/demarches/${slug}`);
  await page.getByRole('button', { name: /Commencer/ }).click();
  await page.waitForURL(/etapes\/1$/);
  await page.locator('#champ-objet').fill('Un badge pour la déchetterie');
  await page.locator('#champ-personnes').fill('3');
  await page.getByRole('button', { name: 'Continuer' }).click();
  await page.waitForURL(/recapitulatif$/);
  await page.getByRole('button', { name: 'Envoyer ma demande' }).click();
  await page.waitForURL(/accuse-de-reception$/);
  return (
    ((await page.locator('.confirmation__number').textContent()) ?? '').match(/(TEST-)?\d{5}-\d{4}-\d{6}/)?.[0] ?? ''
  );
}

describe('the studio, end to end (issue 14 §9)', () => {
  it('builds a service by keyboard in the test instance, tries it, puts it into production, where a citizen submits and an agent processes', async () => {
    const admin = await (await e.newContext()).newPage();
    await logIn(admin, e.baseUrl, ADMIN, '/c/givors-test');
    await admin.goto(`${e.baseUrl}/c/givors-test/admin/studio`);
    expect(await admin.textContent('.test-banner')).toContain('Instance de test');
    // Creating the service.
    await tabTo(admin, named('titre'));
    await admin.keyboard.type('Demander un badge de déchetterie');
    await admin.keyboard.press('Tab');
    await admin.keyboard.type('badge-decheterie');
    await admin.keyboard.press('Tab');
    await admin.keyboard.type('Services techniques');
    await admin.keyboard.press('Tab');
    await admin.keyboard.type('st@givors.example.org');
    await admin.keyboard.press('Tab');
    await admin.keyboard.type('04 72 00 00 10');
    await admin.keyboard.press('Enter');
    await admin.waitForURL(/\/c\/givors-test\/admin\/studio\/[0-9a-f-]+\?fait=cree$/);
    const editor = new URL(admin.url()).pathname;
    await expectNoAxeViolations(admin);
    // A number field, configured in its own form.
    await tabTo(admin, named('type'));
    for (let i = 0; i < 4; i++) await admin.keyboard.press('ArrowDown');
    expect(await admin.inputValue('select[name="type"]')).toBe('number');
    await tabTo(admin, button('Ajouter le champ'));
    await admin.keyboard.press('Enter');
    await admin.waitForURL(/\/champs\/champ_1$/);
    await expectNoAxeViolations(admin);
    await tabTo(admin, named('cle'));
    await typeOver(admin, 'personnes');
    await tabTo(admin, named('libelle'));
    await typeOver(admin, 'Nombre de personnes du foyer');
    await tabTo(admin, named('min'));
    await admin.keyboard.type('1');
    await tabTo(admin, named('max'));
    await admin.keyboard.type('12');
    await tabTo(admin, button('Enregistrer le champ'));
    await admin.keyboard.press('Enter');
    await admin.waitForURL(/fait=enregistre/);
    // Moved up above the first question, by its button.
    await tabTo(admin, button('Monter « Nombre de personnes du foyer »'));
    await admin.keyboard.press('Enter');
    await expect
      .poll(() =>
        admin
          .locator('.studio-field strong')
          .allTextContents()
          .catch(() => []),
      )
      .toEqual(['Nombre de personnes du foyer', 'Objet de votre demande']);
    // The workflow: the button that accepts gets the service's own words.
    await tabTo(admin, button('Circuit de traitement'));
    await admin.keyboard.press('Enter');
    await admin.waitForURL(/\/circuit$/);
    await expectNoAxeViolations(admin);
    await tabTo(admin, withId('t1-libelle'));
    await typeOver(admin, 'Délivrer le badge');
    await admin.keyboard.press('Enter');
    await admin.waitForURL(/circuit\?fait=1/);
    expect(await admin.textContent('#circuit-en-mots')).toContain('« Délivrer le badge » mène à « Acceptée »');
    await expectNoAxeViolations(admin);
    // Published in the test instance.
    await admin.goto(`${e.baseUrl}${editor}`);
    await tabTo(admin, button(/^Publier la version \d+$/));
    await admin.keyboard.press('Enter');
    await admin.waitForURL(/fait=publie/);

    // Tried in the test instance: the request is marked as a test one.
    const citizen = await (await e.newContext()).newPage();
    await logIn(citizen, e.baseUrl, CITIZEN);
    const testNumber = await submitAsCitizen(citizen, '/c/givors-test', 'badge-decheterie');
    expect(testNumber).toMatch(/^TEST-/);
    expect(await citizen.textContent('.test-banner')).toContain('Instance de test');

    // Into production, in one step.
    await admin.goto(`${e.baseUrl}${editor}`);
    await tabTo(admin, button(/^Mettre en production la version \d+$/));
    await admin.keyboard.press('Enter');
    await admin.waitForURL(/\/c\/givors\/admin\/studio\/[0-9a-f-]+\?fait=promu$/);
    expect(await admin.textContent('main')).toContain('Le service est en production');
    expect(await admin.locator('.test-banner').count()).toBe(0);

    const number = await submitAsCitizen(citizen, '/c/givors', 'badge-decheterie');
    expect(number).toMatch(/^\d{5}-2026-\d{6}$/);

    // The agent processes it with the keyboard alone; the test request is not in production's list.
    const agent = await (await e.newContext()).newPage();
    await logIn(agent, e.baseUrl, AGENT, '/c/givors');
    await agent.goto(`${e.baseUrl}/c/givors/gru/demandes?etat=toutes`);
    expect(await agent.textContent('main')).not.toContain(testNumber);
    const request = await e.t.services.db
      .selectFrom('request')
      .select('id')
      .where('number', '=', number)
      .executeTakeFirstOrThrow();
    await agent.goto(`${e.baseUrl}/c/givors/gru/demandes/${request.id}`);
    await tabTo(agent, button('Prendre en charge'));
    await agent.keyboard.press('Enter');
    await agent.waitForURL(/fait=pris$/);
    await tabTo(agent, button('Commencer l’instruction'));
    await agent.keyboard.press('Enter');
    await expect.poll(() => agent.textContent('.gru-status')).toContain('En cours d’instruction');
    await tabTo(agent, button('Délivrer le badge'));
    await agent.keyboard.press('Enter');
    await expect.poll(() => agent.textContent('.gru-status')).toContain('Acceptée');
    await citizen.context().close();
    await agent.context().close();
    await admin.context().close();
  }, 240_000);

  it('shows the difference between two versions in words, refuses a bundle with a bad field naming it, and passes axe on every builder page', async () => {
    const admin = await (await e.newContext()).newPage();
    await logIn(admin, e.baseUrl, ADMIN, '/c/givors');
    await admin.goto(`${e.baseUrl}/c/givors/admin/studio`);
    await expectNoAxeViolations(admin);
    await admin.getByRole('link', { name: 'S’inscrire à la médiathèque' }).click();
    const editor = new URL(admin.url()).pathname;
    await expectNoAxeViolations(admin);
    for (const path of ['/apercu', '/apercu?page=2', '/circuit', '/champs/formule', '/champs/domicile', '/versions']) {
      const response = await admin.goto(`${e.baseUrl}${editor}${path}`);
      expect(response?.status(), path).toBe(200);
      await expectNoAxeViolations(admin);
    }
    // The demo's second version added a box to tick: said in words, by keyboard.
    await admin.goto(`${e.baseUrl}${editor}/versions`);
    await tabTo(admin, button('Comparer'));
    await admin.keyboard.press('Enter');
    await admin.waitForURL(/versions\?de=1&a=2$/);
    expect(await admin.textContent('#differences ~ ul, main')).toContain(
      'Champ ajouté : « J’accepte le règlement de la médiathèque » (case à cocher).',
    );
    await expectNoAxeViolations(admin);
    // Refusals: a field's, the creation form's, an import's.
    await admin.goto(`${e.baseUrl}${editor}/champs/membres`);
    await tabTo(admin, named('min'));
    await typeOver(admin, '20');
    await admin.keyboard.press('Enter');
    await expect.poll(() => admin.textContent('.error-summary')).toContain('Le maximum est inférieur au minimum');
    await expectNoAxeViolations(admin);
    await admin.goto(`${e.baseUrl}/c/givors/admin/studio`);
    await tabTo(admin, button('Créer le service'));
    await admin.keyboard.press('Enter');
    await expect.poll(() => admin.textContent('.error-summary')).toContain('Indiquez le titre de la démarche');
    await expectNoAxeViolations(admin);
    const bundle = JSON.parse(await (await admin.request.get(`${e.baseUrl}${editor}/export`)).text());
    bundle.form.fields[0].type = 'nom';
    await admin.locator('#champ-bundle').fill(JSON.stringify(bundle));
    await admin.locator('#champ-bundle').focus();
    await tabTo(admin, button('Importer'));
    await admin.keyboard.press('Enter');
    await expect
      .poll(() => admin.textContent('.error-summary'))
      .toContain('formulaire › champ n° 1 (« nom ») : le type « nom » n’existe pas');
    await expectNoAxeViolations(admin);
    // Without JavaScript, moving a field still works (its buttons are forms).
    const plain = await (await e.newContext({ javaScriptEnabled: false })).newPage();
    await logIn(plain, e.baseUrl, ADMIN, '/c/givors');
    await plain.goto(`${e.baseUrl}${editor}`);
    await plain.getByRole('button', { name: 'Descendre « Nom et prénom »' }).click();
    await plain.waitForURL(/fait=enregistre/);
    expect((await plain.locator('.studio-field strong').allTextContents()).slice(0, 2)).toEqual([
      'Date de naissance',
      'Nom et prénom',
    ]);
    await plain.context().close();
    await admin.context().close();
  }, 240_000);

  it('adds a button to a status and saves its words by keyboard, and refuses an uploaded .json bundle with a bad field in words', async () => {
    const admin = await (await e.newContext()).newPage();
    await logIn(admin, e.baseUrl, ADMIN, '/c/givors');
    await admin.goto(`${e.baseUrl}/c/givors/admin/studio`);
    await admin.getByRole('link', { name: 'S’inscrire à la médiathèque' }).click();
    const editor = new URL(admin.url()).pathname;
    await admin.goto(`${e.baseUrl}${editor}/circuit`);
    const buttonsOfFirst = admin.locator('#statut-0-boutons section[id^="bouton-0-"]');
    const before = await buttonsOfFirst.count();
    // A button of the first status, added with its key, words and first action, by keyboard.
    await tabTo(admin, withId('s0-nb-cle'));
    await admin.keyboard.type('relancer');
    await admin.keyboard.press('Tab');
    await admin.keyboard.type('Relancer l’usager');
    await tabTo(admin, withId('s0-nb-type'));
    expect(await admin.inputValue('#s0-nb-type')).toBe('notifyCitizen');
    await tabTo(admin, button(/^Ajouter le bouton/));
    await admin.keyboard.press('Enter');
    await admin.waitForURL(/circuit\?fait=\d+#statut-0-nouveau-bouton$/);
    await expect.poll(() => buttonsOfFirst.count()).toBe(before + 1);
    const added = buttonsOfFirst.last();
    expect(await added.locator('h5').textContent()).toContain('Bouton « Relancer l’usager » (relancer)');
    expect(await added.textContent()).toContain('Message à l’usager (modèle)');
    await expectNoAxeViolations(admin);
    // Its words changed in its own form and saved with Enter: the section and the circuit in words say them.
    const words = (await added.locator('input[name="libelle"]').getAttribute('id')) ?? '';
    await tabTo(admin, withId(words));
    await typeOver(admin, 'Relancer l’usager par courriel');
    await admin.keyboard.press('Enter');
    await admin.waitForURL(/circuit\?fait=\d+#bouton-0-\d+$/);
    await expect
      .poll(() => buttonsOfFirst.last().locator('h5').textContent())
      .toContain('Bouton « Relancer l’usager par courriel » (relancer)');
    expect(await admin.textContent('#circuit-en-mots')).toContain('« Relancer l’usager par courriel »');
    await expectNoAxeViolations(admin);

    // A bundle file with a field of an unknown type, chosen and sent by keyboard: refused, the field named.
    const bundle = JSON.parse(await (await admin.request.get(`${e.baseUrl}${editor}/export`)).text());
    bundle.form.fields[0].type = 'agee';
    await admin.goto(`${e.baseUrl}/c/givors/admin/studio`);
    await tabTo(admin, withId('import-fichier'));
    const [chooser] = await Promise.all([admin.waitForEvent('filechooser'), admin.keyboard.press('Space')]);
    await chooser.setFiles({
      name: 'service.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(bundle)),
    });
    await tabTo(admin, button('Importer le fichier'));
    await admin.keyboard.press('Enter');
    // The first field is whichever the other journeys left first: named by its key.
    await expect
      .poll(() => admin.textContent('.error-summary'))
      .toMatch(/formulaire › champ n° 1 \(« [a-z_]+ »\) : le type « agee » n’existe pas \(types possibles : text,/);
    expect(await admin.textContent('.error-summary')).toContain('Le fichier est refusé');
    await expectNoAxeViolations(admin);
    await admin.context().close();
  }, 240_000);

  it('adds an appointment field by keyboard, its agenda chosen among the commune’s, with axe on its editor', async () => {
    const admin = await (await e.newContext()).newPage();
    await logIn(admin, e.baseUrl, ADMIN, '/c/givors');
    await admin.goto(`${e.baseUrl}/c/givors/admin/studio`);
    await admin.getByRole('link', { name: 'S’inscrire à la médiathèque' }).click();
    const editor = new URL(admin.url()).pathname;
    await tabTo(admin, withId('champ-type'));
    await admin.keyboard.type('Rendez');
    expect(await admin.inputValue('#champ-type')).toBe('appointment');
    await tabTo(admin, button('Ajouter le champ'));
    await admin.keyboard.press('Enter');
    await admin.waitForURL(/\/champs\/[a-z_0-9]+/);
    const fieldPage = new URL(admin.url()).pathname;
    // The commune's own agendas are the choices; a new field starts on the first.
    const choices = await admin.locator('#champ-rendez_vous option').allTextContents();
    expect(choices.some((c) => c.includes(' — '))).toBe(true);
    expect(await admin.inputValue('#champ-rendez_vous')).toMatch(/^[0-9a-f-]{36}\/[0-9a-f-]{36}$/);
    await expectNoAxeViolations(admin);
    await tabTo(admin, withId('champ-libelle'));
    await typeOver(admin, 'Votre rendez-vous à la médiathèque');
    await tabTo(admin, button('Enregistrer le champ'));
    await admin.keyboard.press('Enter');
    await admin.waitForURL((url) => url.pathname !== fieldPage);
    expect(await admin.textContent('main')).toContain('Votre rendez-vous à la médiathèque');
    await expectNoAxeViolations(admin);
    await admin.goto(`${e.baseUrl}${editor}/apercu`);
    await expectNoAxeViolations(admin);
    await admin.context().close();
  }, 240_000);
});
