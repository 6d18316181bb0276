import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProcessingWorld, type ProcessingWorld, submitTestRequest } from '../../../test/backoffice-factories.ts';
import type { TestClient } from '../../../test/support/test-client.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import { withTenant } from '../../platform/db/tenant-scope.ts';
import { insertDraft } from './drafts.repo.ts';

let t: TestContext;
let w: ProcessingWorld;
let agent: TestClient;
let citizen: TestClient;

beforeAll(async () => {
  t = await createTestContext();
  w = await buildProcessingWorld(t.services);
  agent = await t.signedIn(w.agentA.email, w.agentA.password);
  citizen = await t.signedIn(w.citizen.email, w.citizen.password);
});
afterAll(async () => t?.close());

const dashboard = (query = '') => `/c/${w.commune.slug}/mes-demandes${query}`;
const gru = (id: string) => `/c/${w.commune.slug}/gru/demandes/${id}`;
/** The request numbers the dashboard lists, in order. */
const listed = (html: string) => [...html.matchAll(/ — n° ([^<]+)<\/a>/g)].map((m) => m[1]);

describe('the citizen’s dashboard (issue 13 §9)', () => {
  let asked: Awaited<ReturnType<typeof submitTestRequest>>;
  let closed: Awaited<ReturnType<typeof submitTestRequest>>;
  let open: Awaited<ReturnType<typeof submitTestRequest>>;

  beforeAll(async () => {
    asked = await submitTestRequest(t.services, w, { objet: 'Question posée' });
    t.clock.advance(60_000);
    closed = await submitTestRequest(t.services, w, { objet: 'Classée' });
    t.clock.advance(60_000);
    open = await submitTestRequest(t.services, w, { objet: 'En cours' });
    t.clock.advance(60_000);
    await agent.post(`${gru(asked.id)}/transitions`, { vers: 'en-cours', version: '1' });
    expect(
      (
        await agent.post(`${gru(asked.id)}/transitions`, {
          vers: 'attente-usager',
          version: '3',
          'texte-vers-attente-usager': 'Quel est le numéro du poteau ?',
        })
      ).statusCode,
    ).toBe(303);
    // Changed after the question: listed first by date, yet after the request waiting for the citizen.
    t.clock.advance(60_000);
    expect((await agent.post(`${gru(closed.id)}/transitions`, { vers: 'classee', version: '1' })).statusCode).toBe(303);
  });

  it('lists first, and marks, the requests waiting for the citizen’s answer', async () => {
    const html = (await citizen.get(dashboard())).body;
    expect(listed(html)).toEqual([asked.number, closed.number, open.number]);
    expect(html).toContain('Une demande attend votre réponse : elle est en tête de liste.');
    expect(html.match(/badge--waiting/g)).toHaveLength(1);
    const card = html.slice(html.indexOf(`n° ${asked.number}`), html.indexOf(`n° ${closed.number}`));
    expect(card).toContain('<strong class="badge badge--waiting">En attente de votre réponse</strong>');
  });

  it('filters by status: waiting for the answer, in progress, finished, all', async () => {
    expect(listed((await citizen.get(dashboard('?statut=attente'))).body)).toEqual([asked.number]);
    expect(listed((await citizen.get(dashboard('?statut=en-cours'))).body)).toEqual([asked.number, open.number]);
    expect(listed((await citizen.get(dashboard('?statut=terminees'))).body)).toEqual([closed.number]);
    expect(listed((await citizen.get(dashboard('?statut=nimporte'))).body)).toHaveLength(3);
    const html = (await citizen.get(dashboard('?statut=terminees'))).body;
    expect(html).toContain('<option value="terminees" selected>Terminées (1)</option>');
  });

  it('deletes a draft after a confirmation page, with the form’s CSRF token, never someone else’s', async () => {
    const draft = await withTenant(t.services.db, w.commune.id, (trx) =>
      insertDraft(trx, {
        tenantId: w.commune.id,
        eserviceId: w.service.eservice.id,
        formVersionId: w.service.formVersionId,
        owner: { userId: w.citizen.id },
        answers: { objet: 'À moitié rempli' },
        idempotencyKey: 'brouillon-a-supprimer',
        at: t.clock.now(),
      }),
    );
    const deleteHref = `/c/${w.commune.slug}/brouillons/${draft.id}/supprimer`;
    expect((await citizen.get(dashboard())).body).toContain(`href="${deleteHref}"`);
    const confirm = await citizen.get(deleteHref);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Supprimer ce brouillon ?');
    expect(confirm.body).toContain(`<form method="post" action="${deleteHref}">`);
    // Someone else cannot see or delete it; without the token nothing happens.
    expect((await agent.get(deleteHref)).statusCode).toBe(404);
    expect((await agent.post(deleteHref, {})).statusCode).toBe(404);
    expect((await citizen.post(deleteHref, {}, { withCsrf: false })).statusCode).toBe(403);
    expect((await citizen.get(dashboard())).body).toContain(`href="${deleteHref}"`);

    const deleted = await citizen.post(deleteHref, {});
    expect(deleted.statusCode).toBe(303);
    const after = (await citizen.get(dashboard('?fait=supprime'))).body;
    expect(after).toContain('Le brouillon est supprimé.');
    expect(after).not.toContain(deleteHref);
    expect((await citizen.get(deleteHref)).statusCode).toBe(404);
  });
});
