import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agendaForm } from '../../../test/appointments-factories.ts';
import { buildCommune, buildUser } from '../../../test/factories.ts';
import { type SmtpCatcher, startSmtpCatcher } from '../../../test/support/smtp-catcher.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import { HOUR } from '../../platform/clock.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { listSmsOutbox } from '../requests/index.ts';

// Clock: Monday 30 November 2026, 10:00 in Paris. An administrator sets up an agenda by its pages; citizens book it,
// change and cancel; agents see their day, note presence, read statistics and subscribe to their feed.
let t: TestContext;
let smtp: SmtpCatcher;
let commune: ResolvedTenant;
let admin: { email: string; password: string };
let agent: { email: string; password: string };
let agendaId: string;
let typeId: string;
let base: string;

const location = (r: { headers: Record<string, unknown> }) => String(r.headers.location ?? '');
const tokenOf = (url: string) => /gerer\/([A-Za-z0-9_-]{32})/.exec(url)?.[1] ?? '';

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  t = await createTestContext({ env: { SMTP_URL: smtp.url } });
  commune = await buildCommune(t.services, { toodego: 'partenaire', name: 'Commune des rendez-vous' });
  admin = await buildUser(t.services, { grants: [{ tenant: commune, role: 'admin' }] });
  agent = await buildUser(t.services, { grants: [{ tenant: commune, role: 'agent' }] });
  base = `/c/${commune.slug}`;
  const client = await t.signedIn(admin.email, admin.password, base);
  const created = await client.submit(
    `${base}/admin/rendez-vous/nouveau`,
    `${base}/admin/rendez-vous/nouveau`,
    agendaForm({
      name: 'Cartes d’identité',
      place: 'Mairie, place de la République',
      resources: 'Station biométrique',
    }),
  );
  expect(created.statusCode).toBe(303);
  agendaId = /rendez-vous\/([0-9a-f-]{36})/.exec(location(created))?.[1] ?? '';
  const page = `${base}/admin/rendez-vous/${agendaId}`;
  expect((await client.submit(page, `${page}/motifs`, { typeName: 'Dépôt', durationMinutes: '30' })).statusCode).toBe(
    303,
  );
  const hours = {
    jour1: '09:00-12:00',
    jour2: '09:00-12:00',
    jour3: '09:00-12:00',
    jour4: '09:00-12:00',
    jour5: '09:00-12:00',
  };
  expect((await client.submit(page, `${page}/horaires`, hours)).statusCode).toBe(303);
  const row = await t.services.db
    .selectFrom('meeting_type')
    .select('id')
    .where('agenda_id', '=', agendaId)
    .executeTakeFirstOrThrow();
  typeId = row.id;
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

async function book(start: string, who = { name: 'Camille Martin', email: 'camille@example.org', phone: '' }) {
  const client = t.client();
  const form = `${base}/rendez-vous/${agendaId}/reserver?type=${typeId}&debut=${start}`;
  const response = await client.submit(form, `${base}/rendez-vous/${agendaId}/reserver`, {
    type: typeId,
    debut: start,
    ...who,
  });
  return { client, response, token: tokenOf(location(response)) };
}

describe('administration of agendas (T16 §1)', () => {
  it('refuses bad opening hours and a duration that is not a whole number of slots, naming the field', async () => {
    const client = await t.signedIn(admin.email, admin.password, base);
    const page = `${base}/admin/rendez-vous/${agendaId}`;
    const hours = await client.submit(page, `${page}/horaires`, { jour1: '9h-12h' });
    expect(hours.statusCode).toBe(422);
    expect(hours.body).toContain('« 9h-12h » n’est pas une plage');
    const type = await client.submit(page, `${page}/motifs`, { typeName: 'Court', durationMinutes: '20' });
    expect(type.statusCode).toBe(422);
    expect(type.body).toContain('multiple de 30 minutes');
    const audit = await t.services.db
      .selectFrom('audit_event')
      .select('action')
      .where('tenant_id', '=', commune.id)
      .where('action', 'like', 'appointments.%')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'appointments.agenda.create',
        'appointments.agenda.addMeetingType',
        'appointments.agenda.setOpeningHours',
      ]),
    );
  });

  it('closes a day the administrator closes, and Christmas (a public holiday) is never offered', async () => {
    const client = await t.signedIn(admin.email, admin.password, base);
    const page = `${base}/admin/rendez-vous/${agendaId}`;
    const closed = await client.submit(page, `${page}/fermetures`, {
      firstDay: '2026-12-04',
      lastDay: '2026-12-04',
      reason: 'Inventaire',
    });
    expect(closed.statusCode).toBe(303);
    const days = (await t.client().get(`${base}/rendez-vous/${agendaId}`)).body;
    expect(days).toContain('jour=2026-12-03');
    expect(days).not.toContain('jour=2026-12-04');
    expect(days).not.toContain('jour=2026-12-25');
    expect(days).toContain('jour=2026-12-24');
  });
});

describe('booking, confirmation, change and cancellation (T16 §2, §3)', () => {
  it('shows days then times without JavaScript, books, and sends a confirmation with a calendar file', async () => {
    const day = await t.client().get(`${base}/rendez-vous/${agendaId}?type=${typeId}&jour=2026-12-01`);
    expect(day.statusCode).toBe(200);
    // Tuesday 1 December, 9:00 in Paris.
    expect(day.body).toContain('debut=2026-12-01T08%3A00%3A00.000Z');
    const { response, token } = await book('2026-12-01T08:00:00.000Z');
    expect(response.statusCode).toBe(303);
    expect(token).toHaveLength(32);
    await t.worker.drain();
    const mail = (await smtp.waitFor(1)).find((m) => m.subject?.startsWith('Rendez-vous confirmé'));
    expect(mail?.text).toContain('mardi 1 décembre 2026 à 09 h 00');
    expect(mail?.text).toContain(`/rendez-vous/gerer/${token}`);
    const ics = mail?.attachments.find((a) => a.filename === 'rendez-vous.ics');
    expect(ics?.content.toString()).toContain('DTSTART:20261201T080000Z');
    // The slot is gone for the next citizen.
    const again = await t.client().get(`${base}/rendez-vous/${agendaId}?type=${typeId}&jour=2026-12-01`);
    expect(again.body).not.toContain('debut=2026-12-01T08%3A00%3A00.000Z');
  });

  it('two citizens racing for one slot: one gets it, the other a French message and no booking', async () => {
    const start = '2026-12-02T09:00:00.000Z';
    const [a, b] = await Promise.all([
      book(start),
      book(start, { name: 'Dominique Petit', email: 'dominique@example.org', phone: '' }),
    ]);
    const statuses = [a.response.statusCode, b.response.statusCode].sort();
    expect(statuses).toEqual([303, 409]);
    const loser = a.response.statusCode === 409 ? a.response : b.response;
    expect(loser.body).toContain('Ce créneau vient d’être réservé par une autre personne');
    const count = await t.services.db
      .selectFrom('booking')
      .select('id')
      .where('agenda_id', '=', agendaId)
      .where('starts_at', '=', new Date(start))
      .execute();
    expect(count).toHaveLength(1);
  });

  it('five citizens racing for a slot of capacity 1: exactly one wins (T16 §2, §5)', async () => {
    const start = '2026-12-02T10:00:00.000Z';
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((n) => book(start, { name: `Personne ${n}`, email: `course${n}@example.org`, phone: '' })),
    );
    const statuses = results.map((r) => r.response.statusCode).sort();
    expect(statuses).toEqual([303, 409, 409, 409, 409]);
    for (const loser of results.filter((r) => r.response.statusCode === 409)) {
      expect(loser.response.body).toContain('Ce créneau vient d’être réservé par une autre personne');
    }
    const seats = await t.services.db
      .selectFrom('booking_seat')
      .select('seat')
      .where('agenda_id', '=', agendaId)
      .where('slot_start', '=', new Date(start))
      .execute();
    expect(seats.map((s) => s.seat)).toEqual([1]);
    const bookings = await t.services.db
      .selectFrom('booking')
      .select('email')
      .where('agenda_id', '=', agendaId)
      .where('starts_at', '=', new Date(start))
      .execute();
    expect(bookings).toHaveLength(1);
  });

  it('six citizens racing for a slot of capacity 3: exactly three win, each on their own seat (T16 §2, §5)', async () => {
    const client = await t.signedIn(admin.email, admin.password, base);
    const created = await client.submit(
      `${base}/admin/rendez-vous/nouveau`,
      `${base}/admin/rendez-vous/nouveau`,
      agendaForm({ name: 'Accueil à trois guichets', desk: 'Accueil', capacity: '3' }),
    );
    const threeId = /rendez-vous\/([0-9a-f-]{36})/.exec(location(created))?.[1] ?? '';
    const page = `${base}/admin/rendez-vous/${threeId}`;
    await client.submit(page, `${page}/motifs`, { typeName: 'Accueil', durationMinutes: '30' });
    await client.submit(page, `${page}/horaires`, { jour3: '09:00-12:00' });
    const type = await t.services.db
      .selectFrom('meeting_type')
      .select('id')
      .where('agenda_id', '=', threeId)
      .executeTakeFirstOrThrow();
    const start = '2026-12-02T09:00:00.000Z';
    const results = await Promise.all(
      [1, 2, 3, 4, 5, 6].map((n) =>
        t
          .client()
          .submit(
            `${base}/rendez-vous/${threeId}/reserver?type=${type.id}&debut=${start}`,
            `${base}/rendez-vous/${threeId}/reserver`,
            { type: type.id, debut: start, name: `Personne ${n}`, email: `trois${n}@example.org`, phone: '' },
          ),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([303, 303, 303, 409, 409, 409]);
    const seats = await t.services.db
      .selectFrom('booking_seat')
      .select('seat')
      .where('agenda_id', '=', threeId)
      .where('slot_start', '=', new Date(start))
      .orderBy('seat')
      .execute();
    expect(seats.map((s) => s.seat)).toEqual([1, 2, 3]);
    const bookings = await t.services.db.selectFrom('booking').select('id').where('agenda_id', '=', threeId).execute();
    expect(bookings).toHaveLength(3);
    // The slot is full: the listing no longer offers it.
    const times = await t.client().get(`${base}/rendez-vous/${threeId}?type=${type.id}&jour=2026-12-02`);
    expect(times.body).not.toContain(`debut=${encodeURIComponent(start)}`);
    expect(times.body).toContain(`debut=${encodeURIComponent('2026-12-02T09:30:00.000Z')}`);
  });

  it('lets the citizen move then cancel by the secret link, until the agenda’s delay', async () => {
    const { token } = await book('2026-12-03T08:00:00.000Z');
    const client = t.client();
    const manage = `${base}/rendez-vous/gerer/${token}`;
    expect((await client.get(manage)).body).toContain('jeudi 3 décembre 2026 à 09 h 00');
    const moved = await client.submit(`${manage}/deplacer?debut=2026-12-03T09:30:00.000Z`, `${manage}/deplacer`, {
      debut: '2026-12-03T09:30:00.000Z',
    });
    expect(moved.statusCode).toBe(303);
    const newToken = tokenOf(location(moved));
    expect(newToken).not.toBe(token);
    expect((await client.get(manage)).statusCode).toBe(404);
    const newManage = `${base}/rendez-vous/gerer/${newToken}`;
    expect((await client.get(newManage)).body).toContain('jeudi 3 décembre 2026 à 10 h 30');
    // The old slot is free again.
    expect((await t.client().get(`${base}/rendez-vous/${agendaId}?type=${typeId}&jour=2026-12-03`)).body).toContain(
      'debut=2026-12-03T08%3A00%3A00.000Z',
    );
    const cancelled = await client.submit(newManage, `${newManage}/annuler`, {});
    expect(cancelled.statusCode).toBe(303);
    expect((await client.get(newManage)).body).toContain('Ce rendez-vous est déjà annulé.');
  });

  it('refuses a change once the delay before the appointment has passed', async () => {
    const { token, client } = await book('2026-12-01T10:00:00.000Z');
    const manage = `${base}/rendez-vous/gerer/${token}`;
    await client.get(manage);
    t.clock.set('2026-11-30T11:00:00Z'); // 23 hours before: the limit is 24.
    try {
      // The page no longer offers the buttons; a form kept open from before is refused too.
      expect((await client.get(manage)).body).not.toContain('Annuler le rendez-vous');
      const refused = await client.post(`${manage}/annuler`, {});
      expect(refused.statusCode).toBe(409);
      expect(refused.body).toContain('le délai de 24 heure(s) avant le rendez-vous est passé');
    } finally {
      t.clock.set('2026-11-30T09:00:00Z');
    }
  });

  it('lists a signed-in citizen’s bookings in their account, where they can cancel', async () => {
    const citizen = await buildUser(t.services);
    const client = await t.signedIn(citizen.email, citizen.password, base);
    const start = '2026-12-07T08:30:00.000Z';
    const form = `${base}/rendez-vous/${agendaId}/reserver?type=${typeId}&debut=${start}`;
    const booked = await client.submit(form, `${base}/rendez-vous/${agendaId}/reserver`, {
      type: typeId,
      debut: start,
      name: 'Personne connectée',
      email: citizen.email,
      phone: '',
    });
    expect(booked.statusCode).toBe(303);
    const mine = await client.get(`${base}/mes-rendez-vous`);
    const id = /mes-rendez-vous\/([0-9a-f-]{36})/.exec(mine.body)?.[1] ?? '';
    expect(id).not.toBe('');
    const cancelled = await client.submit(`${base}/mes-rendez-vous/${id}`, `${base}/mes-rendez-vous/${id}/annuler`, {});
    expect(cancelled.statusCode).toBe(303);
    // Someone else's account does not reach it.
    const other = await buildUser(t.services);
    const stranger = await t.signedIn(other.email, other.password, base);
    expect((await stranger.get(`${base}/mes-rendez-vous/${id}`)).statusCode).toBe(404);
  });
});

describe('reminders (T16 §3)', () => {
  it('sends the e-mail and SMS reminder once, when the injected clock reaches the agenda’s delay', async () => {
    const { token } = await book('2026-12-08T08:00:00.000Z', {
      name: 'Sacha Roux',
      email: 'sacha@example.org',
      phone: '06 12 34 56 78',
    });
    expect(token).not.toBe('');
    await t.worker.drain();
    const reminders = () =>
      smtp.messages.filter((m) => m.subject?.startsWith('Rappel') && m.to && JSON.stringify(m.to).includes('sacha@'));
    t.clock.set('2026-12-07T07:00:00Z'); // 25 hours before: not yet.
    await t.worker.enqueueDueRecurringJobs();
    await t.worker.drain();
    expect(reminders()).toHaveLength(0);
    t.clock.advance(2 * HOUR); // 23 hours before.
    await t.worker.enqueueDueRecurringJobs();
    await t.worker.drain();
    t.clock.advance(HOUR);
    await t.worker.enqueueDueRecurringJobs();
    await t.worker.drain();
    await smtp.waitFor(smtp.messages.length);
    await new Promise((r) => setTimeout(r, 300));
    expect(reminders()).toHaveLength(1);
    expect(reminders()[0]?.text).toContain('mardi 8 décembre 2026 à 09 h 00');
    const sms = await listSmsOutbox(t.dataDir);
    expect(sms).toEqual([expect.objectContaining({ to: '+33612345678' })]);
    t.clock.set('2026-11-30T09:00:00Z');
  });
});

describe('the agents’ day, presence and statistics, the calendar feed (T16 §3, §4)', () => {
  it('shows the day, notes check-in and no-show, and counts them in the statistics', async () => {
    await book('2026-12-09T08:00:00.000Z', { name: 'Présente', email: 'presente@example.org', phone: '' });
    await book('2026-12-09T08:30:00.000Z', { name: 'Absente', email: 'absente@example.org', phone: '' });
    const client = await t.signedIn(agent.email, agent.password, base);
    const dayUrl = `${base}/gru/rendez-vous?jour=2026-12-09`;
    const day = await client.get(dayUrl);
    expect(day.statusCode).toBe(200);
    const ids = [...day.body.matchAll(/rendez-vous\/([0-9a-f-]{36})\/presence/g)].map((m) => m[1]);
    expect(ids).toHaveLength(2);
    // Too early for a no-show: the appointment has not begun.
    const early = await client.submit(dayUrl, `${base}/gru/rendez-vous/${ids[1]}/presence`, {
      presence: 'no_show',
      jour: '2026-12-09',
    });
    expect(early.statusCode).toBe(409);
    t.clock.set('2026-12-09T10:00:00Z');
    try {
      const later = await t.signedIn(agent.email, agent.password, base);
      await later.get(dayUrl);
      expect(
        (
          await later.submit(dayUrl, `${base}/gru/rendez-vous/${ids[0]}/presence`, {
            presence: 'checked_in',
            jour: '2026-12-09',
          })
        ).statusCode,
      ).toBe(303);
      expect(
        (
          await later.submit(dayUrl, `${base}/gru/rendez-vous/${ids[1]}/presence`, {
            presence: 'no_show',
            jour: '2026-12-09',
          })
        ).statusCode,
      ).toBe(303);
    } finally {
      t.clock.set('2026-11-30T09:00:00Z');
    }
    const reader = await t.signedIn(agent.email, agent.password, base);
    const stats = await reader.get(`${base}/gru/rendez-vous/statistiques?du=2026-12-09&au=2026-12-09`);
    expect(stats.body).toMatch(/Cartes d’identité<\/th><td>2<\/td><td>0<\/td><td>1<\/td><td>1<\/td><td>50\s?%<\/td>/);
    // A citizen does not learn the page exists.
    const citizen = await buildUser(t.services);
    expect((await (await t.signedIn(citizen.email, citizen.password, base)).get(dayUrl)).statusCode).toBe(404);
  });

  it('gives an agent a secret calendar feed, stored hashed and revocable', async () => {
    const client = await t.signedIn(agent.email, agent.password, base);
    const issued = await client.submit(`${base}/gru/rendez-vous/flux`, `${base}/gru/rendez-vous/flux`, {});
    const url = /(\/c\/[^<\s]+\/rendez-vous\/flux\/[A-Za-z0-9_-]{32})/.exec(issued.body)?.[1] ?? '';
    expect(url).not.toBe('');
    const feed = await t.client().get(url);
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toContain('text/calendar');
    expect(feed.body).toContain('BEGIN:VEVENT');
    const token = url.split('/').pop() ?? '';
    const stored = await t.services.db.selectFrom('agenda_feed_token').select('token_hash').execute();
    expect(stored.map((s) => s.token_hash)).not.toContain(token);
    await client.submit(`${base}/gru/rendez-vous/flux`, `${base}/gru/rendez-vous/flux/revoquer`, {});
    expect((await t.client().get(url)).statusCode).toBe(404);
  });
});
