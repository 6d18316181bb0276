import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type E2E, expectNoAxeViolations, logIn, startE2E, tabTo } from './support/browser.ts';

// Privacy operations in a real browser (issue 17 §1, §3, §7): the privacy notice, the rights form used with the
// keyboard alone, the officer's queue, answer, retention rules and register; axe on every page.
vi.setConfig({ testTimeout: 240_000 });
const SLOW = { timeout: 20_000 };
let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => e?.close());

describe('rights requests, retention and the register (issue 17)', () => {
  it('a citizen exercises a right with the keyboard; Givors’s officer answers with the export', async () => {
    const base = `${e.baseUrl}/c/givors`;
    const citizenContext = await e.newContext();
    const citizen = await citizenContext.newPage();
    await citizen.goto(`${base}/confidentialite`);
    await expect.poll(() => citizen.locator('h1').textContent(), SLOW).toBe('Données personnelles');
    await expectNoAxeViolations(citizen);

    await logIn(citizen, e.baseUrl, 'citoyen@example.org', '/c/givors');
    await citizen.goto(`${base}/compte/droits`);
    await expectNoAxeViolations(citizen);
    await citizen.getByRole('button', { name: 'Envoyer ma demande' }).click();
    await expect.poll(() => citizen.title(), SLOW).toMatch(/^Erreur – /);
    await expectNoAxeViolations(citizen);

    // The main action with the keyboard alone: choose a right, write the request, send.
    await citizen.locator('h1').focus();
    await tabTo(citizen, (el) => el.name === 'droit');
    while ((await citizen.evaluate(() => (document.activeElement as HTMLInputElement).value)) !== 'rectification')
      await citizen.keyboard.press('ArrowDown');
    await tabTo(citizen, (el) => el.name === 'precisions');
    await citizen.keyboard.type('Mon adresse a changé : 3 rue de la Paix, Givors.');
    await tabTo(citizen, (el) => el.tag === 'button' && el.text === 'Envoyer ma demande');
    await citizen.keyboard.press('Enter');
    await expect.poll(() => citizen.locator('main').textContent(), SLOW).toContain('Votre demande est envoyée');
    await expectNoAxeViolations(citizen);
    const reference = (await citizen.locator('h1').textContent())?.replace('Demande ', '') ?? '';

    const officerContext = await e.newContext();
    const officer = await officerContext.newPage();
    await logIn(officer, e.baseUrl, 'admin.givors@example.org', '/c/givors');
    await officer.goto(`${base}/admin/droits`);
    await expect.poll(() => officer.locator('main').textContent(), SLOW).toContain(reference);
    await expectNoAxeViolations(officer);
    await officer.getByRole('link', { name: reference }).click();
    await expect.poll(() => officer.locator('h1').textContent(), SLOW).toBe(`Demande ${reference}`);
    await expectNoAxeViolations(officer);
    await officer.getByLabel('Réponse', { exact: true }).fill('Votre adresse est corrigée.');
    await officer.getByLabel('Joindre la copie complète de ses données (export de son compte)').check();
    await officer.getByRole('button', { name: 'Envoyer la réponse' }).click();
    await expect.poll(() => officer.locator('main').textContent(), SLOW).toContain('La réponse est envoyée');
    await expectNoAxeViolations(officer);

    await officer.goto(`${base}/admin/conservation`);
    await expectNoAxeViolations(officer);
    await officer.goto(`${base}/admin/registre`);
    await expect.poll(() => officer.locator('main').textContent(), SLOW).toContain('Demandes d’exercice des droits');
    await expectNoAxeViolations(officer);

    await citizen.reload();
    await expect.poll(() => citizen.locator('main').textContent(), SLOW).toContain('Votre adresse est corrigée.');
    await expect(
      citizen.getByRole('link', { name: 'Télécharger la copie de mes données (ZIP)' }).count(),
    ).resolves.toBe(1);
    await expectNoAxeViolations(citizen);
    await citizenContext.close();
    await officerContext.close();
  });
});
