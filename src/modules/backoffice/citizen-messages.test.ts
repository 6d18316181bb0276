import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProcessingWorld, type ProcessingWorld, submitTestRequest } from '../../../test/backoffice-factories.ts';
import { startSmtpCatcher, type SmtpCatcher } from '../../../test/support/smtp-catcher.ts';
import type { TestClient } from '../../../test/support/test-client.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';

let smtp: SmtpCatcher;
let t: TestContext;
let w: ProcessingWorld;
let agentA: TestClient;
let agentB: TestClient;
let citizen: TestClient;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  t = await createTestContext({ env: { SMTP_URL: smtp.url } });
  w = await buildProcessingWorld(t.services);
  agentA = await t.signedIn(w.agentA.email, w.agentA.password);
  agentB = await t.signedIn(w.agentB.email, w.agentB.password);
  citizen = await t.signedIn(w.citizen.email, w.citizen.password);
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const gru = () => `/c/${w.commune.slug}/gru`;
const write = async (id: string, message: string) =>
  expect(
    (await citizen.postMultipart(`/c/${w.commune.slug}/mes-demandes/${id}/messages`, { message }, {})).statusCode,
  ).toBe(303);
/** Who got, among the mails caught from `from` on, the one telling of a citizen's message on this request. */
const toldOf = (number: string, from: number) =>
  smtp.messages
    .slice(from)
    .filter((m) => m.subject === `Nouveau message de l’usager : demande n° ${number}`)
    .map((m) => JSON.stringify(m.to));
/** The inbox's row of this request number marks an unread citizen's message. */
const markedUnread = (html: string, number: string) =>
  new RegExp(`>${number}</a><span class="gru-badge gru-badge--unread">message non lu</span>`).test(html);

describe('citizens’ messages in the back-office (issue 13 §9)', () => {
  it('marks in each agent’s inbox the requests whose citizen wrote since that agent last opened them', async () => {
    const quiet = await submitTestRequest(t.services, w, { objet: 'Sans message' });
    const written = await submitTestRequest(t.services, w, { objet: 'Avec message' });
    await write(written.id, 'Le lampadaire clignote aussi la journée.');

    const inboxA = (await agentA.get(`${gru()}/demandes`)).body;
    expect(markedUnread(inboxA, written.number)).toBe(true);
    expect(markedUnread(inboxA, quiet.number)).toBe(false);
    expect(inboxA).toContain(`>${quiet.number}</a></th>`);

    // A opens it: read for A, still unread for B.
    expect((await agentA.get(`${gru()}/demandes/${written.id}`)).statusCode).toBe(200);
    expect(markedUnread((await agentA.get(`${gru()}/demandes`)).body, written.number)).toBe(false);
    expect(markedUnread((await agentB.get(`${gru()}/demandes`)).body, written.number)).toBe(true);

    // A new message is unread again.
    t.clock.advance(60_000);
    await write(written.id, 'Et il fait du bruit.');
    expect(markedUnread((await agentA.get(`${gru()}/demandes`)).body, written.number)).toBe(true);
  });

  it('tells the team by e-mail when the citizen writes on a request nobody holds, and only the holder when held', async () => {
    const unassigned = await submitTestRequest(t.services, w);
    await t.worker.drain();
    const before = smtp.messages.length;
    await write(unassigned.id, 'Avez-vous reçu ma demande ?');
    await t.worker.drain();
    await smtp.waitFor(before + 3);
    const told = toldOf(unassigned.number, before);
    for (const person of [w.agentA, w.agentB, w.admin]) expect(told.some((to) => to.includes(person.email))).toBe(true);

    const held = await submitTestRequest(t.services, w);
    expect((await agentA.post(`${gru()}/demandes/${held.id}/prendre`, { version: '1' })).statusCode).toBe(303);
    await t.worker.drain();
    const count = smtp.messages.length;
    await write(held.id, 'Une précision.');
    await t.worker.drain();
    await smtp.waitFor(count + 1);
    const heldTo = toldOf(held.number, count);
    expect(heldTo).toHaveLength(1);
    expect(heldTo[0]).toContain(w.agentA.email);
  });
});
