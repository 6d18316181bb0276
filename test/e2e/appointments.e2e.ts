import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type E2E, expectNoAxeViolations, logIn } from './support/browser.ts';
import { startE2E } from './support/browser.ts';

// Appointments in a real browser, on the demo's agendas (Givors's civil registry): every page of the module passes
// axe, a booking is made by mouse with JavaScript on and off, and one by keyboard alone; the citizen moves and
// cancels; the administrator's and agents' pages, their error states included.
vi.setConfig({ testTimeout: 240_000 });
let e: E2E;
// Seeding the demo and launching Chromium takes minutes on a loaded machine.
beforeAll(async () => {
  e = await startE2E();
}, 600_000);
afterAll(async () => e?.close());

const BASE = '/c/givors';

/** Presses Tab until the focused element matches, as a keyboard user moves through a page. */
async function tabTo(
  page: Page,
  matches: (element: { text: string; name: string; type: string }) => boolean,
): Promise<void> {
  for (let i = 0; i < 200; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => ({
      text: (document.activeElement?.textContent ?? '').trim(),
      name: document.activeElement?.getAttribute('name') ?? '',
      type: document.activeElement?.getAttribute('type') ?? '',
    }));
    if (matches(focused)) return;
  }
  throw new Error('nothing matching could be reached with Tab');
}

/**
 * axe runs inside the page, so not in one whose JavaScript is off: there, `analyze()` never returns (this was the
 * journey's hang). The run with JavaScript on checks the same pages.
 */
async function checkAxe(page: Page, javaScriptEnabled = true): Promise<void> {
  if (javaScriptEnabled) await expectNoAxeViolations(page);
}

/** Motif, day, then time, by clicking the links of each step; checks each step with axe. */
async function pickSlot(page: Page, javaScriptEnabled = true): Promise<void> {
  await page
    .getByRole('region', { name: /Motif du rendez-vous/ })
    .getByRole('link')
    .first()
    .click();
  await page.waitForURL(/type=/);
  await checkAxe(page, javaScriptEnabled);
  // The third day offered: past the agenda's delay for changes (24 hours), so the booking can then be moved.
  await page.getByRole('region', { name: 'Jour' }).getByRole('link').nth(2).click();
  await page.waitForURL(/jour=/);
  await checkAxe(page, javaScriptEnabled);
  await page
    .getByRole('region', { name: /^Heure/ })
    .getByRole('link')
    .first()
    .click();
}

describe('booking by the public (issue 18 §2, §5)', () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`books, with errors on the confirmation first, then moves and cancels by the secret link (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const context = await e.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      await page.goto(`${e.baseUrl}${BASE}/rendez-vous`);
      await checkAxe(page, javaScriptEnabled);
      await page.getByRole('link', { name: 'Passeports et cartes d’identité' }).click();
      await checkAxe(page, javaScriptEnabled);
      await pickSlot(page, javaScriptEnabled);
      await page.waitForURL(/\/reserver\?/);
      await expect.poll(() => page.title()).toMatch(/^Confirmer le rendez-vous/);
      await checkAxe(page, javaScriptEnabled);

      await page.getByLabel('Adresse électronique').fill('pas-une-adresse');
      await page.getByRole('button', { name: 'Confirmer le rendez-vous' }).click();
      await expect.poll(() => page.title()).toMatch(/^Erreur – /);
      await checkAxe(page, javaScriptEnabled);
      await page.getByLabel('Nom et prénom').fill('Camille Navigateur');
      await page.getByLabel('Adresse électronique').fill(`camille.${javaScriptEnabled ? 'js' : 'sansjs'}@example.org`);
      await page.getByRole('button', { name: 'Confirmer le rendez-vous' }).click();
      await page.waitForURL(/\/rendez-vous\/gerer\/[A-Za-z0-9_-]+\?fait=pris$/);
      await checkAxe(page, javaScriptEnabled);
      const booked = await page.locator('main').textContent();
      expect(booked).toContain('Camille Navigateur');

      // Move: the same steps under the management page, then a confirmation.
      await page.getByRole('region', { name: 'Jour' }).getByRole('link').nth(3).click();
      await page.waitForURL(/jour=/);
      await checkAxe(page, javaScriptEnabled);
      await page
        .getByRole('region', { name: /^Heure/ })
        .getByRole('link')
        .first()
        .click();
      await page.waitForURL(/\/deplacer\?debut=/);
      await checkAxe(page, javaScriptEnabled);
      await page.getByRole('button', { name: 'Confirmer le déplacement' }).click();
      await page.waitForURL(/\/rendez-vous\/gerer\/[A-Za-z0-9_-]+/);
      await checkAxe(page, javaScriptEnabled);
      await page.getByRole('button', { name: 'Annuler le rendez-vous' }).click();
      await expect.poll(() => page.locator('main').textContent()).toContain('Annulé');
      await checkAxe(page, javaScriptEnabled);
      await context.close();
    });
  }

  it('books with the keyboard alone', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await page.goto(`${e.baseUrl}${BASE}/rendez-vous`);
    const focusOn = (matches: Parameters<typeof tabTo>[1]) => tabTo(page, matches);
    const followLink = async (matches: (text: string) => boolean, url: RegExp) => {
      await focusOn((f) => matches(f.text));
      await page.keyboard.press('Enter');
      await page.waitForURL(url);
    };
    await followLink((text) => text === 'Passeports et cartes d’identité', /\/rendez-vous\/[0-9a-f-]{36}$/);
    await followLink((text) => text.startsWith('Retrait d’un titre'), /type=/);
    await followLink((text) => /\(\d+ créneaux?\)$/.test(text), /jour=/);
    await followLink((text) => /^\d{1,2} h \d{2}$/.test(text), /\/reserver\?/);
    await focusOn((f) => f.name === 'name');
    await page.keyboard.type('Dominique Clavier');
    await focusOn((f) => f.name === 'email');
    await page.keyboard.type('dominique.clavier@example.org');
    await focusOn((f) => f.text === 'Confirmer le rendez-vous');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/rendez-vous\/gerer\/[A-Za-z0-9_-]+\?fait=pris$/);
    expect(await page.locator('main').textContent()).toContain('Dominique Clavier');
    await context.close();
  });
});

describe('the citizen’s account, the administration and the agents’ pages (issue 18 §1, §4, §5)', () => {
  it('lists a signed-in citizen’s appointments, with no violation', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'citoyen@example.org', BASE);
    await page.goto(`${e.baseUrl}${BASE}/rendez-vous`);
    await page.getByRole('link', { name: 'Passeports et cartes d’identité' }).click();
    await pickSlot(page);
    await page.waitForURL(/\/reserver\?/);
    await page.getByRole('button', { name: 'Confirmer le rendez-vous' }).click();
    await page.waitForURL(/\?fait=pris$/);
    await page.goto(`${e.baseUrl}${BASE}/mes-rendez-vous`);
    await expectNoAxeViolations(page);
    await page.locator('main table a').first().click();
    await page.waitForURL(/\/mes-rendez-vous\/[0-9a-f-]{36}$/);
    await expectNoAxeViolations(page);
    await context.close();
  });

  it('the administrator’s agenda pages, with their errors, have no violation', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'admin.givors@example.org', BASE);
    await page.goto(`${e.baseUrl}${BASE}/admin/rendez-vous`);
    await expectNoAxeViolations(page);
    await page.goto(`${e.baseUrl}${BASE}/admin/rendez-vous/nouveau`);
    await expectNoAxeViolations(page);
    await page.getByLabel('Durée d’un créneau (minutes)').fill('3');
    await page.getByRole('button', { name: /Créer/ }).click();
    await expect.poll(() => page.title()).toMatch(/^Erreur – /);
    await expectNoAxeViolations(page);

    await page.goto(`${e.baseUrl}${BASE}/admin/rendez-vous`);
    await page.getByRole('link', { name: 'Passeports et cartes d’identité' }).click();
    await page.waitForURL(/\/admin\/rendez-vous\/[0-9a-f-]{36}$/);
    const agendaUrl = page.url();
    await expectNoAxeViolations(page);
    await page.getByLabel('Nouveau motif').fill('Trop court');
    await page.getByLabel('Durée (minutes)').fill('20');
    await page.getByRole('button', { name: 'Ajouter le motif' }).click();
    await expect.poll(() => page.title()).toMatch(/^Erreur – /);
    await expectNoAxeViolations(page);
    await page.goto(agendaUrl);
    await page.getByLabel(/^lundi/).fill('9h-12h');
    await page.getByRole('button', { name: 'Enregistrer les horaires' }).click();
    await expect.poll(() => page.title()).toMatch(/^Erreur – /);
    await expectNoAxeViolations(page);
    await page.goto(agendaUrl);
    await page.getByRole('button', { name: 'Ajouter la fermeture' }).click();
    await expect.poll(() => page.title()).toMatch(/^Erreur – /);
    await expectNoAxeViolations(page);
    await context.close();
  });

  it('the agents’ day, statistics and feed pages have no violation', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'agent.givors@example.org', BASE);
    for (const path of ['/gru/rendez-vous', '/gru/rendez-vous?jour=2026-12-01', '/gru/rendez-vous/statistiques']) {
      expect((await page.goto(`${e.baseUrl}${BASE}${path}`))?.status(), path).toBe(200);
      await expectNoAxeViolations(page);
    }
    await page.goto(`${e.baseUrl}${BASE}/gru/rendez-vous/flux`);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Créer l’adresse du flux' }).click();
    await expect.poll(() => page.locator('main').textContent()).toContain('/rendez-vous/flux/');
    await expectNoAxeViolations(page);
    await context.close();
  });
});

describe('booking inside a form (issue 18 §2, §5)', () => {
  it('a citizen fills the demo’s identity-card form and books its appointment by the keyboard alone, with no violation', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await page.goto(`${e.baseUrl}${BASE}/demarches/carte-identite-passeport`);
    const focusOn = (matches: Parameters<typeof tabTo>[1]) => tabTo(page, matches);
    await focusOn((f) => f.text.startsWith('Commencer'));
    await page.keyboard.press('Enter');
    await page.waitForURL(/etapes\/1$/);
    await focusOn((f) => f.name === 'titre');
    await page.keyboard.press('Space');
    await focusOn((f) => f.name === 'nom');
    await page.keyboard.type('Alex Clavier');
    await focusOn((f) => f.text === 'Continuer');
    await page.keyboard.press('Enter');
    await page.waitForURL(/etapes\/2$/);
    await expectNoAxeViolations(page);

    // Continuing without a time: the field says what to do.
    await focusOn((f) => f.text === 'Continuer');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.title()).toMatch(/^Erreur – /);
    expect(await page.locator('main').textContent()).toContain('Choisissez un jour, puis un horaire');
    await expectNoAxeViolations(page);

    // The second day offered, then its first time.
    let days = 0;
    await focusOn((f) => /\(\d+ horaires?\)$/.test(f.text) && ++days === 2);
    await page.keyboard.press('Enter');
    await page.waitForURL(/jour=/);
    await expectNoAxeViolations(page);
    await focusOn((f) => f.name === 'rendez_vous' && f.type === 'radio');
    await page.keyboard.press('Space');
    await focusOn((f) => f.text === 'Continuer');
    await page.keyboard.press('Enter');
    await page.waitForURL(/recapitulatif$/);
    await expectNoAxeViolations(page);
    expect(await page.locator('main').textContent()).toMatch(
      /à \d{2} h \d{2} — Dépôt d’une demande .+, État civil de Givors/,
    );
    await focusOn((f) => f.name === 'contact_email');
    await page.keyboard.type('alex.clavier@example.org');
    await focusOn((f) => f.text === 'Envoyer ma demande');
    await page.keyboard.press('Enter');
    await page.waitForURL(/accuse-de-reception$/);
    await context.close();
  });
});
