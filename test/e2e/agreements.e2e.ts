import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/platform/audit/audit.repo.ts';
import { recordDispute } from '../../src/modules/agreements/record-dispute.ts';
import { recordFormalNotice } from '../../src/modules/agreements/record-formal-notice.ts';
import { type E2E, expectNoAxeViolations, logIn, startE2E } from './support/browser.ts';

// Every page of the agreements, billing and governance screens passes axe with zero violations,
// works by keyboard, without JavaScript, and at 320 px. The demo's three communes carry signed agreements.
let e: E2E;
let ids: { order: string; meeting: string; formalNotice: string; dispute: string };
beforeAll(async () => {
  e = await startE2E();
  const { services } = e.t;
  // The June job has run for 2026 (the clock says 30 November): the demo communes have their orders.
  await e.t.worker.enqueueDueRecurringJobs();
  await e.t.worker.drain();
  const givors = await services.tenants.bySlug('givors');
  if (!givors) throw new Error('no Givors');
  const formal = await recordFormalNotice(services, {
    commune: givors,
    actor: SYSTEM_ACTOR,
    fromParty: 'metropole',
    receivedOn: '2026-11-20',
    grounds: 'Référent non désigné.',
  });
  const dispute = await recordDispute(services, {
    commune: givors,
    actor: SYSTEM_ACTOR,
    fromParty: 'commune',
    receivedOn: '2026-11-25',
    subject: 'Population retenue contestée.',
  });
  if (!formal.ok || !dispute.ok) throw new Error('fixtures');
  const order = await services.db
    .selectFrom('revenue_order')
    .select('id')
    .where('tenant_id', '=', givors.id)
    .executeTakeFirstOrThrow();
  const meeting = await services.db.selectFrom('governance_meeting').select('id').executeTakeFirstOrThrow();
  ids = { order: order.id, meeting: meeting.id, formalNotice: formal.notice.id, dispute: dispute.dispute.id };
});
afterAll(async () => e?.close());

const OPERATOR_PAGES = () => [
  '/admin',
  '/admin/conventions',
  '/admin/conventions/givors',
  '/admin/conventions/rillieux-la-pape',
  '/admin/conventions/lyon',
  '/admin/conventions/lyon/convention',
  '/admin/conventions/givors/avenant',
  '/admin/conventions/givors/resiliation',
  '/admin/conventions/givors/mise-en-demeure',
  `/admin/conventions/givors/mise-en-demeure/${ids.formalNotice}`,
  '/admin/conventions/givors/reclamation',
  `/admin/conventions/givors/reclamation/${ids.dispute}`,
  '/admin/conventions/rillieux-la-pape/connecteur',
  '/admin/conventions/givors/population',
  '/admin/facturation',
  '/admin/facturation/2026/impression',
  '/admin/facturation/syntec',
  '/admin/facturation/simulateur',
  '/admin/facturation/simulateur?commune=venissieux',
  '/admin/gouvernance',
  '/admin/gouvernance/nouvelle',
  `/admin/gouvernance/${ids.meeting}`,
  `/c/givors/admin/convention/titres/${ids.order}`,
];

describe('axe on every new page (T17)', () => {
  it("finds no violation on the operators' pages", async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'operateur@example.org');
    for (const path of OPERATOR_PAGES()) {
      const response = await page.goto(`${e.baseUrl}${path}`);
      expect(response?.status(), path).toBe(200);
      await expectNoAxeViolations(page);
    }
    await context.close();
  });

  it('finds no violation on forms redrawn with their errors', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'operateur@example.org');
    for (const [path, button] of [
      ['/admin/conventions/givors/avenant', "Enregistrer l'avenant"],
      ['/admin/conventions/lyon/convention', 'Enregistrer la convention'],
      ['/admin/facturation/syntec', "Enregistrer l'indice"],
      ['/admin/gouvernance/nouvelle', 'Enregistrer le brouillon'],
    ] as const) {
      await page.goto(`${e.baseUrl}${path}`);
      await page.getByRole('button', { name: button }).click();
      await expect.poll(() => page.title()).toMatch(/^Erreur – /);
      await expectNoAxeViolations(page);
    }
    await page.goto(`${e.baseUrl}/admin/facturation/simulateur?service=toodego&population=abc`);
    await expectNoAxeViolations(page);
    await context.close();
  });

  it("finds no violation on a commune administrator's pages", async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'admin.givors@example.org', '/c/givors');
    for (const path of [
      '/c/givors/admin',
      '/c/givors/admin/convention',
      `/c/givors/admin/convention/titres/${ids.order}`,
      '/c/givors/admin/convention/comptes-rendus',
      `/c/givors/admin/convention/comptes-rendus/${ids.meeting}`,
    ]) {
      const response = await page.goto(`${e.baseUrl}${path}`);
      expect(response?.status(), path).toBe(200);
      await expectNoAxeViolations(page);
    }
    await page.getByRole('button', { name: 'Envoyer la réponse' }).click();
    await expect.poll(() => page.title()).toMatch(/^Erreur – /);
    await expectNoAxeViolations(page);
    await context.close();
  });
});

describe('keyboard only', () => {
  it('a commune administrator objects to minutes with the keyboard alone', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'admin.givors@example.org', '/c/givors');
    await page.goto(`${e.baseUrl}/c/givors/admin/convention/comptes-rendus/${ids.meeting}`);
    await page.getByLabel('Formuler une objection').focus();
    await page.keyboard.press('Space');
    expect(await page.getByLabel('Formuler une objection').isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('objection');
    await page.keyboard.type('Le point 2 ne reflète pas la décision prise.');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Envoyer la réponse');
    await page.keyboard.press('Enter');
    await page.waitForURL(/fait=1$/);
    expect(await page.getByRole('status').textContent()).toContain('Votre réponse est enregistrée.');
    expect(await page.textContent('main')).toContain('Le point 2 ne reflète pas la décision prise.');
    await context.close();
  });

  it('an operator runs the simulator with the keyboard and reads the figures in the table', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'operateur@example.org');
    await page.goto(`${e.baseUrl}/admin/facturation/simulateur`);
    await page.getByLabel('Toodego', { exact: true }).focus();
    await page.keyboard.press('Space');
    await page.getByLabel('Partenaire').focus();
    await page.keyboard.press('Space');
    await page.getByLabel('Population').focus();
    await page.keyboard.type('20800');
    await page.getByLabel('Première année simulée').focus();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('2026');
    await page.getByRole('button', { name: 'Simuler' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/population=20800/);
    const firstRow = page.getByRole('table', { name: 'Montants par année' }).getByRole('row').nth(1);
    expect((await firstRow.textContent())?.replace(/\s/g, ' ')).toContain('9 160,00 €');
    await context.close();
  });
});

describe('without JavaScript and on small screens', () => {
  it('draws the simulator chart and its table without JavaScript', async () => {
    const context = await e.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'operateur@example.org');
    await page.goto(`${e.baseUrl}/admin/facturation/simulateur?commune=givors`);
    expect(await page.locator('svg.chart rect.chart__bar').count()).toBe(6);
    expect(await page.getByRole('img', { name: /Contributions annuelles de 2026 à 2031/ }).count()).toBe(1);
    await page.goto(`${e.baseUrl}/admin/conventions/givors/population`);
    await page.getByLabel('Nombre d’habitants').or(page.getByLabel("Nombre d'habitants")).fill('20800');
    await page.getByLabel('Source').fill('INSEE, populations légales');
    await page.getByRole('button', { name: 'Enregistrer la population' }).click();
    await page.waitForURL(/fait=population$/);
    expect(await page.getByRole('status').textContent()).toContain('La population est enregistrée.');
    await context.close();
  });

  it('needs no horizontal scrolling at 320 px', async () => {
    const context = await e.newContext({ viewport: { width: 320, height: 640 } });
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'operateur@example.org');
    for (const path of [
      '/admin/conventions',
      '/admin/conventions/givors',
      '/admin/facturation',
      '/admin/facturation/simulateur?commune=givors',
      '/admin/gouvernance',
      `/c/givors/admin/convention/titres/${ids.order}`,
    ]) {
      await page.goto(`${e.baseUrl}${path}`);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, `horizontal overflow on ${path}`).toBeLessThanOrEqual(0);
    }
    await context.close();
  });
});
