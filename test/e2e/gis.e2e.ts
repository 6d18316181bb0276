import { readFile } from 'node:fs/promises';
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

  it('exports the map as a PNG image from the keyboard, and says so (issue 20 §3)', async () => {
    const page = await (await e.newContext()).newPage();
    page.setDefaultTimeout(20_000);
    await logIn(page, e.baseUrl, 'agent.givors@example.org', '/c/givors');
    await page.goto(`${e.baseUrl}/c/givors/sig#carte=13.00/45.5906/4.7689&couches=ecoles-demo`);
    await page.waitForSelector('#sig-viewer[data-ready="true"]');
    await tabTo(page, (el) => el.text === 'Exporter en PNG');
    const downloading = page.waitForEvent('download');
    await page.keyboard.press('Enter');
    const download = await downloading;
    expect(download.suggestedFilename()).toBe('carte.png');
    const image = await readFile((await download.path()) ?? '');
    // A real PNG: its signature, an IHDR chunk the size of the map, and more than an empty canvas would weigh.
    expect([...image.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(image.subarray(12, 16).toString('latin1')).toBe('IHDR');
    const map = await page.locator('#sig-map').evaluate((el) => [el.clientWidth, el.clientHeight]);
    expect([image.readUInt32BE(16), image.readUInt32BE(20)]).toEqual(map);
    expect(image.length).toBeGreaterThan(5_000);
    // …that the browser reads back, with the map drawn on it (not a blank canvas: several colours).
    const colours = await page.evaluate(async (base64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${base64}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const context = canvas.getContext('2d');
      context?.drawImage(img, 0, 0);
      const pixels = context?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
      const seen = new Set<number>();
      for (let i = 0; i < pixels.length; i += 4) seen.add((pixels[i]! << 16) | (pixels[i + 1]! << 8) | pixels[i + 2]!);
      return seen.size;
    }, image.toString('base64'));
    expect(colours).toBeGreaterThan(10);
    // The result is announced in the tools' live region.
    expect(await page.getAttribute('#sig-measure', 'aria-live')).toBe('polite');
    await expect.poll(() => page.textContent('#sig-measure')).toBe('Image de la carte enregistrée (carte.png).');
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

describe('the report’s place from an address (issue 20 §4, N3)', () => {
  it('fills the latitude and longitude from a suggestion chosen by keyboard, and the request keeps that point', async () => {
    const page = await (await e.newContext()).newPage();
    page.setDefaultTimeout(20_000);
    await logIn(page, e.baseUrl, 'citoyen@example.org');
    await page.goto(`${e.baseUrl}/demarches/signaler-un-probleme`);
    await page.getByRole('button', { name: /Commencer/ }).click();
    await page.waitForURL(/etapes\/1$/);
    await page.locator('input[name="categorie"][value="eclairage"]').check();
    await page.locator('textarea[name="description"]').fill('Le lampadaire devant le numéro 12 clignote.');
    await page.getByRole('button', { name: 'Continuer' }).click();
    await page.waitForURL(/etapes\/2$/);

    // A typo and no accents, as people type: the demo BAL's address is still the first suggestion.
    const search = page.getByRole('combobox', { name: 'Adresse' });
    await search.focus();
    await page.keyboard.type('12 avenue jean jaure venis');
    await page.waitForSelector('[role="combobox"][aria-expanded="true"]');
    expect(await page.locator('[role="option"]').first().textContent()).toBe('12 Avenue Jean Jaurès 69200 Vénissieux');
    await expectNoAxeViolations(page);
    await page.keyboard.press('ArrowDown');
    expect(await search.getAttribute('aria-activedescendant')).toBe(
      await page.locator('[role="option"]').first().getAttribute('id'),
    );
    await page.keyboard.press('Enter');

    // The numbers are the geocoder's own point for that address, and the page says so.
    const answer = (await (
      await fetch(`${e.baseUrl}/geocodage/api?q=${encodeURIComponent('12 Avenue Jean Jaurès Vénissieux')}&limit=1`)
    ).json()) as { features: Array<{ geometry: { coordinates: [number, number] } }> };
    const [lon, lat] = answer.features[0]?.geometry.coordinates ?? [0, 0];
    const decimal = (n: number) => n.toFixed(6).replace('.', ',');
    expect(await page.inputValue('#champ-lieu')).toBe(decimal(lat));
    expect(await page.inputValue('#champ-lieu-lon')).toBe(decimal(lon));
    expect(await search.getAttribute('aria-expanded')).toBe('false');
    await expect
      .poll(() => page.locator('.map-point__status[role="status"]').textContent())
      .toContain('remplies d’après l’adresse 12 Avenue Jean Jaurès 69200 Vénissieux');
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Continuer' }).click();
    await page.waitForURL(/recapitulatif$/);
    await page.getByRole('button', { name: 'Envoyer ma demande' }).click();
    await page.waitForURL(/\/mes-demandes\/[0-9a-f-]+\/accuse-de-reception$/);
    const id = /mes-demandes\/([0-9a-f-]+)\//.exec(page.url())?.[1] ?? '';
    const request = await e.t.services.db
      .selectFrom('request')
      .select('answers')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(request.answers.lieu).toEqual({ lat: Number(lat.toFixed(6)), lon: Number(lon.toFixed(6)) });
    await page.context().close();
  });
});
