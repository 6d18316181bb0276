import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../../platform/clock.ts';
import { buildCommune, buildOperator, buildUser } from '../../../test/factories.ts';
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

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ').replace(/&#39;|&rsquo;/g, '’');
const subjectsTo = (to: string) =>
  smtp.messages.filter((m) => JSON.stringify(m.to).includes(to)).map((m) => String(m.subject));

/** A Paris date and hour, `hours` before the test clock, as the form's two fields. */
function detection(hoursAgo: number) {
  const at = new Date(t.clock.now().getTime() - hoursAgo * HOUR);
  const parts = new Intl.DateTimeFormat('fr-CA', {
    timeZone: 'Europe/Paris',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    detectedDay: `${get('year')}-${get('month')}-${get('day')}`,
    detectedTime: `${get('hour')}:${get('minute')}`,
  };
}

describe('breach and attack reports (P4)', () => {
  it('tracks the 8-hour alert and the 72-hour CNIL clock with reminders on the clock, through the workflow', async () => {
    const commune = await buildCommune(t.services, { toodego: 'partenaire' });
    const agent = await buildUser(t.services, { grants: [{ tenant: commune, role: 'agent' }] });
    const operator = await buildOperator(t.services);
    const reporter = await t.signedIn(agent.email, agent.password);
    const base = `/c/${commune.slug}/incidents`;

    // A refused file and a detection in the future, said in French; nothing is reported.
    await reporter.get(`${base}/nouveau`);
    const refused = await reporter.postMultipart(
      `${base}/nouveau`,
      {
        kind: 'attaque',
        identityAttack: 'oui',
        title: 'Essais de mots de passe',
        description: 'Des milliers.',
        ...detection(-2),
      },
      { file: { filename: 'journal.png', contentType: 'image/png', bytes: Buffer.from('pas une image') } },
    );
    expect(refused.statusCode).toBe(422);
    expect(plain(refused.body)).toContain('Ce type de fichier n’est pas accepté');
    expect(plain(refused.body)).toContain('La détection ne peut pas être dans le futur');

    const sent = await reporter.postMultipart(
      `${base}/nouveau`,
      {
        kind: 'attaque',
        identityAttack: 'oui',
        title: 'Essais de mots de passe',
        description: 'Des milliers.',
        ...detection(1),
      },
      { file: { filename: 'capture.png', contentType: 'image/png', bytes: PNG } },
    );
    expect(sent.statusCode).toBe(303);
    const page = await reporter.get(sent.headers.location as string);
    expect(plain(page.body)).toContain('il reste <strong>7 h</strong>');
    expect(plain(page.body)).toContain('il reste <strong>71 h</strong>');
    expect(page.body).toContain('capture.png');
    const id = /\/incidents\/([0-9a-f-]{36})/.exec(sent.headers.location as string)?.[1] ?? '';
    const piece = /href="([^"]+\/pieces\/[0-9a-f-]{36})"/.exec(page.body)?.[1] ?? '';
    const file = await reporter.get(piece);
    expect(file.rawPayload.equals(PNG)).toBe(true);

    await t.worker.drain();
    expect(subjectsTo(operator.email).some((s) => s.startsWith('Attaque sur l’intégration d’identité signalée'))).toBe(
      true,
    );

    // Three hours on: four hours are left, the first reminder goes.
    t.clock.advance(3 * HOUR);
    await t.worker.drain();
    expect(subjectsTo(operator.email).filter((s) => s.startsWith('Rappel d’échéance'))).toHaveLength(1);
    // Past the 8 hours: the alert is late, said once.
    t.clock.advance(4 * HOUR + 2 * MINUTE);
    await t.worker.drain();
    await t.worker.drain();
    expect(subjectsTo(operator.email).filter((s) => s.startsWith('Délai dépassé'))).toHaveLength(1);

    const desk = await t.signedIn(operator.email, operator.password);
    const deskPage = await desk.get(`/admin/incidents/${id}`);
    expect(plain(deskPage.body)).toContain('Échéance dépassée depuis');
    // The CNIL step comes after the qualification.
    const early = await desk.post(`/admin/incidents/${id}/cnil`, { reference: 'CNIL-1' });
    expect(early.statusCode).toBe(422);
    expect(plain(early.body)).toContain('Qualifiez d’abord le signalement');

    expect(
      (await desk.post(`/admin/incidents/${id}/alerte`, { alerteNote: 'FranceConnect et CERT-FR' })).statusCode,
    ).toBe(303);
    expect(
      (await desk.post(`/admin/incidents/${id}/qualification`, { personalData: 'oui', severity: 'elevee' })).statusCode,
    ).toBe(303);
    expect((await desk.post(`/admin/incidents/${id}/cnil`, { reference: 'CNIL-2026-042' })).statusCode).toBe(303);
    const notified = await desk.get(`/admin/incidents/${id}`);
    expect(plain(notified.body)).toContain('(après l’échéance)');
    expect(plain(notified.body)).toContain('Notifié à la CNIL');

    // Notified in time: the CNIL clock's reminders send nothing.
    t.clock.advance(72 * HOUR);
    await t.worker.drain();
    expect(subjectsTo(operator.email).filter((s) => s.startsWith('Délai dépassé'))).toHaveLength(1);

    // Sessions last 12 hours: both sign in again.
    const later = await t.signedIn(operator.email, operator.password);
    const noNote = await later.post(`/admin/incidents/${id}/cloture`, { clotureNote: '' });
    expect(noNote.statusCode).toBe(422);
    expect(
      (await later.post(`/admin/incidents/${id}/cloture`, { clotureNote: 'Comptes verrouillés.' })).statusCode,
    ).toBe(303);
    const closed = await (await t.signedIn(agent.email, agent.password)).get(`${base}/${id}`);
    expect(plain(closed.body)).toContain('Clos');
    const audit = await t.services.db.selectFrom('audit_event').select('action').where('target_id', '=', id).execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'incident.reported',
        'incident.alerte',
        'incident.qualification',
        'incident.cnil',
        'incident.cloture',
      ]),
    );
  });
});
