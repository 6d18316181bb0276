import type { Attempt, IsolationCase, IsolationWorld } from '../../../test/cross-tenant/isolation.ts';
import { openTicket } from './open-ticket.ts';
import { saveFaqEntry } from './faq.ts';
import { SYSTEM_ACTOR } from '../../platform/audit/audit.repo.ts';

/**
 * The support's routes as other tenants' people try them: commune A's tickets, its attachments, its compliance
 * figures and its FAQ entries; the metropolis's desk and notices.
 */
const fixtures = new WeakMap<IsolationWorld, Promise<{ ticketId: string; eventId: string; faqId: string }>>();

function fixturesOf(world: IsolationWorld) {
  let made = fixtures.get(world);
  if (!made) {
    made = (async () => {
      const { services } = world.t;
      const png = Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
        'base64',
      );
      const ticket = await openTicket(services, {
        commune: world.communeA,
        author: { userId: (await firstAdmin(world)) ?? '', label: 'Référent A', email: 'referent.a@example.org' },
        subject: 'Le guichet de A',
        category: 'guichet',
        description: 'Panne chez A.',
        file: { filename: 'capture.png', bytes: png, truncated: false },
      });
      const event = await services.db
        .selectFrom('support_ticket_event')
        .select('id')
        .where('ticket_id', '=', ticket.id)
        .where('file_id', 'is not', null)
        .executeTakeFirstOrThrow();
      await saveFaqEntry(services, {
        tenant: world.communeA,
        id: null,
        actor: SYSTEM_ACTOR,
        entry: { serviceSlug: null, serviceTitle: null, question: 'Question de A', answer: 'Réponse de A' },
      });
      const faq = await services.db
        .selectFrom('support_faq')
        .select('id')
        .where('tenant_id', '=', world.communeA.id)
        .executeTakeFirstOrThrow();
      return { ticketId: ticket.id, eventId: event.id, faqId: faq.id };
    })();
    fixtures.set(world, made);
  }
  return made;
}

async function firstAdmin(world: IsolationWorld): Promise<string | undefined> {
  const row = await world.t.services.db
    .selectFrom('role_assignment')
    .select('user_id')
    .where('tenant_id', '=', world.communeA.id)
    .where('role', '=', 'admin')
    .executeTakeFirst();
  return row?.user_id;
}

type Fixtures = Awaited<ReturnType<typeof fixturesOf>>;

/** A commune's own support page: A's referents only, on A's instance; B's people get 404 on A's and on their own. */
function communeOwn(
  method: 'GET' | 'POST',
  route: string,
  path: (f: Fixtures) => string,
  form?: Record<string, string>,
  ownStatus = method === 'GET' ? 200 : 303,
): IsolationCase {
  return {
    route: `${method} ${route}`,
    attempts: async (world) => {
      const f = await fixturesOf(world);
      const a = `/c/${world.communeA.slug}${path(f)}`;
      const b = `/c/${world.communeB.slug}${path(f)}`;
      const attempts: Attempt[] = [
        { as: 'adminOfB', method, url: a, form, expect: 404 },
        { as: 'agentOfB', method, url: a, form, expect: 404 },
        { as: 'citizen', method, url: a, form, expect: 404 },
        { as: 'operator', method, url: a, form, expect: 404 },
      ];
      // Anonymous: sent to the login page. (A post is refused too, 401 or 403 by whether the visitor holds a CSRF
      // token from an earlier page, which depends on the cases run before.)
      if (method === 'GET') attempts.push({ as: 'anonymous', method, url: a, expect: 303 });
      // B's own instance: A's objects do not exist there (a list or a form of B's own is fine).
      if (route.includes(':id')) attempts.push({ as: 'adminOfB', method, url: b, form, expect: 404 });
      if (method === 'GET') attempts.push({ as: 'agentOfA', method, url: a, expect: ownStatus });
      return attempts;
    },
  };
}

/** A page of the metropolis's support desk: its operators only, on its instance. */
function deskOnly(
  method: 'GET' | 'POST',
  route: string,
  path: (world: IsolationWorld, f: Fixtures) => string,
  form?: Record<string, string>,
): IsolationCase {
  return {
    route: `${method} ${route}`,
    attempts: async (world) => {
      const f = await fixturesOf(world);
      const url = path(world, f);
      const attempts: Attempt[] = [
        { as: 'adminOfA', method, url, form, expect: 404 },
        { as: 'adminOfA', method, url: `/c/${world.communeA.slug}${url}`, form, expect: 404 },
        { as: 'agentOfB', method, url, form, expect: 404 },
        { as: 'citizen', method, url, form, expect: 404 },
      ];
      if (method === 'GET') attempts.push({ as: 'operator', method, url, expect: 200 });
      return attempts;
    },
  };
}

const faqAdmin = (
  method: 'GET' | 'POST',
  route: string,
  path: (f: Fixtures) => string,
  form?: Record<string, string>,
) =>
  ({
    route: `${method} ${route}`,
    attempts: async (world) => {
      const f = await fixturesOf(world);
      const a = `/c/${world.communeA.slug}${path(f)}`;
      const b = `/c/${world.communeB.slug}${path(f)}`;
      const attempts: Attempt[] = [
        { as: 'adminOfB', method, url: a, form, expect: 404 },
        { as: 'agentOfA', method, url: a, form, expect: 404 },
        { as: 'citizen', method, url: a, form, expect: 404 },
      ];
      if (route.includes(':id')) {
        attempts.push({ as: 'adminOfB', method, url: b, form, expect: 404 });
        // The metropolis's operators keep the metropolis's entries: A's entry does not exist among them.
        attempts.push({ as: 'operator', method, url: path(f), form, expect: 404 });
      }
      if (method === 'GET') attempts.push({ as: 'adminOfA', method, url: a, expect: 200 });
      return attempts;
    },
  }) satisfies IsolationCase;

export const supportCases: IsolationCase[] = [
  { route: 'GET /aide', public: 'the FAQ is public; a commune sees its own entries and the metropolis’s' },
  { route: 'GET /aide/demande', public: 'the help form, open to anyone (anonymous visitors give an e-mail)' },
  { route: 'POST /aide/demande', public: 'sends a help request as anyone may: a new request, nothing of another' },
  { route: 'GET /actualites', public: 'the platform’s notices and availability, the same for every commune' },
  faqAdmin('GET', '/admin/aide', () => '/admin/aide'),
  faqAdmin('POST', '/admin/aide', () => '/admin/aide', { service: '', question: 'Q', answer: 'R' }),
  faqAdmin('GET', '/admin/aide/:id', (f) => `/admin/aide/${f.faqId}`),
  faqAdmin('POST', '/admin/aide/:id', (f) => `/admin/aide/${f.faqId}`, { service: '', question: 'Q', answer: 'R' }),
  faqAdmin('POST', '/admin/aide/:id/suppression', (f) => `/admin/aide/${f.faqId}/suppression`),
  communeOwn('GET', '/support', () => '/support'),
  communeOwn('GET', '/support/nouveau', () => '/support/nouveau'),
  communeOwn('POST', '/support/nouveau', () => '/support/nouveau', {
    subject: 'Intrusion',
    category: 'guichet',
    description: 'x',
  }),
  communeOwn('GET', '/support/:id', (f) => `/support/${f.ticketId}`),
  communeOwn('POST', '/support/:id/messages', (f) => `/support/${f.ticketId}/messages`, { body: 'Intrusion' }),
  communeOwn('GET', '/support/:id/pieces/:eventId', (f) => `/support/${f.ticketId}/pieces/${f.eventId}`),
  communeOwn('GET', '/support/conformite', () => '/support/conformite'),
  deskOnly('GET', '/admin/support', () => '/admin/support'),
  deskOnly('GET', '/admin/support/conformite', () => '/admin/support/conformite'),
  deskOnly('GET', '/admin/support/:slug/:id', (w, f) => `/admin/support/${w.communeA.slug}/${f.ticketId}`),
  {
    // The desk names a ticket by its commune and id: A's ticket under B's name does not exist.
    route: 'POST /admin/support/:slug/:id/qualification',
    attempts: async (world) => {
      const f = await fixturesOf(world);
      const url = `/admin/support/${world.communeA.slug}/${f.ticketId}/qualification`;
      return [
        { as: 'adminOfA', method: 'POST', url, form: { severity: 'mineur' }, expect: 404 },
        { as: 'agentOfA', method: 'POST', url, form: { severity: 'mineur' }, expect: 404 },
        { as: 'citizen', method: 'POST', url, form: { severity: 'mineur' }, expect: 404 },
        {
          as: 'operator',
          method: 'POST',
          url: `/admin/support/${world.communeB.slug}/${f.ticketId}/qualification`,
          form: { severity: 'mineur' },
          expect: 404,
        },
      ];
    },
  },
  deskOnly(
    'POST',
    '/admin/support/:slug/:id/messages',
    (w, f) => `/admin/support/${w.communeA.slug}/${f.ticketId}/messages`,
    {
      body: 'x',
    },
  ),
  deskOnly(
    'GET',
    '/admin/support/:slug/:id/pieces/:eventId',
    (w, f) => `/admin/support/${w.communeA.slug}/${f.ticketId}/pieces/${f.eventId}`,
  ),
  deskOnly('GET', '/admin/annonces', () => '/admin/annonces'),
  deskOnly('POST', '/admin/annonces', () => '/admin/annonces', { kind: 'actualite', title: 'x', body: 'y' }),
];
