import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2E, expectNoAxeViolations, logIn } from './support/browser.ts';
import { startE2E } from './support/browser.ts';
import { TOILETS } from '../../src/modules/opendata/demo.ts';

// The open-data portal in a real browser: its pages pass axe, and the widget works in a
// commune's own page served from another origin (issue 19 §2, §4, §9).
let e: E2E;
let foreign: Server;
let foreignUrl: string;
beforeAll(async () => {
  e = await startE2E();
  foreign = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><html lang="fr"><head><title>Site de la commune</title></head><body><main>
      <h1>Nos données</h1>
      <div data-communs-dataset="toilettes-publiques" data-communs-rows="3"></div>
      <script src="${e.baseUrl}/donnees/widget.js" async></script></main></body></html>`);
  });
  await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
  // Another origin: another port (and the address the widget's script comes from is the portal's).
  foreignUrl = `http://localhost:${(foreign.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await new Promise((resolve) => foreign.close(resolve));
  await e?.close();
});

describe('open-data portal in a browser (issue 19)', () => {
  it('portal, dataset, table, news, OGC and commune portal pages pass axe', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    for (const path of [
      '/donnees',
      '/donnees?q=toilette',
      '/donnees/jeux/toilettes-publiques',
      '/donnees/jeux/budget-primitif-2026/table?tri=montant_euros&ordre=desc',
      '/donnees/actualites',
      '/ogc?f=html',
      '/ogc/collections/toilettes-publiques/items?f=html',
      '/c/givors/donnees',
    ]) {
      const response = await page.goto(`${e.baseUrl}${path}`);
      expect(response?.status(), path).toBe(200);
      await expectNoAxeViolations(page);
    }
    await context.close();
  }, 240_000);

  it('searches with a typo and opens a dataset with the keyboard alone', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await page.goto(`${e.baseUrl}/donnees`);
    /** Presses Tab until the focused element matches `selector`, as a keyboard user would. */
    const tabTo = async (selector: string) => {
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press('Tab');
        if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
      }
      throw new Error(`no focus reaches ${selector}`);
    };
    await tabTo('input[name="q"]');
    await page.keyboard.type('toilete publiqe');
    await page.keyboard.press('Enter');
    await page.waitForURL(/[?&]q=toilete/);
    await tabTo('a[href$="/donnees/jeux/toilettes-publiques"]');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/donnees\/jeux\/toilettes-publiques$/);
    expect(await page.textContent('h1')).toContain('Toilettes publiques');
    await context.close();
  }, 120_000);

  it('the producer space passes axe', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'operateur@example.org');
    for (const path of ['/donnees/gestion', '/donnees/gestion/nouveau', '/donnees/gestion/articles']) {
      const response = await page.goto(`${e.baseUrl}${path}`);
      expect(response?.status(), path).toBe(200);
      await expectNoAxeViolations(page);
    }
    await context.close();
  });

  it('the map preview draws the features of a geographic dataset, the table being its alternative', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    const response = await page.goto(`${e.baseUrl}/donnees/jeux/toilettes-publiques/carte`);
    expect(response?.status()).toBe(200);
    await page.waitForSelector('#od-map[data-features]', { timeout: 15_000 }).catch(() => undefined);
    expect(problems).toEqual([]);
    // As many features drawn as the demo file holds, and the canvas is not blank.
    expect(Number(await page.getAttribute('#od-map', 'data-features'))).toBe(TOILETS.features.length);
    const painted = await page.evaluate(() => {
      const canvas = document.querySelector('#od-map canvas') as HTMLCanvasElement | null;
      const pixels = canvas?.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
      let count = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i]! > 0) count++;
      return count;
    });
    expect(painted).toBeGreaterThan(0);
    await expectNoAxeViolations(page);
    // Without the map, the same data as a table.
    await page.click('text=en tableau');
    expect(await page.locator('table tbody tr').count()).toBeGreaterThan(0);
    await expectNoAxeViolations(page);
    await context.close();
  });

  it('the widget shows the dataset card and its first rows in a commune site of another origin', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await page.goto(foreignUrl);
    await page.waitForSelector('.communs-od table');
    expect(await page.textContent('.communs-od h2')).toBe('Toilettes publiques');
    expect(await page.locator('.communs-od tbody tr').count()).toBe(3);
    await context.close();
  });
});
