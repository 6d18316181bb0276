import type { IsolationCase } from './isolation.ts';

/** The platform's own routes and those of the home, identity, tenants and operations modules. */
export const platformCases: IsolationCase[] = [
  { route: 'GET /healthz', public: 'health of the service, no data' },
  { route: 'GET /api/openapi.json', public: 'the API description' },
  { route: 'GET /theme.css', public: "a tenant's colours are public by nature (every visitor sees them)" },
  { route: 'GET /logo', public: "a tenant's logo is public by nature" },
  { route: 'GET /', public: 'home page: public information about the instance' },
  { route: 'GET /accessibilite', public: 'accessibility statement' },
  { route: 'GET /plan-du-site', public: 'site map' },
  { route: 'GET /communes', public: 'public directory of communes and their offers' },
  { route: 'GET /api/communes', public: 'public directory of communes and their offers' },
  { route: 'GET /api/communes/:slug', public: 'public directory of communes and their offers' },
  { route: 'GET /connexion', public: 'login form' },
  { route: 'POST /connexion', public: 'login (throttled, tested in login.test.ts)' },
  { route: 'POST /deconnexion', public: 'ends only the caller’s own session' },
  {
    route: 'GET /compte',
    public: 'shows only the caller’s own account (401 → login when anonymous, tested in login.test.ts)',
  },
  { route: 'POST /compte/autres-sessions', public: 'ends only the caller’s own other sessions' },
  {
    route: 'GET /admin',
    attempts: async ({ communeA }) => [
      { as: 'adminOfB', method: 'GET', url: `/c/${communeA.slug}/admin`, expect: 404 },
      { as: 'agentOfA', method: 'GET', url: `/c/${communeA.slug}/admin`, expect: 404 },
      { as: 'citizen', method: 'GET', url: `/c/${communeA.slug}/admin`, expect: 404 },
      { as: 'anonymous', method: 'GET', url: `/c/${communeA.slug}/admin`, expect: 303 },
      { as: 'adminOfA', method: 'GET', url: '/admin', expect: 404 },
      { as: 'adminOfA', method: 'GET', url: `/c/${communeA.slug}/admin`, expect: 200 },
      { as: 'operator', method: 'GET', url: `/c/${communeA.slug}/admin`, expect: 200 },
    ],
  },
  {
    route: 'GET /admin/apparence',
    attempts: async ({ communeA }) => [
      { as: 'adminOfB', method: 'GET', url: `/c/${communeA.slug}/admin/apparence`, expect: 404 },
      { as: 'agentOfA', method: 'GET', url: `/c/${communeA.slug}/admin/apparence`, expect: 404 },
      { as: 'citizen', method: 'GET', url: `/c/${communeA.slug}/admin/apparence`, expect: 404 },
      { as: 'adminOfA', method: 'GET', url: `/c/${communeA.slug}/admin/apparence`, expect: 200 },
    ],
  },
  {
    route: 'POST /admin/apparence',
    attempts: async ({ communeA }) => [
      {
        as: 'adminOfB',
        method: 'POST',
        url: `/c/${communeA.slug}/admin/apparence`,
        form: { primary: '#000000' },
        expect: 404,
      },
      {
        as: 'agentOfA',
        method: 'POST',
        url: `/c/${communeA.slug}/admin/apparence`,
        form: { primary: '#000000' },
        expect: 404,
      },
      {
        as: 'citizen',
        method: 'POST',
        url: `/c/${communeA.slug}/admin/apparence`,
        form: { primary: '#000000' },
        expect: 404,
      },
    ],
  },
  ...['/admin/communes', '/admin/journal', '/admin/courriels', '/admin/taches'].map((path): IsolationCase => ({
    route: `GET ${path}`,
    attempts: async ({ communeA }) => [
      { as: 'adminOfA', method: 'GET', url: path, expect: 404 },
      { as: 'adminOfA', method: 'GET', url: `/c/${communeA.slug}${path}`, expect: 404 },
      { as: 'agentOfB', method: 'GET', url: path, expect: 404 },
      { as: 'citizen', method: 'GET', url: path, expect: 404 },
      { as: 'operator', method: 'GET', url: path, expect: 200 },
    ],
  })),
  {
    route: 'GET /admin/communes/:slug',
    attempts: async ({ communeA }) => [
      { as: 'adminOfA', method: 'GET', url: `/admin/communes/${communeA.slug}`, expect: 404 },
      { as: 'adminOfB', method: 'GET', url: `/admin/communes/${communeA.slug}`, expect: 404 },
      { as: 'operator', method: 'GET', url: `/admin/communes/${communeA.slug}`, expect: 200 },
    ],
  },
  {
    route: 'POST /admin/communes/:slug',
    attempts: async ({ communeA }) => [
      {
        as: 'adminOfA',
        method: 'POST',
        url: `/admin/communes/${communeA.slug}`,
        form: { toodego: 'none' },
        expect: 404,
      },
      {
        as: 'adminOfB',
        method: 'POST',
        url: `/admin/communes/${communeA.slug}`,
        form: { toodego: 'none' },
        expect: 404,
      },
    ],
  },
  {
    route: 'GET /admin/courriels/:id',
    attempts: async () => [
      { as: 'adminOfA', method: 'GET', url: '/admin/courriels/message.eml', expect: 404 },
      { as: 'citizen', method: 'GET', url: '/admin/courriels/message.eml', expect: 404 },
    ],
  },
  {
    route: 'GET /admin/courriels/:id/html',
    attempts: async () => [{ as: 'adminOfA', method: 'GET', url: '/admin/courriels/message.eml/html', expect: 404 }],
  },
  {
    route: 'POST /admin/taches/:id/relancer',
    attempts: async () => [
      { as: 'adminOfA', method: 'POST', url: '/admin/taches/1/relancer', expect: 404 },
      { as: 'agentOfB', method: 'POST', url: '/admin/taches/1/relancer', expect: 404 },
    ],
  },
];
