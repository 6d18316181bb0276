import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentActor,
  buildProcessingWorld,
  cloneRequests,
  type ProcessingWorld,
  submitTestRequest,
} from '../../../test/backoffice-factories.ts';
import { startSmtpCatcher, type SmtpCatcher } from '../../../test/support/smtp-catcher.ts';
import type { TestClient } from '../../../test/support/test-client.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import { DAY, HOUR } from '../../platform/clock.ts';
import { performTransition, postCitizenMessage } from '../requests/index.ts';
import { sendDigests } from './agent-notifications.ts';

let smtp: SmtpCatcher;
let t: TestContext;

const mailsTo = (email: string) => smtp.messages.filter((m) => JSON.stringify(m.to).includes(email));

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  t = await createTestContext({ env: { SMTP_URL: smtp.url } });
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

describe('exports of any listing (issue 5 §5)', () => {
  let w: ProcessingWorld;
  let agent: TestClient;
  let colleague: TestClient;
  beforeAll(async () => {
    w = await buildProcessingWorld(t.services);
    agent = await t.signedIn(w.agentA.email, w.agentA.password);
    colleague = await t.signedIn(w.agentB.email, w.agentB.password);
  });

  it('sends a small listing at once, as CSV or ODS, with the filters applied and the service’s answers as columns', async () => {
    const lamp = await submitTestRequest(t.services, w, { objet: 'Lampadaire, "clignotant"' });
    const bench = await submitTestRequest(t.services, w, { objet: 'Banc cassé' });
    const csv = await agent.post(`/c/${w.commune.slug}/gru/exports`, {
      format: 'csv',
      filtres: `q=lampadaire&service=${w.service.eservice.id}`,
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    expect(csv.headers['content-disposition']).toMatch(
      /^attachment; filename="demandes-test-[0-9a-f]+-2026-11-30\.csv"/,
    );
    const text = csv.body.replace(/^\uFEFF/, '');
    const [header, ...lines] = text.trim().split('\r\n');
    expect(header).toBe(
      'Numéro,Démarche,Statut,Statut vu par l’usager,Déposée le,Dernière activité le,Close le,Commune du lieu,Traitée par,Courriel de l’usager,Code de suivi,Objet,Détails',
    );
    expect(lines).toEqual([
      `${lamp.number},${w.service.eservice.title},Reçue,Demande reçue,2026-11-30,2026-11-30,,,,${w.citizen.email},${lamp.tracking_code},"Lampadaire, ""clignotant""",`,
    ]);
    expect(text).not.toContain(bench.number);

    const ods = await agent.post(`/c/${w.commune.slug}/gru/exports`, { format: 'ods', filtres: '' });
    expect(ods.headers['content-type']).toBe('application/vnd.oasis.opendocument.spreadsheet');
    const content = strFromU8(unzipSync(new Uint8Array(ods.rawPayload))['content.xml'] as Uint8Array);
    expect(content).toContain(bench.number);
    expect(content).toContain('office:date-value="2026-11-30"');
  });

  it('builds a large one in the background, with its progress, for its requester only, who is told by e-mail', async () => {
    const template = await submitTestRequest(t.services, w, { objet: 'Dépôt sauvage' });
    await cloneRequests(t.services, template.id, 650);
    const asked = await agent.post(`/c/${w.commune.slug}/gru/exports`, { format: 'csv', filtres: 'q=depot+sauvage' });
    expect(asked.statusCode).toBe(303);
    const progressUrl = String(asked.headers.location);
    const waiting = await agent.get(progressUrl);
    expect(waiting.body).toContain('En attente : 651 demandes à exporter.');
    expect(waiting.body).toMatch(/<progress id="progression-export" class="progress" max="651" value="0">/);
    expect(waiting.body).toContain('Actualiser la progression');
    expect(JSON.parse((await agent.get(progressUrl, { accept: 'application/json' })).body)).toEqual({
      status: 'pending',
      done: 0,
      total: 651,
      text: 'En attente : 651 demandes à exporter.',
    });
    // A colleague does not see it: it holds personal data.
    expect((await colleague.get(progressUrl)).statusCode).toBe(404);

    await t.worker.drain();
    expect(JSON.parse((await agent.get(progressUrl, { accept: 'application/json' })).body)).toMatchObject({
      status: 'done',
      done: 651,
      total: 651,
    });
    const ready = await agent.get(progressUrl);
    expect(ready.body).toContain('Prêt : 651 demandes.');
    const file = await agent.get(`${progressUrl}/fichier`);
    expect(file.statusCode).toBe(200);
    expect(file.body.trim().split('\r\n')).toHaveLength(652);
    expect((await colleague.get(`${progressUrl}/fichier`)).statusCode).toBe(404);
    await smtp.waitFor(1);
    expect(mailsTo(w.agentA.email).map((m) => m.subject)).toContain('Votre export de 651 demandes est prêt');
    expect((await agent.get(`/c/${w.commune.slug}/gru/exports`)).body).toContain(`${progressUrl}/fichier`);
  });
});

describe('statistics per tenant (T13, issue 5 §8)', () => {
  it('counts requests per service and month, the median processing time without the citizen’s wait, and the open backlog', async () => {
    const w = await buildProcessingWorld(t.services);
    const actor = agentActor(w.agentA);
    const quick = await submitTestRequest(t.services, w);
    const slow = await submitTestRequest(t.services, w);
    await submitTestRequest(t.services, w);
    await performTransition(t.services, {
      holder: w.commune,
      requestId: quick.id,
      expectedVersion: null,
      actor,
      to: 'en-cours',
      raw: {},
    });
    await performTransition(t.services, {
      holder: w.commune,
      requestId: slow.id,
      expectedVersion: null,
      actor,
      to: 'en-cours',
      raw: {},
    });
    await performTransition(t.services, {
      holder: w.commune,
      requestId: slow.id,
      expectedVersion: null,
      actor,
      to: 'attente-usager',
      raw: { text: 'Une précision ?' },
    });
    t.clock.advance(2 * DAY);
    await performTransition(t.services, {
      holder: w.commune,
      requestId: quick.id,
      expectedVersion: null,
      actor,
      to: 'acceptee',
      raw: {},
    });
    // The citizen answers after six days of waiting; the request is closed two days later: 2 days of processing.
    t.clock.advance(4 * DAY);
    await postCitizenMessage(t.services, {
      holder: w.commune,
      request: slow,
      authorUserId: w.citizen.id,
      authorLabel: 'Camille',
      body: 'Voici la précision.',
    });
    t.clock.advance(2 * DAY);
    await performTransition(t.services, {
      holder: w.commune,
      requestId: slow.id,
      expectedVersion: null,
      actor,
      to: 'traitee',
      raw: {},
    });

    const agent = await t.signedIn(w.agentA.email, w.agentA.password);
    const page = await agent.get(`/c/${w.commune.slug}/gru/statistiques`);
    expect(page.statusCode).toBe(200);
    const html = page.body;
    expect(html).toMatch(/<svg [^>]*role="img" aria-labelledby="graphique-mois-titre graphique-mois-desc"/);
    expect(html).toContain('<caption>Demandes déposées par démarche et par mois</caption>');
    const row = new RegExp(
      `<th scope="row">${w.service.eservice.title}</th>((?:<td class="numeric">\\d+</td>){13})`,
    ).exec(html);
    const cells = [...(row?.[1] ?? '').matchAll(/>(\d+)</g)].map((m) => Number(m[1]));
    // Submitted in November, the page seen in December: [November, December, total].
    expect(cells.slice(-3)).toEqual([3, 0, 3]);
    // Median of 2 days (quick) and 2 days (slow, the 4-day wait left out).
    expect(html).toMatch(/<th scope="row">déc\. 2026<\/th><td class="numeric">2<\/td><td class="numeric">2 j<\/td>/);
    expect(html).toContain('Demandes en cours : 1');
    expect(html).toMatch(
      /<th scope="row">Reçue<\/th><td class="numeric">1<\/td><td class="numeric">1<\/td><td class="numeric">0<\/td>/,
    );
  });
});

describe('agents hear of every new request of their competence (T9, issue 5 §4)', () => {
  it('e-mails each agent at once by default, a daily digest to those who chose it, and nobody in a commune without GRU', async () => {
    const w = await buildProcessingWorld(t.services);
    const digestAgent = await t.signedIn(w.agentB.email, w.agentB.password);
    const form = await digestAgent.get(`/c/${w.commune.slug}/gru/preferences`);
    expect(form.body).toContain('value="immediate" checked');
    expect(
      (await digestAgent.post(`/c/${w.commune.slug}/gru/preferences`, { nouvelles: 'digest', heure: '8' })).statusCode,
    ).toBe(303);
    expect(
      (await digestAgent.post(`/c/${w.commune.slug}/gru/preferences`, { nouvelles: 'souvent', heure: '8' })).statusCode,
    ).toBe(422);

    const before = smtp.messages.length;
    const request = await submitTestRequest(t.services, w);
    await t.worker.drain();
    await smtp.waitFor(before + 2);
    const sent = smtp.messages.slice(before);
    expect(sent.filter((m) => JSON.stringify(m.to).includes(w.agentA.email)).map((m) => m.subject)).toEqual([
      `Nouvelle demande n° ${request.number} : ${w.service.eservice.title}`,
    ]);
    expect(sent.some((m) => JSON.stringify(m.to).includes(w.agentB.email))).toBe(false);
    // The administrator (no agent role) is not told by default.
    expect(sent.some((m) => JSON.stringify(m.to).includes(w.admin.email))).toBe(false);

    // The next 8:00 in Paris (7:00 UTC in winter): the digest lists the day's requests, once.
    const now = t.clock.now();
    const slot = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 7));
    t.clock.set(new Date(slot.getTime() + 10 * 60_000));
    // The worker schedules the hourly job for this slot, as every worker of a deployment would (one wins).
    await t.worker.enqueueDueRecurringJobs();
    await t.worker.drain();
    expect(await sendDigests(t.services, slot)).toBe(0);
    await smtp.waitFor(before + 3);
    const digest = mailsTo(w.agentB.email).find((m) => m.subject === `1 nouvelle demande pour ${w.commune.name}`);
    expect(digest?.text).toContain(`n° ${request.number} — ${w.service.eservice.title}`);

    const connected = await buildProcessingWorld(t.services, { offer: 'connecte' });
    const count = smtp.messages.length;
    await submitTestRequest(t.services, connected);
    await t.worker.drain();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.messages.slice(count).some((m) => JSON.stringify(m.to).includes(connected.agentA.email))).toBe(false);
    t.clock.advance(HOUR);
  });
});
