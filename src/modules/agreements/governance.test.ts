import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminClient,
  buildCommune,
  dateFields,
  operatorClient,
  recordAgreementByForm,
  runDailyJobsOn,
} from '../../../test/agreement-support/helpers.ts';
import { startSmtpCatcher, type SmtpCatcher } from '../../../test/support/smtp-catcher.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';

let t: TestContext;
let smtp: SmtpCatcher;
beforeAll(async () => {
  smtp = await startSmtpCatcher();
  t = await createTestContext({ env: { SMTP_URL: smtp.url } });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ').replace(/&#39;/g, "'");

async function meetingStatus(id: string) {
  return t.services.db.selectFrom('governance_meeting').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function createMeetingByForm(fields: Record<string, string>) {
  const operator = await operatorClient(t);
  const response = await operator.submit('/admin/gouvernance/nouvelle', '/admin/gouvernance/nouvelle', fields);
  return { operator, response, id: (response.headers.location ?? '').split('/').pop() as string };
}

describe('governance minutes (annexe Toodego §5, C8)', () => {
  it('go to the Partenaire communes, by e-mail too, and are approved by themselves fifteen days later without objection', async () => {
    t.clock.set('2026-11-30T09:00:00Z');
    const setup = await operatorClient(t);
    const [a, b, c] = [
      await buildCommune(t.services, { name: 'Partenaire A' }),
      await buildCommune(t.services, { name: 'Partenaire B' }),
      await buildCommune(t.services, { name: 'Abonnée C' }),
    ];
    for (const [commune, toodego] of [
      [a, 'partenaire'],
      [b, 'partenaire'],
      [c, 'abonne'],
    ] as const) {
      await recordAgreementByForm(setup, commune.slug, {
        communeSignedOn: '2026-01-05',
        metropoleSignedOn: '2026-01-12',
        toodego,
      });
    }
    const adminA = await adminClient(t, a);
    const adminB = await adminClient(t, b);
    const adminC = await adminClient(t, c);

    const { operator, response, id } = await createMeetingByForm({
      kind: 'toodego_project',
      title: 'COPROJ de novembre',
      ...dateFields('heldOn', '2026-11-27'),
      minutes: 'Relevé de décisions :\n1. Signalements sur carte.',
    });
    expect(response.statusCode).toBe(303);
    expect((await meetingStatus(id)).status).toBe('draft');
    const published = await operator.submit(`/admin/gouvernance/${id}`, `/admin/gouvernance/${id}/publication`, {
      minutes: 'Relevé de décisions :\n1. Signalements sur carte.',
    });
    expect(published.statusCode).toBe(303);
    expect(await meetingStatus(id)).toMatchObject({
      status: 'awaiting_approval',
      published_on: '2026-11-30',
      approval_deadline_on: '2026-12-15',
      version: 1,
    });

    // Each Partenaire commune's administrator is told, with the date the silence turns into approval.
    await t.worker.drain();
    const mails = (await smtp.waitFor(2)).filter((m) => m.subject === 'Compte rendu à valider : COPROJ de novembre');
    expect(mails).toHaveLength(2);
    expect(mails[0]?.text).toContain(
      "Vous pouvez l'approuver ou formuler une objection jusqu'au 15 décembre 2026 inclus.",
    );
    expect(mails[0]?.text).toMatch(new RegExp(`/c/(${a.slug}|${b.slug})/admin/convention/comptes-rendus/${id}`));

    // The Abonné commune is not concerned: the minutes do not exist for it.
    expect((await adminC.get(`/c/${c.slug}/admin/convention/comptes-rendus/${id}`)).statusCode).toBe(404);
    const pageA = plain((await adminA.get(`/c/${a.slug}/admin/convention/comptes-rendus/${id}`)).body);
    expect(pageA).toContain('1. Signalements sur carte.');
    expect(pageA).toContain("jusqu'au 15 décembre 2026 inclus");

    const approve = await adminA.post(`/c/${a.slug}/admin/convention/comptes-rendus/${id}/reponse`, {
      response: 'approved',
    });
    expect(approve.statusCode).toBe(303);
    expect((await meetingStatus(id)).status).toBe('awaiting_approval');
    void adminB; // B does not answer.

    await runDailyJobsOn(t, '2026-12-15T12:00:00Z');
    expect((await meetingStatus(id)).status).toBe('awaiting_approval');
    await runDailyJobsOn(t, '2026-12-16T06:00:00Z');
    expect(await meetingStatus(id)).toMatchObject({
      status: 'approved',
      approved_tacitly: true,
      approved_on: '2026-12-16',
    });

    const lateAdmin = await adminClient(t, b);
    const late = await lateAdmin.post(`/c/${b.slug}/admin/convention/comptes-rendus/${id}/reponse`, {
      response: 'objected',
      objection: 'Trop tard ?',
    });
    expect(late.statusCode).toBe(422);
    expect(plain(late.body)).toContain(
      "Le délai de quinze jours a pris fin le 15 décembre 2026 : le compte rendu n'attend plus de réponse.",
    );
  });

  it('an objection holds the minutes back until a corrected version is approved', async () => {
    t.clock.set('2027-01-10T09:00:00Z');
    const setup = await operatorClient(t);
    const c = await buildCommune(t.services, { name: 'Abonnée D' });
    await recordAgreementByForm(setup, c.slug, {
      communeSignedOn: '2026-01-05',
      metropoleSignedOn: '2026-01-12',
      toodego: 'abonne',
    });
    const adminC = await adminClient(t, c);
    const { operator, id } = await createMeetingByForm({
      kind: 'round_table',
      title: 'Table ronde 2027',
      ...dateFields('heldOn', '2027-01-08'),
      minutes: 'Statistiques 2026.',
    });
    await operator.submit(`/admin/gouvernance/${id}`, `/admin/gouvernance/${id}/publication`, {
      minutes: 'Statistiques 2026.',
    });

    const url = `/c/${c.slug}/admin/convention/comptes-rendus/${id}`;
    const empty = await adminC.submit(url, `${url}/reponse`, { response: 'objected', objection: '' });
    expect(empty.statusCode).toBe(422);
    expect(plain(empty.body)).toContain('Saisissez votre objection : ce qui doit être corrigé');
    const objected = await adminC.submit(url, `${url}/reponse`, {
      response: 'objected',
      objection: 'Les chiffres de décembre manquent.',
    });
    expect(objected.statusCode).toBe(303);
    expect((await meetingStatus(id)).status).toBe('contested');

    await runDailyJobsOn(t, '2027-02-01T06:00:00Z');
    expect((await meetingStatus(id)).status).toBe('contested');

    const republisher = await operatorClient(t);
    const page = plain((await republisher.get(`/admin/gouvernance/${id}`)).body);
    expect(page).toContain('Les chiffres de décembre manquent.');
    expect(page).toContain('Publier une version corrigée');
    await republisher.post(`/admin/gouvernance/${id}/publication`, { minutes: 'Statistiques 2026, décembre compris.' });
    expect(await meetingStatus(id)).toMatchObject({
      status: 'awaiting_approval',
      version: 2,
      approval_deadline_on: '2027-02-16',
    });
    const answers = await t.services.db
      .selectFrom('governance_recipient')
      .select('response')
      .where('meeting_id', '=', id)
      .where('tenant_id', '=', c.id)
      .execute();
    expect(answers).toEqual([{ response: 'pending' }]);
    const again = await adminClient(t, c);
    const approved = await again.submit(url, `${url}/reponse`, { response: 'approved' });
    expect(approved.statusCode).toBe(303);
    expect(
      (await t.services.db.selectFrom('audit_event').select('action').where('target_id', '=', id).execute()).map(
        (e) => e.action,
      ),
    ).toEqual(
      expect.arrayContaining([
        'governance.meeting.create',
        'governance.minutes.publish',
        'governance.minutes.object',
        'governance.minutes.approve',
      ]),
    );
  });

  it('are approved at once when every commune concerned approves (a bilateral meeting with a Connecté commune)', async () => {
    t.clock.set('2027-02-01T09:00:00Z');
    const setup = await operatorClient(t);
    const f = await buildCommune(t.services, { name: 'Connectée F' });
    await recordAgreementByForm(setup, f.slug, {
      communeSignedOn: '2026-06-05',
      metropoleSignedOn: '2026-06-12',
      toodego: 'connecte',
    });
    const { operator, id } = await createMeetingByForm({
      kind: 'bilateral',
      communeId: f.id,
      title: 'Point connecteurs',
      ...dateFields('heldOn', '2027-01-29'),
      minutes: 'Évolutions du connecteur.',
    });
    await operator.submit(`/admin/gouvernance/${id}`, `/admin/gouvernance/${id}/publication`, {
      minutes: 'Évolutions du connecteur.',
    });
    const adminF = await adminClient(t, f);
    const url = `/c/${f.slug}/admin/convention/comptes-rendus/${id}`;
    expect((await adminF.submit(url, `${url}/reponse`, { response: 'approved' })).statusCode).toBe(303);
    expect(await meetingStatus(id)).toMatchObject({
      status: 'approved',
      approved_tacitly: false,
      approved_on: '2027-02-01',
    });
    expect(plain((await adminF.get(url)).body)).toContain('approuvé le 1er février 2027');
  });

  it('holds bilateral meetings only with a Connecté commune, and names what is wrong', async () => {
    t.clock.set('2027-02-01T09:00:00Z');
    const abonne = await buildCommune(t.services, { name: 'Abonnée E' });
    const { response } = await createMeetingByForm({
      kind: 'bilateral',
      communeId: abonne.id,
      title: 'Point connecteurs',
      ...dateFields('heldOn', '2027-03-01'),
      minutes: 'x',
    });
    expect(response.statusCode).toBe(422);
    const body = plain(response.body);
    expect(body).toContain("La réunion doit avoir eu lieu pour qu'on en rédige le compte rendu.");
    expect(body).toContain('Choisissez une commune dont la convention prévoit l’offre Toodego Connecté.');
  });
});
