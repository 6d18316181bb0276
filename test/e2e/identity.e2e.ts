import * as client from 'openid-client';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerClient } from '../../src/modules/identity/register-client.ts';
import { SYSTEM_ACTOR } from '../../src/platform/audit/audit.repo.ts';
import { totpCode } from '../../src/modules/identity/totp.ts';
import { buildUser } from '../factories.ts';
import { type FakePartner, franceConnectCitizen, startFakePartner } from '../identity/fake-partner.ts';
import { type RelyingPartyServer, startRelyingPartyServer } from '../identity/identity-server.ts';
import { DEMO_PASSWORD, type E2E, expectNoAxeViolations, logIn, startE2E } from './support/browser.ts';

// Every page of the identity service passes axe with zero violations; login and consent work by
// keyboard alone, without JavaScript, at 320 px; the CSP lets the consent form reach the portal (Chromium enforces it).
let e: E2E;
let franceConnect: FakePartner;
let rp: RelyingPartyServer;
const PORTAL_ID = 'portail-e2e';
const PORTAL_SECRET = 'secret-du-portail-e2e-0123456789abcdef';

beforeAll(async () => {
  e = await startE2E({
    publicUrl: async (baseUrl) => {
      franceConnect = await startFakePartner({
        kind: 'franceconnect',
        redirectUri: `${baseUrl}/franceconnect/retour`,
        postLogoutRedirectUri: `${baseUrl}/franceconnect/deconnexion`,
        person: franceConnectCitizen({ email: 'angela.e2e@example.org' }, 'fc-e2e-1'),
      });
      return {
        FRANCECONNECT_ISSUER: franceConnect.issuer,
        FRANCECONNECT_CLIENT_ID: franceConnect.clientId,
        FRANCECONNECT_CLIENT_SECRET: franceConnect.clientSecret,
      };
    },
  });
  rp = await startRelyingPartyServer();
  const givors = await e.t.services.tenants.bySlug('givors');
  const registered = await registerClient(e.t.services, {
    tenant: givors!,
    actor: SYSTEM_ACTOR,
    id: PORTAL_ID,
    secret: PORTAL_SECRET,
    name: 'Portail de démonstration',
    redirectUris: [rp.callbackUrl],
    postLogoutRedirectUris: [`${rp.baseUrl}/`],
    backchannelLogoutUri: null,
    scopes: ['profile', 'email'],
    serviceApi: false,
    approved: true,
  });
  if (!registered.ok) throw new Error('portal not registered');
});
afterAll(async () => {
  await e?.close();
  await franceConnect?.close();
  await rp?.close();
});

/** A browser context, and the portal's pages it reached (callbacks with their code, post-logout returns). */
async function portalContext(
  options: Parameters<E2E['newContext']>[0] = {},
): Promise<{ context: BrowserContext; callbacks: string[] }> {
  const context = await e.newContext(options);
  rp.visits.length = 0;
  return { context, callbacks: rp.visits };
}

/** A commune portal (a real web server on loopback) registered as a client of Givors, starting a code flow. */
async function demoPortal() {
  const config = await client.discovery(
    new URL(`${e.baseUrl}/oidc`),
    PORTAL_ID,
    PORTAL_SECRET,
    client.ClientSecretBasic(PORTAL_SECRET),
    {
      execute: [client.allowInsecureRequests],
    },
  );
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: rp.callbackUrl,
    scope: 'openid profile email',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
  });
  return {
    config,
    url: url.href,
    exchange: (callback: string) =>
      client.authorizationCodeGrant(config, new URL(callback), { pkceCodeVerifier: verifier, expectedState: state }),
  };
}

const focused = (page: Page) =>
  page.evaluate(
    () => document.activeElement?.getAttribute('name') ?? document.activeElement?.textContent?.trim() ?? '',
  );

describe('keyboard only, in a real browser (issue 3 §10)', () => {
  it('logs in and consents with the keyboard alone; the portal gets its code and the approved attributes', async () => {
    const { context, callbacks } = await portalContext();
    const page = await context.newPage();
    const portal = await demoPortal();
    await page.goto(portal.url);
    await page.waitForURL(/\/c\/givors\/connexion\?retour=/);
    await expectNoAxeViolations(page);
    expect(await page.textContent('main')).toContain('Portail de démonstration');

    // Skip link, then the FranceConnect button comes first, then the e-mail field.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toContain('S’identifier avec');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('email');
    await page.keyboard.type('citoyen@example.org');
    await page.keyboard.press('Tab');
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Enter');

    await page.waitForURL(/\/autorisation\//);
    await expectNoAxeViolations(page);
    expect(await page.textContent('h1')).toBe('Autoriser « Portail de démonstration »');
    // Tab to the first attribute (skipping the page's links), tick it with the space bar, then submit.
    await page.locator('#attribut-0').focus();
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe('name');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe('given_name');
    await page.keyboard.press('Space');
    await page.locator('button[value="accepter"]').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => callbacks.length).toBe(1);
    const tokens = await portal.exchange(callbacks[0]!);
    const userinfo = await client.fetchUserInfo(portal.config, tokens.access_token, tokens.claims()!.sub);
    expect(userinfo.given_name).toBe('Camille');
    expect(userinfo.family_name).toBeUndefined();
    await context.close();
  });
});

describe('axe on every identity page', () => {
  it('the public pages: sign-up, forgotten password, links, the kit, refusals', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    for (const path of [
      '/connexion',
      '/inscription',
      '/mot-de-passe-oublie',
      '/inscription/confirmer?jeton=abcdefghijklmnopqrstuvwxyz',
      '/mot-de-passe/nouveau?jeton=abcdefghijklmnopqrstuvwxyz',
      '/mot-de-passe/nouveau',
      '/identite/kit',
      '/c/givors/connexion',
      '/oidc/auth?client_id=inconnu',
    ]) {
      await page.goto(`${e.baseUrl}${path}`);
      await expectNoAxeViolations(page);
    }
    // Forms redrawn with their errors.
    await page.goto(`${e.baseUrl}/inscription`);
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await expect.poll(() => page.title()).toMatch(/^Erreur – /);
    await expectNoAxeViolations(page);
    await page.getByLabel('Prénoms').fill('Jeanne');
    await page.getByLabel('Nom', { exact: true }).fill('Test');
    await page.getByLabel('Adresse électronique').fill(`jeanne.${Date.now()}@example.org`);
    await page.getByLabel('Mot de passe').fill('Un-mot-de-passe-2026!');
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await expect.poll(() => page.textContent('h1')).toBe('Vérifiez votre messagerie');
    await expectNoAxeViolations(page);
    await page.goto(`${e.baseUrl}/mot-de-passe-oublie`);
    await page.getByRole('button', { name: 'Recevoir le lien' }).click();
    await expect.poll(() => page.title()).toMatch(/^Erreur – /);
    await expectNoAxeViolations(page);
    // A partner login that failed.
    await page.goto(`${e.baseUrl}/franceconnect/retour?state=inconnu&code=x`);
    expect(await page.textContent('h1')).toContain('Connexion avec FranceConnect impossible');
    await expectNoAxeViolations(page);
    await context.close();
  });

  it('the citizen’s account pages, with errors, the second factor, and deletion', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'citoyen@example.org');
    for (const path of [
      '/compte',
      '/compte/identite',
      '/compte/mot-de-passe',
      '/compte/adresse-electronique',
      '/compte/double-authentification',
      '/compte/suppression',
    ]) {
      await page.goto(`${e.baseUrl}${path}`);
      await expectNoAxeViolations(page);
    }
    await page.goto(`${e.baseUrl}/compte/identite`);
    await page.getByLabel('Code postal').fill('123');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await expect.poll(() => page.title()).toMatch(/^Erreur – /);
    await expectNoAxeViolations(page);
    await page.goto(`${e.baseUrl}/compte/mot-de-passe`);
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await expectNoAxeViolations(page);
    await page.goto(`${e.baseUrl}/compte/double-authentification`);
    await page.getByRole('button', { name: 'Activer la double authentification' }).click();
    await expectNoAxeViolations(page);
    // 320 px: nothing wider than the screen.
    await page.setViewportSize({ width: 320, height: 800 });
    for (const path of ['/compte', '/compte/identite', '/identite/kit']) {
      await page.goto(`${e.baseUrl}${path}`);
      const wide = await page.evaluate(() =>
        [...document.querySelectorAll('body *')]
          .filter((el) => el.getBoundingClientRect().right > 321)
          .map((el) => `${el.tagName}.${el.className}`)
          .slice(0, 5),
      );
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth),
        `${path}: ${wide.join(' ')}`,
      ).toBeLessThanOrEqual(320);
    }
    await context.close();
  });

  it('the logout pages of the provider, and the FranceConnect round trip in Chromium', async () => {
    const { context, callbacks } = await portalContext();
    const page = await context.newPage();
    await page.goto(`${e.baseUrl}/connexion`);
    await page.getByRole('link', { name: 'S’identifier avec FranceConnect' }).click();
    await page.waitForURL(`${e.baseUrl}/compte`);
    expect(await page.textContent('main')).toContain('Votre identité est certifiée par FranceConnect');
    await expectNoAxeViolations(page);

    // Sign in to the demo portal with this session, then log out from the portal.
    const portal = await demoPortal();
    await page.goto(portal.url);
    await page.waitForURL(/\/autorisation\//);
    await page.getByRole('button', { name: 'Transmettre les informations cochées' }).click();
    await expect.poll(() => callbacks.length).toBe(1);
    const tokens = await portal.exchange(callbacks[0]!);
    await page.goto(
      client.buildEndSessionUrl(portal.config, {
        id_token_hint: tokens.id_token!,
        post_logout_redirect_uri: `${rp.baseUrl}/`,
      }).href,
    );
    expect(await page.textContent('h1')).toBe('Se déconnecter');
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Me déconnecter', exact: true }).click();
    await expect.poll(() => callbacks.length).toBe(2);
    expect(callbacks[1]).toBe(`${rp.baseUrl}/`);
    await context.close();
  });

  it('the connection kit’s administration, for an operator and for a commune', async () => {
    const context = await e.newContext();
    const page = await context.newPage();
    await logIn(page, e.baseUrl, 'operateur@example.org');
    for (const path of ['/admin/identite', '/admin/identite/nouveau', '/admin/identite/demo-portal']) {
      await page.goto(`${e.baseUrl}${path}`);
      await expectNoAxeViolations(page);
    }
    await page.goto(`${e.baseUrl}/admin/identite/nouveau`);
    await page.getByRole('button', { name: 'Enregistrer le portail' }).click();
    await expect.poll(() => page.title()).toMatch(/^Erreur – /);
    await expectNoAxeViolations(page);
    await page.goto(`${e.baseUrl}/admin/identite/demo-portal`);
    await page.getByRole('button', { name: 'Générer un nouveau secret' }).click();
    await expect.poll(() => page.textContent('main')).toContain('il ne sera plus jamais affiché');
    await expectNoAxeViolations(page);
    await context.close();

    const commune = await e.newContext();
    const adminPage = await commune.newPage();
    await logIn(adminPage, e.baseUrl, 'admin.givors@example.org', '/c/givors');
    for (const path of [
      '/c/givors/admin/identite',
      '/c/givors/admin/identite/nouveau',
      '/c/givors/admin/identite/demo-portal',
    ]) {
      await adminPage.goto(`${e.baseUrl}${path}`);
      await expectNoAxeViolations(adminPage);
    }
    await commune.close();
  });
});

describe('axe on the second factor, logout and deletion pages', () => {
  it('sets up the second factor, logs in with a code, logs out of every service, deletes the account', async () => {
    const person = await buildUser(e.t.services);
    const context = await e.newContext();
    const page = await context.newPage();
    const logInWithPassword = async () => {
      await page.goto(`${e.baseUrl}/connexion`);
      await page.getByLabel('Adresse électronique').fill(person.email);
      await page.getByLabel('Mot de passe').fill(person.password);
      await page.getByRole('button', { name: 'Se connecter' }).click();
    };
    await logInWithPassword();
    await page.waitForURL(`${e.baseUrl}/compte`);
    await page.goto(`${e.baseUrl}/compte/double-authentification`);
    const secret = (await page.locator('code.secret').textContent())!;
    await page.getByLabel('Code à 6 chiffres').fill(totpCode(secret, e.t.clock.now()));
    await page.getByRole('button', { name: 'Activer la double authentification' }).click();
    await page.waitForURL(/fait=double-authentification/);
    await page.goto(`${e.baseUrl}/compte/double-authentification`);
    await expectNoAxeViolations(page);

    // Through a portal, so that logging out also ends a provider session.
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    e.t.clock.advance(60_000);
    const portal = await demoPortal();
    await page.goto(portal.url);
    await page.getByLabel('Adresse électronique').fill(person.email);
    await page.getByLabel('Mot de passe').fill(person.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(/\/connexion\/code$/);
    await expectNoAxeViolations(page);
    await page.getByLabel('Code à 6 chiffres').fill('000000');
    await page.getByRole('button', { name: 'Valider' }).click();
    await expect.poll(() => page.title()).toMatch(/^Erreur – /);
    await expectNoAxeViolations(page);
    await page.getByLabel('Code à 6 chiffres').fill(totpCode(secret, e.t.clock.now()));
    await page.getByRole('button', { name: 'Valider' }).click();
    await page.waitForURL(/\/autorisation\//);
    await page.getByRole('button', { name: 'Transmettre les informations cochées' }).click();
    await page.waitForURL(/\/callback\?code=/);

    // "Se déconnecter" on our site: the provider asks to confirm for the services signed in, then confirms.
    await page.goto(`${e.baseUrl}/compte`);
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForURL(/\/oidc\/session\/end/);
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Me déconnecter', exact: true }).click();
    await page.waitForURL(/\/oidc\/session\/end\/success/);
    expect(await page.textContent('h1')).toBe('Vous êtes déconnecté');
    await expectNoAxeViolations(page);

    // Back to the portal: the consent is remembered, so the code page's form ends at the portal (its CSP allows it).
    e.t.clock.advance(60_000);
    const again = await demoPortal();
    await page.goto(again.url);
    await page.getByLabel('Adresse électronique').fill(person.email);
    await page.getByLabel('Mot de passe').fill(person.password);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(/\/connexion\/code$/);
    await page.getByLabel('Code à 6 chiffres').fill(totpCode(secret, e.t.clock.now()));
    await page.getByRole('button', { name: 'Valider' }).click();
    await page.waitForURL(/\/callback\?code=/);

    // Deletion, after the password.
    await page.goto(`${e.baseUrl}/compte/suppression`);
    await page.getByRole('button', { name: 'Supprimer définitivement mon compte' }).click();
    await expect.poll(() => page.title()).toMatch(/^Erreur – /);
    await expectNoAxeViolations(page);
    await page.getByLabel('Mot de passe').fill(person.password);
    await page.getByRole('button', { name: 'Supprimer définitivement mon compte' }).click();
    await expect.poll(() => page.textContent('h1')).toBe('Votre compte a été supprimé');
    await expectNoAxeViolations(page);
    await context.close();
  });
});

describe('without JavaScript', () => {
  it('logs in and consents to a portal with JavaScript disabled', async () => {
    const { context, callbacks } = await portalContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const portal = await demoPortal();
    await page.goto(portal.url);
    await page.getByLabel('Adresse électronique').fill('agent.metropole@example.org');
    await page.getByLabel('Mot de passe').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(/\/autorisation\//);
    await page.getByLabel('Adresse électronique').check();
    await page.getByRole('button', { name: 'Transmettre les informations cochées' }).click();
    await expect.poll(() => callbacks.length).toBe(1);
    const tokens = await portal.exchange(callbacks[0]!);
    expect((await client.fetchUserInfo(portal.config, tokens.access_token, tokens.claims()!.sub)).email).toBe(
      'agent.metropole@example.org',
    );
    await context.close();
  });
});
