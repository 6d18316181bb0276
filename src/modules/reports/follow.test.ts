import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser } from '../../../test/factories.ts';
import { buildReportScene } from '../../../test/reports-scene.ts';
import { type SmtpCatcher, startSmtpCatcher } from '../../../test/support/smtp-catcher.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';

// Following a report (issue 15 §6): a signed-in citizen in one click, anyone else with an address confirmed by a link;
// then each status change of the report reaches the followers by e-mail, until they stop.
let t: TestContext;
let smtp: SmtpCatcher;
let scene: Awaited<ReturnType<typeof buildReportScene>>;

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  t = await createTestContext({ env: { SMTP_URL: smtp.url } });
  scene = await buildReportScene(t);
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const mailsTo = (address: string) => smtp.messages.filter((m) => m.to && JSON.stringify(m.to).includes(address));

async function waitForMail(address: string, count: number) {
  for (let i = 0; i < 50 && mailsTo(address).length < count; i++) {
    await t.worker.drain();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return mailsTo(address);
}

describe('following a report (issue 15 §6)', () => {
  it('issue 15 §6: a signed-in citizen follows in one click, an address after confirming; a status change e-mails both, and the count shows', async () => {
    const report = await scene.submit({ description: 'Plaque d’égout descellée', email: 'auteur.egout@example.org' });
    const reportUrl = `/signalements/${report.reportId}`;

    const citizen = await buildUser(t.services);
    const signedIn = await t.signedIn(citizen.email, citizen.password);
    const followed = await signedIn.submit(reportUrl, `${reportUrl}/suivre`, {});
    expect(followed.statusCode).toBe(200);
    expect(followed.body).toContain('Vous suivez ce signalement');
    // The follow is part of the citizen's data (right of access).
    const exported = await signedIn.get('/compte/donnees.json');
    expect(exported.body).toContain('signalementsSuivis');
    expect(exported.body).toContain(`/signalements/${report.reportId}`);

    const neighbour = 'voisine.egout@example.org';
    const anonymous = t.client();
    const asked = await anonymous.submit(reportUrl, `${reportUrl}/suivre`, { courriel: neighbour });
    expect(asked.body).toContain('Vérifiez votre messagerie');
    const [confirmation] = await waitForMail(neighbour, 1);
    const link = /https?:\/\/[^\s"]+\/signalements\/suivi\/confirmer\?jeton=[\w-]+/.exec(confirmation?.text ?? '')?.[0];
    expect(link).toBeTruthy();
    const path = new URL(link ?? '').pathname + new URL(link ?? '').search;
    // Opening the link confirms nothing by itself (mail scanners open links): its button does.
    const confirmPage = await anonymous.get(path);
    expect(confirmPage.body).toContain('Confirmer le suivi');
    const confirmed = await anonymous.post('/signalements/suivi/confirmer', {
      jeton: new URL(link ?? '').searchParams.get('jeton') ?? '',
    });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.body).toContain('C’est confirmé');

    expect((await t.client().get(reportUrl)).body).toContain('2 personnes');

    await scene.move(report.requestId, 'en-cours');
    const [toNeighbour] = (await waitForMail(neighbour, 2)).slice(1);
    const [toCitizen] = await waitForMail(citizen.email, 1);
    for (const mail of [toNeighbour, toCitizen]) {
      expect(mail?.subject).toContain('En cours de traitement');
      expect(mail?.text).toContain('que vous suivez, a changé d’étape');
      // The follower learns nothing about the author.
      expect(mail?.text).not.toContain('auteur.egout@example.org');
    }

    // The "stop" link of the e-mail: no more news for that address.
    const stop = /https?:\/\/[^\s"]+\/signalements\/suivi\/arreter\?abonnement=[\w-]+&jeton=[\w-]+/.exec(
      toNeighbour?.text ?? '',
    )?.[0];
    expect(stop).toBeTruthy();
    const stopUrl = new URL(stop ?? '');
    const stopped = await anonymous.submit(stopUrl.pathname + stopUrl.search, '/signalements/suivi/arreter', {
      abonnement: stopUrl.searchParams.get('abonnement') ?? '',
      jeton: stopUrl.searchParams.get('jeton') ?? '',
    });
    expect(stopped.body).toContain('Vous ne suivez plus ce signalement');
    await scene.move(report.requestId, 'traitee');
    await waitForMail(citizen.email, 2);
    expect(mailsTo(neighbour)).toHaveLength(2);
    expect(mailsTo(citizen.email).at(-1)?.subject).toContain('Traitée');
  });

  it('issue 15 §6: an address is refused in French, a forged link is refused, and the follow form needs its CSRF token', async () => {
    const report = await scene.submit({ description: 'Bouche d’égout bouchée' });
    const reportUrl = `/signalements/${report.reportId}`;
    const client = t.client();
    const wrong = await client.submit(reportUrl, `${reportUrl}/suivre`, { courriel: 'pas-une-adresse' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.body).toContain('Saisissez une adresse électronique valide');
    const forged = await client.submit(
      '/signalements/suivi/confirmer?jeton=' + 'x'.repeat(43),
      '/signalements/suivi/confirmer',
      {
        jeton: 'x'.repeat(43),
      },
    );
    expect(forged.statusCode).toBe(410);
    const noToken = await t.client().post(`${reportUrl}/suivre`, { courriel: 'a@example.org' }, { withCsrf: false });
    expect(noToken.statusCode).toBe(403);
  });
});
