import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentActor,
  buildProcessingWorld,
  type ProcessingWorld,
  submitTestRequest,
} from '../../../test/backoffice-factories.ts';
import type { TestClient } from '../../../test/support/test-client.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import {
  changeRequestStatus,
  performTransition,
  postAdministrationMessage,
  warnOfDeadlines,
} from '../requests/index.ts';

let t: TestContext;
let w: ProcessingWorld;
let citizen: TestClient;
let agentA: TestClient;
let agentB: TestClient;

beforeAll(async () => {
  t = await createTestContext();
  w = await buildProcessingWorld(t.services);
  citizen = await t.signedIn(w.citizen.email, w.citizen.password);
  agentA = await t.signedIn(w.agentA.email, w.agentA.password);
  agentB = await t.signedIn(w.agentB.email, w.agentB.password);
});
afterAll(async () => {
  await t?.close();
});

const base = () => `/c/${w.commune.slug}`;
const office = { userId: null, label: 'Service de test', ip: null };
/** The header's link, as read aloud: "Notifications (2 non lues)", or "Notifications" alone. */
const bell = (html: string) => /class="notifications-link"[^>]*>([^<]*)<\/a>/.exec(html)?.[1];
/** The e-mails planned for this dedupe key pattern (the outbox is the job table). */
const mailsPlanned = async (pattern: string) =>
  (await t.services.db.selectFrom('job').select('dedupe_key').where('dedupe_key', 'like', pattern).execute()).length;
const setPreferences = async (client: TestClient, form: Record<string, string | string[]>) => {
  await client.get(`${base()}/notifications/preferences`);
  return client.post(`${base()}/notifications/preferences`, form);
};

describe('in-app notifications (issue 23 §4, T1, T5)', () => {
  it('tells the citizen of each step and message, counted in the header until the list is viewed', async () => {
    const request = await submitTestRequest(t.services, w);
    const holder = w.commune;
    expect(
      (await changeRequestStatus(t.services, { holder, requestId: request.id, to: 'en-cours', actor: office })).ok,
    ).toBe(true);
    t.clock.advance(60_000);
    await postAdministrationMessage(t.services, {
      holder,
      requestId: request.id,
      actor: office,
      authorLabel: 'Service de test',
      body: 'Pouvez-vous préciser l’adresse ?',
    });

    expect(bell((await citizen.get(`${base()}/mes-demandes`)).body)).toBe('Notifications (2 non lues)');
    const list = (await citizen.get(`${base()}/notifications`)).body;
    const message = list.indexOf(`Nouveau message au sujet de votre demande n° ${request.number}`);
    const step = list.indexOf(`Votre demande n° ${request.number} : En cours de traitement`);
    expect(message).toBeGreaterThan(0);
    expect(step).toBeGreaterThan(message); // newest first
    expect(list).toContain(`href="${base()}/mes-demandes/${request.id}"`);
    expect(list.match(/Nouvelle · /g)).toHaveLength(2);
    // Viewed: read. The header says so on the page itself, and the list no longer marks them.
    expect(bell(list)).toBe('Notifications');
    expect((await citizen.get(`${base()}/notifications`)).body).not.toContain('Nouvelle · ');
    // The e-mail stays.
    expect(await mailsPlanned(`notify:${request.id}:message:%:email`)).toBe(1);
    // Nobody else's bell shows them.
    expect((await agentB.get(`${base()}/notifications`)).body).not.toContain(`votre demande n° ${request.number}`);
  });

  it('tells the agents of a citizen’s message in the app, each one’s e-mail as they chose', async () => {
    expect(
      (await setPreferences(agentB, { etapes: ['application', 'courriel'], messages: 'application' })).statusCode,
    ).toBe(303);
    const request = await submitTestRequest(t.services, w);
    await t.worker.drain();
    await citizen.get(`${base()}/mes-demandes/${request.id}`);
    const written = await citizen.postMultipart(
      `${base()}/mes-demandes/${request.id}/messages`,
      { message: 'Le lampadaire clignote.' },
      {},
    );
    expect(written.statusCode).toBe(303);
    await t.worker.drain();

    for (const agent of [agentA, agentB]) {
      const page = (await agent.get(`${base()}/notifications`)).body;
      expect(page).toContain(`Nouveau message de l’usager : demande n° ${request.number}`);
      expect(page).toContain(`href="${base()}/gru/demandes/${request.id}"`);
    }
    expect(await mailsPlanned(`agent-mail:citizen-message:%:${w.agentA.id}`)).toBeGreaterThan(0);
    expect(await mailsPlanned(`agent-mail:citizen-message:%:${w.agentB.id}`)).toBe(0);
  });

  it('obeys the citizen’s choices per kind: no e-mail turned off, no entry in the app turned off', async () => {
    expect((await setPreferences(citizen, { etapes: 'courriel', messages: 'application' })).statusCode).toBe(303);
    const page = (await citizen.get(`${base()}/notifications/preferences?fait=1`)).body;
    expect(page).toContain('Vos préférences de notification sont enregistrées.');

    const request = await submitTestRequest(t.services, w);
    await changeRequestStatus(t.services, { holder: w.commune, requestId: request.id, to: 'en-cours', actor: office });
    await postAdministrationMessage(t.services, {
      holder: w.commune,
      requestId: request.id,
      actor: office,
      authorLabel: 'Service de test',
      body: 'Une question.',
    });
    const list = (await citizen.get(`${base()}/notifications`)).body;
    expect(list).not.toContain(`Votre demande n° ${request.number} : En cours de traitement`);
    expect(list).toContain(`Nouveau message au sujet de votre demande n° ${request.number}`);
    expect(await mailsPlanned(`notify:${request.id}:status:%:email`)).toBe(1);
    expect(await mailsPlanned(`notify:${request.id}:message:%:email`)).toBe(0);

    await setPreferences(citizen, {
      etapes: ['application', 'courriel'],
      messages: ['application', 'courriel'],
      echeances: ['application', 'courriel'],
    });
  });

  it('refuses an unknown channel with a French message naming the choice', async () => {
    const refused = await setPreferences(citizen, { etapes: 'pigeon' });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('Choisissez parmi « dans l’application » et « par courriel ».');
    expect(refused.body).toContain('<title>Erreur – ');
  });

  it('draws the choices in the account page and the agents’ preferences, and comes back to them once saved', async () => {
    const account = (await citizen.get(`${base()}/compte`)).body;
    expect(account).toContain('<h2 id="notifications">Notifications</h2>');
    expect(account).toContain('<input type="hidden" name="retour" value="compte"/>');
    const saved = await citizen.post(`${base()}/notifications/preferences`, {
      etapes: ['application', 'courriel'],
      messages: ['application', 'courriel'],
      echeances: ['application', 'courriel'],
      retour: 'compte',
    });
    expect(saved.headers.location).toBe(`${base()}/compte?fait=notifications#notifications`);
    expect((await citizen.get(`${base()}/compte?fait=notifications`)).body).toContain(
      'Vos préférences de notification sont enregistrées.',
    );

    const gru = (await agentA.get(`${base()}/gru/preferences`)).body;
    expect(gru).toContain('<input type="hidden" name="retour" value="gru"/>');
    const back = await agentA.post(`${base()}/notifications/preferences`, {
      etapes: ['application', 'courriel'],
      messages: ['application', 'courriel'],
      echeances: 'application',
      retour: 'gru',
    });
    expect(back.headers.location).toBe(`${base()}/gru/preferences?fait=1`);
    expect((await agentA.get(`${base()}/gru/preferences?fait=1`)).body).toMatch(
      /name="echeances" value="courriel"(?! checked)/,
    );
  });

  it('sends anonymous visitors to the login page', async () => {
    const response = await t.client().get(`${base()}/notifications`);
    expect(response.statusCode).toBe(303);
  });

  it('warns two days ahead of a timed step: the citizen whose answer is awaited, and the agents', async () => {
    const request = await submitTestRequest(t.services, w);
    await changeRequestStatus(t.services, { holder: w.commune, requestId: request.id, to: 'en-cours', actor: office });
    const asked = await performTransition(t.services, {
      holder: w.commune,
      requestId: request.id,
      expectedVersion: null,
      actor: agentActor(w.admin, ['admin']),
      to: 'attente-usager',
      raw: { text: 'Quelle est l’adresse exacte ?' },
    });
    expect(asked.ok).toBe(true);
    const askedAt = t.clock.now();
    // 30 days of silence close it: 47 hours before, the warnings go.
    const slot = new Date(askedAt.getTime() + 30 * 24 * 3_600_000 - 47 * 3_600_000);
    expect(await warnOfDeadlines(t.services, slot)).toBe(1);
    // The next run sees it again and tells nobody twice.
    expect(await warnOfDeadlines(t.services, new Date(slot.getTime() + 1_800_000))).toBe(1);
    await t.worker.drain();

    const list = (await citizen.get(`${base()}/notifications`)).body;
    expect(list.match(new RegExp(`Votre demande n° ${request.number} : réponse attendue avant le`, 'g'))).toHaveLength(
      1,
    );
    // The administrator who asked holds the request: theirs is the warning.
    const admin = await t.signedIn(w.admin.email, w.admin.password);
    const agents = (await admin.get(`${base()}/notifications`)).body;
    expect(agents.match(new RegExp(`Échéance le [^<]+ : demande n° ${request.number}`, 'g'))).toHaveLength(1);
  });

  it('counts the header’s unread notifications with one lookup on their partial index', async () => {
    const plan = await t.services.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL enable_seqscan = off`.execute(trx);
      return sql<{ 'QUERY PLAN': string }>`
        EXPLAIN SELECT count(*) FROM notification WHERE user_id = ${w.citizen.id} AND read_at IS NULL`.execute(trx);
    });
    expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('notification_unread');
  });
});
