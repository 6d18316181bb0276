import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { type E2E, expectNoAxeViolations, logIn, startE2E, tabTo } from './support/browser.ts';

// Issue 17 (part 2) in a real browser: the usage statistics, the breach and attack reports, the pétale space; axe on
// every new page, and a report sent with the keyboard alone.
vi.setConfig({ testTimeout: 240_000 });
const SLOW = { timeout: 20_000 };
let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => e?.close());

async function visit(page: Page, path: string, expected: string): Promise<void> {
  await page.goto(`${e.baseUrl}${path}`);
  await expect.poll(() => page.locator('main').textContent(), SLOW).toContain(expected);
  await expectNoAxeViolations(page);
}

describe('privacy operations (issue 17 §4–§6)', () => {
  it('shows the operators the statistics, the reports desk and the pétale setting', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'operateur@example.org');
    await visit(page, '/admin/statistiques-usage', 'Secret statistique');
    await visit(page, '/admin/statistiques-usage/givors', 'Statistiques d’usage — Givors');
    await visit(page, '/admin/incidents', 'Tentatives de connexion en masse');
    await page.getByRole('link', { name: /Tentatives de connexion en masse/ }).click();
    await expect.poll(() => page.locator('main').textContent(), SLOW).toContain('Suite à donner');
    await expectNoAxeViolations(page);
    await visit(page, '/admin/petale', 'Texte du consentement');
    await context.close();
  });

  it('lets a commune read its statistics and report an attack with the keyboard alone', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'admin.givors@example.org', '/c/givors');
    await visit(page, '/c/givors/statistiques-usage', 'Statistiques d’usage — Givors');
    await visit(page, '/c/givors/incidents', 'Signalements de sécurité');
    await page.goto(`${e.baseUrl}/c/givors/incidents/nouveau`);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Envoyer le signalement' }).click();
    await expect.poll(() => page.title(), SLOW).toMatch(/^Erreur – /);
    await expectNoAxeViolations(page);

    await tabTo(page, (el) => el.name === 'kind');
    // The radio group: the arrow keys move between its choices; "attaque" is the second.
    await page.keyboard.press('ArrowDown');
    await tabTo(page, (el) => el.name === 'identityAttack');
    await page.keyboard.press('Space');
    await tabTo(page, (el) => el.name === 'title');
    await page.keyboard.type('Hameçonnage visant les agents');
    await tabTo(page, (el) => el.name === 'description');
    await page.keyboard.type('Un faux courriel de connexion circule.');
    await tabTo(page, (el) => el.name === 'detectedDay');
    await page.keyboard.type('2026-11-30');
    await tabTo(page, (el) => el.name === 'detectedTime');
    await page.keyboard.type('08:30');
    await tabTo(page, (el) => el.tag === 'button' && el.text === 'Envoyer le signalement');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('main').textContent(), SLOW).toContain('Le signalement est envoyé');
    expect(await page.locator('main').textContent()).toContain('Alerte sous 8 heures');
    await expectNoAxeViolations(page);
    await context.close();
  });

  it('opens the demo citizen’s pétale space in Lyon', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'citoyen@example.org', '/c/lyon');
    await visit(page, '/c/lyon/petale', 'Justificatif de domicile');
    await context.close();
  });
});
