import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignRequest } from '../../src/modules/requests/processing/assign-request.ts';
import { requestExport } from '../../src/modules/backoffice/export-listing.ts';
import { DEFAULT_QUERY } from '../../src/modules/backoffice/inbox-query.ts';
import { findAccountByEmail } from '../../src/platform/auth/accounts.repo.ts';
import { startSmtpCatcher, type SmtpCatcher } from '../support/smtp-catcher.ts';
import { type E2E, expectNoAxeViolations, logIn, startE2E } from './support/browser.ts';

// A citizen's report reaches the competent commune's agent by e-mail; the agent takes it and
// asks a question, by keyboard alone; the citizen answers from the dashboard; the agent accepts; the citizen is told.
// axe on every back-office page; the pages work without JavaScript and at 320 px.
let e: E2E;
let smtp: SmtpCatcher;
beforeAll(async () => {
  smtp = await startSmtpCatcher();
  e = await startE2E({ env: { SMTP_URL: smtp.url } });
});
afterAll(async () => {
  await e?.close();
  await smtp?.close();
});

const AGENT = 'agent.givors@example.org';
const CITIZEN = 'citoyen@example.org';

async function deliver(count: number) {
  await e.t.worker.drain();
  return smtp.waitFor(count);
}

/** The latest message to this address whose subject matches (the demo sent others before). */
const mailTo = (to: string, subject: RegExp) =>
  smtp.messages.findLast((m) => JSON.stringify(m.to).includes(to) && subject.test(m.subject ?? ''));

/** The path of the first link of an e-mail's text (the platform's public URL differs from the test server's). */
function linkPath(text: string | undefined): string {
  const url = /https?:\/\/\S+/.exec(text ?? '')?.[0];
  if (!url) throw new Error('no link in the e-mail');
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}

/** Presses Tab until the focused element matches, as a keyboard user moves through a page. */
async function tabTo(
  page: Page,
  matches: (el: { tag: string; name: string | null; text: string; value: string | null }) => boolean,
): Promise<void> {
  for (let i = 0; i < 150; i++) {
    await page.keyboard.press('Tab');
    const el = await page.evaluate(() => {
      const a = document.activeElement as HTMLInputElement | null;
      return {
        tag: a?.tagName.toLowerCase() ?? '',
        name: a?.getAttribute('name') ?? null,
        text: a?.textContent?.trim() ?? '',
        value: a?.getAttribute('value') ?? null,
      };
    });
    if (matches(el)) return;
  }
  throw new Error('focus never reached the expected element');
}

const button = (label: string) => (el: { tag: string; text: string }) => el.tag === 'button' && el.text === label;

describe('the processing of a request, end to end (issue 5 §10)', () => {
  it('goes from the citizen to the competent commune’s agent and back, by e-mail and dashboard, with a keyboard alone on the agent’s side', async () => {
    const citizen = await (await e.newContext()).newPage();
    await logIn(citizen, e.baseUrl, CITIZEN);
    await citizen.goto(`${e.baseUrl}/demarches/signaler-un-probleme`);
    await citizen.getByRole('button', { name: /Commencer/ }).click();
    await citizen.waitForURL(/etapes\/1$/);
    await citizen.locator('input[name="categorie"][value="eclairage"]').check();
    await citizen.locator('textarea[name="description"]').fill('Le lampadaire de la place Jean-Jaurès reste éteint.');
    await citizen.getByRole('button', { name: 'Continuer' }).click();
    await citizen.waitForURL(/etapes\/2$/);
    await citizen.locator('#champ-lieu').fill('45,5906');
    await citizen.locator('#champ-lieu-lon').fill('4,7689');
    await citizen.getByRole('button', { name: 'Continuer' }).click();
    await citizen.waitForURL(/recapitulatif$/);
    await citizen.getByRole('button', { name: 'Envoyer ma demande' }).click();
    await citizen.waitForURL(/\/c\/givors\/mes-demandes\/[0-9a-f-]+\/accuse-de-reception$/);
    const number =
      ((await citizen.locator('.confirmation__number').textContent()) ?? '').match(/69091-2026-\d{6}/)?.[0] ?? '';
    expect(number).not.toBe('');

    // Street lighting is Givors's competence: Givors's agent is told at once.
    await deliver(2);
    const notice = mailTo(AGENT, new RegExp(`^Nouvelle demande n° ${number}`));
    expect(notice?.text).toContain("Signaler un problème sur l'espace public");

    // The agent follows the e-mail's link and processes the request with the keyboard alone.
    const agent = await (await e.newContext()).newPage();
    await logIn(agent, e.baseUrl, AGENT, '/c/givors');
    await agent.goto(`${e.baseUrl}${linkPath(notice?.text)}`);
    await agent.waitForURL(/\/c\/givors\/gru\/demandes\/[0-9a-f-]+$/);
    expect(await agent.textContent('h1')).toBe(`Demande n° ${number}`);
    expect(await agent.textContent('.request-map figcaption')).toContain('Givors');
    await expectNoAxeViolations(agent);
    await tabTo(agent, button('Prendre en charge'));
    await agent.keyboard.press('Enter');
    await agent.waitForURL(/fait=pris$/);
    expect(await agent.textContent('.assignment')).toContain('Vous traitez cette demande');
    await tabTo(agent, button('Commencer le traitement'));
    await agent.keyboard.press('Enter');
    await agent.waitForURL(/fait=action$/);
    await tabTo(agent, (el) => el.name === 'texte-vers-attente-usager');
    await agent.keyboard.type('Le lampadaire porte-t-il un numéro ? Il est inscrit sur le poteau.');
    await tabTo(agent, button('Demander des informations à l’usager'));
    await agent.keyboard.press('Enter');
    // The page was already at ?fait=action: wait for what changed, not for the address.
    await expect.poll(() => agent.textContent('.gru-status')).toContain('En attente de l’usager');
    await expectNoAxeViolations(agent);

    // The citizen is asked by e-mail, and answers from the dashboard.
    await deliver(3);
    expect(
      mailTo(CITIZEN, new RegExp(`^Votre demande n° ${number} : des informations vous sont demandées`))?.text,
    ).toContain('Le lampadaire porte-t-il un numéro ?');
    await citizen.goto(`${e.baseUrl}/mes-demandes`);
    await citizen.getByRole('link', { name: new RegExp(number) }).click();
    expect(await citizen.textContent('main')).toContain('En attente de votre réponse');
    await citizen.locator('textarea[name="message"]').fill('Oui : le numéro 42.');
    await citizen.getByRole('button', { name: 'Envoyer le message' }).click();
    await citizen.waitForURL(/fait=message/);

    // The answer brings the request back to the agent, who is told, and accepts it by keyboard.
    await deliver(4);
    expect(mailTo(AGENT, new RegExp(`^Réponse de l’usager : demande n° ${number}`))).toBeDefined();
    await agent.reload();
    expect(await agent.textContent('.gru-status')).toContain('En cours de traitement');
    expect(await agent.textContent('#messages ~ .gru-thread, .gru-thread')).toContain('Oui : le numéro 42.');
    await tabTo(agent, (el) => el.name === 'note-vers-acceptee');
    await agent.keyboard.type('Un technicien interviendra jeudi.');
    await tabTo(agent, button('Accepter'));
    await agent.keyboard.press('Enter');
    await expect.poll(() => agent.textContent('.gru-status')).toContain('Acceptée');
    await expectNoAxeViolations(agent);

    await deliver(5);
    const accepted = mailTo(CITIZEN, new RegExp(`^Votre demande n° ${number} : Demande acceptée`));
    expect(accepted?.text).toContain('Un technicien interviendra jeudi.');
    await citizen.goto(`${e.baseUrl}/mes-demandes`);
    expect(await citizen.textContent('main')).toContain('Demande acceptée');
    await citizen.context().close();
    await agent.context().close();
  });
});

describe('the back-office pages (T17)', () => {
  it('pass axe, with filters, errors, refusals and every section', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await logIn(page, e.baseUrl, AGENT, '/c/givors');
    for (const path of [
      '/gru/demandes',
      '/gru/demandes?etat=toutes&tri=activite',
      '/gru/demandes?du=2026-13-45',
      '/gru/statistiques',
      '/gru/exports',
      '/gru/preferences',
      '/gru/circuits',
    ]) {
      await page.goto(`${e.baseUrl}/c/givors${path}`);
      await expectNoAxeViolations(page);
    }
    await page.goto(`${e.baseUrl}/c/givors/gru/circuits`);
    await page.locator('table a').first().click();
    await page.waitForURL(/\/gru\/circuits\/[0-9a-f-]+$/);
    await expectNoAxeViolations(page);

    // Saving a view without a name; a request page with a form error.
    await page.goto(`${e.baseUrl}/c/givors/gru/demandes`);
    await page.locator('.gru-views__save summary').click();
    await page.getByRole('button', { name: 'Enregistrer la vue' }).click();
    await expect.poll(() => page.title()).toMatch(/^Erreur – /);
    await expectNoAxeViolations(page);
    await page.goto(`${e.baseUrl}/c/givors/gru/demandes?attribution=moi&statut=attente-usager`);
    await page.locator('tbody th a').first().click();
    await page.waitForURL(/\/gru\/demandes\/[0-9a-f-]+$/);
    await page.getByRole('button', { name: 'Ajouter la note' }).click();
    await expect.poll(() => page.title()).toMatch(/^Erreur – /);
    await expectNoAxeViolations(page);
    // A colleague acts meanwhile: the form this page holds is stale and refused, saying why.
    const requestId = /\/gru\/demandes\/([0-9a-f-]+)/.exec(page.url())?.[1] ?? '';
    const colleague = await findAccountByEmail(e.t.services.db, 'admin.givors@example.org');
    const holder = await e.t.services.tenants.bySlug('givors');
    if (!colleague || !holder) throw new Error('demo missing');
    await assignRequest(e.t.services, {
      holder,
      requestId,
      expectedVersion: null,
      actor: { userId: colleague.id, label: colleague.display_name, ip: null, kind: 'agent', roles: ['admin'] },
      to: { kind: 'me' },
    });
    await page.getByRole('button', { name: 'Reprendre le traitement' }).click();
    await expect.poll(() => page.textContent('.notice')).toContain('Rien n’a été fait');
    await expectNoAxeViolations(page);

    // An export in progress.
    const agent = await findAccountByEmail(e.t.services.db, AGENT);
    const givors = await e.t.services.tenants.bySlug('givors');
    if (!agent || !givors) throw new Error('demo missing');
    const queued = await requestExport(e.t.services, {
      holder: givors,
      actor: { userId: agent.id, label: agent.display_name, ip: null, kind: 'agent', roles: ['agent'] },
      query: DEFAULT_QUERY,
      format: 'ods',
      syncLimit: 0,
    });
    if (queued.kind !== 'queued') throw new Error('export not queued');
    await page.goto(`${e.baseUrl}/c/givors/gru/exports/${queued.exportId}`);
    expect(await page.textContent('.export-progress__text')).toContain('En attente');
    await expectNoAxeViolations(page);
    // The enhancement script follows the job by itself.
    await e.t.worker.drain();
    await expect.poll(() => page.textContent('.export-progress__text'), { timeout: 10_000 }).toContain('Prêt');
    expect(await page.locator('.export-progress__download').isVisible()).toBe(true);
    await expectNoAxeViolations(page);
    await context.close();
  });

  it('work without JavaScript and at 320 px', async () => {
    const context = await e.newContext({ javaScriptEnabled: false, viewport: { width: 320, height: 640 } });
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'agent.venissieux@example.org', '/c/venissieux');
    await page.goto(`${e.baseUrl}/c/venissieux/gru/demandes?attribution=personne`);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    // Bulk: take every unassigned request at once.
    for (const box of await page.locator('input[name="demandes"]').all()) await box.check();
    await page.getByLabel('Action').selectOption('moi');
    await page.getByRole('button', { name: 'Appliquer à la sélection' }).click();
    expect(await page.textContent('.notice')).toMatch(/\d+ demandes? traitées?\./);
    await page.goto(`${e.baseUrl}/c/venissieux/gru/demandes?attribution=moi`);
    await page.locator('tbody th a').first().click();
    await page.waitForURL(/\/gru\/demandes\/[0-9a-f-]+$/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await page.getByRole('button', { name: 'Commencer le traitement' }).click();
    await page.waitForURL(/fait=action$/);
    expect(await page.textContent('.gru-status')).toContain('En cours de traitement');
    for (const path of ['/gru/statistiques', '/gru/circuits']) {
      await page.goto(`${e.baseUrl}/c/venissieux${path}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    }
    await context.close();
  });
});
