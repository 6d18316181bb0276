import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCommune, buildOperator } from '../../../test/factories.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import { recordAudit } from './audit.repo.ts';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(async () => t.close());

describe('audit log (issue 2 §9)', () => {
  it('is append-only: history cannot be changed or erased', async () => {
    await recordAudit(t.services.db, {
      actor: { userId: null, label: 'test', ip: null },
      tenantId: null,
      action: 'test.append',
      at: t.clock.now(),
    });
    await expect(
      sql`UPDATE audit_event SET action = 'falsifié' WHERE action = 'test.append'`.execute(t.services.db),
    ).rejects.toThrow(/ajout seul/);
    await expect(sql`DELETE FROM audit_event WHERE action = 'test.append'`.execute(t.services.db)).rejects.toThrow(
      /ajout seul/,
    );
    await expect(sql`TRUNCATE audit_event`.execute(t.services.db)).rejects.toThrow(/ajout seul/);
    const kept = await t.services.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', '=', 'test.append')
      .execute();
    expect(kept).toHaveLength(1);
  });

  it('records who changed a subscription, from where, from what to what, and shows it to operators', async () => {
    const commune = await buildCommune(t.services, { toodego: 'abonne' });
    const operator = await buildOperator(t.services);
    const client = t.client();
    await client.login(operator.email, operator.password);
    await client.submit(`/admin/communes/${commune.slug}`, `/admin/communes/${commune.slug}`, {
      toodego: 'connecte',
      services: ['geonet'],
    });
    const events = await t.services.db
      .selectFrom('audit_event')
      .selectAll()
      .where('tenant_id', '=', commune.id)
      .where('action', '=', 'subscription.update')
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.details)).toEqual([
      { service: 'toodego', from: 'abonne', to: 'connecte' },
      { service: 'geonet', from: 'none', to: 'subscribed' },
    ]);
    expect(events[0]).toMatchObject({
      actor_user_id: operator.id,
      actor_label: operator.email,
      ip: client.remoteAddress,
    });
    expect(events[0]?.occurred_at.toISOString()).toBe(t.clock.now().toISOString());
    const journal = await client.get(`/admin/journal?collectivite=${commune.slug}`);
    expect(journal.body).toContain('subscription.update');
    expect(journal.body).toContain(operator.email);
  });

  it('records logins and logouts', async () => {
    const operator = await buildOperator(t.services);
    const client = t.client();
    await client.login(operator.email, operator.password);
    await client.submit('/compte', '/deconnexion', {});
    const actions = await t.services.db
      .selectFrom('audit_event')
      .select('action')
      .where('actor_user_id', '=', operator.id)
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['session.login', 'session.logout']);
  });
});
