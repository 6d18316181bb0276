import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2E, expectNoAxeViolations, logIn, startE2E, reportUpToPlace } from './support/browser.ts';

// The pages a newcomer met with rough edges: axe at a phone's width and at a desktop's, without JavaScript where a form
// is the point.
let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => e?.close());

const PHONE = { width: 375, height: 667 };

describe('the connection kit on a phone (issue 13 §14)', () => {
  it('lets a keyboard scroll its wide tables: axe finds nothing at 375 px', async () => {
    const context = await e.newContext({ viewport: PHONE });
    const page = await context.newPage();
    await page.goto(`${e.baseUrl}/identite/kit`);
    await expectNoAxeViolations(page);
    await context.close();
  });
});

describe('home pages, site map and administration homes (issue 13 §12)', () => {
  it('finds no violation on the changed public pages, at a phone’s width and a desktop’s', async () => {
    for (const viewport of [PHONE, { width: 1280, height: 800 }]) {
      const context = await e.newContext({ viewport });
      const page = await context.newPage();
      for (const path of ['/', '/plan-du-site', '/c/givors/', '/c/givors/demarches', '/c/givors/plan-du-site']) {
        await page.goto(`${e.baseUrl}${path}`);
        await expectNoAxeViolations(page);
      }
      await context.close();
    }
  });

  it('searches from the home page without JavaScript', async () => {
    const context = await e.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${e.baseUrl}/`);
    await page.getByLabel('Rechercher une démarche').fill('éclairage');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.waitForURL(/\/demarches\?q=/);
    expect(await page.title()).toContain('« éclairage »');
    expect(await page.textContent('.result-count')).toMatch(/trouvée/);
    await context.close();
  });

  it('finds no violation on the operators’ console and a commune’s administration home', async () => {
    const context = await e.newContext();
    const operator = await context.newPage();
    await logIn(operator, e.baseUrl, 'operateur@example.org');
    for (const path of ['/admin', '/plan-du-site']) {
      await operator.goto(`${e.baseUrl}${path}`);
      await expectNoAxeViolations(operator);
    }
    await context.close();
    const communeContext = await e.newContext();
    const admin = await communeContext.newPage();
    await logIn(admin, e.baseUrl, 'admin.givors@example.org', '/c/givors');
    for (const path of ['/c/givors/admin', '/c/givors/plan-du-site']) {
      await admin.goto(`${e.baseUrl}${path}`);
      await expectNoAxeViolations(admin);
    }
    await communeContext.close();
  });
});

describe('the public-space report’s location (issue 13 §6)', () => {
  it('describes what the page does (its map since issue 15 §5), and refuses a place outside the metropolis on its field', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'citoyen@example.org');
    await reportUpToPlace(page, e.baseUrl, 'eclairage', 'Le lampadaire de la place reste éteint.');
    // The words speak of a map only because there is one (issue 15 §5).
    await page.waitForSelector('.point-map[data-ready="true"] canvas');
    const hint = (await page.textContent('main')) ?? '';
    expect(hint).toContain('Cliquez sur la carte');
    expect(hint).toContain('Utiliser ma position');
    await page.locator('#champ-lieu').fill('48,8566');
    await page.locator('#champ-lieu-lon').fill('2,3522');
    await page.getByRole('button', { name: 'Continuer' }).click();
    await page.waitForURL(/recapitulatif$/);
    await page.getByRole('button', { name: 'Envoyer ma demande' }).click();
    await expect.poll(() => page.textContent('main')).toContain('hors du territoire de la Métropole de Lyon');
    await expectNoAxeViolations(page);
    await context.close();
  });
});
