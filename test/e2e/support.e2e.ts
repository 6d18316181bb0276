import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { demoLogoPng } from '../../src/modules/requests/index.ts';
import { type E2E, expectNoAxeViolations, logIn, startE2E, tabTo } from './support/browser.ts';

// Assistance and support in a real browser: the help journey from a service page (without JavaScript too), the
// ticket journey between a commune and the metropolis's support, the maintenance banner; axe on every new page.
// Each journey walks several pages with axe on each: on a loaded machine that takes longer than the default minute.
vi.setConfig({ testTimeout: 180_000 });
// A form's answer can take more than expect.poll's default second while other suites load the machine.
const SLOW = { timeout: 20_000 };
let e: E2E;
let givorsTicket: string;
beforeAll(async () => {
  e = await startE2E();
  const givors = await e.t.services.tenants.bySlug('givors');
  const row = await e.t.services.db
    .selectFrom('support_ticket')
    .select('id')
    .where('tenant_id', '=', givors?.id ?? '')
    .where('status', '=', 'attente_commune')
    .executeTakeFirstOrThrow();
  givorsTicket = row.id;
});
afterAll(async () => e?.close());

describe('help from every page (issue 16 §1, §2, §7)', () => {
  for (const javaScriptEnabled of [true, false]) {
    it(`an anonymous visitor asks for help from a service page, sees suggested answers, then sends (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const context = await e.newContext({ javaScriptEnabled });
      const page = await context.newPage();
      // axe-core runs as a script inside the page: a context with JavaScript disabled never returns from it, which
      // made this journey time out. The pages are the same with or without JavaScript, so axe checks them in the run
      // with JavaScript; the run without it proves the journey itself works.
      const axe = async () => (javaScriptEnabled ? expectNoAxeViolations(page) : undefined);
      const subject = `Livraison du composteur (JavaScript ${javaScriptEnabled ? 'activé' : 'désactivé'})`;
      await page.goto(`${e.baseUrl}/demarches/composteur-individuel`);
      await page.locator('a.help-link').click();
      await page.waitForURL(/\/aide\/demande\?page=%2Fdemarches%2Fcomposteur-individuel/);
      await expect.poll(() => page.locator('main').textContent(), SLOW).toContain('Demander un composteur individuel');
      await axe();

      await page.getByRole('button', { name: 'Continuer' }).click();
      await expect.poll(() => page.title(), SLOW).toMatch(/^Erreur – /);
      await axe();

      await page.getByLabel('Sujet').fill(subject);
      await page.getByLabel('Votre question ou votre problème').fill('Quand sera livre mon composteur ?');
      await page.getByLabel('Votre adresse électronique').fill('visiteur.e2e@example.org');
      await page.getByRole('button', { name: 'Continuer' }).click();
      await expect
        .poll(() => page.locator('main').textContent(), SLOW)
        .toContain('Quand mon composteur sera-t-il livré ?');
      await axe();

      await page.getByRole('button', { name: 'Envoyer ma demande d’aide' }).click();
      await expect.poll(() => page.title(), SLOW).toMatch(/^Demande d’aide envoyée/);
      await axe();
      await page.getByRole('link', { name: 'Suivre ma demande d’aide' }).click();
      await expect.poll(() => page.locator('main').textContent(), SLOW).toContain(subject);
      await axe();
      await context.close();
    });
  }

  it('asks for help from a service page with the keyboard alone', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await page.goto(`${e.baseUrl}/demarches/composteur-individuel`);
    await tabTo(page, (el) => el.tag === 'a' && el.className.includes('help-link'));
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/aide\/demande\?page=/);
    await tabTo(page, (el) => el.name === 'subject');
    await page.keyboard.type('Composteur au clavier');
    await tabTo(page, (el) => el.name === 'message');
    await page.keyboard.type('Quand sera livre mon composteur ?');
    await tabTo(page, (el) => el.name === 'email');
    await page.keyboard.type('clavier.e2e@example.org');
    await tabTo(page, (el) => el.tag === 'button' && el.text === 'Continuer');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('main').textContent(), SLOW)
      .toContain('Quand mon composteur sera-t-il livré ?');
    // The suggested answer's link is reachable too: a keyboard user can leave for the FAQ instead of sending.
    await tabTo(page, (el) => el.tag === 'a' && el.text === 'Retour à l’aide');
    await tabTo(page, (el) => el.tag === 'button' && el.text === 'Envoyer ma demande d’aide');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.title(), SLOW).toMatch(/^Demande d’aide envoyée/);
    await tabTo(page, (el) => el.tag === 'a' && el.text === 'Suivre ma demande d’aide');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('main').textContent(), SLOW).toContain('Composteur au clavier');
    await context.close();
  });

  it('finds no violation on the FAQ and its management', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    for (const path of ['/aide', '/aide?q=mot+de+passe', '/aide?service=composteur-individuel', '/actualites']) {
      expect((await page.goto(`${e.baseUrl}${path}`))?.status(), path).toBe(200);
      await expectNoAxeViolations(page);
    }
    await logIn(page, e.baseUrl, 'operateur@example.org');
    await page.goto(`${e.baseUrl}/admin/aide`);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Ajouter' }).click();
    await expect.poll(() => page.title(), SLOW).toMatch(/^Erreur – /);
    await expectNoAxeViolations(page);
    await page
      .getByRole('link', { name: /^Modifier/ })
      .first()
      .click();
    await expectNoAxeViolations(page);
    await context.close();
  });
});

describe('support tickets (issue 16 §3, §4, §5, §7)', () => {
  it('a commune administrator opens a ticket with a screenshot; the metropolis qualifies it and answers; the commune reads it', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'admin.givors@example.org', '/c/givors');
    await page.goto(`${e.baseUrl}/c/givors/support`);
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Ouvrir un ticket' }).click();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Ouvrir le ticket' }).click();
    await expect.poll(() => page.title(), SLOW).toMatch(/^Erreur – /);
    await expectNoAxeViolations(page);
    await page.getByLabel('Sujet').fill('Page blanche au dépôt');
    await page.getByLabel('Guichet numérique (démarches, GRU)').check();
    await page.getByLabel('Description').fill('Les usagers voient une page blanche après « Envoyer ».');
    await page
      .getByLabel('Pièce jointe')
      .setInputFiles({ name: 'capture.png', mimeType: 'image/png', buffer: demoLogoPng([200, 10, 10]) });
    await page.getByRole('button', { name: 'Ouvrir le ticket' }).click();
    await page.waitForURL(/\/c\/givors\/support\/[0-9a-f-]+\?fait=ouvert$/);
    const ticketUrl = page.url().split('?')[0] ?? '';
    const ticketId = ticketUrl.split('/').pop() ?? '';
    await expectNoAxeViolations(page);
    expect(await page.getByRole('link', { name: 'capture.png' }).count()).toBe(1);
    for (const path of ['/c/givors/support/conformite', `/c/givors/support/${givorsTicket}`]) {
      expect((await page.goto(`${e.baseUrl}${path}`))?.status(), path).toBe(200);
      await expectNoAxeViolations(page);
    }

    const desk = await (await e.newContext()).newPage();
    await logIn(desk, e.baseUrl, 'operateur@example.org');
    await desk.goto(`${e.baseUrl}/admin/support`);
    await expectNoAxeViolations(desk);
    await desk.goto(`${e.baseUrl}/admin/support/givors/${ticketId}`);
    await expectNoAxeViolations(desk);
    await desk.getByLabel(/^Bloquant/).check();
    await desk.getByRole('button', { name: 'Qualifier' }).click();
    await desk.waitForURL(/fait=qualifie$/);
    await desk.getByRole('textbox', { name: /^Message/ }).fill('Nous regardons : pouvez-vous préciser la démarche ?');
    await desk.getByLabel('Statut après ce message').selectOption('attente_commune');
    await desk.getByRole('button', { name: 'Envoyer' }).click();
    await desk.waitForURL(/fait=envoye$/);
    await expectNoAxeViolations(desk);
    for (const path of ['/admin/support?tous=1', '/admin/support/conformite', '/admin/annonces']) {
      expect((await desk.goto(`${e.baseUrl}${path}`))?.status(), path).toBe(200);
      await expectNoAxeViolations(desk);
    }
    await desk.getByRole('button', { name: 'Publier' }).click();
    await expect.poll(() => desk.title(), SLOW).toMatch(/^Erreur – /);
    await expectNoAxeViolations(desk);

    await page.goto(ticketUrl);
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('Bloquant, priorité urgente');
    expect(text).toContain('En attente de la commune');
    expect(text).toContain('pouvez-vous préciser la démarche ?');
    await context.close();
    await desk.context().close();
  });
});

describe('maintenance banner (issue 16 §6, §7)', () => {
  it('shows the announced maintenance on every page during its window, without violation', async () => {
    const next = await e.t.services.db
      .selectFrom('support_notice')
      .select(['starts_at'])
      .where('kind', '=', 'maintenance')
      .orderBy('starts_at', 'desc')
      .executeTakeFirstOrThrow();
    e.t.clock.set(new Date((next.starts_at?.getTime() ?? 0) + 30 * 60_000));
    const context = await e.newContext();
    const page = await context.newPage();
    for (const path of ['/', '/c/givors/demarches']) {
      await page.goto(`${e.baseUrl}${path}`);
      expect(await page.getByRole('region', { name: 'Annonce' }).textContent()).toContain('Changement de serveur');
      await expectNoAxeViolations(page);
    }
    await context.close();
  });
});
