import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2E, expectNoAxeViolations, logIn, startE2E } from './support/browser.ts';

// The agents' map: axe on the viewer (with JavaScript and without), its layer tables, the layers' management and the
// address import; the map and its tools used with the keyboard alone; the geocoder's suggestions on the map's search.
let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => e?.close());

/** Presses Tab until the focused element matches (the page is walked as a keyboard user walks it). */
async function tabTo(page: Page, matches: (el: { id: string; text: string }) => boolean): Promise<void> {
  for (let i = 0; i < 120; i++) {
    await page.keyboard.press('Tab');
    const el = await page.evaluate(() => ({
      id: document.activeElement?.id ?? '',
      text: document.activeElement?.textContent?.trim() ?? '',
    }));
    if (matches(el)) return;
  }
  throw new Error('element not reached by keyboard');
}

describe('the agents’ map (issue 20 §3, §6)', () => {
  it('passes axe and is used with the keyboard alone', async () => {
    const page = await (await e.newContext()).newPage();
    page.setDefaultTimeout(20_000);
    await logIn(page, e.baseUrl, 'agent.givors@example.org', '/c/givors');
    await page.goto(`${e.baseUrl}/c/givors/sig`);
    await page.waitForSelector('#sig-viewer[data-ready="true"]');
    expect(await page.locator('#sig-map canvas').count()).toBeGreaterThan(0);
    await expectNoAxeViolations(page);

    // Turn a layer on from the switcher, by keyboard: the permalink carries it.
    await tabTo(page, (el) => el.id === 'couche-ecoles-demo');
    await page.keyboard.press('Space');
    await expect.poll(() => page.evaluate(() => location.hash)).toContain('couches=ecoles-demo');

    // Pan and zoom the focused map with the arrows and +: the centre's coordinates (WGS 84 and Lambert-93) follow.
    await page.locator('#sig-map').focus();
    const before = await page.evaluate(() => location.hash);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('+');
    await expect.poll(() => page.evaluate(() => location.hash)).not.toBe(before);
    await expect
      .poll(() => page.textContent('#sig-coordinates'))
      .toMatch(/WGS 84 45\.\d+, 4\.\d+ — Lambert-93 X \d+ m/);

    // Measure a length point by point from the map's centre.
    await tabTo(page, (el) => el.text === 'Mesurer une longueur');
    await page.keyboard.press('Enter');
    await tabTo(page, (el) => el.text === 'Ajouter le centre à la mesure');
    await page.keyboard.press('Enter');
    await page.locator('#sig-map').focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await tabTo(page, (el) => el.text === 'Ajouter le centre à la mesure');
    await page.keyboard.press('Enter');
    await tabTo(page, (el) => el.text === 'Terminer la mesure');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.textContent('#sig-measure')).toMatch(/Longueur mesurée : [\d.]+ k?m/);

    // Find an address: suggestions from the geocoder, chosen with the arrows and Enter, centre the map on it.
    await page.locator('#sig-address').focus();
    await page.keyboard.type('12 avenue jean jaure venis');
    await page.waitForSelector('#sig-address[aria-expanded="true"]');
    expect(await page.locator('[role="option"]').first().textContent()).toBe('12 Avenue Jean Jaurès 69200 Vénissieux');
    await expectNoAxeViolations(page);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#carte=18\.00\/45\.69/);

    // The feature under the centre, and the permalink reopens the same view.
    const permalink = await page.getAttribute('#sig-permalink', 'href');
    expect(permalink).toMatch(/^#carte=/);
    await page.context().close();
  });

  it('offers the layers and their attribute tables without JavaScript', async () => {
    const context = await e.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    await logIn(page, e.baseUrl, 'agent.givors@example.org', '/c/givors');
    await page.goto(`${e.baseUrl}/c/givors/sig`);
    expect(await page.locator('#sig-viewer').isHidden()).toBe(true);
    expect(await page.textContent('main')).toContain('Pistes cyclables (démonstration)');
    await page.getByRole('link', { name: 'Écoles (démonstration)' }).click();
    await page.waitForURL(/\/sig\/couches\/ecoles-demo$/);
    expect(await page.textContent('table caption')).toContain('Objets de la couche Écoles (démonstration)');
    expect(await page.locator('tbody tr').count()).toBe(18);
    await context.close();
    // axe needs JavaScript in the page: the same table, checked with it on.
    const checked = await (await e.newContext()).newPage();
    await logIn(checked, e.baseUrl, 'agent.givors@example.org', '/c/givors');
    await checked.goto(`${e.baseUrl}/c/givors/sig/couches/ecoles-demo`);
    await expectNoAxeViolations(checked);
    await checked.context().close();
  });

  it('lets the metropolis’s administrator manage layers and import addresses, pages passing axe', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'admin.metropole@example.org');
    for (const path of ['/sig/gestion', '/sig/adresses']) {
      await page.goto(`${e.baseUrl}${path}`);
      await expectNoAxeViolations(page);
    }
    // A layer without its file: the form says what is missing.
    await page.goto(`${e.baseUrl}/sig/gestion`);
    await page.getByLabel('Titre').fill('Bornes');
    await page.getByLabel('Thème').fill('Mobilité');
    await page.getByLabel('Légende', { exact: true }).fill('Borne de recharge');
    await page.getByRole('button', { name: 'Ajouter la couche' }).click();
    await expect.poll(() => page.title()).toMatch(/^Erreur – /);
    expect(await page.textContent('.error-summary')).toContain('Choisissez le fichier de la couche.');
    await expectNoAxeViolations(page);
    await context.close();
  });
});
