import type { IsolationCase } from '../../../test/cross-tenant/isolation.ts';
import { SYSTEM_ACTOR } from '../../platform/audit/audit.repo.ts';
import { createOpen311Client } from './open311/create-open311-client.ts';

/** A commune's connector page: its administrators and the operators only, and only for a Connecté commune. */
const connectorPage = (method: 'GET' | 'POST'): IsolationCase => ({
  route: `${method} /admin/connecteur`,
  attempts: async ({ communeA }) => {
    const url = `/c/${communeA.slug}/admin/connecteur`;
    const form = {
      protocol: 'webhook',
      endpointUrl: 'https://exemple.fr/hook',
      secret: 'x'.repeat(20),
      enabled: 'oui',
    };
    return [
      { as: 'adminOfB', method, url, ...(method === 'POST' ? { form } : {}), expect: 404 },
      { as: 'agentOfA', method, url, ...(method === 'POST' ? { form } : {}), expect: 404 },
      { as: 'citizen', method, url, ...(method === 'POST' ? { form } : {}), expect: 404 },
    ];
  },
});

/** A commune's Open311 keys: its administrators and the operators only, on its own instance. */
const open311ClientsPage = (method: 'GET' | 'POST'): IsolationCase => ({
  route: `${method} /admin/open311`,
  attempts: async ({ communeA }) => {
    const url = `/c/${communeA.slug}/admin/open311`;
    const form = method === 'POST' ? { form: { name: 'Client pirate' } } : {};
    return [
      { as: 'adminOfB', method, url, ...form, expect: 404 },
      { as: 'agentOfA', method, url, ...form, expect: 404 },
      { as: 'citizen', method, url, ...form, expect: 404 },
      { as: 'adminOfA', method, url, ...form, expect: 200 },
    ];
  },
});

const OPEN311_PUBLIC =
  'Open311 GeoReport v2 is public by its specification: the services, and the requests taken through it without personal data';

export const connectorsCases: IsolationCase[] = [
  connectorPage('GET'),
  connectorPage('POST'),
  open311ClientsPage('GET'),
  open311ClientsPage('POST'),
  {
    // Commune A's key is revoked by no one else: not its neighbour's administrator on either instance, nor its agent.
    route: 'POST /admin/open311/:id/revocation',
    attempts: async ({ t, communeA, communeB }) => {
      const { id } = await createOpen311Client(t.services, {
        tenant: communeA,
        name: 'Client de A',
        actor: SYSTEM_ACTOR,
      });
      return [
        { as: 'adminOfB', method: 'POST', url: `/c/${communeB.slug}/admin/open311/${id}/revocation`, expect: 404 },
        { as: 'adminOfB', method: 'POST', url: `/c/${communeA.slug}/admin/open311/${id}/revocation`, expect: 404 },
        { as: 'agentOfA', method: 'POST', url: `/c/${communeA.slug}/admin/open311/${id}/revocation`, expect: 404 },
        { as: 'citizen', method: 'POST', url: `/c/${communeA.slug}/admin/open311/${id}/revocation`, expect: 404 },
      ];
    },
  },
  {
    route: 'POST /connecteurs/:slug/mises-a-jour',
    public:
      "signed by the commune's own secret, not by a session: no one's session opens it (tested in receive-updates.test.ts)",
  },
  { route: 'GET /open311/v2/services.:format', public: OPEN311_PUBLIC },
  { route: 'GET /open311/v2/services/:code.:format', public: OPEN311_PUBLIC },
  { route: 'GET /open311/v2/requests.:format', public: OPEN311_PUBLIC },
  { route: 'GET /open311/v2/requests/:id.:format', public: OPEN311_PUBLIC },
  { route: 'GET /open311/v2/tokens/:token.:format', public: 'a realtime server issues no tokens: always 404' },
  {
    // Commune B's client key does not post in commune A's jurisdiction, whoever is signed in.
    route: 'POST /open311/v2/requests.:format',
    attempts: async ({ t, communeA, communeB }) => {
      const { apiKey } = await createOpen311Client(t.services, {
        tenant: communeB,
        name: 'Client de B',
        actor: SYSTEM_ACTOR,
      });
      const form = { api_key: apiKey, jurisdiction_id: communeA.slug, service_code: 'signalement' };
      const url = '/open311/v2/requests.json';
      return [
        { as: 'adminOfB', method: 'POST', url, form, expect: 403 },
        { as: 'anonymous', method: 'POST', url, form, expect: 403 },
        { as: 'adminOfA', method: 'POST', url, form: { ...form, api_key: 'cle-inconnue' }, expect: 403 },
      ];
    },
  },
];
