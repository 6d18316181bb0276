import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2E, expectNoAxeViolations, logIn, startE2E } from './support/browser.ts';

// A Connecté commune's connector page in a browser (issue 15 §1): axe finds nothing on the empty form, the form
// redrawn with its French errors, and the saved connector; an administrator fills it by keyboard alone.
let e: E2E;

beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => e?.close());

describe('the connector page of a Connecté commune (issue 15 §1)', { timeout: 180_000 }, () => {
  it('passes axe empty, with its errors and once saved, and is filled by keyboard alone', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'admin.rillieux-la-pape@example.org', '/c/rillieux-la-pape');
    await page.goto(`${e.baseUrl}/c/rillieux-la-pape/admin/connecteur`);
    await expectNoAxeViolations(page);

    // Sent empty: the errors are listed at the top and beside each field.
    await page.getByRole('button', { name: 'Enregistrer le connecteur' }).press('Enter');
    await page.waitForURL(/\/admin\/connecteur$/);
    expect(await page.locator('.error-summary').textContent()).toContain('Saisissez la clé ou le secret');
    await expectNoAxeViolations(page);

    // By keyboard: the first radio button, then each field in the order of the page.
    await page.getByLabel('Webhook signé (JSON)').focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.type('https://signalements.rillieux.example.org/hook');
    // Service code, jurisdiction, polling (Open311 only, left unchecked), then the secret.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.type('secret-de-demonstration-1234');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForURL(/fait=1$/);
    expect(await page.locator('main').textContent()).toContain('Le connecteur est enregistré.');
    expect(await page.locator('main').textContent()).toContain('« 1234 »');
    expect(await page.content()).not.toContain('secret-de-demonstration-1234');
    await expectNoAxeViolations(page);
    await context.close();
  });
});

describe('the Open311 keys page of a commune (issue 15 §3)', { timeout: 180_000 }, () => {
  it('issue 15 §3: passes axe empty, with its error and with the key shown once, and a key is created by keyboard alone', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'admin.rillieux-la-pape@example.org', '/c/rillieux-la-pape');
    await page.goto(`${e.baseUrl}/c/rillieux-la-pape/admin/open311`);
    expect(await page.locator('main').textContent()).toContain('Aucune clé d’accès n’a encore été créée.');
    await expectNoAxeViolations(page);

    // Sent empty: the error is listed at the top and beside the field.
    await page.getByRole('button', { name: 'Créer la clé d’accès' }).press('Enter');
    await page.waitForURL(/\/admin\/open311$/);
    expect(await page.locator('.error-summary').textContent()).toContain('Donnez un nom à ce client');
    await expectNoAxeViolations(page);

    // By keyboard: the name, then Tab to the button and Enter.
    await page.getByLabel('Nom du client').focus();
    await page.keyboard.type('Application mobile de Rillieux');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.locator('#cle-open311').waitFor();
    const key = (await page.locator('#cle-open311').textContent()) ?? '';
    expect(key).toMatch(/^[\w-]{40,}$/);
    expect(await page.locator('main').textContent()).toContain('elle ne sera plus jamais affichée');
    await expectNoAxeViolations(page);

    // Shown once: the list gives only its last four characters.
    await page.goto(`${e.baseUrl}/c/rillieux-la-pape/admin/open311`);
    expect(await page.locator('main').textContent()).toContain(`…${key.slice(-4)}`);
    expect(await page.content()).not.toContain(key);
    await context.close();
  });
});
