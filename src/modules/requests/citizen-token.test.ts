import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEService } from '../../../test/requests-factories.ts';
import { buildCommune, buildUser } from '../../../test/factories.ts';
import { BrowserAgent, type Hop } from '../../../test/identity/browser-agent.ts';
import {
  type RelyingPartyServer,
  startIdentityServer,
  startRelyingPartyServer,
} from '../../../test/identity/identity-server.ts';
import type { TestContext } from '../../../test/support/test-context.ts';
import { SYSTEM_ACTOR } from '../../platform/audit/audit.repo.ts';
import { registerClient } from '../identity/index.ts';

// For a mobile app: the citizen signs in to the app through our OpenID provider (code flow with
// PKCE, over HTTP), and the app submits with the citizen's access token. The request is the citizen's; a revoked
// consent ends the token's use at once.
let t: TestContext;
let baseUrl: string;
let app: RelyingPartyServer;
let eservice: Awaited<ReturnType<typeof buildEService>>;
const SECRET = 'secret-de-l-application-mobile-0123456789';

beforeAll(async () => {
  ({ t, baseUrl } = await startIdentityServer());
  app = await startRelyingPartyServer();
  const commune = await buildCommune(t.services, { toodego: 'partenaire', name: 'Commune de l’application' });
  const registered = await registerClient(t.services, {
    tenant: commune,
    actor: SYSTEM_ACTOR,
    id: 'application-mobile',
    secret: SECRET,
    name: 'Application mobile',
    redirectUris: [app.callbackUrl],
    postLogoutRedirectUris: [],
    backchannelLogoutUri: null,
    scopes: ['email'],
    serviceApi: false,
    approved: true,
  });
  if (!registered.ok) throw new Error(JSON.stringify(registered.errors));
  eservice = await buildEService(t.services, commune, {
    access: 'account',
    form: { title: 'Demande', fields: [{ type: 'text', key: 'objet', label: 'Objet' }] },
    settings: {
      office: { name: 'Accueil', email: 'accueil@example.org', phone: '04 00 00 00 00' },
      legal: { kind: 'demande', silence: 'rejection', delay: { months: 2 } },
    },
  });
});
afterAll(async () => {
  await app?.close();
  await t?.close();
});

async function signInThroughTheApp(user: { email: string; password: string }) {
  const config = await client.discovery(
    new URL(`${baseUrl}/oidc`),
    'application-mobile',
    SECRET,
    client.ClientSecretBasic(SECRET),
    { execute: [client.allowInsecureRequests] },
  );
  const agent = new BrowserAgent();
  const codeVerifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: app.callbackUrl,
    scope: 'openid email',
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
  });
  const loginPage = await agent.follow(url.href, { stopAt: app.baseUrl });
  const consentPage = await agent.follow(
    await agent.submit(loginPage, /\/connexion/, { email: user.email, password: user.password }),
    { stopAt: app.baseUrl },
  );
  const callback: Hop = await agent.follow(
    await agent.submit(consentPage, /\/consentement$/, { decision: 'accepter', attribut: ['email'] }),
    { stopAt: app.baseUrl },
  );
  const tokens = await client.authorizationCodeGrant(config, new URL(callback.location!), {
    pkceCodeVerifier: codeVerifier,
    expectedState: state,
  });
  return { agent, accessToken: tokens.access_token };
}

function submit(accessToken: string, key: string) {
  return fetch(`${baseUrl}/api/services/${eservice.slug}/requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}`, 'idempotency-key': key },
    body: JSON.stringify({ answers: { objet: 'Déposée depuis l’application' } }),
  });
}

describe('a mobile app submits with the citizen’s access token (T2, G4)', () => {
  it('files the request in the citizen’s name, and stops once the citizen withdraws the app’s authorisation', async () => {
    const user = await buildUser(t.services, { name: 'Dominique Mobile' });
    const { agent, accessToken } = await signInThroughTheApp(user);

    const response = await submit(accessToken, 'application-mobile-0001');
    expect(response.status).toBe(201);
    const body = (await response.json()) as { number: string };
    const stored = await t.services.db
      .selectFrom('request')
      .select('citizen_user_id')
      .where('number', '=', body.number)
      .executeTakeFirstOrThrow();
    expect(stored.citizen_user_id).toBe(user.id);

    // Another commune's portal may not introspect it (only the token's own client learns what it is).
    const curious = await registerClient(t.services, {
      tenant: await buildCommune(t.services, { toodego: 'partenaire' }),
      actor: SYSTEM_ACTOR,
      secret: SECRET,
      name: 'Portail curieux',
      redirectUris: ['https://curieux.example/callback'],
      postLogoutRedirectUris: [],
      backchannelLogoutUri: null,
      scopes: ['email'],
      serviceApi: false,
      approved: true,
    });
    if (!curious.ok) throw new Error('client refused');
    const introspect = async (clientId: string) => {
      const config = await client.discovery(
        new URL(`${baseUrl}/oidc`),
        clientId,
        SECRET,
        client.ClientSecretBasic(SECRET),
        { execute: [client.allowInsecureRequests] },
      );
      return (await client.tokenIntrospection(config, accessToken)).active;
    };
    expect(await introspect('application-mobile')).toBe(true);
    expect(await introspect(curious.client.id)).toBe(false);

    // A token that is not ours is refused, not taken for an anonymous visit.
    const forged = await submit(`${accessToken}x`, 'application-mobile-0002');
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ code: 'authentication_required' });

    const account = await agent.request(`${baseUrl}/compte`);
    await agent.follow(await agent.submit(account, /\/compte\/autorisations\/application-mobile\/retrait$/, {}));
    expect((await submit(accessToken, 'application-mobile-0003')).status).toBe(401);
  });
});
