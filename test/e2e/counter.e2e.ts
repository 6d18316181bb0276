import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpCatcher, type SmtpCatcher } from '../support/smtp-catcher.ts';
import { type E2E, expectNoAxeViolations, logIn, startE2E } from './support/browser.ts';

// In Chromium, search → fill with an error then correct it → submit → acknowledgement e-mail with its
// legal mentions → dashboard; the same without JavaScript; a keyboard-only submission; axe on every new page.
let e: E2E;
let smtp: SmtpCatcher;
beforeAll(async () => {
  smtp = await startSmtpCatcher();
  e = await startE2E({ env: { SMTP_URL: smtp.url } });
});
afterAll(async () => {
  await e?.close();
  await smtp?.close();
});

async function checkAxe(page: Page) {
  await expectNoAxeViolations(page);
}

/** The whole journey on Givors's civil-status request, by a signed-in citizen. */
async function civilStatusJourney(page: Page, options: { lastName: string; axe: boolean; consent: 'ask' | 'decided' }) {
  // axe runs inside the page: it needs JavaScript, so the run without it checks behaviour only (same pages as with it).
  const checkAxe = options.axe ? expectNoAxeViolations : async () => {};
  await logIn(page, e.baseUrl, 'citoyen@example.org');
  await page.goto(`${e.baseUrl}/demarches`);
  await page.getByRole('searchbox', { name: /Rechercher une démarche/ }).fill('etat civile');
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await checkAxe(page);
  await page.getByRole('link', { name: "Demander un acte d'état civil" }).click();
  await page.waitForURL(/\/c\/givors\/demarches\/acte-etat-civil$/);
  expect(await page.textContent('.provider__name')).toBe('Givors');
  await checkAxe(page);
  await page.getByRole('button', { name: /Commencer/ }).click();

  if (options.consent === 'ask') {
    // The form asks to prefill the recipient's name and address from the identity record; the citizen agrees.
    await page.waitForURL(/consentement$/);
    expect(await page.textContent('main')).toContain('20 rue du Lac, 69003 Lyon, France');
    await checkAxe(page);
    await page.getByLabel('Nom affiché').check();
    await page.getByLabel('Adresse postale').check();
    await page.getByRole('button', { name: 'Pré-remplir avec les informations cochées' }).click();
  }

  // Page 1, with an error first.
  await page.waitForURL(/etapes\/1$/);
  await checkAxe(page);
  await page.getByLabel('Acte de mariage').check();
  await page.getByLabel('Copie intégrale').check();
  await page.getByLabel("Nombre d'exemplaires").fill('12');
  await page.getByRole('button', { name: 'Continuer' }).click();
  await expect.poll(() => page.title()).toMatch(/^Erreur – /);
  expect(await page.textContent('.error-summary')).toContain(
    "Nombre d'exemplaires : Saisissez un nombre entre 1 et 5.",
  );
  await checkAxe(page);
  await page.getByLabel("Nombre d'exemplaires").fill('2');
  await page.getByRole('button', { name: 'Continuer' }).click();

  // Page 2: the spouse's name is asked because the act is a marriage (decided on the server).
  await page.waitForURL(/etapes\/2$/);
  await page.getByLabel('Nom de naissance').fill(options.lastName);
  await page.getByLabel('Prénoms').fill('Camille');
  await page.locator('#champ-date_evenement').fill('14');
  await page.locator('#champ-date_evenement-mois').fill('7');
  await page.locator('#champ-date_evenement-annee').fill('2012');
  await page.getByLabel("Nom et prénom de l'époux ou de l'épouse").fill('Dominique Durand');
  await page.getByLabel('La personne concernée').check();
  await page.getByRole('button', { name: 'Continuer' }).click();

  // Page 3: prefilled name, an address matched to its commune; no identity document asked for one's own act.
  await page.waitForURL(/etapes\/3$/);
  expect(await page.getByLabel('Nom du destinataire').inputValue()).toBe('Camille Martin');
  expect(await page.locator('#champ-adresse').inputValue()).toBe('20 rue du Lac');
  expect(await page.getByLabel("Justificatif d'identité").count()).toBe(0);
  await page.locator('#champ-adresse').fill('3 rue Jean-Jaurès');
  await page.locator('#champ-adresse-code_postal').fill('69700');
  await page.locator('#champ-adresse-commune').fill('givors');
  await checkAxe(page);
  await page.getByRole('button', { name: 'Continuer' }).click();

  await page.waitForURL(/recapitulatif$/);
  expect(await page.textContent('main')).toContain('Dominique Durand');
  await checkAxe(page);
  await page.getByRole('button', { name: 'Envoyer ma demande' }).click();

  await page.waitForURL(/accuse-de-reception$/);
  await checkAxe(page);
  const number = (await page.locator('.confirmation__number strong').textContent()) ?? '';
  expect(number).toMatch(/^69091-2026-\d{6}$/);
  const trackingCode = (await page.textContent('.tracking-code')) ?? '';
  const ack = (await page.textContent('.acknowledgement')) ?? '';
  expect(ack).toContain("Service chargé de votre dossier : Service de l'état civil (Givors)");
  expect(ack).toContain('réputée rejetée');
  expect(ack).toContain('tribunal administratif de Lyon');

  await e.t.worker.drain();
  await smtp.waitFor(1);
  const mail = smtp.messages.find((m) => m.subject?.includes(number));
  expect(mail?.text).toContain('téléphone : 04 72 00 18 19');
  expect(mail?.text).toContain('silence de l’administration'.replace('’', "'"));
  expect(mail?.text).toContain('R112-11-1');

  await page.goto(`${e.baseUrl}/mes-demandes`);
  expect(await page.textContent('main')).toContain(number);
  await checkAxe(page);
  await page.getByRole('link', { name: new RegExp(number) }).click();
  await page.waitForURL(/\/c\/givors\/mes-demandes\//);
  expect(await page.textContent('.request-status')).toContain('Demande reçue');
  await checkAxe(page);
  if (options.axe) {
    // The tracking code of a request held by an account shows only its status, to whoever is not signed in as its owner.
    const stranger = await e.newContext();
    const summary = await stranger.newPage();
    await summary.goto(`${e.baseUrl}/c/givors/suivi/${trackingCode}`);
    expect(await summary.textContent('main')).toContain(number);
    await checkAxe(summary);
    await stranger.close();
  }
  return number;
}

describe('the citizen journey (T1–T3, T18)', () => {
  it('works with JavaScript', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await civilStatusJourney(page, { lastName: 'Martin', axe: true, consent: 'ask' });
    await context.close();
  });

  it('works without JavaScript', async () => {
    const context = await e.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    // The consent given in the run above is reused: no question this time, the same prefill.
    await civilStatusJourney(page, { lastName: 'Sansjs', axe: false, consent: 'decided' });
    await context.close();
  });
});

/** Presses Tab until the focused element matches, as a keyboard user moves through a page. */
async function tabTo(
  page: Page,
  matches: (el: { tag: string; name: string | null; text: string; type: string | null; label: string }) => boolean,
): Promise<void> {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    const el = await page.evaluate(() => {
      const a = document.activeElement as HTMLInputElement | null;
      const id = a?.id;
      const label = id ? (document.querySelector(`label[for="${id}"]`)?.textContent ?? '') : '';
      return {
        tag: a?.tagName.toLowerCase() ?? '',
        name: a?.getAttribute('name') ?? null,
        text: a?.textContent?.trim() ?? '',
        type: a?.getAttribute('type') ?? null,
        label,
      };
    });
    if (matches(el)) return;
  }
  throw new Error('focus never reached the expected element');
}

describe('keyboard only (T17)', () => {
  it('reports a problem without an account using the keyboard alone, and receives the tracking code', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await page.goto(`${e.baseUrl}/demarches/signaler-un-probleme`);
    await tabTo(page, (el) => el.tag === 'button' && el.text.startsWith('Commencer'));
    await page.keyboard.press('Enter');
    await page.waitForURL(/etapes\/1$/);
    await tabTo(page, (el) => el.name === 'categorie');
    // Arrow keys move through a radio group; the first arrow press selects the next option.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('input[name="categorie"]:checked').getAttribute('value')).toBe('eclairage');
    await tabTo(page, (el) => el.name === 'description');
    await page.keyboard.type('Le lampadaire devant l’école est éteint.');
    await tabTo(page, (el) => el.tag === 'button' && el.text === 'Continuer');
    await page.keyboard.press('Enter');
    await page.waitForURL(/etapes\/2$/);
    await tabTo(page, (el) => el.name === 'lieu.lat');
    await page.keyboard.type('45,5906');
    await page.keyboard.press('Tab');
    await page.keyboard.type('4,7689');
    await page.keyboard.press('Enter');
    await page.waitForURL(/recapitulatif$/);
    await tabTo(page, (el) => el.name === 'contact_email');
    await page.keyboard.type('clavier@example.org');
    await tabTo(page, (el) => el.tag === 'button' && el.text === 'Envoyer ma demande');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/c\/givors\/suivi\/[0-9A-Z-]+\/accuse-de-reception$/);
    // Givors is Partenaire and street lighting is a commune competence: Givors handles it.
    expect(await page.textContent('.acknowledgement')).toContain('Givors');
    expect(await page.textContent('.tracking-code')).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    await checkAxe(page);
    await context.close();
  });
});

describe('axe on every new page (T17)', () => {
  it('finds no violation on the catalogue, forms with errors, tracking and operator pages', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    for (const path of [
      '/demarches',
      '/demarches?q=zzzz',
      '/demarches?theme=D%C3%A9chets',
      '/demarches/signaler-un-probleme',
      '/demarches/composteur-individuel',
      '/suivi',
      '/suivi?code=AAAA-BBBB-CCCC',
      '/c/givors/demarches',
    ]) {
      await page.goto(`${e.baseUrl}${path}`);
      await checkAxe(page);
    }
    // A page with a file field and a map point, with errors.
    await page.goto(`${e.baseUrl}/demarches/signaler-un-probleme`);
    await page.getByRole('button', { name: /Commencer/ }).click();
    await page.getByRole('button', { name: 'Continuer' }).click();
    await expect.poll(() => page.title()).toMatch(/^Erreur – /);
    await checkAxe(page);
    await page.getByLabel('Nid de poule ou chaussée abîmée').check();
    await page.getByLabel('Décrivez le problème').fill('Un trou profond.');
    await page.getByRole('button', { name: 'Continuer' }).click();
    await page.getByRole('button', { name: 'Continuer' }).click();
    await expect.poll(() => page.title()).toMatch(/^Erreur – /);
    await checkAxe(page);
    await page.getByLabel('Latitude').fill('45,75');
    await page.getByLabel('Longitude').fill('4,85');
    await page.getByRole('button', { name: 'Continuer' }).click();
    await page.getByRole('button', { name: 'Envoyer ma demande' }).click();
    await expect.poll(() => page.title()).toMatch(/^Erreur – /);
    await checkAxe(page);
    await page.getByLabel('Adresse électronique').fill('axe@example.org');
    await page.getByRole('button', { name: 'Envoyer ma demande' }).click();
    await page.waitForURL(/accuse-de-reception$/);
    await page.getByRole('link', { name: 'Suivre ma demande' }).click();
    await checkAxe(page);
    expect(await page.textContent('main')).toContain('Voirie');
    // The message form with an error (blank once trimmed: the browser's own check lets spaces through).
    await page.getByLabel('Votre message').fill('   ');
    await page.getByRole('button', { name: 'Envoyer le message' }).click();
    await expect.poll(() => page.title()).toMatch(/^Erreur – /);
    await checkAxe(page);

    await logIn(page, e.baseUrl, 'operateur@example.org');
    await page.goto(`${e.baseUrl}/admin/sms`);
    await checkAxe(page);
    await context.close();
  });

  it('shows and hides a conditional question live with JavaScript, on the demo citizen’s pages', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'citoyen@example.org');
    await page.goto(`${e.baseUrl}/mes-demandes`);
    await checkAxe(page);
    // The demo request is in progress with a message from the administration.
    await page
      .getByRole('link', { name: /Demander un composteur individuel/ })
      .first()
      .click();
    expect(await page.textContent('main')).toContain('votre composteur sera livré un samedi matin');
    await checkAxe(page);
    await page.goto(`${e.baseUrl}/demarches/composteur-individuel`);
    await page.getByRole('button', { name: /Commencer/ }).click();
    await page.waitForURL(/consentement$/);
    await page.getByRole('button', { name: 'Continuer sans pré-remplissage' }).click();
    await page.waitForURL(/etapes\/1$/);
    const garden = page.getByLabel('Surface du jardin (m²)');
    await page.getByLabel('Appartement (composteur partagé de résidence)').check();
    await expect.poll(() => garden.isVisible()).toBe(false);
    await page.getByLabel('Maison avec jardin').check();
    await expect.poll(() => garden.isVisible()).toBe(true);
    await checkAxe(page);
    await context.close();
  });

  it('needs no horizontal scrolling at 320 px', async () => {
    const context = await e.newContext({ viewport: { width: 320, height: 640 } });
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'citoyen@example.org');
    for (const path of [
      '/demarches',
      '/demarches/signaler-un-probleme',
      '/c/givors/demarches/acte-etat-civil',
      '/mes-demandes',
      '/suivi',
    ]) {
      await page.goto(`${e.baseUrl}${path}`);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, `horizontal overflow on ${path}`).toBeLessThanOrEqual(0);
    }
    await context.close();
  });
});
