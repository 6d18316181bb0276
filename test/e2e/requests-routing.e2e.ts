import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpCatcher, type SmtpCatcher } from '../support/smtp-catcher.ts';
import { type E2E, expectNoAxeViolations, logIn, startE2E } from './support/browser.ts';

// A request that reached the wrong commune is re-routed by its agent; the competent commune's agent asks the
// citizen a question; the citizen's dashboard puts it first; drafts are deleted; a citizen's message is marked unread
// in the agents' inbox. axe on each page; the forms without JavaScript too.
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

const CITIZEN = 'citoyen@example.org';

describe('re-routing, the citizen’s dashboard and unread messages (issue 13 §7, §9)', () => {
  it('pass axe, and work without JavaScript', async () => {
    // The citizen reports a broken street light in Givors (Givors's competence).
    const citizen = await (await e.newContext()).newPage();
    citizen.setDefaultTimeout(20_000);
    await logIn(citizen, e.baseUrl, CITIZEN);
    await citizen.goto(`${e.baseUrl}/demarches/signaler-un-probleme`);
    await citizen.getByRole('button', { name: /Commencer/ }).click();
    await citizen.waitForURL(/etapes\/1$/);
    await citizen.locator('input[name="categorie"][value="eclairage"]').check();
    await citizen.locator('textarea[name="description"]').fill('Le lampadaire du parc reste allumé le jour.');
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
    // …and writes about it.
    await citizen.getByRole('link', { name: 'Suivre ma demande' }).click();
    await citizen.locator('textarea[name="message"]').fill('Il est au fond du parc, près des jeux.');
    await citizen.getByRole('button', { name: 'Envoyer le message' }).click();
    await citizen.waitForURL(/fait=message/);

    // Givors's agent: the inbox marks the unread message.
    const agent = await (await e.newContext()).newPage();
    agent.setDefaultTimeout(20_000);
    await logIn(agent, e.baseUrl, 'agent.givors@example.org', '/c/givors');
    await agent.goto(`${e.baseUrl}/c/givors/gru/demandes`);
    const row = agent.locator('tbody tr', { hasText: number });
    expect(await row.locator('.gru-badge--unread').textContent()).toBe('message non lu');
    await expectNoAxeViolations(agent);

    // The park is Vénissieux's: the agent re-routes it there, after a first attempt without a reason.
    await row.getByRole('link', { name: number }).click();
    await agent.getByRole('link', { name: 'Réorienter vers l’administration compétente' }).click();
    await agent.waitForURL(/\/reorienter$/);
    await expectNoAxeViolations(agent);
    await agent.getByLabel(/Administration compétente/).selectOption({ label: 'Commune — Vénissieux' });
    await agent.getByRole('button', { name: 'Transmettre la demande' }).click();
    expect(await agent.title()).toMatch(/^Erreur – /);
    await expectNoAxeViolations(agent);
    await agent.getByLabel(/Motif/).fill('Le parc est à Vénissieux.');
    await agent.getByRole('button', { name: 'Transmettre la demande' }).click();
    await agent.waitForURL(/fait=reoriente$/);
    expect(await agent.textContent('.notice')).toContain('transmise à l’administration compétente');
    await expectNoAxeViolations(agent);
    // The first request's history names the new one, which Vénissieux's agent looks for.
    const transferredAs = ((await agent.textContent('main')) ?? '')
      .match(/\b\d{5}-\d{4}-\d{6}\b/g)
      ?.find((n) => n !== number);
    expect(transferredAs).toBeDefined();
    await agent.goto(`${e.baseUrl}/c/givors/gru/demandes`);
    expect(await agent.textContent('main')).not.toContain(number);

    // Vénissieux's agent finds it and asks the citizen a question.
    const venissieux = await (await e.newContext({ javaScriptEnabled: false })).newPage();
    venissieux.setDefaultTimeout(20_000);
    await logIn(venissieux, e.baseUrl, 'agent.venissieux@example.org', '/c/venissieux');
    await venissieux.goto(`${e.baseUrl}/c/venissieux/gru/demandes`);
    await venissieux.locator('tbody tr', { hasText: transferredAs }).first().getByRole('link').first().click();
    await venissieux.waitForURL(/\/gru\/demandes\/[0-9a-f-]+$/);
    expect(await venissieux.textContent('main')).toContain('Le lampadaire du parc reste allumé le jour.');
    const newNumber = ((await venissieux.textContent('h1')) ?? '').replace('Demande n° ', '');
    await venissieux.getByRole('button', { name: 'Commencer le traitement' }).click();
    await venissieux.waitForURL(/fait=action$/);
    await venissieux.locator('[name="texte-vers-attente-usager"]').fill('Quel est le numéro du poteau ?');
    await venissieux.getByRole('button', { name: 'Demander des informations à l’usager' }).click();
    await venissieux.waitForURL(/fait=action$/);

    // The citizen's dashboard: the request waiting for an answer comes first, marked.
    const dashboard = await (await e.newContext()).newPage();
    dashboard.setDefaultTimeout(20_000);
    await logIn(dashboard, e.baseUrl, CITIZEN);
    await dashboard.goto(`${e.baseUrl}/mes-demandes`);
    const card = dashboard.locator('.request-card', { hasText: newNumber });
    expect(await card.locator('.badge--waiting').textContent()).toBe('En attente de votre réponse');
    // Every request waiting for an answer (the demo has others) comes before the rest.
    const marks = await dashboard
      .locator('.request-card')
      .evaluateAll((cards) => cards.map((c) => c.classList.contains('request-card--waiting')));
    expect(marks.indexOf(false) === -1 || !marks.slice(marks.indexOf(false)).includes(true)).toBe(true);
    expect(await dashboard.textContent('main')).not.toContain(`n° ${number}`);
    await expectNoAxeViolations(dashboard);
    await dashboard.getByLabel('Afficher').selectOption('attente');
    await dashboard.getByRole('button', { name: 'Filtrer' }).click();
    await dashboard.waitForURL(/statut=attente/);
    const waiting = await dashboard.locator('.request-card').count();
    expect(await dashboard.locator('.request-card--waiting').count()).toBe(waiting);
    await expectNoAxeViolations(dashboard);

    // A draft started and abandoned is deleted after a confirmation page.
    await dashboard.goto(`${e.baseUrl}/demarches/signaler-un-probleme`);
    await dashboard.getByRole('button', { name: /Commencer/ }).click();
    await dashboard.waitForURL(/etapes\/1$/);
    await dashboard.goto(`${e.baseUrl}/mes-demandes`);
    const drafts = await dashboard.locator('a', { hasText: 'Supprimer ce brouillon' }).count();
    expect(drafts).toBeGreaterThan(0);
    await dashboard.locator('a', { hasText: 'Supprimer ce brouillon' }).first().click();
    await dashboard.waitForURL(/\/supprimer$/);
    await expectNoAxeViolations(dashboard);
    await dashboard.getByRole('button', { name: 'Supprimer définitivement' }).click();
    await dashboard.waitForURL(/fait=supprime/);
    expect(await dashboard.textContent('.notice')).toContain('Le brouillon est supprimé.');
    expect(await dashboard.locator('a', { hasText: 'Supprimer ce brouillon' }).count()).toBe(drafts - 1);

    // Without JavaScript (axe needs it, so not here): the filter, and a draft deleted through its confirmation page.
    const plain = await (await e.newContext({ javaScriptEnabled: false })).newPage();
    plain.setDefaultTimeout(20_000);
    await logIn(plain, e.baseUrl, CITIZEN);
    await plain.goto(`${e.baseUrl}/mes-demandes`);
    await plain.getByLabel('Afficher').selectOption('attente');
    await plain.getByRole('button', { name: 'Filtrer' }).click();
    await plain.waitForURL(/statut=attente/);
    expect(await plain.locator('.request-card').count()).toBe(waiting);
    await plain.goto(`${e.baseUrl}/demarches/signaler-un-probleme`);
    await plain.getByRole('button', { name: /Commencer/ }).click();
    await plain.waitForURL(/etapes\/1$/);
    await plain.goto(`${e.baseUrl}/mes-demandes`);
    await plain.locator('a', { hasText: 'Supprimer ce brouillon' }).first().click();
    await plain.getByRole('button', { name: 'Supprimer définitivement' }).click();
    await plain.waitForURL(/fait=supprime/);
    expect(await plain.textContent('.notice')).toContain('Le brouillon est supprimé.');

    for (const page of [citizen, agent, venissieux, dashboard, plain]) await page.context().close();
  }, 240_000);
});
