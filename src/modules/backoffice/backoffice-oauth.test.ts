import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProcessingWorld, type ProcessingWorld, submitTestRequest } from '../../../test/backoffice-factories.ts';
import { startIdentityServer } from '../../../test/identity/identity-server.ts';
import type { TestContext } from '../../../test/support/test-context.ts';
import { SYSTEM_ACTOR } from '../../platform/audit/audit.repo.ts';
import { registerClient, setClientState } from '../identity/index.ts';
import { BACKOFFICE_SCOPE } from './backoffice-access.ts';

// A commune's software calls the back-office API with a client-credentials token that our
// OpenID provider issued over HTTP, for the resource <PUBLIC_URL>/api/gru. The token acts for the commune that
// registered the client, and for no other.
let t: TestContext;
let baseUrl: string;
let a: ProcessingWorld;
let b: ProcessingWorld;
const SECRET = 'secret-du-logiciel-metier-0123456789';

beforeAll(async () => {
  ({ t, baseUrl } = await startIdentityServer());
  a = await buildProcessingWorld(t.services);
  b = await buildProcessingWorld(t.services);
});
afterAll(async () => t?.close());

async function register(world: ProcessingWorld, name: string, serviceApi = true) {
  const result = await registerClient(t.services, {
    tenant: world.commune,
    actor: SYSTEM_ACTOR,
    secret: SECRET,
    name,
    redirectUris: [`https://${name.toLowerCase().replace(/\W+/g, '-')}.example/callback`],
    postLogoutRedirectUris: [],
    backchannelLogoutUri: null,
    scopes: ['profile'],
    serviceApi,
    approved: true,
  });
  if (!result.ok) throw new Error('client refused');
  return result.client;
}

async function tokenFor(clientId: string, parameters: Record<string, string>): Promise<string> {
  const configuration = await client.discovery(
    new URL(`${baseUrl}/oidc`),
    clientId,
    SECRET,
    client.ClientSecretBasic(SECRET),
    { execute: [client.allowInsecureRequests] },
  );
  return (await client.clientCredentialsGrant(configuration, parameters)).access_token;
}

async function call(path: string, token: string, body?: unknown) {
  const response = await fetch(`${baseUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return {
    status: response.status,
    authenticate: response.headers.get('www-authenticate'),
    json: (await response.json()) as Record<string, unknown>,
  };
}

const api = (world: ProcessingWorld, path: string) => `/c/${world.commune.slug}/api/gru${path}`;

describe('the back-office API with OAuth client credentials from our provider (issue 5 §9, G5)', () => {
  it('lets a commune’s software list and move its own requests, and nobody else’s', async () => {
    const request = await submitTestRequest(t.services, a, { objet: 'Signalé pour le logiciel de la commune' });
    const software = await register(a, 'Logiciel GRU A');
    const token = await tokenFor(software.id, { scope: BACKOFFICE_SCOPE });

    const listed = await call(api(a, '/requests?q=logiciel'), token);
    expect(listed.status).toBe(200);
    expect((listed.json.items as Array<{ id: string }>).map((i) => i.id)).toEqual([request.id]);
    // Commune B's instance does not exist for A's token.
    expect((await call(api(b, '/requests'), token)).status).toBe(404);

    const moved = await call(api(a, `/requests/${request.id}/transitions`), token, { to: 'en-cours', version: 1 });
    expect(moved.json).toMatchObject({ status: { key: 'en-cours' } });
    const history = (await call(api(a, `/requests/${request.id}`), token)).json.history as Array<
      Record<string, unknown>
    >;
    expect(history.at(-1)).toMatchObject({
      actor: 'Logiciel partenaire « Logiciel GRU A »',
      from: 'recue',
      to: 'en-cours',
    });
  });

  it('refuses a token for another API, a forged one, and a disabled client’s', async () => {
    const software = await register(a, 'Portail A');
    // A token for the identity service's API (the deleted-accounts feed) is not one for the back-office.
    const identityToken = await tokenFor(software.id, { scope: 'identity:deleted_accounts' });
    const wrongAudience = await call(api(a, '/requests'), identityToken);
    expect(wrongAudience.status).toBe(401);
    expect(wrongAudience.authenticate).toBe('Bearer error="invalid_token"');
    expect(wrongAudience.json).toMatchObject({ code: 'authentication_required' });

    const token = await tokenFor(software.id, { scope: BACKOFFICE_SCOPE });
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const forged = [
      header,
      Buffer.from(JSON.stringify({ ...claims, client_id: 'autre' })).toString('base64url'),
      signature,
    ].join('.');
    expect((await call(api(a, '/requests'), forged)).status).toBe(401);

    expect((await call(api(a, '/requests'), token)).status).toBe(200);
    await setClientState(t.services, { client: software, status: 'disabled', actor: SYSTEM_ACTOR });
    expect((await call(api(a, '/requests'), token)).status).toBe(401);
  });

  it('gives no back-office token to a portal without the service-API right', async () => {
    const portal = await register(a, 'Portail sans API', false);
    await expect(tokenFor(portal.id, { scope: BACKOFFICE_SCOPE })).rejects.toThrow();
  });
});
