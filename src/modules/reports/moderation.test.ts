import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOperator, buildUser } from '../../../test/factories.ts';
import { buildReportScene } from '../../../test/reports-scene.ts';
import { type SmtpCatcher, startSmtpCatcher } from '../../../test/support/smtp-catcher.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import type { TestClient } from '../../../test/support/test-client.ts';

// Moderation of public reports (issue 15 §7, T12): a moderator hides a report or edits its public description, with a
// reason; the author's words are kept, the act is audited, the author is told by e-mail and in the request's history.
let t: TestContext;
let smtp: SmtpCatcher;
let scene: Awaited<ReturnType<typeof buildReportScene>>;
let operator: TestClient;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  t = await createTestContext({ env: { SMTP_URL: smtp.url } });
  scene = await buildReportScene(t);
  const account = await buildOperator(t.services);
  operator = await t.signedIn(account.email, account.password);
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const reportRow = (id: string) =>
  t.services.db.selectFrom('report').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

async function mailsTo(address: string, count: number) {
  for (let i = 0; i < 50; i++) {
    const mails = smtp.messages.filter((m) => JSON.stringify(m.to).includes(address));
    if (mails.length >= count) return mails;
    await t.worker.drain();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`expected ${count} e-mails to ${address}`);
}

describe('moderation of public reports (issue 15 §7, T12)', () => {
  it('T12: an operator hides a report: gone from the public pages, still suggested without its words, the original kept, audited, the author told', async () => {
    const author = 'auteur.injurieux@example.org';
    const report = await scene.submit({ description: 'Texte injurieux envers le voisin', email: author });
    const url = `/admin/signalements/${report.reportId}`;
    const list = await operator.get('/admin/signalements');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(url);

    const missing = await operator.submit(url, url, { action: 'masquer', motif: '' });
    expect(missing.statusCode).toBe(422);
    expect(missing.body).toContain('Indiquez le motif de la modération.');

    const hidden = await operator.submit(url, url, { action: 'masquer', motif: 'Propos injurieux' });
    expect(hidden.statusCode).toBe(303);
    expect((await operator.get(String(hidden.headers.location))).body).toContain('Le signalement est masqué');

    expect((await t.client().get('/signalements')).body).not.toContain('Texte injurieux');
    expect((await t.client().get('/signalements.geojson')).body).not.toContain(report.reportId);
    expect((await t.client().get(`/signalements/${report.reportId}`)).statusCode).toBe(404);
    const review = await scene.reviewPage(t.client(), {});
    expect(review.page.body).toContain('Description masquée par la modération.');
    expect(review.page.body).not.toContain('Texte injurieux');

    // The author's words are kept, in the report and in the request.
    expect((await reportRow(report.reportId)).description).toBe('Texte injurieux envers le voisin');
    const request = await t.services.db
      .selectFrom('request')
      .select('answers')
      .where('id', '=', report.requestId)
      .executeTakeFirstOrThrow();
    expect(request.answers.description).toBe('Texte injurieux envers le voisin');
    const audit = await t.services.db
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'report.moderation.hide')
      .where('target_id', '=', report.reportId)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.details).toMatchObject({ reason: 'Propos injurieux' });
    const messages = await t.services.db
      .selectFrom('request_message')
      .select('body')
      .where('request_id', '=', report.requestId)
      .execute();
    expect(messages.map((m) => m.body).join()).toContain('Motif : Propos injurieux');
    const mails = await mailsTo(author, 2);
    expect(mails.some((m) => m.subject?.startsWith('Nouveau message'))).toBe(true);

    // Shown again: public again.
    await operator.submit(url, url, { action: 'afficher', motif: 'Texte vérifié' });
    expect((await t.client().get(`/signalements/${report.reportId}`)).statusCode).toBe(200);
  });

  it('T12: an operator edits the public description: the public reads the edit, the author’s text stays, and restoring brings it back', async () => {
    const report = await scene.submit({ description: 'Trou devant chez M. Dupont, 12 rue des Lilas' });
    const url = `/admin/signalements/${report.reportId}`;
    const empty = await operator.submit(url, url, { action: 'modifier', description: '', 'motif-modification': 'x' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('Écrivez la description publique.');
    const edited = await operator.submit(url, url, {
      action: 'modifier',
      description: 'Trou dans la chaussée rue des Lilas',
      'motif-modification': 'Données personnelles',
    });
    expect(edited.statusCode).toBe(303);
    const page = (await t.client().get(`/signalements/${report.reportId}`)).body;
    expect(page).toContain('Trou dans la chaussée rue des Lilas');
    expect(page).toContain('Description modifiée par la modération.');
    expect(page).not.toContain('Dupont');
    const row = await reportRow(report.reportId);
    expect(row.description).toBe('Trou devant chez M. Dupont, 12 rue des Lilas');
    expect(row.public_description).toBe('Trou dans la chaussée rue des Lilas');
    // The original cannot be overwritten, even by mistake.
    await expect(
      t.services.db.updateTable('report').set({ description: 'autre' }).where('id', '=', report.reportId).execute(),
    ).rejects.toThrow();

    await operator.submit(url, url, { action: 'retablir', 'motif-retablissement': 'Erreur de modération' });
    expect((await t.client().get(`/signalements/${report.reportId}`)).body).toContain('Trou devant chez M. Dupont');
    const history = (await operator.get(url)).body;
    expect(history).toContain('Description publique modifiée');
    expect(history).toContain('Description d’origine rétablie');
  });

  it('T12: moderation needs the CSRF token and the moderator’s role; a commune’s administrators moderate the reports their commune holds, no other', async () => {
    const metropolitan = await scene.submit({ description: 'Chaussée fissurée' });
    const communal = await scene.submit({ description: 'Lampadaire tombé', category: 'eclairage' });
    const commune = scene.commune.tenant;
    if (!commune) throw new Error('member commune expected');
    const form = { action: 'masquer', motif: 'Test' };

    const noCsrf = await operator.post(`/admin/signalements/${metropolitan.reportId}`, form, { withCsrf: false });
    expect(noCsrf.statusCode).toBe(403);

    const agent = await buildUser(t.services, {
      grants: [{ tenant: await t.services.tenants.metropole(), role: 'agent' }],
    });
    const agentClient = await t.signedIn(agent.email, agent.password);
    expect((await agentClient.get('/admin/signalements')).statusCode).toBe(404);
    const citizen = await buildUser(t.services);
    const citizenClient = await t.signedIn(citizen.email, citizen.password);
    expect((await citizenClient.submit('/', `/admin/signalements/${metropolitan.reportId}`, form)).statusCode).toBe(
      404,
    );

    const admin = await buildUser(t.services, { grants: [{ tenant: commune, role: 'admin' }] });
    const adminClient = await t.signedIn(admin.email, admin.password, `/c/${commune.slug}`);
    const base = `/c/${commune.slug}/admin/signalements`;
    const own = await adminClient.submit(`${base}/${communal.reportId}`, `${base}/${communal.reportId}`, form);
    expect(own.statusCode).toBe(303);
    expect((await reportRow(communal.reportId)).hidden).toBe(true);
    const listed = (await adminClient.get(base)).body;
    expect(listed).toContain(communal.reportId);
    expect(listed).not.toContain(metropolitan.reportId);
    const other = await adminClient.submit(base, `${base}/${metropolitan.reportId}`, form);
    expect(other.statusCode).toBe(404);
    expect((await reportRow(metropolitan.reportId)).hidden).toBe(false);
  });
});
