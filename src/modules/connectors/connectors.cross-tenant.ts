import type { IsolationCase } from '../../../test/cross-tenant/isolation.ts';

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

export const connectorsCases: IsolationCase[] = [connectorPage('GET'), connectorPage('POST')];
