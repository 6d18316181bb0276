import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type E2E, expectNoAxeViolations, logIn, startE2E } from './support/browser.ts';

// The classes' spaces in a real browser, on the demo school Jean Macé (Givors) and its CM1 A: every page passes axe
// for the teacher, the school's administrator (its life office) and a parent; the teacher takes the register with the
// keyboard alone; a parent reads the log without JavaScript.
const BASE = '/c/givors/ecole/0691234S';
vi.setConfig({ testTimeout: 240_000 });
let e: E2E;

beforeAll(async () => {
  e = await startE2E();
}, 240_000);
afterAll(async () => {
  await e?.close();
});

/** A new page that gives up on a missing element soon, naming it, rather than at the test's own timeout. */
async function newPage(options: { javaScriptEnabled?: boolean } = {}) {
  const context = await e.newContext(options);
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return { context, page };
}

async function visit(page: Page, path: string): Promise<void> {
  const response = await page.goto(`${e.baseUrl}${path}`);
  expect(response?.status(), path).toBe(200);
  await expectNoAxeViolations(page);
}

describe('the homework log, the register and the projects (issue 22 §4–§7)', () => {
  it('has no axe violation on any page, and the teacher takes the register by keyboard alone', async () => {
    const { context, page } = await newPage();
    await logIn(page, e.baseUrl, 'enseignant.ecole@example.org', '/c/givors');
    await visit(page, `${BASE}/classes`);
    await page.getByRole('link', { name: 'CM1 A' }).click();
    const classPath = new URL(page.url()).pathname;
    await expectNoAxeViolations(page);
    expect(await page.textContent('main')).toContain('Travail à faire pour le');
    // The session form sent empty (the browser's own checks set aside) comes back with its errors, axe-clean too.
    await page.locator('form[aria-labelledby="ajouter-seance"]').evaluate((form) => {
      (form as HTMLFormElement).noValidate = true;
    });
    await page.getByRole('button', { name: 'Enregistrer la séance' }).click();
    await page.locator('.error-summary').waitFor();
    await expectNoAxeViolations(page);
    await page
      .getByRole('link', { name: /Faire l'appel/ })
      .first()
      .click();
    await expectNoAxeViolations(page);

    // Yanis absent: his group's first choice focused, an arrow key, then Tab to the button and Enter.
    await page
      .getByRole('group', { name: /Benali Yanis/ })
      .getByLabel('Présent')
      .focus();
    await page.keyboard.press('ArrowRight');
    let reached = '';
    for (let i = 0; i < 10 && !reached.includes("Enregistrer l'appel"); i += 1) {
      await page.keyboard.press('Tab');
      reached = (await page.evaluate(() => document.activeElement?.textContent)) ?? '';
    }
    expect(reached).toContain("Enregistrer l'appel");
    await page.keyboard.press('Enter');
    await page.waitForURL(/fait=appel$/);
    expect(await page.textContent('main')).toContain('parents des élèves absents ou en retard sont prévenus');

    await visit(page, `${BASE}/absences`);
    expect(await page.textContent('main')).toContain('Benali Yanis');
    await visit(page, `${BASE}/projets`);
    await page.getByRole('link', { name: 'Une ville en chansons' }).click();
    await expectNoAxeViolations(page);
    await context.close();

    const { context: office, page: admin } = await newPage();
    await logIn(admin, e.baseUrl, 'directrice.ecole@example.org', '/c/givors');
    await visit(admin, `${BASE}/absences`);
    expect(await admin.getByRole('link', { name: 'fichier CSV' }).count()).toBe(1);
    await office.close();

    // A parent: the class's published log and their child's absences only; the log reads without JavaScript too.
    const { context: family, page: parent } = await newPage();
    await logIn(parent, e.baseUrl, 'parent.ecole@example.org', '/c/givors');
    await visit(parent, classPath);
    const log = (await parent.textContent('main')) ?? '';
    expect(log).toContain('Relire le chapitre 2');
    expect(log).not.toContain('partage de la galette');
    await visit(parent, `${BASE}/absences`);
    const absences = (await parent.textContent('main')) ?? '';
    expect(absences).toContain('Martin Léa');
    expect(absences).not.toContain('Benali Yanis');
    const cookies = await family.cookies();
    await family.close();
    const { context: noScript, page: plain } = await newPage({ javaScriptEnabled: false });
    await noScript.addCookies(cookies);
    await plain.goto(`${e.baseUrl}${classPath}`);
    expect(await plain.textContent('main')).toContain('Relire le chapitre 2');
    await noScript.close();
  });
});
