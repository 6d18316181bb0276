import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../src/platform/audit/audit.repo.ts';
import { withTenant } from '../../src/platform/db/tenant-scope.ts';
import type { ResolvedTenant } from '../../src/platform/tenancy/tenant-directory.ts';
import { curateTurnkey } from '../../src/modules/catalogue/index.ts';
import { insertInvitation } from '../../src/modules/tenants/agents.repo.ts';
import { invitationTokenHash } from '../../src/modules/tenants/invite-agent.ts';
import { startArchive } from '../../src/modules/offboarding/exit-actions.ts';
import { buildEService, REPORT_FORM } from '../requests-factories.ts';
import { type E2E, expectNoAxeViolations, logIn } from './support/browser.ts';
import { startE2E } from './support/browser.ts';

// The offers in practice in a browser: agents and roles, the invitation link, the turnkey catalogue on both sides,
// the charter's preview and the exit page pass axe with zero violations; an administrator invites and changes a role
// with the keyboard alone; an invitee accepts without JavaScript. The demo seeds Vénissieux (Abonné) with a turnkey
// instance and Givors (Partenaire) with a pending invitation.
let e: E2E;
let givors: ResolvedTenant;
const tokens = { valid: '', expired: '' };
const archives = { done: '', running: '' };

async function invitationWithToken(commune: ResolvedTenant, email: string, expiresInDays: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  const now = e.t.services.clock.now();
  await withTenant(e.t.services.db, commune.id, (trx) =>
    insertInvitation(trx, {
      email,
      displayName: 'Lou Invitée',
      role: 'agent',
      tokenHash: invitationTokenHash(token),
      invitedBy: null,
      at: new Date(now.getTime() - 8 * 24 * 3600_000),
      expiresAt: new Date(now.getTime() + expiresInDays * 24 * 3600_000),
    }),
  );
  return token;
}

beforeAll(async () => {
  e = await startE2E();
  const { services } = e.t;
  givors = (await services.tenants.bySlug('givors'))!;
  const metropole = (await services.tenants.bySlug('metropole'))!;
  // A second model in the catalogue, so Vénissieux's page still offers one to add (the demo's is already picked).
  const model = await buildEService(services, metropole, {
    form: {
      title: 'La demande',
      fields: REPORT_FORM.fields.filter((f) => f.type !== 'mapPoint' && f.type !== 'pageBreak'),
    },
    settings: {
      office: { name: 'Direction de la population', email: 'population@grandlyon.example', phone: '04 78 63 40 40' },
      legal: { kind: 'demande', silence: 'acceptance', delay: { months: 2, days: 0 } },
    },
    title: 'Attestation d’accueil (modèle)',
  });
  await curateTurnkey(services, {
    metropoleId: metropole.id,
    actor: SYSTEM_ACTOR,
    eserviceId: model.eservice.id,
    turnkey: true,
  });
  tokens.valid = await invitationWithToken(givors, 'lou.invitee@example.org', 5);
  tokens.expired = await invitationWithToken(givors, 'lou.expiree@example.org', -1);
  archives.done = (await startArchive(services, { commune: givors, actor: SYSTEM_ACTOR })).id;
  await e.t.worker.drain();
  archives.running = (await startArchive(services, { commune: givors, actor: SYSTEM_ACTOR })).id;
});
afterAll(async () => e?.close());

// Each test walks several pages through axe: more time than the default one-minute allowance on a busy machine.
describe('axe on every page of the offers in practice (T10, T11, T14, T15)', { timeout: 180_000 }, () => {
  it("finds no violation on a Partenaire administrator's pages: agents, charter preview, exit", async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'admin.givors@example.org', '/c/givors');
    for (const path of [
      '/c/givors/admin',
      '/c/givors/admin/agents',
      '/c/givors/admin/sortie',
      `/c/givors/admin/sortie/archives/${archives.done}`,
      `/c/givors/admin/sortie/archives/${archives.running}`,
    ]) {
      const response = await page.goto(`${e.baseUrl}${path}`);
      expect(response?.status(), path).toBe(200);
      await expectNoAxeViolations(page);
    }
    expect(await page.textContent('main')).toContain('En attente de démarrage');
    await page.goto(`${e.baseUrl}/c/givors/admin/sortie/archives/${archives.done}`);
    expect(await page.getByRole('link', { name: /Télécharger/ }).count()).toBe(1);
    // The invitation form redrawn with its errors.
    await page.goto(`${e.baseUrl}/c/givors/admin/agents`);
    await page.getByLabel('Adresse électronique professionnelle').fill('agent@');
    await page.getByRole('button', { name: "Envoyer l'invitation" }).click();
    await expect.poll(() => page.title()).toMatch(/^Erreur – /);
    await expectNoAxeViolations(page);
    // The charter's preview, before publishing.
    await page.goto(`${e.baseUrl}/c/givors/admin/apparence`);
    await page.getByLabel('Couleur principale').fill('#1d4f91');
    await page.getByRole('button', { name: "Voir l'aperçu" }).click();
    await page.waitForURL(/\/admin\/apparence\/apercu$/);
    await expectNoAxeViolations(page);
    await context.close();
  });

  it("finds no violation on the operators' catalogue and on an Abonné commune's agents and exit", async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'operateur@example.org');
    for (const path of [
      '/admin',
      '/admin/catalogue-cle-en-main',
      '/c/venissieux/admin',
      '/c/venissieux/admin/agents',
      '/c/venissieux/admin/sortie',
    ]) {
      const response = await page.goto(`${e.baseUrl}${path}`);
      expect(response?.status(), path).toBe(200);
      await expectNoAxeViolations(page);
    }
    expect(await page.textContent('main')).toContain('Transférer les démarches à la commune');
    await context.close();
  });

  it("finds no violation on an Abonné administrator's turnkey page, with and without errors", async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'admin.venissieux@example.org', '/c/venissieux');
    await page.goto(`${e.baseUrl}/c/venissieux/admin/demarches-cle-en-main`);
    expect(await page.textContent('main')).toContain('Demander un composteur individuel');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Ajouter la démarche' }).click();
    await expect.poll(() => page.title()).toMatch(/^Erreur – /);
    await expectNoAxeViolations(page);
    await page.goto(`${e.baseUrl}/c/venissieux/admin/sortie`);
    await expectNoAxeViolations(page);
    await context.close();
  });

  it('finds no violation on the invitation page, valid and expired', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    const valid = await page.goto(`${e.baseUrl}/c/givors/invitation/${tokens.valid}`);
    expect(valid?.status()).toBe(200);
    await expectNoAxeViolations(page);
    const expired = await page.goto(`${e.baseUrl}/c/givors/invitation/${tokens.expired}`);
    expect(expired?.status()).toBe(404);
    expect(await page.textContent('main')).toContain("Cette invitation n'est plus valable");
    await expectNoAxeViolations(page);
    await context.close();
  });
});

describe('keyboard only', () => {
  it('a Partenaire administrator invites an agent, then changes a role, with the keyboard alone', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'admin.givors@example.org', '/c/givors');
    await page.goto(`${e.baseUrl}/c/givors/admin`);
    await page.getByRole('link', { name: /Inviter, suspendre ou retirer des agents/ }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/admin\/agents$/);
    await page.getByLabel('Prénom et nom').focus();
    await page.keyboard.type('Maxime Clavier');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('email');
    await page.keyboard.type('maxime.clavier@example.org');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('role');
    // Arrow keys move within the radio group: from Agent to Administrateur.
    await page.keyboard.press('ArrowDown');
    expect(await page.getByLabel('Administrateur').isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Envoyer l'invitation");
    await page.keyboard.press('Enter');
    await page.waitForURL(/fait=invitation$/);
    expect(await page.getByRole('status').textContent()).toContain("L'invitation est envoyée.");
    expect(await page.textContent('main')).toContain('maxime.clavier@example.org');

    const role = page.getByLabel('Rôle de Agent de Givors');
    await role.focus();
    await page.keyboard.press('ArrowDown');
    expect(await role.inputValue()).toBe('admin');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Changer le rôle de Agent de Givors');
    await page.keyboard.press('Enter');
    await page.waitForURL(/fait=role$/);
    expect(await page.getByRole('status').textContent()).toContain('Le rôle est changé.');
    expect(await page.getByLabel('Rôle de Agent de Givors').inputValue()).toBe('admin');
    await context.close();
  });
});

describe('per-service teams by keyboard (T11, issue 14 §6)', { timeout: 180_000 }, () => {
  it('an administrator opens an agent’s services from the agents’ page, ticks one and saves, with the keyboard alone', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'admin.givors@example.org', '/c/givors');
    await page.goto(`${e.baseUrl}/c/givors/admin/agents`);
    await page.getByRole('link', { name: 'Démarches traitées par Agent de Givors' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/admin\/agents\/[0-9a-f-]{36}\/demarches$/);
    await expectNoAxeViolations(page);
    const box = page.getByRole('checkbox').first();
    const service = (await page.locator('.choice__label').first().textContent())?.trim() ?? '';
    expect(service).not.toBe('');
    expect(await box.isChecked()).toBe(false);
    await box.focus();
    await page.keyboard.press('Space');
    expect(await box.isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Enregistrer les démarches' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/fait=equipes$/);
    expect(await page.getByRole('status').textContent()).toContain('Les démarches traitées sont enregistrées.');
    expect(await page.getByRole('checkbox', { name: service }).isChecked()).toBe(true);
    expect(await page.textContent('main')).toContain('Équipe : Agent de Givors.');
    await expectNoAxeViolations(page);
    await context.close();
  });
});

describe('without JavaScript', () => {
  it('an invitee opens the link, chooses a password and is sent to the login page', async () => {
    const context = await e.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${e.baseUrl}/c/givors/invitation/${tokens.valid}`);
    await page.getByLabel('Mot de passe').fill('Agent-de-mairie-2026!');
    await page.getByRole('button', { name: 'Créer mon accès et accepter' }).click();
    await page.waitForURL(/\/connexion\?retour=/);
    const again = await page.goto(`${e.baseUrl}/c/givors/invitation/${tokens.valid}`);
    expect(again?.status()).toBe(404);
    await context.close();
  });
});
