import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProcessingWorld, buildWorldService } from '../../../test/backoffice-factories.ts';
import { buildOperator } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t?.close());

const teamAudit = async (tenantId: string) =>
  (
    await t.services.db
      .selectFrom('audit_event')
      .select(['details', 'target_id'])
      .where('tenant_id', '=', tenantId)
      .where('action', '=', 'tenant.agent.services')
      .orderBy('id')
      .execute()
  ).map((a) => ({ agent: a.target_id, details: a.details }));

const checked = (html: string) =>
  [...html.matchAll(/name="demarches" value="([0-9a-f-]{36})" checked/g)].map((m) => m[1]);

describe('per-service teams, edited from the agents’ pages (T11, issue 14 §6)', () => {
  it('puts an agent in a service’s team by checkboxes, shows each service’s team, and audits what changed', async () => {
    const w = await buildProcessingWorld(t.services);
    const other = await buildWorldService(t.services, w.commune);
    const admin = await t.signedIn(w.admin.email, w.admin.password, `/c/${w.commune.slug}`);
    const agents = await admin.get(`/c/${w.commune.slug}/admin/agents`);
    const page = `/c/${w.commune.slug}/admin/agents/${w.agentA.id}/demarches`;
    expect(agents.body).toContain(`href="${page}"`);

    const before = await admin.get(page);
    expect(before.statusCode).toBe(200);
    expect(before.body).toContain(`Démarches traitées par ${w.agentA.display_name}`);
    expect(before.body).toContain('Sans équipe : tous les agents de la commune la traitent.');
    expect(checked(before.body)).toEqual([]);

    const saved = await admin.submit(page, page, { demarches: [w.service.eservice.id] });
    expect(saved.statusCode).toBe(303);
    const after = await admin.get(`${page}?fait=equipes`);
    expect(after.body).toContain('Les démarches traitées sont enregistrées.');
    expect(checked(after.body)).toEqual([w.service.eservice.id]);
    expect(after.body).toContain(`Équipe : ${w.agentA.display_name}.`);
    // The colleague's page shows the same team beside the service, unticked for them.
    const colleague = await admin.get(`/c/${w.commune.slug}/admin/agents/${w.agentB.id}/demarches`);
    expect(colleague.body).toContain(`Équipe : ${w.agentA.display_name}.`);
    expect(checked(colleague.body)).toEqual([]);

    expect((await admin.submit(page, page, { demarches: [other.eservice.id] })).statusCode).toBe(303);
    expect((await admin.submit(page, page, { demarches: [other.eservice.id] })).statusCode).toBe(303);
    expect((await admin.submit(page, page, {})).statusCode).toBe(303);
    const named = (s: { eservice: { id: string; title: string } }) => ({ id: s.eservice.id, title: s.eservice.title });
    // Saving the same choice again changes nothing and writes nothing.
    expect(await teamAudit(w.commune.id)).toEqual([
      { agent: w.agentA.id, details: { added: [named(w.service)], removed: [] } },
      { agent: w.agentA.id, details: { added: [named(other)], removed: [named(w.service)] } },
      { agent: w.agentA.id, details: { added: [], removed: [named(other)] } },
    ]);
  });

  it('refuses a form without its CSRF token, one’s own access, a stranger and another commune’s service', async () => {
    const w = await buildProcessingWorld(t.services);
    const elsewhere = await buildProcessingWorld(t.services);
    const admin = await t.signedIn(w.admin.email, w.admin.password, `/c/${w.commune.slug}`);
    const page = (id: string) => `/c/${w.commune.slug}/admin/agents/${id}/demarches`;
    await admin.get(page(w.agentA.id));
    const forged = await admin.post(page(w.agentA.id), { demarches: w.service.eservice.id }, { withCsrf: false });
    expect(forged.statusCode).toBe(403);

    const own = await admin.get(page(w.admin.id));
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain('Vous ne pouvez pas changer vos propres accès');
    expect(own.body).not.toContain('name="demarches"');
    const self = await admin.submit(page(w.agentA.id), page(w.admin.id), { demarches: w.service.eservice.id });
    expect(self.statusCode).toBe(404);
    expect(self.body).toContain('Vous ne pouvez pas changer vos propres accès');

    expect((await admin.get(page(elsewhere.agentA.id))).statusCode).toBe(404);
    const stranger = await admin.submit(page(w.agentA.id), page(elsewhere.agentA.id), {});
    expect(stranger.statusCode).toBe(404);
    const foreign = await admin.submit(page(w.agentA.id), page(w.agentA.id), {
      demarches: elsewhere.service.eservice.id,
    });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.body).toContain("Une des démarches cochées n'est pas traitée par la commune.");

    // An agent is not an administrator: the page does not exist for them.
    const agent = await t.signedIn(w.agentA.email, w.agentA.password, `/c/${w.commune.slug}`);
    expect((await agent.get(page(w.agentB.id))).statusCode).toBe(404);
    expect(await teamAudit(w.commune.id)).toEqual([]);
  });

  it('follows the offers gate of every agent change: Abonné communes’ administrators are refused, operators are not', async () => {
    const operatorUser = await buildOperator(t.services);
    const operator = await t.signedIn(operatorUser.email, operatorUser.password);
    for (const offer of ['abonne', 'connecte'] as const) {
      const w = await buildProcessingWorld(t.services, { offer });
      const admin = await t.signedIn(w.admin.email, w.admin.password, `/c/${w.commune.slug}`);
      const page = `/c/${w.commune.slug}/admin/agents/${w.agentA.id}/demarches`;
      const refused = await admin.get(page);
      expect(refused.statusCode).toBe(403);
      expect(refused.body).toContain(
        offer === 'abonne' ? 'les accès des agents sont gérés par la Métropole' : 'ne comprend pas de back-office',
      );
      expect((await admin.post(page, { demarches: w.service.eservice.id })).statusCode).toBe(403);
      if (offer === 'abonne') {
        expect((await operator.submit(page, page, { demarches: w.service.eservice.id })).statusCode).toBe(303);
        expect(await teamAudit(w.commune.id)).toEqual([
          {
            agent: w.agentA.id,
            details: { added: [{ id: w.service.eservice.id, title: w.service.eservice.title }], removed: [] },
          },
        ]);
      } else expect((await operator.get(page)).statusCode).toBe(403);
    }
  });
});
