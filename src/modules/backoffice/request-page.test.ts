import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProcessingWorld, type ProcessingWorld, submitTestRequest } from '../../../test/backoffice-factories.ts';
import { buildUser } from '../../../test/factories.ts';
import { startSmtpCatcher, type SmtpCatcher } from '../../../test/support/smtp-catcher.ts';
import type { TestClient } from '../../../test/support/test-client.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import { demoLogoPng } from '../requests/index.ts';

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

const page = (id: string) => `/c/${w.commune.slug}/gru/demandes/${id}`;
const citizenPage = (id: string) => `/c/${w.commune.slug}/mes-demandes/${id}`;

describe('the request page of the back-office (issue 5 §2, §3)', () => {
  it('shows the answers, the workflow buttons of the current status, and the history', async () => {
    const request = await submitTestRequest(t.services, w, { objet: 'Lampadaire n° 12 éteint' });
    const html = (await agentA.get(page(request.id))).body;
    expect(html).toContain('Lampadaire n° 12 éteint');
    expect(html).toContain('Personne ne traite cette demande.');
    for (const button of [
      'Commencer le traitement',
      'Vérifier',
      'Classer sans suite',
      'Annuler à la demande de l’usager',
    ])
      expect(html).toContain(`>${button}</button>`);
    expect(html).not.toContain('>Accepter</button>');
    expect(html).toContain(`Dépôt : Reçue</strong> — <span class="muted">`);
  });

  it('takes a request; a colleague sees who holds it and cannot act on it; a stale form is refused, never applied twice', async () => {
    const request = await submitTestRequest(t.services, w);
    expect((await agentA.post(`${page(request.id)}/prendre`, { version: '1' })).headers.location).toBe(
      `${page(request.id)}?fait=pris`,
    );
    const seenByB = await agentB.get(page(request.id));
    expect(seenByB.body).toContain(`Traitée par <strong>${w.agentA.display_name}</strong>`);
    expect(seenByB.body).toContain(`Reprendre la demande à ${w.agentA.display_name}`);

    const held = await agentB.post(`${page(request.id)}/transitions`, { vers: 'en-cours', version: '2' });
    expect(held.statusCode).toBe(409);
    expect(held.body).toContain(`Rien n’a été fait : ${w.agentA.display_name} traite cette demande.`);

    expect((await agentA.post(`${page(request.id)}/transitions`, { vers: 'en-cours', version: '2' })).statusCode).toBe(
      303,
    );
    // The same form sent again (a double click, a second tab): the version moved on.
    const again = await agentA.post(`${page(request.id)}/transitions`, { vers: 'en-cours', version: '2' });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('la demande a changé depuis que vous l’avez ouverte');
    const history = (await agentA.get(page(request.id))).body;
    expect(history.match(/Reçue → En cours de traitement/g)).toHaveLength(1);

    // Taking it over is explicit, and recorded.
    expect((await agentB.post(`${page(request.id)}/prendre`, { version: '3', reprise: 'oui' })).statusCode).toBe(303);
    expect((await agentB.get(page(request.id))).body).toContain(
      `Prise en charge par ${w.agentB.display_name} (reprise à ${w.agentA.display_name})`,
    );
  });

  it('asks the citizen a question through the button’s form, with a clear error when it is empty', async () => {
    const request = await submitTestRequest(t.services, w);
    await agentA.post(`${page(request.id)}/transitions`, { vers: 'en-cours', version: '1' });
    const empty = await agentA.post(`${page(request.id)}/transitions`, {
      vers: 'attente-usager',
      version: '3',
      'texte-vers-attente-usager': '',
    });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('<title>Erreur – ');
    expect(empty.body).toContain('href="#champ-texte-vers-attente-usager"');
    expect(empty.body).toContain('Écrivez votre question à l’usager.');
    const asked = await agentA.post(`${page(request.id)}/transitions`, {
      vers: 'attente-usager',
      version: '3',
      'texte-vers-attente-usager': 'Quel est le numéro du poteau ?',
    });
    expect(asked.statusCode).toBe(303);
    const own = (await citizen.get(citizenPage(request.id))).body;
    expect(own).toContain('En attente de votre réponse');
    expect(own).toContain('Quel est le numéro du poteau ?');
  });

  it('keeps internal notes from the citizen, and delivers messages to their dashboard and mailbox', async () => {
    const request = await submitTestRequest(t.services, w);
    expect(
      (await agentA.post(`${page(request.id)}/notes`, { note: 'Appeler le service voirie avant de répondre.' }))
        .statusCode,
    ).toBe(303);
    const noNote = await agentA.post(`${page(request.id)}/notes`, { note: '<script>alert(1)</script>' });
    expect(noNote.statusCode).toBe(422);
    expect(noNote.body).toContain('Retirez les balises HTML');
    const sent = await agentA.postMultipart(
      `${page(request.id)}/messages`,
      { message: 'Nous intervenons jeudi.' },
      { piece: { filename: 'plan.png', contentType: 'image/png', bytes: demoLogoPng([7, 7, 7]) } },
    );
    expect(sent.statusCode).toBe(303);

    const agentView = (await agentA.get(page(request.id))).body;
    expect(agentView).toContain('Appeler le service voirie avant de répondre.');
    expect(agentView).toContain('Nous intervenons jeudi.');
    const own = (await citizen.get(citizenPage(request.id))).body;
    expect(own).toContain('Nous intervenons jeudi.');
    expect(own).toContain('plan.png');
    expect(own).not.toContain('Appeler le service voirie');
    await t.worker.drain();
    await smtp.waitFor(1);
    expect(
      smtp.messages.some(
        (m) =>
          JSON.stringify(m.to).includes(w.citizen.email) &&
          m.subject === `Nouveau message au sujet de votre demande n° ${request.number}`,
      ),
    ).toBe(true);

    // The attachment downloads from the back-office, from this request only.
    const fileId = /\/documents\/([0-9a-f-]{36})"/.exec(agentView)?.[1];
    const download = await agentA.get(`${page(request.id)}/documents/${fileId}`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('image/png');
    const otherRequest = await submitTestRequest(t.services, w);
    expect((await agentA.get(`${page(otherRequest.id)}/documents/${fileId}`)).statusCode).toBe(404);
  });
});

describe('ids that are not ids', () => {
  it('find nothing, never fail: 404 on pages and actions, "introuvable" in a selection', async () => {
    for (const id of ['-'.repeat(36), 'a'.repeat(36)]) {
      expect((await agentA.get(page(id))).statusCode).toBe(404);
      expect((await agentA.post(`${page(id)}/prendre`, { version: '1' })).statusCode).toBe(404);
      expect((await agentA.get(`/c/${w.commune.slug}/gru/exports/${id}`)).statusCode).toBe(404);
      expect((await agentA.post(`/c/${w.commune.slug}/gru/vues/${id}/supprimer`, {})).statusCode).toBe(404);
      const selection = await agentA.post(`/c/${w.commune.slug}/gru/selection`, {
        demandes: `${id}:1`,
        action: 'moi',
        filtres: '',
      });
      expect(selection.statusCode).toBe(200);
      expect(selection.body).toContain('n° ? : introuvable');
    }
  });
});

describe('who has a back-office (offers and roles)', () => {
  it('gives none to a Connecté commune (no GRU in its offer) and none to operators or citizens', async () => {
    const connected = await buildProcessingWorld(t.services, { offer: 'connecte' });
    const connectedAgent = await t.signedIn(connected.agentA.email, connected.agentA.password);
    const refused = await connectedAgent.get(`/c/${connected.commune.slug}/gru/demandes`);
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain("Cette fonction n'est pas comprise dans l'offre souscrite par la commune.");
    expect((await citizen.get(`/c/${w.commune.slug}/gru/demandes`)).statusCode).toBe(404);
    const anonymous = await t.client().get(`/c/${w.commune.slug}/gru/demandes`);
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toContain('/connexion');
    // The menu offers the back-office to those who have one.
    expect((await agentA.get(`/c/${w.commune.slug}/`)).body).toContain(`Demandes à traiter : ${w.commune.name}`);
    expect((await connectedAgent.get(`/c/${connected.commune.slug}/`)).body).not.toContain('Demandes à traiter');
    const outsider = await buildUser(t.services);
    expect(
      (await (await t.signedIn(outsider.email, outsider.password)).get(`/c/${w.commune.slug}/`)).body,
    ).not.toContain('Demandes à traiter');
  });
});
