import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/platform/http/render.tsx';
import {
  Checkbox,
  ChoiceGroup,
  CsrfField,
  DateField,
  ErrorSummary,
  FileField,
  Notice,
  Select,
  SubmitButton,
  TextArea,
  TextField,
} from '../../src/platform/views/forms.tsx';
import { Layout } from '../../src/platform/views/layout.tsx';
import { type E2E, DEMO_PASSWORD, expectNoAxeViolations, logIn, startE2E } from './support/browser.ts';

// Every page of the platform passes axe with zero violations, works by keyboard, without
// JavaScript, and down to 320 px.
let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => e?.close());

const PUBLIC_PAGES = [
  '/',
  '/communes',
  '/communes?q=ecully',
  '/communes?offre=partenaire',
  '/connexion',
  '/accessibilite',
  '/plan-du-site',
  '/nulle-part',
  '/c/inconnue/',
  '/c/givors/',
  '/c/givors-test/',
  '/c/venissieux/',
  '/c/rillieux-la-pape/connexion',
];

describe('axe on every page', () => {
  it('finds no violation on the public pages', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    for (const path of PUBLIC_PAGES) {
      await page.goto(`${e.baseUrl}${path}`);
      await expectNoAxeViolations(page);
    }
    await context.close();
  });

  it('finds no violation on the login form with its errors', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await page.goto(`${e.baseUrl}/connexion`);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect.poll(() => page.title()).toMatch(/^Erreur – /);
    await expect.poll(() => page.evaluate(() => document.activeElement?.className)).toContain('error-summary');
    await expectNoAxeViolations(page);
    await page.getByLabel('Adresse électronique').fill('citoyen@example.org');
    await page.getByLabel('Mot de passe').fill('mauvais mot de passe');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect
      .poll(() => page.textContent('.error-summary'))
      .toContain('Adresse électronique ou mot de passe incorrect');
    await expectNoAxeViolations(page);
    await context.close();
  });

  it("finds no violation on the operator's pages", async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'operateur@example.org');
    await expectNoAxeViolations(page);
    for (const path of [
      '/admin',
      '/admin/communes',
      '/admin/communes/givors',
      '/admin/journal',
      '/admin/journal?action=subscription',
      '/admin/courriels',
      '/admin/taches',
    ]) {
      await page.goto(`${e.baseUrl}${path}`);
      await expectNoAxeViolations(page);
    }
    // A form redrawn with errors.
    await page.goto(`${e.baseUrl}/admin/communes/givors`);
    await page.getByLabel('Adresse de contact de la commune (facultatif)').fill('pas une adresse');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expect.poll(() => page.title()).toMatch(/^Erreur – /);
    await expectNoAxeViolations(page);
    await context.close();
  });

  it("finds no violation on a commune administrator's pages, in production and test instances", async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'admin.givors@example.org', '/c/givors');
    for (const path of [
      '/c/givors/',
      '/c/givors/admin',
      '/c/givors/admin/apparence',
      '/c/givors-test/admin',
      '/c/givors/compte',
    ]) {
      await page.goto(`${e.baseUrl}${path}`);
      await expectNoAxeViolations(page);
    }
    await page.goto(`${e.baseUrl}/c/givors/admin/apparence`);
    await page.getByLabel('Couleur principale').fill('#ffff00');
    await page.getByRole('button', { name: "Voir l'aperçu" }).click();
    await expect.poll(() => page.textContent('.error-summary')).toContain('trop claire');
    await expectNoAxeViolations(page);
    await context.close();
  });
});

describe('the form components every module uses', () => {
  it('pass axe together, with and without errors', async () => {
    const context = {
      tenant: {
        name: 'Givors',
        slug: 'givors',
        kind: 'commune' as const,
        isTestInstance: false,
        base: '/c/givors',
        logoUrl: null,
        themeVersion: '1',
      },
      user: null,
      csrfToken: 'jeton',
      currentPath: '/composants',
    };
    const gallery = (errors: Record<string, string>) =>
      renderHtml(
        <Layout context={context} title="Composants" hasErrors={Object.keys(errors).length > 0}>
          <h1>Composants de formulaire</h1>
          <Notice kind="info">Un avis d'information.</Notice>
          <ErrorSummary errors={errors} />
          <form method="post" action="/c/givors/composants" enctype="multipart/form-data" novalidate>
            <CsrfField token="jeton" />
            <TextField
              name="nom"
              label="Nom de famille"
              hint="Tel qu'écrit sur vos papiers d'identité"
              autocomplete="family-name"
              error={errors.nom}
            />
            <TextField
              name="telephone"
              label="Téléphone"
              type="tel"
              autocomplete="tel"
              required={false}
              error={errors.telephone}
            />
            <DateField name="naissance" label="Date de naissance" autocompletePrefix="bday" error={errors.naissance} />
            <ChoiceGroup
              kind="radio"
              name="civilite"
              label="Civilité"
              inline
              choices={[
                { value: 'mme', label: 'Madame' },
                { value: 'm', label: 'Monsieur' },
              ]}
              error={errors.civilite}
            />
            <ChoiceGroup
              kind="checkbox"
              name="canaux"
              label="Être prévenu par"
              required={false}
              choices={[
                { value: 'courriel', label: 'Courriel', hint: 'À chaque étape' },
                { value: 'sms', label: 'SMS' },
              ]}
              error={errors.canaux}
            />
            <Select
              name="commune"
              label="Commune"
              placeholder="Choisir une commune"
              choices={[{ value: 'givors', label: 'Givors' }]}
              error={errors.commune}
            />
            <TextArea name="message" label="Votre message" hint="2 000 caractères au plus" error={errors.message} />
            <FileField
              name="piece"
              label="Justificatif"
              hint="PDF, JPEG ou PNG, 5 Mo au plus"
              required={false}
              error={errors.piece}
            />
            <Checkbox name="accord" label="J'atteste l'exactitude des informations" error={errors.accord} />
            <SubmitButton>Envoyer</SubmitButton>
          </form>
        </Layout>,
      );
    const browserContext = await e.newContext();
    const page = await browserContext.newPage();
    const cases: Array<Record<string, string>> = [
      {},
      {
        nom: 'Saisissez votre nom',
        naissance: 'La date doit être passée',
        civilite: 'Choisissez',
        commune: 'Choisissez une commune',
        message: 'Écrivez votre message',
        accord: 'Cochez la case',
      },
    ];
    for (const errors of cases) {
      // Served from the application's own origin so that its stylesheets apply (contrast is checked on real styles).
      await page.route(`${e.baseUrl}/c/givors/composants`, (route) =>
        route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: gallery(errors) }),
      );
      await page.goto(`${e.baseUrl}/c/givors/composants`);
      await expectNoAxeViolations(page);
      await page.unroute(`${e.baseUrl}/c/givors/composants`);
    }
    await browserContext.close();
  });
});

describe('keyboard only', () => {
  it('logs in with the keyboard alone, from the skip link to the account page', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await page.goto(`${e.baseUrl}/connexion`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Aller au contenu');
    await page.keyboard.press('Enter');
    // From the main content, the next stops are the e-mail and password fields, then the button.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('email');
    await page.keyboard.type('citoyen@example.org');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('password');
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Se connecter');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/compte$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Mon compte');
    await context.close();
  });

  it('shows where the focus is (a visible outline)', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await page.goto(`${e.baseUrl}/`);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle);
    expect(outline).toBe('solid');
    await context.close();
  });
});

describe('without JavaScript and on small screens', () => {
  it('logs in and out with JavaScript disabled', async () => {
    const context = await e.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'citoyen@example.org');
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForURL(`${e.baseUrl}/`);
    expect(await page.getByRole('link', { name: 'Se connecter' }).count()).toBe(1);
    await context.close();
  });

  it('needs no horizontal scrolling at 320 px', async () => {
    const context = await e.newContext({ viewport: { width: 320, height: 640 } });
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'operateur@example.org');
    for (const path of ['/', '/communes', '/connexion', '/c/givors/', '/admin', '/admin/communes/givors']) {
      await page.goto(`${e.baseUrl}${path}`);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, `horizontal overflow on ${path}`).toBeLessThanOrEqual(0);
    }
    await context.close();
  });
});
