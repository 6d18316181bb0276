import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProcessingWorld, type ProcessingWorld, submitTestRequest } from '../../../test/backoffice-factories.ts';
import { buildCommune } from '../../../test/factories.ts';
import { startSmtpCatcher, type SmtpCatcher } from '../../../test/support/smtp-catcher.ts';
import type { TestClient } from '../../../test/support/test-client.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';

let smtp: SmtpCatcher;
let t: TestContext;
let a: ProcessingWorld;
let b: ProcessingWorld;
let outsider: ResolvedTenant;
let agentA: TestClient;
let agentB: TestClient;
let citizen: TestClient;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  t = await createTestContext({ env: { SMTP_URL: smtp.url } });
  a = await buildProcessingWorld(t.services);
  b = await buildProcessingWorld(t.services);
  // A commune that does not process its requests here, with an address to write to.
  outsider = await buildCommune(t.services, { toodego: 'none', name: 'Commune hors guichet' });
  await sql`UPDATE tenant SET contact_email = 'mairie@hors-guichet.example' WHERE id = ${outsider.id}`.execute(
    t.services.db,
  );
  t.services.tenants.invalidate();
  agentA = await t.signedIn(a.agentA.email, a.agentA.password);
  agentB = await t.signedIn(b.agentA.email, b.agentA.password);
  citizen = await t.signedIn(a.citizen.email, a.citizen.password);
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const gruA = (path = '') => `/c/${a.commune.slug}/gru/demandes${path}`;
const gruB = (path = '') => `/c/${b.commune.slug}/gru/demandes${path}`;
const mailsTo = (email: string, from: number) =>
  smtp.messages.slice(from).filter((m) => JSON.stringify(m.to).includes(email));
type Side = { number: string; routing: { competent: { name: string } } };
type AuditedRouting = { from: Side; to: Side };
const auditOf = (requestId: string) =>
  sql<{ tenant_id: string; action: string; details: AuditedRouting }>`
    SELECT tenant_id, action, details FROM audit_event WHERE target_id = ${requestId} AND action LIKE 'request.reroute%'`
    .execute(t.services.db)
    .then((r) => r.rows);

describe('re-routing a request that reached the wrong administration (issue 13 §7)', () => {
  it('sends it to a member commune: a new request there, a new acknowledgement for the citizen, both routings audited', async () => {
    const request = await submitTestRequest(t.services, a, { objet: 'Arbre tombé sur la voie' });
    await t.worker.drain();
    const page = await agentA.get(gruA(`/${request.id}`));
    expect(page.body).toContain(`href="${gruA(`/${request.id}`)}/reorienter"`);
    const form = await agentA.get(gruA(`/${request.id}/reorienter`));
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`<option value="commune:${b.commune.id}">Commune — ${b.commune.name}</option>`);
    expect(form.body).toContain(`value="relais:${outsider.id}"`);

    const before = smtp.messages.length;
    const sent = await agentA.post(gruA(`/${request.id}/reorienter`), {
      version: '1',
      vers: `commune:${b.commune.id}`,
      motif: 'La voie appartient à l’autre commune.',
    });
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(`${gruA(`/${request.id}`)}?fait=reoriente`);

    // The first administration no longer lists it; its page says where it went.
    expect((await agentA.get(gruA())).body).not.toContain(`>${request.number}<`);
    expect((await agentA.get(gruA('?etat=closes'))).body).not.toContain(`>${request.number}<`);
    const old = (await agentA.get(gruA(`/${request.id}`))).body;
    expect(old).toContain('La voie appartient à l’autre commune.');
    expect(old).not.toContain('/reorienter"');

    // The competent one does, under a number of its own, and its agents are told.
    const inboxB = (await agentB.get(gruB())).body;
    const created = /\/gru\/demandes\/([0-9a-f-]{36})">([^<]+)<\/a>/.exec(inboxB);
    expect(created?.[2]).toBeDefined();
    const [, newId = '', newNumber = ''] = created as RegExpExecArray;
    expect(newNumber).not.toBe(request.number);
    const newPage = (await agentB.get(gruB(`/${newId}`))).body;
    expect(newPage).toContain('Arbre tombé sur la voie');
    expect(newPage).toContain('Réorientée par un agent');

    await t.worker.drain();
    await smtp.waitFor(before + 2);
    const acknowledgement = mailsTo(a.citizen.email, before).find((m) => m.subject?.startsWith('Accusé de réception'));
    expect(acknowledgement?.subject).toContain(`(n° ${newNumber})`);
    expect(acknowledgement?.text).toContain(`Votre demande n° ${request.number}`);
    expect(acknowledgement?.text).toContain(`à ${b.commune.name} (article L114-2`);
    expect(acknowledgement?.text).toContain('Motif : La voie appartient à l’autre commune.');
    expect(acknowledgement?.text).toContain('Cet accusé de réception remplace le précédent.');
    expect(acknowledgement?.text).toContain('R112-11-1');
    expect(mailsTo(b.agentA.email, before).some((m) => m.subject?.startsWith(`Nouvelle demande n° ${newNumber}`))).toBe(
      true,
    );

    // The citizen's dashboard shows the request once, as it is now, with the competent commune.
    const dashboard = (await citizen.get(`/c/${a.commune.slug}/mes-demandes`)).body;
    expect(dashboard).toContain(`n° ${newNumber}`);
    expect(dashboard).not.toContain(`n° ${request.number}`);

    // Both administrations' audit logs keep both routings.
    const outgoing = await auditOf(request.id);
    expect(outgoing).toHaveLength(1);
    expect(outgoing[0]?.tenant_id).toBe(a.commune.id);
    const incoming = await auditOf(newId);
    expect(incoming[0]?.tenant_id).toBe(b.commune.id);
    for (const entry of [...outgoing, ...incoming]) {
      expect(entry.details.from.routing.competent.name).toBe(a.commune.name);
      expect(entry.details.to.routing.competent.name).toBe(b.commune.name);
      expect(entry.details.to.number).toBe(newNumber);
    }
  });

  it('relays it by e-mail to a commune that does not process its requests here', async () => {
    const request = await submitTestRequest(t.services, a, { objet: 'Trou dans le trottoir' });
    await t.worker.drain();
    const before = smtp.messages.length;
    const sent = await agentA.post(gruA(`/${request.id}/reorienter`), {
      version: '1',
      vers: `relais:${outsider.id}`,
      motif: 'Le trottoir est sur la commune voisine.',
    });
    expect(sent.statusCode).toBe(303);
    await t.worker.drain();
    await smtp.waitFor(before + 2);
    const relay = mailsTo('mairie@hors-guichet.example', before);
    expect(relay).toHaveLength(1);
    expect(relay[0]?.subject).toContain(`Demande transmise par ${a.commune.name}`);
    expect(relay[0]?.text).toContain('Trou dans le trottoir');
    const acknowledgement = mailsTo(a.citizen.email, before).find((m) => m.subject?.startsWith('Accusé de réception'));
    expect(acknowledgement?.text).toContain('Elle a été envoyée à Commune hors guichet');
    expect(acknowledgement?.text).toContain('Motif : Le trottoir est sur la commune voisine.');
  });

  it('says what is missing, refuses a stale form and another administration’s agent, and never re-routes twice', async () => {
    const request = await submitTestRequest(t.services, a);
    const empty = await agentA.post(gruA(`/${request.id}/reorienter`), { version: '1', vers: '', motif: '' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('Choisissez l’administration compétente.');
    expect(empty.body).toContain('Expliquez à l’usager pourquoi sa demande relève d’une autre administration.');
    const unknown = await agentA.post(gruA(`/${request.id}/reorienter`), {
      version: '1',
      vers: `commune:${a.commune.id}`,
      motif: 'Ailleurs.',
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.body).toContain('Choisissez une administration de la liste.');
    expect((await agentB.get(gruB(`/${request.id}/reorienter`))).statusCode).toBe(404);
    expect(
      (
        await agentB.post(gruB(`/${request.id}/reorienter`), {
          version: '1',
          vers: `commune:${a.commune.id}`,
          motif: 'x',
        })
      ).statusCode,
    ).toBe(404);
    const stale = await agentA.post(gruA(`/${request.id}/reorienter`), {
      version: '7',
      vers: `commune:${b.commune.id}`,
      motif: 'Ailleurs.',
    });
    expect(stale.statusCode).toBe(409);
    const ok = { version: '1', vers: `commune:${b.commune.id}`, motif: 'Ailleurs.' };
    expect((await agentA.post(gruA(`/${request.id}/reorienter`), ok)).statusCode).toBe(303);
    const again = await agentA.post(gruA(`/${request.id}/reorienter`), ok);
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('elle ne peut plus être réorientée');
  });
});
