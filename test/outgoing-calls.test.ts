import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { providerHostState } from '../src/modules/identity/oidc/provider.ts';
import { registerClient } from '../src/modules/identity/register-client.ts';
import { listRequestEvents } from '../src/modules/requests/processing/processing.repo.ts';
import { SYSTEM_ACTOR } from '../src/platform/audit/audit.repo.ts';
import { MINUTE } from '../src/platform/clock.ts';
import { withTenant } from '../src/platform/db/tenant-scope.ts';
import { acceptRequestWithWebhooks, buildProcessingWorld } from './backoffice-factories.ts';
import { buildCommune } from './factories.ts';
import { createTestContext, type TestContext } from './support/test-context.ts';

/**
 * What a Partenaire commune's administrator can point an outgoing call at: a service inside the platform's network,
 * here a server on this machine. Without the allow-list (as in production), nothing reaches it.
 */
let inside: Server;
let port: number;
const hits: string[] = [];
let t: TestContext;

beforeAll(async () => {
  inside = createServer((request, response) => {
    hits.push(`${request.method} ${request.url}`);
    response.statusCode = 204;
    response.end();
  });
  await new Promise<void>((resolve) => inside.listen(0, '127.0.0.1', resolve));
  port = (inside.address() as AddressInfo).port;
  t = await createTestContext({ env: { OUTGOING_ALLOWED_ADDRESSES: '' } });
});
afterAll(async () => {
  await t?.close();
  await new Promise((resolve) => inside.close(resolve));
});

describe('outgoing calls cannot reach the inside (issue 13 §3)', () => {
  it('refuses a workflow webhook to a loopback address, by IP or by name, once, and the history does not say what answered', async () => {
    const world = await buildProcessingWorld(t.services);
    const targets = [`http://127.0.0.1:${port}/admin`, `http://localhost:${port}/admin`, `http://[::1]:${port}/`];
    const request = await acceptRequestWithWebhooks(
      t.services,
      world,
      targets.map((url) => ({ url, event: 'sonde' })),
    );
    await t.worker.drain();
    t.clock.advance(60 * MINUTE);
    await t.worker.drain();

    expect(hits).toEqual([]);
    const history = await withTenant(t.services.db, world.commune.id, (trx) => listRequestEvents(trx, request.id));
    const outcomes = history.map((e) => e.summary).filter((s) => s.startsWith('Appel de'));
    expect(outcomes.sort()).toEqual(
      targets
        .map(
          (url) =>
            `Appel de ${new URL(url).origin} refusé : cette adresse mène à un réseau interne, que les appels sortants n’atteignent pas.`,
        )
        .sort(),
    );
    // Refused for good: no retry is left waiting.
    const pending = await t.services.db
      .selectFrom('job')
      .select(['attempts', 'last_error'])
      .where('name', '=', 'workflow.webhook')
      .where('done_at', 'is', null)
      .execute();
    expect(pending).toEqual([]);
  });

  it('refuses a portal’s back-channel logout to a loopback address', async () => {
    const commune = await buildCommune(t.services, { toodego: 'partenaire' });
    const registered = await registerClient(t.services, {
      tenant: commune,
      actor: SYSTEM_ACTOR,
      id: 'portail-interne',
      secret: 'secret-du-portail-interne-0123456789',
      name: 'Portail interne',
      redirectUris: [`http://localhost:${port}/retour`],
      postLogoutRedirectUris: [],
      backchannelLogoutUri: `http://localhost:${port}/backchannel-logout`,
      scopes: ['profile'],
      serviceApi: false,
      approved: true,
    });
    expect(registered.ok).toBe(true);
    const provider = await t.services.states.get(providerHostState).current();
    const client = (await provider.Client.find('portail-interne')) as unknown as {
      backchannelLogout(sub: string, sid: string): Promise<void>;
    };
    await expect(client.backchannelLogout('un-sujet', 'une-session')).rejects.toThrow(/refusé/);
    expect(hits).toEqual([]);
  });
});
