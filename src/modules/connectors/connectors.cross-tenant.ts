import type { IsolationCase } from '../../../test/cross-tenant/isolation.ts';
import { createOpen311Client } from './open311/open311-clients.ts';

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

const OPEN311_PUBLIC =
  'Open311 GeoReport v2 is public by its specification: the services, and the requests taken through it without personal data';

export const connectorsCases: IsolationCase[] = [
  connectorPage('GET'),
  connectorPage('POST'),
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
      const { apiKey } = await createOpen311Client(t.services, { tenant: communeB, name: 'Client de B' });
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
