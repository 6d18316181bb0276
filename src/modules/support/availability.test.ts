import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCommune, buildOperator, buildUser } from '../../../test/factories.ts';
import { startSmtpCatcher, type SmtpCatcher } from '../../../test/support/smtp-catcher.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import { insertProbeHistory } from './availability.repo.ts';
import { monthAvailability } from './availability.ts';

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

describe('availability and notices to the communes (issue 16 §6)', () => {
  it('announces a maintenance to every commune’s administrators ahead, shows it as a banner only during its window, and leaves it out of the availability', async () => {
    t.clock.set('2026-12-03T11:00:00Z'); // Thursday noon in Paris
    const commune = await buildCommune(t.services, { toodego: 'abonne' });
    const admin = await buildUser(t.services, { grants: [{ tenant: commune, role: 'admin' }] });
    const operator = await buildOperator(t.services);
    const desk = await t.signedIn(operator.email, operator.password);
    await desk.get('/admin/annonces');

    const past = await desk.post('/admin/annonces', {
      kind: 'maintenance',
      title: 'Trop tard',
      body: 'x',
      startDay: '2026-12-03',
      startTime: '08:00',
      endDay: '2026-12-03',
      endTime: '09:00',
    });
    expect(past.statusCode).toBe(422);
    expect(plain(past.body)).toContain('Une maintenance s’annonce à l’avance');

    const published = await desk.post('/admin/annonces', {
      kind: 'maintenance',
      title: 'Mise à jour du serveur',
      body: 'Le guichet sera indisponible.',
      startDay: '2026-12-04',
      startTime: '20:00',
      endDay: '2026-12-04',
      endTime: '22:00',
    });
    expect(published.statusCode).toBe(303);
    await t.worker.drain();
    const mail = smtp.messages.find((m) => JSON.stringify(m.to).includes(admin.email));
    expect(mail?.subject).toBe('Maintenance programmée : Mise à jour du serveur');
    expect(plain(mail?.text ?? '')).toContain(
      'du vendredi 4 décembre 2026 à 20:00 au vendredi 4 décembre 2026 à 22:00',
    );

    const visitor = t.client();
    expect((await visitor.get('/')).body).not.toContain('Maintenance programmée en cours');
    t.clock.set('2026-12-04T19:30:00Z'); // 20:30 in Paris
    const during = plain((await visitor.get(`/c/${commune.slug}/demarches`)).body);
    expect(during).toContain('Maintenance programmée en cours :');
    expect(during).toContain('Mise à jour du serveur');
    t.clock.set('2026-12-04T21:00:00Z'); // 22:00 in Paris: over
    expect((await visitor.get('/')).body).not.toContain('Maintenance programmée en cours');

    // Probes from 1 December 00:00 Paris to now: the maintenance's two hours down (excluded), and ten minutes down.
    const start = new Date('2026-11-30T23:00:00Z');
    await insertProbeHistory(t.services.db, start, new Date('2026-12-04T21:00:00Z'), [
      { from: new Date('2026-12-04T19:00:00Z'), to: new Date('2026-12-04T21:00:00Z') },
      { from: new Date('2026-12-02T10:00:00Z'), to: new Date('2026-12-02T10:10:00Z') },
    ]);
    const december = await monthAvailability(t.services, '2026-12');
    const minutes = (Date.parse('2026-12-04T21:00:00Z') - start.getTime()) / 60_000;
    expect(december).toMatchObject({ maintenanceMinutes: 120, downMinutes: 10, measuredMinutes: minutes - 120 });
    expect(december.availability).toBeCloseTo(1 - 10 / (minutes - 120), 10);
    expect(december.meetsGoal).toBe(false); // 99.83 %: under the 99.9 % commitment

    // A minute the probe did not record counts as down (the probe runs inside the platform).
    t.clock.set('2026-12-04T21:05:00Z');
    const gap = await monthAvailability(t.services, '2026-12');
    expect(gap.downMinutes).toBe(15);

    // The probe job records this minute as up.
    await t.worker.enqueueDueRecurringJobs();
    await t.worker.drain();
    const probe = await t.services.db
      .selectFrom('support_probe')
      .selectAll()
      .where('at', '=', new Date('2026-12-04T21:05:00Z'))
      .executeTakeFirst();
    expect(probe?.ok).toBe(true);

    const news = plain((await visitor.get(`/c/${commune.slug}/actualites`)).body);
    expect(news).toContain('Maintenance programmée : Mise à jour du serveur');
    expect(news).toContain('Engagement de 99,9 %');
    expect(news).toContain('Non tenu');
  });
});
