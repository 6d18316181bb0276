import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildProcessingWorld,
  buildWorldService,
  type ProcessingWorld,
  submitTestRequest,
} from '../../../test/backoffice-factories.ts';
import { startSmtpCatcher, type SmtpCatcher } from '../../../test/support/smtp-catcher.ts';
import type { TestClient } from '../../../test/support/test-client.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';

let smtp: SmtpCatcher;
let t: TestContext;
beforeAll(async () => {
  smtp = await startSmtpCatcher();
  t = await createTestContext({ env: { SMTP_URL: smtp.url } });
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

/** The request numbers the inbox lists, in order. */
const numbers = (html: string) =>
  [...html.matchAll(/<th scope="row"><a href="[^"]+\/gru\/demandes\/[0-9a-f-]{36}">([^<]+)<\/a>/g)].map((m) => m[1]);

describe('a service with a team is its members’ and the administrators’ (T11, issue 14 §6)', () => {
  let w: ProcessingWorld;
  let teamed: Awaited<ReturnType<typeof submitTestRequest>>;
  let open: Awaited<ReturnType<typeof submitTestRequest>>;
  let member: TestClient;
  let outsider: TestClient;
  let admin: TestClient;
  let mailsBefore: number;
  const gru = () => `/c/${w.commune.slug}/gru`;

  beforeAll(async () => {
    w = await buildProcessingWorld(t.services);
    const everyone = { ...w, service: await buildWorldService(t.services, w.commune) };
    admin = await t.signedIn(w.admin.email, w.admin.password, `/c/${w.commune.slug}`);
    // Agent A alone is in the team of the world's service; the other service keeps no team.
    const page = `/c/${w.commune.slug}/admin/agents/${w.agentA.id}/demarches`;
    expect((await admin.submit(page, page, { demarches: w.service.eservice.id })).statusCode).toBe(303);
    await t.worker.drain();
    mailsBefore = smtp.messages.length;
    teamed = await submitTestRequest(t.services, w, { objet: 'Dossier de l’équipe' });
    // A minute apart, so "newest first" has one order (the same instant would leave it to the ids).
    t.clock.advance(60_000);
    open = await submitTestRequest(t.services, everyone, { objet: 'Dossier de tous' });
    await t.worker.drain();
    member = await t.signedIn(w.agentA.email, w.agentA.password, `/c/${w.commune.slug}`);
    outsider = await t.signedIn(w.agentB.email, w.agentB.password, `/c/${w.commune.slug}`);
  });

  it('leaves another team’s requests out of an agent’s list, count and service filter', async () => {
    const outside = await outsider.get(`${gru()}/demandes`);
    expect(numbers(outside.body)).toEqual([open.number]);
    expect(outside.body).toContain('1 demande');
    expect(outside.body).not.toContain(`>${w.service.eservice.title}</option>`);
    expect(numbers((await outsider.get(`${gru()}/demandes?service=${w.service.eservice.id}`)).body)).toEqual([]);
    expect(numbers((await outsider.get(`${gru()}/demandes?q=${teamed.number}`)).body)).toEqual([]);

    const inside = await member.get(`${gru()}/demandes`);
    expect(numbers(inside.body)).toEqual([open.number, teamed.number]);
    expect(inside.body).toContain('2 demandes');
    expect(numbers((await admin.get(`${gru()}/demandes`)).body)).toEqual([open.number, teamed.number]);
  });

  it('answers 404 to a non-member on the request’s page and on every act on it', async () => {
    const request = `${gru()}/demandes/${teamed.id}`;
    expect((await outsider.get(request)).statusCode).toBe(404);
    await outsider.get(`${gru()}/demandes/${open.id}`);
    for (const act of ['prendre', 'notes', 'transitions', 'reorienter'])
      expect(
        (await outsider.post(`${request}/${act}`, { version: '1', note: 'x', vers: 'x', motif: 'x' })).statusCode,
      ).toBe(404);
    const bulk = await outsider.post(`${gru()}/selection`, {
      demandes: `${teamed.id}:1`,
      action: 'moi',
      filtres: '',
    });
    expect(bulk.body).toContain('0 demande traitée, 1 non traitée.');
    expect(bulk.body).toContain('n° ? : introuvable');
    expect((await member.get(request)).statusCode).toBe(200);
    expect((await admin.get(request)).statusCode).toBe(200);
    // Nobody took it: the non-member's attempts changed nothing.
    expect((await member.get(request)).body).not.toContain(w.agentB.display_name);
  });

  it('refuses to hand a teamed request to an agent outside its team, one by one or ticked in the list', async () => {
    const request = `${gru()}/demandes/${teamed.id}`;
    const handed = await member.post(`${request}/attribuer`, { version: '1', agent: w.agentB.id });
    expect(handed.statusCode).toBe(422);
    expect(handed.body).toContain('Choisissez un agent de la liste.');
    const bulk = await member.post(`${gru()}/selection`, {
      demandes: `${teamed.id}:1`,
      action: `agent:${w.agentB.id}`,
      filtres: '',
    });
    expect(bulk.body).toContain(`n° ${teamed.number} : agent inconnu`);
    expect((await outsider.get(request)).statusCode).toBe(404);
    expect((await member.get(request)).body).not.toContain(w.agentB.display_name);
  });

  it('exports for a non-member leave the team’s requests out', async () => {
    const csv = await outsider.post(`${gru()}/exports`, { format: 'csv', filtres: '' });
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain(open.number);
    expect(csv.body).not.toContain(teamed.number);
  });

  it('mails a new request of a teamed service to its team only, and the others to every agent', async () => {
    const sent = smtp.messages.slice(mailsBefore);
    const subjectsTo = (email: string) =>
      sent.filter((m) => JSON.stringify(m.to).includes(email)).map((m) => m.subject ?? '');
    expect(
      subjectsTo(w.agentA.email)
        .filter((s) => s.startsWith('Nouvelle demande'))
        .sort(),
    ).toEqual(
      [
        `Nouvelle demande n° ${teamed.number} : ${w.service.eservice.title}`,
        expect.stringContaining(open.number),
      ].sort(),
    );
    expect(subjectsTo(w.agentB.email).filter((s) => s.startsWith('Nouvelle demande'))).toEqual([
      expect.stringContaining(open.number),
    ]);
  });

  it('tells only the team and the administrators when the citizen writes on a teamed request nobody holds', async () => {
    const citizen = await t.signedIn(w.citizen.email, w.citizen.password, `/c/${w.commune.slug}`);
    const before = smtp.messages.length;
    const sent = await citizen.postMultipart(
      `/c/${w.commune.slug}/mes-demandes/${teamed.id}/messages`,
      { message: 'Avez-vous reçu ma demande ?' },
      {},
    );
    expect(sent.statusCode).toBe(303);
    await t.worker.drain();
    await smtp.waitFor(before + 2);
    await t.worker.drain();
    const told = smtp.messages
      .slice(before)
      .filter((m) => m.subject === `Nouveau message de l’usager : demande n° ${teamed.number}`)
      .map((m) => JSON.stringify(m.to));
    expect(told).toHaveLength(2);
    expect(told.some((to) => to.includes(w.agentA.email))).toBe(true);
    expect(told.some((to) => to.includes(w.admin.email))).toBe(true);
    expect(told.some((to) => to.includes(w.agentB.email))).toBe(false);
  });
});
