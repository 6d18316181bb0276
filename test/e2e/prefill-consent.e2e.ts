import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2E, expectNoAxeViolations, logIn, startE2E, tabTo } from './support/browser.ts';

// In Chromium on the demo: the consent step before a prefilled form — axe 0
// violations, keyboard only, without JavaScript, at 320 px; the decision is reused, revoked from the account page,
// asked again.
let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
});

describe('the consent step before a prefilled form (G4)', () => {
  it('is usable by keyboard alone, has no axe violation, and prefills exactly what was ticked', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'citoyen@example.org');
    await page.goto(`${e.baseUrl}/demarches/composteur-individuel`);
    await tabTo(page, (el) => el.tag === 'button' && el.text.startsWith('Commencer'));
    await page.keyboard.press('Enter');
    await page.waitForURL(/consentement$/);
    const main = (await page.textContent('main')) ?? '';
    expect(main).toContain('Métropole de Lyon');
    expect(main).toContain('Camille Martin');
    expect(main).toContain('20 rue du Lac, 69003 Lyon, France');
    expect(main).toContain('Déclaré par vous');
    await expectNoAxeViolations(page);

    // Approving with nothing ticked: a clear error, focus-reachable summary, still no violation.
    await tabTo(page, (el) => el.tag === 'button' && el.text === 'Pré-remplir avec les informations cochées');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.title()).toMatch(/^Erreur – /);
    expect(await page.textContent('.error-summary')).toContain('Cochez au moins une information à utiliser');
    await expectNoAxeViolations(page);

    await tabTo(page, (el) => el.name === 'attribut' && el.value === 'fullName');
    await page.keyboard.press('Space');
    await tabTo(page, (el) => el.name === 'attribut' && el.value === 'address');
    await page.keyboard.press('Space');
    await tabTo(page, (el) => el.tag === 'button' && el.text === 'Pré-remplir avec les informations cochées');
    await page.keyboard.press('Enter');
    await page.waitForURL(/etapes\/1$/);
    expect(await page.getByLabel('Nom et prénom').inputValue()).toBe('Camille Martin');
    expect(await page.locator('#champ-adresse').inputValue()).toBe('20 rue du Lac');
    expect(await page.locator('#champ-adresse-code_postal').inputValue()).toBe('69003');
    // The e-mail was not ticked: not prefilled.
    expect(await page.getByLabel('Adresse électronique').inputValue()).toBe('');
    await expectNoAxeViolations(page);

    // Reused: the next start goes straight to the form, prefilled the same way.
    await page.goto(`${e.baseUrl}/demarches/composteur-individuel`);
    await page.getByRole('button', { name: /Commencer/ }).click();
    await page.waitForURL(/etapes\/1$/);
    expect(await page.getByLabel('Nom et prénom').inputValue()).toBe('Camille Martin');
    await context.close();
  });

  it('works without JavaScript at 320 px: revoked on the account page, asked again, refused, not asked again', async () => {
    const context = await e.newContext({ javaScriptEnabled: false, viewport: { width: 320, height: 640 } });
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'citoyen@example.org');
    await page.goto(`${e.baseUrl}/compte`);
    expect(await page.textContent('#services ~ ul.consents')).toContain(
      'Demander un composteur individuel (Métropole de Lyon)',
    );
    await page
      .getByRole('button', {
        name: 'Retirer l’autorisation donnée à Demander un composteur individuel (Métropole de Lyon)',
      })
      .click();
    await page.waitForURL(/\/compte\?fait=autorisation$/);

    await page.goto(`${e.baseUrl}/demarches/composteur-individuel`);
    await page.getByRole('button', { name: /Commencer/ }).click();
    await page.waitForURL(/consentement$/);
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow, 'horizontal overflow on the consent step').toBeLessThanOrEqual(0);
    expect(await page.getByLabel('Nom affiché').isChecked()).toBe(false);
    await page.getByRole('button', { name: 'Continuer sans pré-remplissage' }).click();
    await page.waitForURL(/etapes\/1$/);
    expect(await page.getByLabel('Nom et prénom').inputValue()).toBe('');

    await page.goto(`${e.baseUrl}/demarches/composteur-individuel`);
    await page.getByRole('button', { name: /Commencer/ }).click();
    await page.waitForURL(/etapes\/1$/);
    expect(await page.getByLabel('Nom et prénom').inputValue()).toBe('');
    // The refusal is said, with the way back, even without JavaScript.
    expect(await page.textContent('main')).toContain('Ce formulaire n’est pas pré-rempli');
    await page.getByRole('link', { name: 'Revoir ce choix' }).click();
    await page.waitForURL(/consentement\?revoir=oui$/);
    await page.getByRole('button', { name: 'Continuer sans pré-remplissage' }).click();
    await page.waitForURL(/etapes\/1$/);
    await context.close();
  });

  it('offers a refused prefill again in one click, with no axe violation on the pages it passes (issue 13 §10)', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'citoyen@example.org');
    await page.goto(`${e.baseUrl}/compte`);
    await expectNoAxeViolations(page);
    expect(await page.textContent('main')).toContain('Pour changer un choix, retirez-le ici');
    expect(
      await page
        .getByRole('button', { name: 'Retirer ce refus pour Demander un composteur individuel (Métropole de Lyon)' })
        .count(),
    ).toBe(1);

    await page.goto(`${e.baseUrl}/demarches/composteur-individuel`);
    await page.getByRole('button', { name: /Commencer/ }).click();
    await page.waitForURL(/etapes\/1$/);
    expect(await page.textContent('.notice')).toContain('Ce formulaire n’est pas pré-rempli');
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Revoir ce choix' }).click();
    await page.waitForURL(/consentement\?revoir=oui$/);
    await expectNoAxeViolations(page);
    await page.getByLabel('Nom affiché').check();
    await page.getByRole('button', { name: 'Pré-remplir avec les informations cochées' }).click();
    await page.waitForURL(/etapes\/1$/);
    expect(await page.getByLabel('Nom et prénom').inputValue()).toBe('Camille Martin');
    await context.close();
  });
});
