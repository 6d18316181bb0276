import { buildUser } from '../../../test/factories.ts';
import type { Attempt, IsolationCase, IsolationWorld } from '../../../test/cross-tenant/isolation.ts';
import { SYSTEM_ACTOR } from '../../platform/audit/audit.repo.ts';
import { issueFeedToken } from './agent-feed.ts';
import { bookAppointment } from './book-appointment.ts';
import { configureAgenda } from './configure-agenda.ts';
import { createAgenda } from './save-agenda.ts';

type Fixture = { agendaId: string; typeId: string; closureId: string; bookingId: string; token: string; feed: string };
const fixtures = new WeakMap<IsolationWorld, Promise<Fixture>>();

/** Commune A's agenda, with a meeting type, hours, a closure, a booking (and its secret link) and an agent's feed. */
function fixtureOf(world: IsolationWorld): Promise<Fixture> {
  let fixture = fixtures.get(world);
  if (!fixture) {
    fixture = (async () => {
      const { t, communeA } = world;
      const agendaId = await createAgenda(t.services, communeA, SYSTEM_ACTOR, {
        name: 'Agenda de A',
        desk: 'Accueil',
        place: 'Mairie de A',
        resources: '',
        slotMinutes: 30,
        capacity: 1,
        horizonDays: 30,
        minNoticeHours: 1,
        changeLimitHours: 24,
        reminderHours: 24,
        closedOnHolidays: true,
        active: true,
      });
      await configureAgenda(t.services, communeA, SYSTEM_ACTOR, agendaId, {
        kind: 'addMeetingType',
        name: 'Dépôt',
        durationMinutes: 30,
      });
      const hours = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opensMinute: 540, closesMinute: 720 }));
      await configureAgenda(t.services, communeA, SYSTEM_ACTOR, agendaId, { kind: 'setOpeningHours', hours });
      await configureAgenda(t.services, communeA, SYSTEM_ACTOR, agendaId, {
        kind: 'addClosure',
        firstDay: '2026-12-31',
        lastDay: '2026-12-31',
        reason: 'Fermeture',
      });
      const db = t.services.db;
      const type = await db
        .selectFrom('meeting_type')
        .select('id')
        .where('agenda_id', '=', agendaId)
        .executeTakeFirstOrThrow();
      const closure = await db
        .selectFrom('agenda_closure')
        .select('id')
        .where('agenda_id', '=', agendaId)
        .executeTakeFirstOrThrow();
      const booked = await bookAppointment(t.services, communeA, {
        agendaId,
        meetingTypeId: type.id,
        startsAt: new Date('2026-12-01T08:00:00Z'),
        userId: null,
        name: 'Usager de A',
        email: 'usager.a@example.org',
        phone: null,
      });
      if (!booked.ok) throw new Error(booked.message);
      const agent = await buildUser(t.services, { grants: [{ tenant: communeA, role: 'agent' }] });
      const feed = await issueFeedToken(t.services, communeA, { ...SYSTEM_ACTOR, userId: agent.id });
      return {
        agendaId,
        typeId: type.id,
        closureId: closure.id,
        bookingId: booked.booking.id,
        token: booked.token,
        feed,
      };
    })();
    fixtures.set(world, fixture);
  }
  return fixture;
}

const AGENDA_FORM = {
  name: 'Détourné',
  desk: 'Accueil',
  place: 'Ailleurs',
  slotMinutes: '30',
  capacity: '1',
  horizonDays: '30',
  minNoticeHours: '1',
  changeLimitHours: '24',
  reminderHours: '24',
};

/** A case whose attempts are built from the world and A's fixture. */
function caseOf(
  route: string,
  attempts: (w: IsolationWorld, f: Fixture, a: string, b: string) => Attempt[],
): IsolationCase {
  return {
    route,
    attempts: async (world) =>
      attempts(world, await fixtureOf(world), `/c/${world.communeA.slug}`, `/c/${world.communeB.slug}`),
  };
}

/** A commune's administration page or form about A's agenda: only A's administrators (and operators). */
function adminOnly(
  route: string,
  path: (f: Fixture) => string,
  method: 'GET' | 'POST' = 'POST',
  form: Record<string, string> = {},
) {
  return caseOf(route, (_w, f, a, b) => [
    // A path naming A's agenda names nothing on B's instance; the list and creation pages there are B's own.
    ...(path(f).includes(f.agendaId)
      ? [{ as: 'adminOfB' as const, method, url: `${b}${path(f)}`, form, expect: 404 }]
      : []),
    { as: 'adminOfB', method, url: `${a}${path(f)}`, form, expect: 404 },
    { as: 'agentOfA', method, url: `${a}${path(f)}`, form, expect: 404 },
    { as: 'citizen', method, url: `${a}${path(f)}`, form, expect: 404 },
    ...(method === 'GET' ? [{ as: 'adminOfA' as const, method, url: `${a}${path(f)}`, expect: 200 }] : []),
  ]);
}

/** An agents' page or action of the desk: A's agents and administrators, nobody of B, no citizen. */
function deskOnly(
  route: string,
  path: (f: Fixture) => string,
  method: 'GET' | 'POST' = 'GET',
  form: Record<string, string> = {},
) {
  return caseOf(route, (_w, f, a, b) => [
    { as: 'agentOfB', method, url: `${a}${path(f)}`, form, expect: 404 },
    { as: 'agentOfB', method, url: `${b}${path(f)}`, form, expect: method === 'GET' ? 200 : 404 },
    { as: 'citizen', method, url: `${a}${path(f)}`, form, expect: 404 },
    ...(method === 'GET' ? [{ as: 'agentOfA' as const, method, url: `${a}${path(f)}`, expect: 200 }] : []),
  ]);
}

/**
 * Appointments' routes as other tenants' people try them: A's agenda, booking link and feed from B's instance (404),
 * A's administration and desk pages as B's people (404), a booking's account pages as someone else (404).
 */
export const appointmentsCases: IsolationCase[] = [
  { route: 'GET /rendez-vous', public: 'the list of the instance’s own bookable desks, the same for every visitor' },
  caseOf('GET /rendez-vous/:agendaId', (_w, f, a, b) => [
    { as: 'citizen', method: 'GET', url: `${b}/rendez-vous/${f.agendaId}`, expect: 404 },
    { as: 'anonymous', method: 'GET', url: `${a}/rendez-vous/${f.agendaId}`, expect: 200 },
  ]),
  caseOf('GET /rendez-vous/:agendaId/reserver', (_w, f, _a, b) => [
    {
      as: 'citizen',
      method: 'GET',
      url: `${b}/rendez-vous/${f.agendaId}/reserver?type=${f.typeId}&debut=2026-12-02T08:00:00.000Z`,
      expect: 404,
    },
  ]),
  caseOf('POST /rendez-vous/:agendaId/reserver', (_w, f, _a, b) => [
    {
      as: 'citizen',
      method: 'POST',
      url: `${b}/rendez-vous/${f.agendaId}/reserver`,
      form: {
        type: f.typeId,
        debut: '2026-12-02T08:00:00.000Z',
        name: 'Intrus',
        email: 'intrus@example.org',
        phone: '',
      },
      expect: 404,
    },
  ]),
  caseOf('GET /rendez-vous/gerer/:token', (_w, f, a, b) => [
    { as: 'anonymous', method: 'GET', url: `${b}/rendez-vous/gerer/${f.token}`, expect: 404 },
    { as: 'adminOfB', method: 'GET', url: `${b}/rendez-vous/gerer/${f.token}`, expect: 404 },
    { as: 'anonymous', method: 'GET', url: `${a}/rendez-vous/gerer/${f.token}`, expect: 200 },
  ]),
  caseOf('GET /rendez-vous/gerer/:token/deplacer', (_w, f, _a, b) => [
    {
      as: 'anonymous',
      method: 'GET',
      url: `${b}/rendez-vous/gerer/${f.token}/deplacer?debut=2026-12-02T08:00:00.000Z`,
      expect: 404,
    },
  ]),
  caseOf('POST /rendez-vous/gerer/:token/annuler', (_w, f, _a, b) => [
    { as: 'citizen', method: 'POST', url: `${b}/rendez-vous/gerer/${f.token}/annuler`, expect: 404 },
  ]),
  caseOf('POST /rendez-vous/gerer/:token/deplacer', (_w, f, _a, b) => [
    {
      as: 'citizen',
      method: 'POST',
      url: `${b}/rendez-vous/gerer/${f.token}/deplacer`,
      form: { debut: '2026-12-02T08:00:00.000Z' },
      expect: 404,
    },
  ]),
  caseOf('GET /mes-rendez-vous', (_w, _f, a) => [
    { as: 'anonymous', method: 'GET', url: `${a}/mes-rendez-vous`, expect: 303 },
    { as: 'citizen', method: 'GET', url: `${a}/mes-rendez-vous`, expect: 200 },
  ]),
  caseOf('GET /mes-rendez-vous/:bookingId', (_w, f, a, b) => [
    { as: 'citizen', method: 'GET', url: `${a}/mes-rendez-vous/${f.bookingId}`, expect: 404 },
    { as: 'adminOfA', method: 'GET', url: `${a}/mes-rendez-vous/${f.bookingId}`, expect: 404 },
    { as: 'citizen', method: 'GET', url: `${b}/mes-rendez-vous/${f.bookingId}`, expect: 404 },
  ]),
  caseOf('GET /mes-rendez-vous/:bookingId/deplacer', (_w, f, a) => [
    {
      as: 'citizen',
      method: 'GET',
      url: `${a}/mes-rendez-vous/${f.bookingId}/deplacer?debut=2026-12-02T08:00:00.000Z`,
      expect: 404,
    },
  ]),
  caseOf('POST /mes-rendez-vous/:bookingId/annuler', (_w, f, a) => [
    { as: 'citizen', method: 'POST', url: `${a}/mes-rendez-vous/${f.bookingId}/annuler`, expect: 404 },
    { as: 'agentOfA', method: 'POST', url: `${a}/mes-rendez-vous/${f.bookingId}/annuler`, expect: 404 },
  ]),
  caseOf('POST /mes-rendez-vous/:bookingId/deplacer', (_w, f, a) => [
    {
      as: 'citizen',
      method: 'POST',
      url: `${a}/mes-rendez-vous/${f.bookingId}/deplacer`,
      form: { debut: '2026-12-02T08:00:00.000Z' },
      expect: 404,
    },
  ]),
  caseOf('GET /rendez-vous/flux/:token', (_w, f, a, b) => [
    { as: 'anonymous', method: 'GET', url: `${b}/rendez-vous/flux/${f.feed}`, expect: 404 },
    { as: 'anonymous', method: 'GET', url: `${a}/rendez-vous/flux/${f.feed}`, expect: 200 },
  ]),
  adminOnly('GET /admin/rendez-vous', () => '/admin/rendez-vous', 'GET'),
  adminOnly('GET /admin/rendez-vous/nouveau', () => '/admin/rendez-vous/nouveau', 'GET'),
  adminOnly('POST /admin/rendez-vous/nouveau', () => '/admin/rendez-vous/nouveau', 'POST', AGENDA_FORM),
  adminOnly('GET /admin/rendez-vous/:agendaId', (f) => `/admin/rendez-vous/${f.agendaId}`, 'GET'),
  adminOnly('POST /admin/rendez-vous/:agendaId', (f) => `/admin/rendez-vous/${f.agendaId}`, 'POST', AGENDA_FORM),
  adminOnly('POST /admin/rendez-vous/:agendaId/motifs', (f) => `/admin/rendez-vous/${f.agendaId}/motifs`, 'POST', {
    typeName: 'Intrus',
    durationMinutes: '30',
  }),
  adminOnly(
    'POST /admin/rendez-vous/:agendaId/motifs/:typeId',
    (f) => `/admin/rendez-vous/${f.agendaId}/motifs/${f.typeId}`,
    'POST',
    {
      active: 'non',
    },
  ),
  adminOnly('POST /admin/rendez-vous/:agendaId/horaires', (f) => `/admin/rendez-vous/${f.agendaId}/horaires`, 'POST', {
    jour1: '',
  }),
  adminOnly(
    'POST /admin/rendez-vous/:agendaId/fermetures',
    (f) => `/admin/rendez-vous/${f.agendaId}/fermetures`,
    'POST',
    {
      firstDay: '2026-12-01',
      lastDay: '2026-12-31',
      reason: 'Intrus',
    },
  ),
  adminOnly(
    'POST /admin/rendez-vous/:agendaId/fermetures/:closureId/supprimer',
    (f) => `/admin/rendez-vous/${f.agendaId}/fermetures/${f.closureId}/supprimer`,
  ),
  deskOnly('GET /gru/rendez-vous', () => '/gru/rendez-vous?jour=2026-12-01'),
  caseOf('POST /gru/rendez-vous/:bookingId/presence', (_w, f, a, b) => [
    {
      as: 'agentOfB',
      method: 'POST',
      url: `${b}/gru/rendez-vous/${f.bookingId}/presence`,
      form: { presence: 'booked' },
      expect: 404,
    },
    {
      as: 'agentOfB',
      method: 'POST',
      url: `${a}/gru/rendez-vous/${f.bookingId}/presence`,
      form: { presence: 'booked' },
      expect: 404,
    },
    {
      as: 'citizen',
      method: 'POST',
      url: `${a}/gru/rendez-vous/${f.bookingId}/presence`,
      form: { presence: 'booked' },
      expect: 404,
    },
  ]),
  deskOnly('GET /gru/rendez-vous/statistiques', () => '/gru/rendez-vous/statistiques'),
  deskOnly('GET /gru/rendez-vous/flux', () => '/gru/rendez-vous/flux'),
  caseOf('POST /gru/rendez-vous/flux', (_w, _f, a) => [
    { as: 'agentOfB', method: 'POST', url: `${a}/gru/rendez-vous/flux`, expect: 404 },
    { as: 'citizen', method: 'POST', url: `${a}/gru/rendez-vous/flux`, expect: 404 },
  ]),
  caseOf('POST /gru/rendez-vous/flux/revoquer', (_w, _f, a) => [
    { as: 'agentOfB', method: 'POST', url: `${a}/gru/rendez-vous/flux/revoquer`, expect: 404 },
    { as: 'citizen', method: 'POST', url: `${a}/gru/rendez-vous/flux/revoquer`, expect: 404 },
  ]),
];
