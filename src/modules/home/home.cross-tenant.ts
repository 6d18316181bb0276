import type { Attempt, IsolationCase, IsolationWorld } from '../../../test/cross-tenant/isolation.ts';

/** Another commune's administrator, its agents, a citizen: none may read or change commune A's contact details. */
function contactAttempts(method: 'GET' | 'POST') {
  return async (world: IsolationWorld): Promise<Attempt[]> => {
    const url = `/c/${world.communeA.slug}/admin/coordonnees`;
    const form = method === 'POST' ? { address: 'Ailleurs', phone: '', email: '', opening_hours: '' } : undefined;
    return [
      { as: 'adminOfB', method, url, form, expect: 404 },
      { as: 'agentOfA', method, url, form, expect: 404 },
      { as: 'citizen', method, url, form, expect: 404 },
      { as: 'anonymous', method, url, form, expect: method === 'GET' ? 303 : 401 },
    ];
  };
}

/** The home pages, the accessibility statement and the site map: public information about the instance. */
export const homeCases: IsolationCase[] = [
  { route: 'GET /', public: 'home page: public information about the instance (a citizen’s to-do is their own)' },
  { route: 'GET /accessibilite', public: 'accessibility statement' },
  { route: 'GET /plan-du-site', public: 'site map' },
  { route: 'GET /admin/coordonnees', attempts: contactAttempts('GET') },
  { route: 'POST /admin/coordonnees', attempts: contactAttempts('POST') },
];
