import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCommune, buildUser } from '../../../test/factories.ts';
import { type SmtpCatcher, startSmtpCatcher } from '../../../test/support/smtp-catcher.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts';
import type { TestClient } from '../../../test/support/test-client.ts';
import { SYSTEM_ACTOR } from '../../platform/audit/audit.repo.ts';
import { MINUTE } from '../../platform/clock.ts';
import type { ResolvedTenant } from '../../platform/tenancy/tenant-directory.ts';
import { gruRequestPath } from '../requests/index.ts';
import { configureAgenda } from './configure-agenda.ts';
import { FORM_BOOKING_DEMO_SLUG, seedFormBookingDemo } from './demo-form-booking.ts';
import { createAgenda } from './save-agenda.ts';

// Clock: Monday 30 November 2026, 10:00 in Paris. A commune's form ends with an appointment field on its civil
// registry's agenda (one person per 30-minute slot, weekdays 9:00–12:00): citizens pick a day, then a time, which is
// held for them until their request is sent and confirms it.
let t: TestContext;
let smtp: SmtpCatcher;
let commune: ResolvedTenant;
let agendaId: string;
let base: string;

const TUESDAY_9 = '2026-12-01T08:00:00.000Z';
const TUESDAY_930 = '2026-12-01T08:30:00.000Z';
const WEDNESDAY_9 = '2026-12-02T08:00:00.000Z';
const THURSDAY_9 = '2026-12-03T08:00:00.000Z';
const THURSDAY_10 = '2026-12-03T09:00:00.000Z';

beforeAll(async () => {
  smtp = await startSmtpCatcher();
  t = await createTestContext({ env: { SMTP_URL: smtp.url } });
  commune = await buildCommune(t.services, { toodego: 'partenaire', name: 'Commune des formulaires à rendez-vous' });
  base = `/c/${commune.slug}`;
  agendaId = await createAgenda(t.services, commune, SYSTEM_ACTOR, {
    name: 'Titres d’identité',
    desk: 'État civil',
    place: 'Mairie',
    resources: '',
    capacity: 1,
    slotMinutes: 30,
    horizonDays: 30,
    minNoticeHours: 2,
    changeLimitHours: 24,
    reminderHours: 24,
    closedOnHolidays: true,
    active: true,
  });
  await configureAgenda(t.services, commune, SYSTEM_ACTOR, agendaId, {
    kind: 'addMeetingType',
    name: 'Dépôt',
    durationMinutes: 30,
  });
  await configureAgenda(t.services, commune, SYSTEM_ACTOR, agendaId, {
    kind: 'setOpeningHours',
    hours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opensMinute: 540, closesMinute: 720 })),
  });
  const type = await t.services.db
    .selectFrom('meeting_type')
    .select('id')
    .where('agenda_id', '=', agendaId)
    .executeTakeFirstOrThrow();
  await seedFormBookingDemo(t.services, commune, { agendaId, meetingTypeId: type.id });
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

/** A citizen starts the form and answers its first page: the next page is the appointment's. */
async function reachAppointmentPage(): Promise<{ client: TestClient; page: string }> {
  const client = t.client();
  await client.get(`${base}/demarches/${FORM_BOOKING_DEMO_SLUG}`);
  const started = await client.post(`${base}/demarches/${FORM_BOOKING_DEMO_SLUG}/commencer`, {});
  const first = String(started.headers.location);
  const answered = await client.submit(first, first, { titre: 'carte', nom: 'Camille Martin', _action: 'continuer' });
  expect(answered.statusCode).toBe(303);
  return { client, page: String(answered.headers.location) };
}

const choose = (client: TestClient, page: string, start: string) =>
  client.submit(page, page, { rendez_vous: start, _action: 'continuer' });

const bookingOf = (id: string) =>
  t.services.db.selectFrom('booking').selectAll().where('id', '=', id).executeTakeFirst();

const heldAt = (start: string) =>
  t.services.db
    .selectFrom('booking')
    .selectAll()
    .where('agenda_id', '=', agendaId)
    .where('starts_at', '=', new Date(start))
    .execute();

async function send(client: TestClient, review: string) {
  const page = await client.get(review);
  const key = /name="_idem" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  return client.post(review.replace(/recapitulatif$/, 'envoyer'), { _idem: key, contact_email: 'camille@example.org' });
}

describe('booking as a form field (T16 §2)', () => {
  it('shows days then times without JavaScript, asks for a time, and holds the one chosen', async () => {
    const { client, page } = await reachAppointmentPage();
    expect(page).toMatch(/etapes\/2$/);
    const shown = await client.get(page);
    expect(shown.statusCode).toBe(200);
    // Days are links; the first day's times are radio buttons (Tuesday 1 December, from 9:00 in Paris).
    expect(shown.body).toContain('href="?jour=2026-12-02#champ-rendez_vous-horaires"');
    expect(shown.body).toContain(`value="${TUESDAY_9}"`);
    const wednesday = await client.get(`${page}?jour=2026-12-02`);
    expect(wednesday.body).toContain('horaire le mercredi 2 décembre');
    expect(wednesday.body).toContain(`value="${WEDNESDAY_9}"`);

    const empty = await client.submit(page, page, { _action: 'continuer' });
    expect(empty.statusCode).toBe(422);
    expect(empty.body).toContain('Choisissez un jour, puis un horaire pour votre rendez-vous.');

    const chosen = await choose(client, page, TUESDAY_9);
    expect(chosen.statusCode).toBe(303);
    expect(String(chosen.headers.location)).toMatch(/recapitulatif$/);
    const [hold] = await heldAt(TUESDAY_9);
    expect(hold).toMatchObject({ status: 'held', held_until: new Date('2026-11-30T09:30:00Z') });
    // Another citizen no longer sees that time.
    const other = await reachAppointmentPage();
    expect((await other.client.get(other.page)).body).not.toContain(`value="${TUESDAY_9}"`);
    // Choosing another time gives the first back.
    const back = await client.get(page);
    expect(back.body).toContain('Horaire réservé pour vous : mardi 1 décembre 2026 à 09 h 00');
    expect((await choose(client, page, TUESDAY_930)).statusCode).toBe(303);
    expect(await heldAt(TUESDAY_9)).toHaveLength(0);
    expect(await heldAt(TUESDAY_930)).toHaveLength(1);
  });

  it('lets one of two citizens racing for the last seat have it; the other is told to pick another time', async () => {
    const first = await reachAppointmentPage();
    const second = await reachAppointmentPage();
    await Promise.all([first.client.get(first.page), second.client.get(second.page)]);
    const outcomes = await Promise.all([
      first.client.post(first.page, { rendez_vous: WEDNESDAY_9, _action: 'continuer' }),
      second.client.post(second.page, { rendez_vous: WEDNESDAY_9, _action: 'continuer' }),
    ]);
    expect(outcomes.map((o) => o.statusCode).sort()).toEqual([303, 422]);
    const loser = outcomes.find((o) => o.statusCode === 422);
    expect(loser?.body).toContain('Ce créneau vient d’être réservé par une autre personne');
    expect(await heldAt(WEDNESDAY_9)).toHaveLength(1);
  });

  it('confirms the held time when the request is sent: linked to it, with a confirmation and its calendar file, shown to the agent', async () => {
    const { client, page } = await reachAppointmentPage();
    expect((await choose(client, page, THURSDAY_9)).statusCode).toBe(303);
    const review = page.replace(/etapes\/2$/, 'recapitulatif');
    expect((await client.get(review)).body).toContain('jeudi 3 décembre 2026 à 09 h 00 — Dépôt, État civil, Mairie');
    const sent = await send(client, review);
    expect(sent.statusCode).toBe(303);
    await t.worker.drain();
    const [booking] = await heldAt(THURSDAY_9);
    const request = await t.services.db
      .selectFrom('request')
      .select(['id', 'number'])
      .where('id', '=', booking?.request_id ?? '00000000-0000-0000-0000-000000000000')
      .executeTakeFirst();
    expect(booking).toMatchObject({ status: 'booked', held_until: null, email: 'camille@example.org' });
    expect(request).toBeDefined();
    const mails = await smtp.waitFor(2);
    const confirmation = mails.find((m) => m.subject?.startsWith('Rendez-vous confirmé'));
    expect(confirmation?.text).toContain('jeudi 3 décembre 2026 à 09 h 00');
    expect(confirmation?.text).toContain(`demande n° ${request?.number}`);
    const ics = confirmation?.attachments.find((a) => a.filename === 'rendez-vous.ics');
    expect(ics?.content.toString()).toContain('DTSTART:20261203T080000Z');
    // The agent reads the appointment among the request's answers.
    const agent = await buildUser(t.services, { grants: [{ tenant: commune, role: 'agent' }] });
    const desk = await t.signedIn(agent.email, agent.password, base);
    const requestPage = await desk.get(gruRequestPath(commune, request?.id ?? ''));
    expect(requestPage.statusCode).toBe(200);
    expect(requestPage.body).toContain('jeudi 3 décembre 2026 à 09 h 00 — Dépôt, État civil, Mairie');
    // A retried follow-up confirms nothing twice.
    await t.worker.drain();
    expect(smtp.messages.filter((m) => m.subject?.startsWith('Rendez-vous confirmé'))).toHaveLength(1);
  });

  it('releases an abandoned hold once its time runs out (recurring job, injected clock); a late sender is told', async () => {
    const late = await reachAppointmentPage();
    expect((await choose(late.client, late.page, THURSDAY_10)).statusCode).toBe(303);
    const [hold] = await heldAt(THURSDAY_10);
    t.clock.advance(20 * MINUTE);
    await t.worker.enqueueDueRecurringJobs();
    await t.worker.drain();
    expect(await bookingOf(hold?.id ?? '')).toBeDefined();
    t.clock.advance(15 * MINUTE);
    await t.worker.enqueueDueRecurringJobs();
    await t.worker.drain();
    expect(await bookingOf(hold?.id ?? '')).toBeUndefined();
    // Someone else takes the time given back; the citizen who left it sending late is sent back to choose again.
    const quick = await reachAppointmentPage();
    expect((await choose(quick.client, quick.page, THURSDAY_10)).statusCode).toBe(303);
    const review = late.page.replace(/etapes\/2$/, 'recapitulatif');
    const refused = await send(late.client, review);
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('ne vous est plus réservé');
    t.clock.set('2026-11-30T09:00:00Z');
  });
});
