import { type Attempt, type IsolationCase, perWorld } from '../../../test/cross-tenant/isolation.ts';
import { buildUser } from '../../../test/factories.ts';
import { buildEService } from '../../../test/requests-factories.ts';
import { submitRightsRequest } from './submit-rights-request.ts';

/**
 * The privacy routes as other people try them: a rights request made to commune A (its requester's alone on the
 * account side; A's own administrators alone on the officer's side — not B's, not the metropolis's operators, P6),
 * A's retention rules and register, and the consent archive of A's own e-service.
 */
const fixturesOf = perWorld(async (world): Promise<{ requestId: string; eserviceId: string }> => {
  const { services } = world.t;
  const requester = await buildUser(services);
  const row = await submitRightsRequest(services, {
    tenant: world.communeA,
    user: { id: requester.id, email: requester.email, displayName: requester.display_name },
    form: { droit: 'access', precisions: 'Mes données chez A.' },
    ip: null,
  });
  const eservice = await buildEService(services, world.communeA, {
    form: { title: 'Demande', fields: [{ type: 'text', key: 'nom', label: 'Nom' }] },
    settings: {
      office: { name: 'Accueil de A', email: 'accueil.a@example.org', phone: '04 78 00 00 01' },
      legal: { kind: 'declaration' },
    },
  });
  return { requestId: row.id, eserviceId: eservice.eservice.id };
});

type Fixtures = Awaited<ReturnType<typeof fixturesOf>>;

/** An officer's page of commune A: A's administrators only, on A's instance. */
function officerOfA(
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
        { as: 'agentOfA', method, url: a, form, expect: 404 },
        { as: 'citizen', method, url: a, form, expect: 404 },
        { as: 'operator', method, url: a, form, expect: 404 },
      ];
      if (route.includes(':id')) {
        attempts.push({ as: 'adminOfB', method, url: `/c/${world.communeB.slug}${path(f)}`, form, expect: 404 });
        attempts.push({ as: 'operator', method, url: path(f), form, expect: 404 });
      }
      if (method === 'GET') attempts.push({ as: 'adminOfA', method, url: a, expect: 200 });
      return attempts;
    },
  };
}

/** A requester's own page: nobody else's, whatever their role or instance. */
function requesterOwn(route: string, path: (f: Fixtures) => string): IsolationCase {
  return {
    route: `GET ${route}`,
    attempts: async (world) => {
      const f = await fixturesOf(world);
      const a = `/c/${world.communeA.slug}${path(f)}`;
      return [
        { as: 'anonymous', method: 'GET', url: a, expect: 303 },
        { as: 'citizen', method: 'GET', url: a, expect: 404 },
        { as: 'adminOfA', method: 'GET', url: a, expect: 404 },
        { as: 'operator', method: 'GET', url: path(f), expect: 404 },
      ];
    },
  };
}

export const privacyCases: IsolationCase[] = [
  { route: 'GET /confidentialite', public: 'the privacy notice of the instance: its services and its rules, public' },
  { route: 'GET /compte/droits', public: 'the signed-in person’s own form and own requests only' },
  { route: 'POST /compte/droits', public: 'makes a request of the signed-in person’s own, to the instance visited' },
  { route: 'GET /compte/consentements.csv', public: 'the signed-in person’s own consents only' },
  requesterOwn('/compte/droits/:id', (f) => `/compte/droits/${f.requestId}`),
  requesterOwn('/compte/droits/:id/donnees.zip', (f) => `/compte/droits/${f.requestId}/donnees.zip`),
  officerOfA('GET', '/admin/droits', () => '/admin/droits'),
  officerOfA('GET', '/admin/droits/:id', (f) => `/admin/droits/${f.requestId}`),
  officerOfA('POST', '/admin/droits/:id/prolongation', (f) => `/admin/droits/${f.requestId}/prolongation`, {
    motif: 'Intrusion',
  }),
  officerOfA('POST', '/admin/droits/:id/reponse', (f) => `/admin/droits/${f.requestId}/reponse`, {
    reponse: 'Intrusion',
  }),
  officerOfA('GET', '/admin/conservation', () => '/admin/conservation'),
  officerOfA('POST', '/admin/conservation', () => '/admin/conservation', { service: '', anonymisation: '12' }),
  officerOfA('GET', '/admin/registre', () => '/admin/registre'),
  officerOfA('GET', '/admin/registre.:format', () => '/admin/registre.csv'),
  officerOfA(
    'GET',
    '/admin/registre/:id/consentements.csv',
    (f) => `/admin/registre/${f.eserviceId}/consentements.csv`,
  ),
];
