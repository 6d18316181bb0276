import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2E, expectNoAxeViolations, logIn, startE2E, tabTo, reportUpToPlace } from './support/browser.ts';

// Public-space reports in a browser (issue 15 §6, §7): axe finds nothing on the public list with its map, a report's
// page, the review step with its nearby suggestions and the moderation pages; a suggested report is followed by
// keyboard alone. The demo seeds the reports (two potholes 90 m apart in Lyon).
let e: E2E;

beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => e?.close());

describe('public reports in a browser (issue 15 §6)', { timeout: 180_000 }, () => {
  it('issue 15 §6: the public list with its map and a report’s page pass axe', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await page.goto(`${e.baseUrl}/signalements`);
    await page.waitForSelector('#reports-map[data-features]');
    expect(Number(await page.locator('#reports-map').getAttribute('data-features'))).toBeGreaterThan(0);
    await expectNoAxeViolations(page);
    await page
      .getByRole('link', { name: /Nid de poule/ })
      .first()
      .click();
    await page.waitForURL(/\/signalements\/[0-9a-f-]{36}$/);
    expect(await page.locator('main').textContent()).toContain('Suivre ce signalement');
    await expectNoAxeViolations(page);
    await context.close();
  });

  it('issue 15 §6: the review step suggests the pothole nearby, passes axe, and the citizen follows it by keyboard alone', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'citoyen@example.org');
    await reportUpToPlace(page, e.baseUrl, 'nid-de-poule', 'Un trou dans la chaussée');
    await page.locator('input[name="lieu.lat"]').fill('45.7642');
    await page.locator('input[name="lieu.lon"]').fill('4.8359');
    await page.getByRole('button', { name: 'Continuer' }).click();
    await page.waitForURL(/recapitulatif$/);
    expect(await page.locator('main').textContent()).toContain('Est-ce l’un de ces signalements ? Suivez-le plutôt');
    await expectNoAxeViolations(page);

    await page.locator('h1').focus();
    await tabTo(page, (el) => el.tag === 'button' && el.text === 'Suivre ce signalement');
    await page.keyboard.press('Enter');
    // The answer is a new page (a POST answered with a page): wait for it, not for the load state the old one has.
    await page.locator('h1', { hasText: 'Vous suivez ce signalement' }).waitFor();
    expect(await page.locator('main').textContent()).toContain('Revenir à mon signalement pour l’envoyer quand même');
    await expectNoAxeViolations(page);
    await context.close();
  });
});

describe('moderation in a browser (issue 15 §7, T12)', { timeout: 180_000 }, () => {
  it('T12: the moderation list and a report’s moderation page pass axe, with and without errors', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'operateur@example.org');
    await page.goto(`${e.baseUrl}/admin/signalements`);
    await expectNoAxeViolations(page);
    await page.locator('table a').first().click();
    await page.waitForURL(/\/admin\/signalements\/[0-9a-f-]{36}$/);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Enregistrer la description publique' }).click();
    await page.locator('.error-summary').waitFor();
    expect(await page.locator('.error-summary').textContent()).toContain('Indiquez le motif de la modération.');
    await expectNoAxeViolations(page);
    await context.close();
  });
});
