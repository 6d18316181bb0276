import { type Attempt, type IsolationCase, perWorld } from '../../../test/cross-tenant/isolation.ts';
import { buildUser } from '../../../test/factories.ts';
import { SYSTEM_ACTOR } from '../../platform/audit/audit.repo.ts';
import { reportIncident } from './report-incident.ts';

/**
 * The breach and attack reports as other tenants' people try them: commune A's reports are A's referents' and the
 * metropolis's desk's; B's people, citizens and A's referents on the desk's pages get 404.
 */
const fixturesOf = perWorld(async (world) => {
  const { services } = world.t;
  const png = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
    'base64',
  );
  const referent = await buildUser(services, { grants: [{ tenant: world.communeA, role: 'admin' }] });
  const incident = await reportIncident(services, {
    reporter: world.communeA,
    input: {
      kind: 'attaque',
      identityAttack: true,
      title: 'Attaque chez A',
      description: 'Des essais de mots de passe chez A.',
      detectedAt: services.clock.now(),
    },
    evidence: {
      upload: { filename: 'capture.png', bytes: png, truncated: false },
      type: { mediaType: 'image/png', label: 'PNG' },
    },
    author: { userId: referent.id, label: 'Référent A' },
    actor: SYSTEM_ACTOR,
  });
  const event = await services.db
    .selectFrom('incident_event')
    .select('id')
    .where('incident_id', '=', incident.id)
    .where('file_id', 'is not', null)
    .executeTakeFirstOrThrow();
  return { incidentId: incident.id, eventId: event.id };
});

type Fixtures = Awaited<ReturnType<typeof fixturesOf>>;

/** A page of the reporter's side: A's referents on A's instance; B's people, citizens and operators there get 404. */
function reporterSide(
  method: 'GET' | 'POST',
  route: string,
  path: (f: Fixtures) => string,
  form?: Record<string, string>,
): IsolationCase {
  return {
    route: `${method} ${route}`,
    attempts: async (world) => {
      const f = await fixturesOf(world);
      const a = `/c/${world.communeA.slug}${path(f)}`;
      const attempts: Attempt[] = [
        { as: 'adminOfB', method, url: a, form, expect: 404 },
        { as: 'agentOfB', method, url: a, form, expect: 404 },
        { as: 'citizen', method, url: a, form, expect: 404 },
        { as: 'operator', method, url: a, form, expect: 404 },
      ];
      if (method === 'GET') attempts.push({ as: 'anonymous', method, url: a, expect: 303 });
      if (route.includes(':id')) {
        // A's report does not exist on B's instance, nor among the metropolis's own reports.
        attempts.push({ as: 'adminOfB', method, url: `/c/${world.communeB.slug}${path(f)}`, form, expect: 404 });
        attempts.push({ as: 'operator', method, url: path(f), form, expect: 404 });
      }
      if (method === 'GET') attempts.push({ as: 'agentOfA', method, url: a, expect: 200 });
      return attempts;
    },
  };
}

/** A page of the metropolis's desk: its operators only, on its instance. */
function deskOnly(
  method: 'GET' | 'POST',
  route: string,
  path: (f: Fixtures) => string,
  form?: Record<string, string>,
): IsolationCase {
  return {
    route: `${method} ${route}`,
    attempts: async (world) => {
      const f = await fixturesOf(world);
      const url = path(f);
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

export const incidentsCases: IsolationCase[] = [
  reporterSide('GET', '/incidents', () => '/incidents'),
  reporterSide('GET', '/incidents/nouveau', () => '/incidents/nouveau'),
  reporterSide('POST', '/incidents/nouveau', () => '/incidents/nouveau', { kind: 'fuite', title: 'Intrusion' }),
  reporterSide('GET', '/incidents/:id', (f) => `/incidents/${f.incidentId}`),
  reporterSide('POST', '/incidents/:id/pieces', (f) => `/incidents/${f.incidentId}/pieces`),
  reporterSide('GET', '/incidents/:id/pieces/:eventId', (f) => `/incidents/${f.incidentId}/pieces/${f.eventId}`),
  deskOnly('GET', '/admin/incidents', () => '/admin/incidents'),
  deskOnly('GET', '/admin/incidents/:id', (f) => `/admin/incidents/${f.incidentId}`),
  deskOnly('POST', '/admin/incidents/:id/pieces', (f) => `/admin/incidents/${f.incidentId}/pieces`),
  deskOnly(
    'GET',
    '/admin/incidents/:id/pieces/:eventId',
    (f) => `/admin/incidents/${f.incidentId}/pieces/${f.eventId}`,
  ),
  deskOnly('POST', '/admin/incidents/:id/qualification', (f) => `/admin/incidents/${f.incidentId}/qualification`, {
    personalData: 'oui',
    severity: 'faible',
  }),
  deskOnly('POST', '/admin/incidents/:id/alerte', (f) => `/admin/incidents/${f.incidentId}/alerte`, {
    alerteNote: 'x',
  }),
  deskOnly('POST', '/admin/incidents/:id/cnil', (f) => `/admin/incidents/${f.incidentId}/cnil`, { reference: 'x' }),
  deskOnly('POST', '/admin/incidents/:id/cloture', (f) => `/admin/incidents/${f.incidentId}/cloture`, {
    clotureNote: 'x',
  }),
];
