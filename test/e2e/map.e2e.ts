import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoLogoPng } from '../../src/modules/requests/index.ts';
import { type E2E, expectNoAxeViolations, logIn, reportUpToPlace, startE2E, tabTo } from './support/browser.ts';

// The report's place on a real map (issue 15 §5, T6), offline: the background is drawn from our own outlines (no
// MAP_STYLE_URL in the tests), OpenLayers is served by us. A citizen places the point with the keyboard alone and
// sends the report; a click on the map fills the numbers; the agent sees the same map on the request's page.
let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => e?.close());

// The demo's Lyon (its approximate outline), where the point must land for the test's report.
const LYON = { south: 45.725, north: 45.805, west: 4.8, east: 4.89 };
const number = (text: string) => Number(text.replace(',', '.'));

/** The report's first page filled, then its second page (the place) with its map drawn. */
async function openPlacePage(page: Page): Promise<void> {
  await reportUpToPlace(page, e.baseUrl, 'nid-de-poule', 'Un nid-de-poule profond devant l’école.');
  await page.waitForSelector('.point-map[data-ready="true"] canvas');
}

describe('the report’s place on a map (issue 15 §5, T6)', { timeout: 180_000 }, () => {
  let requestId = '';

  it('issue 15 §5: passes axe, and a citizen places the point with the keyboard alone on the map and sends the report', async () => {
    const page = await (await e.newContext()).newPage();
    page.setDefaultTimeout(20_000);
    await logIn(page, e.baseUrl, 'citoyen@example.org');
    await openPlacePage(page);
    await expectNoAxeViolations(page);

    // The map is a Tab stop, named, with its instructions; the numbers are still empty.
    await tabTo(page, (el) => el.id === 'champ-lieu-carte');
    const map = page.locator('#champ-lieu-carte');
    expect(await map.getAttribute('aria-label')).toBe('Carte pour placer le lieu');
    const help = await page.locator(`#${await map.getAttribute('aria-describedby')}`).textContent();
    expect(help).toContain('appuyez sur Entrée ou Espace');
    expect(await page.inputValue('#champ-lieu')).toBe('');

    // Zoom in with +, then pan with the arrows until the centre is in Lyon, checking where it is with Enter as a
    // person checks the numbers and the status line.
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    await page.waitForTimeout(400);
    let inLyon = false;
    for (let step = 0; step < 30 && !inLyon; step++) {
      await page.keyboard.press(step === 0 ? 'Space' : 'Enter');
      const lat = number(await page.inputValue('#champ-lieu'));
      const lon = number(await page.inputValue('#champ-lieu-lon'));
      inLyon = lat > LYON.south && lat < LYON.north && lon > LYON.west && lon < LYON.east;
      if (inLyon) break;
      const key =
        lat <= LYON.south ? 'ArrowUp' : lat >= LYON.north ? 'ArrowDown' : lon <= LYON.west ? 'ArrowRight' : 'ArrowLeft';
      await page.keyboard.press(key);
      await page.waitForTimeout(300);
    }
    expect(inLyon).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('champ-lieu-carte');
    const lat = await page.inputValue('#champ-lieu');
    const lon = await page.inputValue('#champ-lieu-lon');
    expect(await page.locator('.map-point__status[role="status"]').textContent()).toBe(
      `Point placé au centre de la carte : latitude ${lat}, longitude ${lon}. Vérifiez-le avant de continuer.`,
    );
    await expectNoAxeViolations(page);

    // On by keyboard to the page's button, and the report is sent with that point.
    await page.getByRole('button', { name: 'Continuer' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/recapitulatif$/);
    await page.getByRole('button', { name: 'Envoyer ma demande' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/mes-demandes\/[0-9a-f-]+\/accuse-de-reception$/);
    requestId = /mes-demandes\/([0-9a-f-]+)\//.exec(page.url())?.[1] ?? '';
    const request = await e.t.services.db
      .selectFrom('request')
      .select('answers')
      .where('id', '=', requestId)
      .executeTakeFirstOrThrow();
    expect(request.answers.lieu).toEqual({ lat: number(lat), lon: number(lon) });
    await page.context().close();
  });

  it('issue 15 §5: a click on the map fills the latitude and longitude, and says so', async () => {
    const page = await (await e.newContext()).newPage();
    page.setDefaultTimeout(20_000);
    await logIn(page, e.baseUrl, 'citoyen@example.org');
    await openPlacePage(page);
    await page.locator('#champ-lieu-carte').scrollIntoViewIfNeeded();
    const box = await page.locator('#champ-lieu-carte').boundingBox();
    if (!box) throw new Error('the map has no box');
    await page.mouse.click(box.x + box.width * 0.4, box.y + box.height * 0.6);
    await expect.poll(() => page.inputValue('#champ-lieu')).toMatch(/^45,\d{6}$/);
    expect(await page.inputValue('#champ-lieu-lon')).toMatch(/^4,\d{6}$/);
    expect(await page.locator('.map-point__status[role="status"]').textContent()).toContain(
      'Point placé sur la carte : latitude 45,',
    );

    // The numbers stay the source of truth: typed ones are what the form sends.
    await page.locator('#champ-lieu').fill('45,76');
    await page.locator('#champ-lieu-lon').fill('4,84');
    await page.getByRole('button', { name: 'Continuer' }).click();
    await page.waitForURL(/recapitulatif$/);
    expect(await page.locator('main').textContent()).toContain('45,76');
    await page.context().close();
  });

  it('issue 15 §5: without JavaScript the place is the two numbers, as before', async () => {
    const context = await e.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'citoyen@example.org');
    await reportUpToPlace(page, e.baseUrl, 'nid-de-poule', 'Un nid-de-poule.');
    expect(await page.locator('.point-map, canvas').count()).toBe(0);
    await page.getByLabel('Latitude').fill('45,76');
    await page.getByLabel('Longitude').fill('4,84');
    await page.getByRole('button', { name: 'Continuer' }).click();
    await page.waitForURL(/recapitulatif$/);
    await context.close();
  });

  it('issue 15 §5: the agent sees the point on the same map, read only, and the page passes axe', async () => {
    expect(requestId).not.toBe('');
    const page = await (await e.newContext()).newPage();
    page.setDefaultTimeout(20_000);
    await logIn(page, e.baseUrl, 'agent.metropole@example.org');
    await page.goto(`${e.baseUrl}/gru/demandes/${requestId}`);
    await page.waitForSelector('.request-map--live .point-map__map canvas');
    expect(await page.locator('.request-map__svg').isVisible()).toBe(false);
    const map = page.locator('.request-map .point-map__map');
    expect(await map.getAttribute('aria-label')).toContain('Carte interactive du lieu indiqué dans la commune de Lyon');
    expect(await page.locator('.request-map figcaption').textContent()).toContain('Latitude 45,');
    await expectNoAxeViolations(page);

    // Read only: focused and moved with the arrows, Enter changes nothing.
    await map.focus();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Enter');
    expect(page.url()).toContain(`/gru/demandes/${requestId}`);
    await page.context().close();
  });
});

describe('the map’s tiles from MAP_STYLE_URL (issue 15 §5, T6)', { timeout: 240_000 }, () => {
  it('issue 15 §5: draws the configured tiles with their credit, allowed by the CSP', async () => {
    const tiled = await startE2E({
      env: { MAP_STYLE_URL: 'https://tuiles.example.org/{z}/{x}/{y}.png', MAP_STYLE_ATTRIBUTION: '© Tuiles de test' },
    });
    try {
      const context = await tiled.newContext();
      // No internet in the tests: the tile server is played by the browser itself, with a 256 px PNG.
      const tiles: string[] = [];
      const png = demoLogoPng([200, 220, 240], 256);
      await context.route('https://tuiles.example.org/**', async (route) => {
        tiles.push(route.request().url());
        await route.fulfill({ status: 200, contentType: 'image/png', body: png });
      });
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      const refused: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
      });
      await logIn(page, tiled.baseUrl, 'citoyen@example.org');
      await reportUpToPlace(page, tiled.baseUrl, 'nid-de-poule', 'Un nid-de-poule.');
      await page.waitForSelector('.point-map[data-ready="true"] canvas');
      await expect.poll(() => tiles.length).toBeGreaterThan(0);
      expect(tiles.every((url) => /^https:\/\/tuiles\.example\.org\/\d+\/\d+\/\d+\.png$/.test(url))).toBe(true);
      expect(await page.locator('.point-map .ol-attribution').textContent()).toContain('© Tuiles de test');
      expect(refused).toEqual([]);
      await expectNoAxeViolations(page);
      await context.close();
    } finally {
      await tiled.close();
    }
  });
});
