import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProcessingWorld, type ProcessingWorld, submitTestRequest } from '../../../test/backoffice-factories.ts';
import { buildCommune } from '../../../test/factories.ts';
import { type FakeCommuneSystem, startFakeCommuneSystem } from '../../../test/fakes/commune-system.ts';
import type { TestClient } from '../../../test/support/test-client.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import { SYSTEM_ACTOR } from '../../platform/audit/audit.repo.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { saveConnectorSettings } from './save-connector.ts';

// An agent who re-routes a request to a Connecté commune hands it to that commune's own system, as a submission
// routed there would be: the commune processes everything in its tool, whoever sent it.
let t: TestContext;
let world: ProcessingWorld;
let connected: ResolvedTenant;
let agent: TestClient;
let fake: FakeCommuneSystem;
const SECRET = 'secret-de-signature-reorientation-01';

beforeAll(async () => {
  t = await createTestContext();
  fake = await startFakeCommuneSystem({ apiKey: 'inutile', webhookSecret: SECRET, now: () => t.clock.now() });
  world = await buildProcessingWorld(t.services);
  connected = await buildCommune(t.services, { toodego: 'connecte', name: 'Commune connectée' });
  await sql`UPDATE tenant SET contact_email = 'mairie@connectee.example' WHERE id = ${connected.id}`.execute(
    t.services.db,
  );
  t.services.tenants.invalidate();
  const saved = await saveConnectorSettings(t.services, {
    commune: connected,
    actor: SYSTEM_ACTOR,
    form: { protocol: 'webhook', endpointUrl: fake.webhookUrl, serviceCode: '', secret: SECRET, enabled: 'oui' },
  });
  expect(saved.ok).toBe(true);
  agent = await t.signedIn(world.agentA.email, world.agentA.password);
});
afterAll(async () => {
  await t?.close();
  await fake?.close();
});

describe('re-routing to a Connecté commune (issue 15 §1)', () => {
  it('delivers the re-routed request to the commune’s system, once, with the commune’s reference kept', async () => {
    const request = await submitTestRequest(t.services, world, { objet: 'Banc cassé place du marché' });
    await t.worker.drain();
    const sent = await agent.post(`/c/${world.commune.slug}/gru/demandes/${request.id}/reorienter`, {
      version: '1',
      vers: `relais:${connected.id}`,
      motif: 'La place appartient à la commune voisine.',
    });
    expect(sent.statusCode).toBe(303);
    await t.worker.drain();

    const received = fake.reports.filter((r) => JSON.stringify(r.fields).includes('Banc cassé place du marché'));
    expect(received).toHaveLength(1);
    const deliveries = await t.services.db
      .selectFrom('connector_delivery')
      .select(['state', 'commune_reference'])
      .where('commune_tenant_id', '=', connected.id)
      .execute();
    expect(deliveries).toEqual([{ state: 'delivered', commune_reference: received[0]?.reference }]);
  });
});
