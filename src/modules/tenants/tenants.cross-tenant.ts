import { type IsolationCase, operatorConsolePage } from '../../../test/cross-tenant/isolation.ts';

/** The directory of communes, each commune's administration, the operators' subscription pages. */
export const tenantsCases: IsolationCase[] = [
  { route: 'GET /communes', public: 'public directory of communes and their offers' },
  { route: 'GET /api/communes', public: 'public directory of communes and their offers' },
  { route: 'GET /api/communes/:slug', public: 'public directory of communes and their offers' },
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
  ...['/admin/apparence/apercu', '/admin/apparence/apercu.css', '/admin/apparence/apercu/logo'].map(
    (path): IsolationCase => ({
      route: `GET ${path}`,
      attempts: async ({ communeA }) => [
        { as: 'adminOfB', method: 'GET', url: `/c/${communeA.slug}${path}`, expect: 404 },
        { as: 'agentOfA', method: 'GET', url: `/c/${communeA.slug}${path}`, expect: 404 },
        { as: 'citizen', method: 'GET', url: `/c/${communeA.slug}${path}`, expect: 404 },
      ],
    }),
  ),
  {
    route: 'POST /admin/apparence/publier',
    attempts: async ({ communeA }) => [
      { as: 'adminOfB', method: 'POST', url: `/c/${communeA.slug}/admin/apparence/publier`, form: {}, expect: 404 },
      { as: 'agentOfA', method: 'POST', url: `/c/${communeA.slug}/admin/apparence/publier`, form: {}, expect: 404 },
      { as: 'citizen', method: 'POST', url: `/c/${communeA.slug}/admin/apparence/publier`, form: {}, expect: 404 },
    ],
  },
  operatorConsolePage('/admin/communes'),
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
];
