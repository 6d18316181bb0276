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

/** Commune A's news: only its administrators publish or withdraw them (the metropolis's instance has none: 404). */
function newsAttempts(method: 'GET' | 'POST', action: 'list' | 'withdraw') {
  return async (world: IsolationWorld): Promise<Attempt[]> => {
    const path = action === 'list' ? '/admin/actualites-commune' : `/admin/actualites-commune/${NEWS_ID}/retrait`;
    const url = `/c/${world.communeA.slug}${path}`;
    const form = method === 'POST' && action === 'list' ? { title: 'Ailleurs', body: 'Texte' } : undefined;
    return [
      { as: 'adminOfB', method, url, form, expect: 404 },
      { as: 'agentOfA', method, url, form, expect: 404 },
      { as: 'citizen', method, url, form, expect: 404 },
      { as: 'operator', method, url: path, form, expect: 404 },
      { as: 'anonymous', method, url, form, expect: method === 'GET' ? 303 : 401 },
    ];
  };
}
const NEWS_ID = '00000000-0000-4000-8000-000000000000';

/** The home pages, the accessibility statement and the site map: public information about the instance. */
export const homeCases: IsolationCase[] = [
  { route: 'GET /', public: 'home page: public information about the instance (a citizen’s to-do is their own)' },
  { route: 'GET /accessibilite', public: 'accessibility statement' },
  { route: 'GET /plan-du-site', public: 'site map' },
  { route: 'GET /admin/coordonnees', attempts: contactAttempts('GET') },
  { route: 'POST /admin/coordonnees', attempts: contactAttempts('POST') },
  { route: 'GET /admin/actualites-commune', attempts: newsAttempts('GET', 'list') },
  { route: 'POST /admin/actualites-commune', attempts: newsAttempts('POST', 'list') },
  { route: 'POST /admin/actualites-commune/:id/retrait', attempts: newsAttempts('POST', 'withdraw') },
];
