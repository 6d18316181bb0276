import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type E2E, expectNoAxeViolations, logIn, startE2E } from './support/browser.ts';

// The school's messaging, blogs and documents (issue 22) in a real browser, on the demo school Jean Macé (Givors):
// every page passes axe, and a parent writes a message with the keyboard alone.
const SCHOOL = '/c/givors/ecole/0691234S';
vi.setConfig({ testTimeout: 240_000 });
let e: E2E;

beforeAll(async () => {
  e = await startE2E();
}, 240_000);
afterAll(async () => {
  await e?.close();
});

async function visit(page: Page, path: string): Promise<void> {
  const response = await page.goto(`${e.baseUrl}${path}`);
  expect(response?.status(), path).toBe(200);
  await expectNoAxeViolations(page);
}

describe('axe on the school’s messaging, blogs and documents (issue 22 §7)', () => {
  it('finds no violation on the pages of a parent, the head and an operator', async () => {
    const parent = await (await e.newContext()).newPage();
    await logIn(parent, e.baseUrl, 'parent.ecole@example.org', '/c/givors');
    for (const p of ['/messagerie', '/messagerie/nouveau', '/messagerie/envoyes', '/blogs', '/documents'])
      await visit(parent, `${SCHOOL}${p}`);
    await parent.goto(`${e.baseUrl}${SCHOOL}/messagerie/envoyes`);
    await parent.getByRole('link', { name: 'Absence de Léa jeudi' }).click();
    await expectNoAxeViolations(parent);
    await parent.goto(`${e.baseUrl}${SCHOOL}/blogs`);
    await parent.getByRole('link', { name: /CM1 A/ }).click();
    await expectNoAxeViolations(parent);
    await parent.getByRole('link', { name: 'Bienvenue sur le blog des CM1 A' }).click();
    await expectNoAxeViolations(parent);
    await parent.goto(`${e.baseUrl}${SCHOOL}/documents`);
    await parent.getByRole('link', { name: /CM1 A/ }).click();
    await expectNoAxeViolations(parent);
    expect(await parent.textContent('main')).toContain('Liste des fournitures.pdf');
    await parent.context().close();

    const head = await (await e.newContext()).newPage();
    await logIn(head, e.baseUrl, 'directrice.ecole@example.org', '/c/givors');
    await visit(head, `${SCHOOL}/messagerie/moderation`);
    await head.goto(`${e.baseUrl}${SCHOOL}/blogs`);
    await head.getByRole('link', { name: /CM1 A/ }).click();
    expect(await head.textContent('main')).toContain('Notre visite au musée');
    await expectNoAxeViolations(head);
    await head.goto(`${e.baseUrl}${SCHOOL}/documents/perso`);
    await expectNoAxeViolations(head);
    await head.context().close();

    const operator = await (await e.newContext()).newPage();
    await logIn(operator, e.baseUrl, 'operateur@example.org');
    await visit(operator, '/admin/ecoles/messagerie');
    await operator.context().close();
  });
});

describe('keyboard only, and without JavaScript (issue 22 §1, §2)', () => {
  it('a parent writes to their child’s teacher with the keyboard alone', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'parent.ecole@example.org', '/c/givors');
    await page.goto(`${e.baseUrl}${SCHOOL}/messagerie/nouveau`);
    await page.getByLabel('Marc Petit').focus();
    await page.keyboard.press('Space');
    expect(await page.getByLabel('Marc Petit').isChecked()).toBe(true);
    await page.getByLabel('Objet').focus();
    await page.keyboard.type('Réunion de parents');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('texte');
    await page.keyboard.type('Je serai présente mardi.');
    await page.getByRole('button', { name: 'Envoyer' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/fait=envoye$/);
    expect(await page.textContent('main')).toContain('Réunion de parents');
    await context.close();
  });

  it('works without JavaScript: a teacher publishes on the class blog', async () => {
    const context = await e.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'enseignant.ecole@example.org', '/c/givors');
    await page.goto(`${e.baseUrl}${SCHOOL}/blogs`);
    await page.getByRole('link', { name: /CM1 A/ }).click();
    await page.getByLabel('Titre').fill('Sortie à la piscine');
    await page.getByLabel('Texte').fill('Mardi, pensez au maillot.');
    await page.getByRole('button', { name: 'Publier le billet' }).click();
    await page.waitForURL(/fait=publie$/);
    expect(await page.textContent('main')).toContain('Sortie à la piscine');
    await context.close();
  });
});
