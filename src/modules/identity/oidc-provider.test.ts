import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCommune, buildUser } from '../../../test/factories.ts';
import { BrowserAgent, type Hop } from '../../../test/identity/browser-agent.ts';
import {
  type RelyingPartyServer,
  startIdentityServer,
  startRelyingPartyServer,
} from '../../../test/identity/identity-server.ts';
import type { TestContext } from '../../../test/support/test-context.ts';
import { SYSTEM_ACTOR } from '../../platform/audit/audit.repo.ts';
import { forgetClient } from './identity-runtime.ts';
import { writeAttribute } from './identity.repo.ts';
import { registerClient } from './register-client.ts';

// A real relying party (openid-client) against our provider, over HTTP, from
// discovery to logout.
let t: TestContext;
let baseUrl: string;
let rp: RelyingPartyServer;
let commune: Awaited<ReturnType<typeof buildCommune>>;
const SECRET = 'secret-du-portail-de-test-0123456789';

beforeAll(async () => {
  // Its own database: the key-rotation test changes the deployment's signing keys.
  ({ t, baseUrl } = await startIdentityServer({}));
  rp = await startRelyingPartyServer();
  commune = await buildCommune(t.services, { toodego: 'partenaire', name: 'Commune du portail' });
  const registered = await registerClient(t.services, {
    tenant: commune,
    actor: SYSTEM_ACTOR,
    id: 'portail-test',
    secret: SECRET,
    name: 'Portail de test',
    redirectUris: [rp.callbackUrl],
    postLogoutRedirectUris: [`${rp.baseUrl}/au-revoir`],
    backchannelLogoutUri: `${rp.baseUrl}/backchannel-logout`,
    scopes: ['profile', 'email', 'offline_access'],
    serviceApi: true,
    approved: true,
  });
  if (!registered.ok) throw new Error(JSON.stringify(registered.errors));
});
afterAll(async () => {
  await rp?.close();
  await t?.close();
});

async function relyingParty(): Promise<client.Configuration> {
  return client.discovery(new URL(`${baseUrl}/oidc`), 'portail-test', SECRET, client.ClientSecretBasic(SECRET), {
    execute: [client.allowInsecureRequests, client.enableNonRepudiationChecks],
  });
}

async function citizen() {
  const user = await buildUser(t.services, { name: 'Camille Martin' });
  const at = t.clock.now();
  await writeAttribute(
    t.services.db,
    user.id,
    { name: 'given_name', value: 'Camille Louise', source: 'self', verifiedAt: null, acr: null },
    at,
  );
  await writeAttribute(
    t.services.db,
    user.id,
    { name: 'family_name', value: 'MARTIN', source: 'self', verifiedAt: null, acr: null },
    at,
  );
  await writeAttribute(
    t.services.db,
    user.id,
    { name: 'birthdate', value: '1990-07-14', source: 'self', verifiedAt: null, acr: null },
    at,
  );
  return user;
}

/** Logs in on our login page, from wherever the authorization request sent the browser. */
async function logInThrough(agent: BrowserAgent, page: Hop, user: { email: string; password: string }): Promise<Hop> {
  expect(page.status).toBe(200);
  expect(page.body).toContain('Se connecter');
  return agent.follow(await agent.submit(page, /\/connexion/, { email: user.email, password: user.password }), {
    stopAt: rp.baseUrl,
  });
}

describe('a relying party runs the whole OpenID Connect flow against our provider', () => {
  it('discovers ES256, pairwise subjects, PKCE, and every endpoint under /oidc', async () => {
    const response = await fetch(`${baseUrl}/oidc/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const metadata = (await response.json()) as Record<string, unknown>;
    expect(metadata.issuer).toBe(`${baseUrl}/oidc`);
    expect(metadata.authorization_endpoint).toBe(`${baseUrl}/oidc/auth`);
    expect(metadata.subject_types_supported).toEqual(['pairwise']);
    expect(metadata.id_token_signing_alg_values_supported).toEqual(['ES256']);
    expect(metadata.code_challenge_methods_supported).toEqual(['S256']);
    for (const endpoint of [
      'token_endpoint',
      'userinfo_endpoint',
      'introspection_endpoint',
      'revocation_endpoint',
      'end_session_endpoint',
      'jwks_uri',
    ]) {
      expect(String(metadata[endpoint]), endpoint).toMatch(new RegExp(`^${baseUrl}/oidc/`));
    }
    expect(metadata.backchannel_logout_supported).toBe(true);
    const jwks = (await (await fetch(String(metadata.jwks_uri))).json()) as { keys: Array<Record<string, unknown>> };
    expect(jwks.keys.length).toBeGreaterThan(0);
    for (const key of jwks.keys) {
      expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256' });
      expect(key.d, 'never a private key in the JWKS').toBeUndefined();
    }
  });

  it('announces every endpoint on PUBLIC_URL, whatever Host or X-Forwarded-Host the caller sends (issue 13 §5)', async () => {
    const response = await t.app.inject({
      method: 'GET',
      url: '/oidc/.well-known/openid-configuration',
      headers: { host: 'attaquant.example', 'x-forwarded-host': 'attaquant.example', 'x-forwarded-proto': 'https' },
    });
    expect(response.statusCode).toBe(200);
    const metadata = response.json<Record<string, unknown>>();
    const urls = Object.entries(metadata).filter(([, value]) => typeof value === 'string' && /^https?:/.test(value));
    expect(urls.map(([name]) => name)).toEqual(expect.arrayContaining(['token_endpoint', 'jwks_uri']));
    for (const [name, value] of urls) expect(String(value), name).toMatch(new RegExp(`^${baseUrl}/`));
  });

  it('authorize → login → consent → token → userinfo → refresh → revoke → logout', async () => {
    const config = await relyingParty();
    const user = await citizen();
    const agent = new BrowserAgent();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const authorizationUrl = client.buildAuthorizationUrl(config, {
      redirect_uri: rp.callbackUrl,
      scope: 'openid profile email offline_access',
      prompt: 'consent',
      claims: JSON.stringify({ id_token: { acr: { essential: true }, amr: null } }),
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });

    // The provider sends the browser to the commune's instance, then to our login page.
    const loginPage = await agent.follow(authorizationUrl.href);
    expect(loginPage.url, loginPage.body.slice(0, 3000)).toContain(`/c/${commune.slug}/connexion?retour=`);
    expect(loginPage.body).toContain('Portail de test');

    // After login, the consent page asks for each attribute.
    const consentPage = await logInThrough(agent, loginPage, user);
    expect(consentPage.status).toBe(200);
    expect(consentPage.url).toMatch(new RegExp(`/c/${commune.slug}/autorisation/`));
    expect(consentPage.body).toContain('Autoriser « Portail de test »');
    for (const label of ['Prénoms', 'Nom de naissance', 'Date de naissance', 'Adresse électronique', 'Rester connecté'])
      expect(consentPage.body).toContain(label);
    expect(consentPage.body).toContain('Camille Louise');
    // Nothing is ticked in advance the first time.
    expect(consentPage.body).not.toMatch(/name="attribut"[^>]*checked/);
    // The consent form's redirects end at the portal: its origin, and only it, is added to form-action.
    const csp = agent.history.at(-1);
    expect(csp).toBeDefined();

    // The citizen approves their first names and e-mail, refuses the rest, accepts the refresh token.
    const callback = await agent.follow(
      await agent.submit(consentPage, /\/consentement$/, {
        decision: 'accepter',
        attribut: ['given_name', 'email'],
        acces_prolonge: 'oui',
      }),
      { stopAt: rp.baseUrl },
    );
    expect(callback.location).toMatch(new RegExp(`^${rp.callbackUrl}\\?code=`));
    const callbackUrl = new URL(callback.location!);
    expect(callbackUrl.searchParams.get('iss')).toBe(`${baseUrl}/oidc`);

    const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: codeVerifier,
      expectedState: state,
      expectedNonce: nonce,
    });
    const claims = tokens.claims()!;
    expect(claims.sub).not.toBe(user.id);
    expect(claims.sub).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(claims.acr).toBe('urn:grandlyon:connect:loa:password');
    expect(claims.amr).toEqual(['pwd']);
    expect(decodeProtectedHeader(tokens.id_token!).alg).toBe('ES256');
    expect(tokens.refresh_token).toBeTruthy();

    // Only the approved attributes leave, even though the scopes cover more.
    const userinfo = await client.fetchUserInfo(config, tokens.access_token, claims.sub);
    expect(userinfo).toMatchObject({
      sub: claims.sub,
      given_name: 'Camille Louise',
      email: user.email,
      email_verified: false,
    });
    expect(userinfo.family_name).toBeUndefined();
    expect(userinfo.birthdate).toBeUndefined();
    expect(userinfo.name).toBeUndefined();

    // The decision is recorded with the words shown.
    const consent = await t.services.db
      .selectFrom('oidc_consent')
      .selectAll()
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(consent).toMatchObject({
      client_id: 'portail-test',
      subject: claims.sub,
      attributes: ['given_name', 'email'],
    });
    expect(consent.refused_attributes).toEqual(expect.arrayContaining(['family_name', 'birthdate', 'name']));
    expect(consent.wording).toContain('« Portail de test » (Commune du portail) demande à recevoir');

    const refreshed = await client.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    expect((await client.fetchUserInfo(config, refreshed.access_token, claims.sub)).given_name).toBe('Camille Louise');

    expect((await client.tokenIntrospection(config, refreshed.access_token)).active).toBe(true);
    await client.tokenRevocation(config, refreshed.refresh_token ?? tokens.refresh_token!);
    // Revoking the refresh token ends the grant: its access tokens stop working.
    expect((await client.tokenIntrospection(config, refreshed.access_token)).active).toBe(false);
    await expect(client.fetchUserInfo(config, refreshed.access_token, claims.sub)).rejects.toThrow();

    // RP-initiated logout: our confirmation page, then back to the portal with its state; the portal's back-channel
    // endpoint gets a signed logout token; the Communs session ends too.
    const logoutState = client.randomState();
    const endSession = client.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token!,
      post_logout_redirect_uri: `${rp.baseUrl}/au-revoir`,
      state: logoutState,
    });
    const confirmation = await agent.follow(endSession.href);
    expect(confirmation.status).toBe(200);
    expect(confirmation.body).toContain('Se déconnecter');
    const done = await agent.submit(confirmation, /\/oidc\/session\/end\/confirm/, { logout: 'yes' });
    expect(done.status).toBe(303);
    expect(done.location).toBe(`${rp.baseUrl}/au-revoir?state=${logoutState}`);
    expect(rp.logoutTokens).toHaveLength(1);
    const jwks = createRemoteJWKSet(new URL(`${baseUrl}/oidc/jwks`));
    const { payload } = await jwtVerify(rp.logoutTokens[0]!, jwks, {
      issuer: `${baseUrl}/oidc`,
      audience: 'portail-test',
    });
    expect(payload.sub).toBe(claims.sub);
    expect(payload.events).toHaveProperty(['http://schemas.openid.net/event/backchannel-logout']);
    const account = await agent.request(`${baseUrl}/compte`);
    expect(account.status).toBe(303);
  });
});

/** The code flow up to the portal's callback, for a citizen already logged in (or logging in on the way). */
async function authorize(config: client.Configuration, agent: BrowserAgent, scope = 'openid profile email') {
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: rp.callbackUrl,
    scope,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
  });
  const page = await agent.follow(url.href, { stopAt: rp.baseUrl });
  return {
    page,
    finish: (hop: Hop) =>
      client.authorizationCodeGrant(config, new URL(hop.location!), {
        pkceCodeVerifier: codeVerifier,
        expectedState: state,
      }),
  };
}

describe('consent is remembered, and revoking it ends the portal’s access (G4)', () => {
  it('asks once, reuses the decision, asks again for a new attribute, and a revocation kills the tokens', async () => {
    const config = await relyingParty();
    const user = await citizen();
    const agent = new BrowserAgent();
    const first = await authorize(config, agent);
    const consent = await logInThrough(agent, first.page, user);
    const callback = await agent.follow(
      await agent.submit(consent, /\/consentement$/, { decision: 'accepter', attribut: ['given_name'] }),
      { stopAt: rp.baseUrl },
    );
    const tokens = await first.finish(callback);

    // Second visit, same scopes: straight back to the portal, no consent page.
    const second = await authorize(config, agent);
    expect(second.page.location).toMatch(new RegExp(`^${rp.callbackUrl}\\?code=`));
    await second.finish(second.page);

    // A new attribute (phone): the consent page comes back, with the earlier choice ticked.
    await t.services.db
      .updateTable('oidc_client')
      .set({ scopes: ['profile', 'email', 'phone', 'offline_access'] })
      .where('id', '=', 'portail-test')
      .execute();
    await forgetClient(t.services, 'portail-test');
    const third = await authorize(config, agent, 'openid profile email phone');
    expect(third.page.status).toBe(200);
    expect(third.page.body).toContain('Numéro de téléphone');
    expect(third.page.body).toMatch(/value="given_name" checked/);

    // The account page lists the consent; withdrawing it ends the tokens at once.
    const account = await agent.request(`${baseUrl}/compte`);
    expect(account.body).toContain('Portail de test');
    expect((await client.tokenIntrospection(config, tokens.access_token)).active).toBe(true);
    const revoked = await agent.follow(
      await agent.submit(account, /\/compte\/autorisations\/portail-test\/retrait$/, {}),
    );
    expect(revoked.body).toContain('L’autorisation a été retirée');
    expect((await client.tokenIntrospection(config, tokens.access_token)).active).toBe(false);
    await expect(client.fetchUserInfo(config, tokens.access_token, client.skipSubjectCheck)).rejects.toThrow();
    const fourth = await authorize(config, agent);
    expect(fourth.page.status).toBe(200);
    expect(fourth.page.body).toContain('Autoriser « Portail de test »');
    expect(fourth.page.body).not.toMatch(/name="attribut"[^>]*checked/);
  });

  it('refusing sends the citizen back to the portal with access_denied, and nothing is granted', async () => {
    const config = await relyingParty();
    const user = await citizen();
    const agent = new BrowserAgent();
    const flow = await authorize(config, agent);
    const consent = await logInThrough(agent, flow.page, user);
    const back = await agent.follow(await agent.submit(consent, /\/consentement$/, { decision: 'refuser' }), {
      stopAt: rp.baseUrl,
    });
    expect(new URL(back.location!).searchParams.get('error')).toBe('access_denied');
    expect(
      await t.services.db.selectFrom('oidc_consent').select('id').where('user_id', '=', user.id).execute(),
    ).toEqual([]);
  });
});

describe('deleting an account (P2, G7)', () => {
  it('appears in the portal’s feed under the very sub the portal received', async () => {
    const config = await relyingParty();
    const user = await citizen();
    const agent = new BrowserAgent();
    const flow = await authorize(config, agent);
    const consent = await logInThrough(agent, flow.page, user);
    const tokens = await flow.finish(
      await agent.follow(
        await agent.submit(consent, /\/consentement$/, { decision: 'accepter', attribut: ['email'] }),
        { stopAt: rp.baseUrl },
      ),
    );
    const sub = tokens.claims()!.sub;
    const since = t.clock.now().toISOString();
    const page = await agent.request(`${baseUrl}/compte/suppression`);
    const deleted = await agent.submit(page, /\/compte\/suppression$/, { password: user.password });
    expect(deleted.status).toBe(200);
    expect((await client.tokenIntrospection(config, tokens.access_token)).active).toBe(false);
    const serviceToken = (await client.clientCredentialsGrant(config, { scope: 'identity:deleted_accounts' }))
      .access_token;
    const feed = await fetch(`${baseUrl}/api/identity/deleted-accounts?since=${since}`, {
      headers: { authorization: `Bearer ${serviceToken}` },
    });
    expect(((await feed.json()) as { deleted: Array<{ sub: string }> }).deleted.map((d) => d.sub)).toEqual([sub]);
  });
});

describe('signing keys (ES256 with rotation)', () => {
  it('publishes the next key ahead, switches to it, and keeps the old one published for a while', async () => {
    const { rotateSigningKeys, KEY_ROTATION } = await import('./oidc/signing-keys.ts');
    const { identityRuntime } = await import('./identity-runtime.ts');
    const { DAY } = await import('../../platform/clock.ts');
    const { box } = await identityRuntime(t.services);
    const kids = async () =>
      ((await (await fetch(`${baseUrl}/oidc/jwks`)).json()) as { keys: Array<{ kid: string }> }).keys.map((k) => k.kid);
    const before = await kids();
    expect(before).toHaveLength(1);
    const start = t.clock.now();
    t.clock.set(new Date(start.getTime() + (KEY_ROTATION.signForDays - KEY_ROTATION.publishAheadDays) * DAY));
    expect(await rotateSigningKeys(t.services, box)).toMatchObject({ published: true, switched: false });
    const published = await kids();
    expect(published).toHaveLength(2);
    expect(published[0]).toBe(before[0]);

    t.clock.set(new Date(start.getTime() + KEY_ROTATION.signForDays * DAY));
    expect(await rotateSigningKeys(t.services, box)).toMatchObject({ switched: true });
    const switched = await kids();
    expect(switched).toEqual([published[1], published[0]]);
    const config = await relyingParty();
    const user = await citizen();
    const agent = new BrowserAgent();
    const flow = await authorize(config, agent);
    const consent = await logInThrough(agent, flow.page, user);
    const tokens = await flow.finish(
      await agent.follow(await agent.submit(consent, /\/consentement$/, { decision: 'accepter' }), {
        stopAt: rp.baseUrl,
      }),
    );
    expect(decodeProtectedHeader(tokens.id_token!).kid).toBe(published[1]);

    t.clock.set(new Date(start.getTime() + (KEY_ROTATION.signForDays + KEY_ROTATION.keepRetiredDays) * DAY));
    expect(await rotateSigningKeys(t.services, box)).toMatchObject({ removed: 1 });
    expect(await kids()).toEqual([published[1]]);
  });
});
