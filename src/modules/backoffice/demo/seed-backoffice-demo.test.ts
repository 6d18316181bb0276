import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../../test/support/test-context.ts';
import { seedDemo } from '../../../demo/seed-demo.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
  await seedDemo(t.services, t.services.config);
});
afterAll(async () => t?.close());

const rows = (html: string) =>
  [
    ...html.matchAll(
      /<tr><td><input [^>]+><label [^>]+>[^<]+<\/label><\/td><th scope="row"><a [^>]+>([^<]+)<\/a><\/th><td>([^<]+)<\/td><td>([^<]+)/g,
    ),
  ].map((m) => ({ number: m[1], service: m[2], status: m[3] }));

describe('the back-office demo (issue 5)', () => {
  it('gives the demo agents of Givors, Vénissieux and the metropolis requests to process, once however often it runs', async () => {
    await seedDemo(t.services, t.services.config);
    const inbox = async (email: string, base: string) => {
      const client = t.client();
      expect((await client.login(email, 'Communs-demo-2026', base)).statusCode).toBe(303);
      return rows((await client.get(`${base}/gru/demandes`)).body);
    };
    const givors = await inbox('agent.givors@example.org', '/c/givors');
    expect(givors.map((r) => r.status).sort()).toEqual([
      'En attente de l’usager',
      'En cours de traitement',
      'Reçue',
      // The public reports' demo adds a street-lighting report located in Givors.
      'Reçue',
    ]);
    expect(givors.map((r) => r.service)).toContain("Demander un acte d'état civil");
    expect(givors.every((r) => r.number?.startsWith('69091-'))).toBe(true);
    const venissieux = await inbox('agent.venissieux@example.org', '/c/venissieux');
    expect(venissieux).toHaveLength(2);
    expect(
      venissieux.every(
        (r) => r.number?.startsWith('69259-') && r.service === "Signaler un problème sur l'espace public",
      ),
    ).toBe(true);
    const metropole = await inbox('agent.metropole@example.org', '');
    // Three back-office requests, then the public reports' demo ones that the metropolis handles.
    expect(metropole.map((r) => r.number).sort()).toEqual([
      'MET-2026-000001',
      'MET-2026-000002',
      'MET-2026-000003',
      'MET-2026-000004',
      'MET-2026-000005',
      'MET-2026-000006',
      'MET-2026-000007',
    ]);
  });
});
