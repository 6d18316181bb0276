import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { importAaf } from '../../src/modules/school/aaf/import-aaf.ts';
import { findSchoolAnywhere } from '../../src/modules/school/schools.repo.ts';
import { FakeEduConnect } from '../support/fake-educonnect.ts';
import { type E2E, expectNoAxeViolations, logIn, startE2E } from './support/browser.ts';

// The school workspace in a real browser, on the demo's schools (Jean Macé in Givors, Parilly in Vénissieux): every
// page passes axe, a head and a parent work by keyboard alone, the portal and EduConnect work without JavaScript, and
// nothing scrolls sideways at 320 px.
const UAI = '0691234S';
const PORTAL = `/c/givors/ecole/${UAI}`;
const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/school/ENT1D_Complet_20260901_Lyon.xml');
const idp = new FakeEduConnect();
// Many pages per test, each through axe, on a machine shared with other work.
vi.setConfig({ testTimeout: 240_000 });
let e: E2E;
let reportPath: string;

beforeAll(async () => {
  e = await startE2E({
    publicUrl: async (url) => {
      await idp.start(url);
      return idp.env();
    },
  });
  // The académie's export of the demo school: its pupils then have the join identifier EduConnect sends.
  const school = await findSchoolAnywhere(e.t.services.db, UAI);
  if (!school) throw new Error('no demo school');
  const report = await importAaf(e.t.services, {
    school,
    kind: 'full',
    fileName: path.basename(FIXTURE),
    source: createReadStream(FIXTURE),
    actor: { userId: null, label: 'test', ip: null },
  });
  if ('error' in report) throw new Error(report.error);
  reportPath = `${PORTAL}/gestion/imports/${report.id}`;
}, 240_000);
afterAll(async () => {
  await e?.close();
  await idp.stop();
});

const LEA = {
  id: 'ec-lea',
  lastName: 'MARTIN',
  firstName: 'Léa',
  affiliation: 'eleve1d' as const,
  refIds: ['{AAF}10|ENT1D|3000001'],
  uai: UAI,
};

/** Through EduConnect as a person would: our page, the IdP's form (its "Continuer" button), back to our site. */
async function eduConnect(page: Page): Promise<void> {
  await page.goto(`${e.baseUrl}/c/givors/ecole`);
  await page
    .getByRole('link', { name: /EduConnect/ })
    .first()
    .click();
  await page.getByRole('button', { name: 'Continuer' }).click();
  await page.waitForLoadState('domcontentloaded');
}

describe('axe on every page of the school workspace (issue 21 §7)', () => {
  it('finds no violation on the portal of each profile, its tiles and news', async () => {
    for (const email of ['directrice.ecole@example.org', 'enseignant.ecole@example.org', 'parent.ecole@example.org']) {
      const context = await e.newContext();
      const page = await context.newPage();
      await logIn(page, e.baseUrl, email, '/c/givors');
      for (const p of ['/c/givors/ecole', PORTAL]) {
        const response = await page.goto(`${e.baseUrl}${p}`);
        expect(response?.status(), `${email} ${p}`).toBe(200);
        await expectNoAxeViolations(page);
      }
      expect(await page.locator('.tile').count(), email).toBeGreaterThan(0);
      expect(await page.locator('.news').count(), email).toBe(1);
      await context.close();
    }
    // A pupil comes through EduConnect.
    const context = await e.newContext();
    const page = await context.newPage();
    idp.signInAs(LEA);
    await eduConnect(page);
    await page.waitForURL(new RegExp(`${PORTAL}$`));
    expect(await page.locator('main strong').first().textContent()).toBe('Élève');
    await expectNoAxeViolations(page);
    await context.close();
  }, 240_000);

  it('finds no violation on the EduConnect refusal page and the page for someone outside the school', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    idp.signInAs({ id: 'ec-x', lastName: 'X', firstName: 'Y', affiliation: 'resp1d', refIds: ['{AAF}10|ENT1D|9'] });
    await eduConnect(page);
    expect(await page.title()).toContain('Connexion avec EduConnect impossible');
    await expectNoAxeViolations(page);
    await logIn(page, e.baseUrl, 'citoyen@example.org', '/c/givors');
    const response = await page.goto(`${e.baseUrl}${PORTAL}`);
    expect(response?.status()).toBe(404);
    await expectNoAxeViolations(page);
    await context.close();
  });

  it("finds no violation on the school's administration, the import report and a form redrawn with its error", async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'directrice.ecole@example.org', '/c/givors');
    for (const p of [`${PORTAL}/gestion`, `${PORTAL}/gestion?fait=personne`, reportPath]) {
      const response = await page.goto(`${e.baseUrl}${p}`);
      expect(response?.status(), p).toBe(200);
      await expectNoAxeViolations(page);
    }
    expect(await page.textContent('main')).toMatch(/rejet/i);
    // The browser's own checks off, as an old browser would send it: the server names the problem.
    await page.goto(`${e.baseUrl}${PORTAL}/gestion`);
    const form = page.locator('form', { has: page.getByRole('button', { name: 'Publier' }) });
    await form.evaluate((f: HTMLFormElement) => (f.noValidate = true));
    await form.getByRole('button', { name: 'Publier' }).click();
    await page.waitForLoadState('domcontentloaded');
    expect(await page.textContent('main')).toContain('Indiquez le titre');
    await expectNoAxeViolations(page);
    await context.close();
  });

  it("finds no violation on the operators' pages: schools, lifecycle with errors, statistics", async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'operateur@example.org');
    for (const p of ['/admin/ecoles', `/admin/ecoles/${UAI}`, '/admin/ecoles/0692345Z', '/admin/ecoles/statistiques']) {
      const response = await page.goto(`${e.baseUrl}${p}`);
      expect(response?.status(), p).toBe(200);
      await expectNoAxeViolations(page);
    }
    expect(await page.locator('figure.school-chart rect.school-chart__bar').count()).toBeGreaterThan(0);
    expect(await page.getByRole('table').count()).toBeGreaterThan(0);

    // A mistyped UAI: the page says so.
    await page.goto(`${e.baseUrl}/admin/ecoles`);
    await page.getByLabel('Commune').selectOption({ label: 'Vénissieux' });
    await page.getByLabel('UAI').fill('0693001A');
    await page.getByLabel("Nom de l'école").fill('École Jules Ferry');
    await page.getByRole('button', { name: "Ouvrir l'école" }).click();
    await page.waitForURL(/erreur=uai$/);
    expect(await page.textContent('main')).toContain("L'UAI n'est pas valide");
    await expectNoAxeViolations(page);

    // Opened, then closed: the page of a closed school.
    await page.getByLabel('Commune').selectOption({ label: 'Vénissieux' });
    await page.getByLabel('UAI').fill('0693002N');
    await page.getByLabel("Nom de l'école").fill('École maternelle Anatole France');
    await page.getByRole('button', { name: "Ouvrir l'école" }).click();
    await page.waitForURL(/\/admin\/ecoles\/0693002N$/);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: "Fermer l'école" }).click();
    await page.waitForURL(/fait=fermee$/);
    expect(await page.getByRole('status').textContent()).toContain("L'école est fermée.");
    await expectNoAxeViolations(page);
    await context.close();
  }, 240_000);

  it("finds no violation on a commune administrator's statistics", async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'admin.givors@example.org', '/c/givors');
    for (const p of ['/c/givors/admin/ecoles/statistiques', '/c/givors/admin/ecoles/statistiques?jours=365']) {
      const response = await page.goto(`${e.baseUrl}${p}`);
      expect(response?.status(), p).toBe(200);
      await expectNoAxeViolations(page);
    }
    expect(await page.textContent('main')).toContain('École élémentaire Jean Macé');
    await context.close();
  });
});

describe('keyboard only (issue 21 §4, §5)', () => {
  it('an operator opens a school and merges it with the keyboard alone', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'operateur@example.org');
    await page.goto(`${e.baseUrl}/admin/ecoles`);
    await page.getByLabel('Commune').focus();
    await page.keyboard.press('End');
    await page.getByLabel('Commune').focus();
    await page.keyboard.type('Vén');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('uai');
    await page.keyboard.type('0693001M');
    await page.keyboard.press('Tab');
    await page.keyboard.type('École Jean Jaurès');
    await page.getByRole('button', { name: "Ouvrir l'école" }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/admin\/ecoles\/0693001M$/);
    expect(await page.textContent('main')).toContain('Vénissieux');
    await page.getByLabel('Fusionner dans').focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Fusionner');
    await page.keyboard.press('Enter');
    await page.waitForURL(/fait=fusionnee$/);
    expect(await page.textContent('main')).toContain('École primaire Parilly');
    await context.close();
  });

  it('a parent reaches a service from the portal with the keyboard alone, and the head publishes news', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'parent.ecole@example.org', '/c/givors');
    await page.goto(`${e.baseUrl}${PORTAL}`);
    const tiles = await page.locator('.tile__link').count();
    let reached = '';
    for (let i = 0; i < 40 && !reached.includes('Menus de la cantine'); i += 1) {
      await page.keyboard.press('Tab');
      reached = (await page.evaluate(() => document.activeElement?.textContent)) ?? '';
    }
    expect(tiles).toBeGreaterThan(0);
    expect(reached).toContain('Menus de la cantine');
    // The service lives at example.org, which this network refuses: the browser setting off for it is the proof.
    const leaving = page.waitForRequest('https://example.org/cantine');
    await page.keyboard.press('Enter');
    await leaving;
    await context.close();

    const head = await e.newContext();
    const admin = await head.newPage();
    await logIn(admin, e.baseUrl, 'directrice.ecole@example.org', '/c/givors');
    await admin.goto(`${e.baseUrl}${PORTAL}/gestion`);
    const news = admin.locator('form', { has: admin.getByRole('button', { name: 'Publier' }) });
    await news.getByLabel('Titre').focus();
    await admin.keyboard.type('Kermesse samedi');
    await admin.keyboard.press('Tab');
    expect(await admin.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('texte');
    await admin.keyboard.type('Rendez-vous à 10 heures dans la cour.');
    await admin.keyboard.press('Tab');
    expect(await admin.evaluate(() => document.activeElement?.textContent)).toBe('Publier');
    await admin.keyboard.press('Enter');
    await admin.waitForURL(/fait=actualite$/);
    await admin.goto(`${e.baseUrl}${PORTAL}`);
    expect(await admin.textContent('main')).toContain('Kermesse samedi');
    await head.close();
  });
});

describe('without JavaScript and on small screens (issue 21 §4)', () => {
  it('shows the portal, opens a tile and signs a pupil in through EduConnect without JavaScript', async () => {
    const context = await e.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'enseignant.ecole@example.org', '/c/givors');
    await page.goto(`${e.baseUrl}${PORTAL}`);
    expect(await page.getByRole('link', { name: /Appel/ }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'Sortie au musée des Confluences' }).count()).toBe(1);
    // The register is a service of the workspace itself (the classroom module's): its tile leads to its page here.
    await page.getByRole('link', { name: /Appel/ }).click();
    await page.waitForURL(new RegExp(`${PORTAL}/absences$`));
    expect(await page.getByRole('heading', { name: 'Absences et retards' }).count()).toBe(1);
    await context.close();

    const pupil = await e.newContext({ javaScriptEnabled: false });
    const browser = await pupil.newPage();
    idp.signInAs(LEA);
    await eduConnect(browser);
    await browser.waitForURL(new RegExp(`${PORTAL}$`));
    expect(await browser.getByRole('link', { name: /Cahier de textes/ }).count()).toBe(1);
    await pupil.close();
  });

  it('needs no horizontal scrolling at 320 px', async () => {
    const context = await e.newContext({ viewport: { width: 320, height: 640 } });
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'directrice.ecole@example.org', '/c/givors');
    const noOverflow = async (paths: string[]) => {
      for (const p of paths) {
        await page.goto(`${e.baseUrl}${p}`);
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        expect(overflow, `horizontal overflow on ${p}`).toBeLessThanOrEqual(0);
      }
    };
    await noOverflow(['/c/givors/ecole', PORTAL, `${PORTAL}/gestion`, reportPath]);
    await context.clearCookies();
    await logIn(page, e.baseUrl, 'operateur@example.org');
    await noOverflow(['/admin/ecoles', `/admin/ecoles/${UAI}`, '/admin/ecoles/statistiques']);
    await context.close();
  });

  it('draws the statistics charts readable at 320 px, not only their tables (issue 21 §6)', async () => {
    const context = await e.newContext({ viewport: { width: 320, height: 640 } });
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'operateur@example.org');
    await page.goto(`${e.baseUrl}/admin/ecoles/statistiques?jours=365`);
    await expectNoAxeViolations(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    // Every label and figure of every chart is page text of a readable size, whole inside the screen, and the bars
    // of the non-zero figures are drawn.
    const rows = await page.locator('.school-chart__row').evaluateAll((items) =>
      items.map((row) => {
        const parts = ['.school-chart__label', '.school-chart__value'].map((selector) => {
          const el = row.querySelector(selector) as HTMLElement;
          const box = el.getBoundingClientRect();
          return {
            text: el.textContent ?? '',
            fontSize: Number.parseFloat(getComputedStyle(el).fontSize),
            inside: box.left >= 0 && box.right <= 320 && box.width > 0,
          };
        });
        const bar = row.querySelector('rect')?.getBoundingClientRect().width ?? 0;
        return { label: parts[0]!, value: parts[1]!, bar };
      }),
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      for (const part of [row.label, row.value]) {
        expect(part.fontSize, part.text).toBeGreaterThanOrEqual(14);
        expect(part.inside, part.text).toBe(true);
      }
      if (row.value.text !== '0') expect(row.bar, row.label.text).toBeGreaterThan(0);
    }
    expect(rows.some((row) => row.bar > 0)).toBe(true);
    await context.close();
  });
});
